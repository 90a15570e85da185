"""In Chromium, on the demo: scrollable tables are reached by keyboard (axe scrollable-region-focusable),
and the attachments' actions stay in view beside their SHA-256, at 1280 and 375 px."""

import io

import pytest
from django.core.management import call_command

from candidatures.models import Dossier, PieceJointe, Vague
from candidatures.services.pieces import piece_ajouter
from comptes.demo import MOT_DE_PASSE
from tests.candidatures import factories as f
from tests.navigateur import connecter, verifier_accessibilite

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def _defilants_sans_clavier(page) -> list[str]:
    """Elements that scroll horizontally and cannot take the keyboard focus."""
    return page.evaluate("""() => [...document.querySelectorAll('main *')]
      .filter(e => e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
      .filter(e => e.tabIndex < 0 || !e.getAttribute('aria-label'))
      .map(e => `${e.tagName}.${e.className}`)""")


def test_tableaux_defilants_au_clavier_et_actions_des_pieces_en_vue(page, live_server):
    call_command("charger_demo", stdout=io.StringIO())
    base = live_server.url
    page.set_viewport_size({"width": 375, "height": 800})

    # The laureates of the published wave, on a phone.
    publiee = Vague.objects.filter(statut=Vague.Statut.RESULTATS_PUBLIES).order_by("-date_limite").first()
    page.goto(f"{base}/candidatures/laureats/vagues/{publiee.numero}/")
    assert not _defilants_sans_clavier(page)
    verifier_accessibilite(page)
    region = page.get_by_role("region", name="Lauréats en", exact=False).first
    region.focus()
    page.keyboard.press("ArrowRight")  # the focused region scrolls with the arrow keys

    # The audit journal, on a phone.
    connecter(page, base, "admin@demo.fabriques.anct.fr", MOT_DE_PASSE)
    page.goto(f"{base}/mon-compte/journal/")
    assert page.get_by_role("region", name="Entrées du journal d'audit").count() == 1
    assert not _defilants_sans_clavier(page)
    verifier_accessibilite(page)
    page.context.clear_cookies()

    # The porteur's attachments: « Remplacer » and « Supprimer » before the fingerprint, in view at 1280 px.
    page.set_viewport_size({"width": 1280, "height": 900})
    connecter(page, base, "porteur@demo.fabriques.anct.fr", MOT_DE_PASSE)
    dossier = Dossier.objects.filter(
        tiers_lieu__gestionnaires__email="porteur@demo.fabriques.anct.fr", statut=Dossier.Statut.BROUILLON
    ).first()
    piece_ajouter(dossier=dossier, type=PieceJointe.Type.STATUTS, fichier=f.fichier("statuts.pdf", f.PDF_MINIMAL), par=dossier.cree_par)
    page.goto(f"{base}/candidatures/dossiers/{dossier.pk}/pieces/")
    supprimer = page.get_by_role("button", name="Supprimer statuts.pdf")
    boite = supprimer.bounding_box()
    assert boite["x"] + boite["width"] <= 1280, boite
    entetes = page.locator("thead th").all_inner_texts()
    assert entetes.index("Actions") < entetes.index("Empreinte SHA-256")
    assert not _defilants_sans_clavier(page)
    verifier_accessibilite(page)
    # On a phone, one block per file: the actions in view without scrolling sideways.
    page.set_viewport_size({"width": 375, "height": 800})
    for bouton in (supprimer, page.get_by_role("button", name="Remplacer", exact=True)):
        boite = bouton.bounding_box()
        assert boite["x"] >= 0 and boite["x"] + boite["width"] <= 375, boite
    assert not _defilants_sans_clavier(page)
    verifier_accessibilite(page)
