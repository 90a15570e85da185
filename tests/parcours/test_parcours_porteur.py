"""Journey 1, in Chromium on a 375 px screen: a porteur signs up, confirms their e-mail, creates
their tiers-lieu, starts a dossier; once deposited (filled over two visits, uploaded, proof checked:
tests/candidatures/test_navigateur_depot.py), answers a request for complements and reads the
committee's decision. Every page visited passes the axe-core audit."""

import datetime as dt
import re

import pytest
from django.core import mail

from candidatures.models import DemandeComplement, Dossier, Vague
from candidatures.services.echanges import complement_demander
from commun.temps import aujourdhui_paris
from comptes.models import User
from selection.services.comite import comite_clore, decision_enregistrer
from selection.services.publication import vague_publier
from tests.candidatures import factories as fc
from tests.navigateur import capturer, verifier_accessibilite

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]
MOT_DE_PASSE = "Un-mot-de-passe-solide-2026"


def test_parcours_porteur(page, live_server, administrateur):
    base = live_server.url
    page.set_viewport_size({"width": 375, "height": 800})
    aujourdhui = aujourdhui_paris()
    vague = Vague.objects.create(
        numero=9,
        titre="Vague ouverte",
        date_ouverture=aujourdhui - dt.timedelta(days=5),
        date_limite=aujourdhui + dt.timedelta(days=30),
        statut=Vague.Statut.OUVERTE,
    )

    # 1. Sign up, then confirm the e-mail address from the link received.
    page.goto(f"{base}/compte/signup/")
    verifier_accessibilite(page)
    page.fill("#id_email", "camille@tiers-lieu.fr")
    page.fill("#id_password1", MOT_DE_PASSE)
    page.fill("#id_password2", MOT_DE_PASSE)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    verifier_accessibilite(page)
    lien = re.search(r"http://[^\s]+/compte/confirm-email/[^\s]+", mail.outbox[-1].body).group(0)
    page.goto(lien.replace("http://testserver", base).replace("http://127.0.0.1:8000", base))
    verifier_accessibilite(page)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    camille = User.objects.get(email="camille@tiers-lieu.fr")
    assert camille.est_porteur and camille.emailaddress_set.get().verified

    # 2. Her tiers-lieu: a wrong SIRET is explained, nothing typed is lost; the région is derived.
    page.goto(f"{base}/fabriques/mes-tiers-lieux/nouveau/")
    verifier_accessibilite(page)
    page.fill("#id_nom", "La Canopée")
    page.fill("#id_structure_porteuse", "Association La Canopée")
    page.select_option("#id_forme_juridique", "association")
    page.fill("#id_siret", "88412345600012")
    page.fill("#id_adresse", "3 rue des Lilas")
    page.fill("#id_code_postal", "35000")
    page.fill("#id_commune", "Rennes")
    page.click("label[for=id_implantation_2]")  # hors des grands centres urbains
    page.click("main form button[type=submit]")
    assert "SIRET" in page.inner_text("[role=alert]")
    assert page.input_value("#id_nom") == "La Canopée"
    verifier_accessibilite(page)
    page.fill("#id_siret", "88412345600011")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    lieu = camille.tiers_lieux.get()
    assert lieu.region.nom == "Bretagne"

    # 3. A dossier in the open wave.
    page.goto(f"{base}/candidatures/mes-dossiers/")
    verifier_accessibilite(page)
    page.select_option("select[name=tiers_lieu]", str(lieu.pk))
    page.click("text=Commencer un dossier")
    page.wait_for_url(re.compile(r"/candidatures/dossiers/\d+/$"))
    dossier = Dossier.objects.get(tiers_lieu=lieu, vague=vague)
    assert dossier.statut == Dossier.Statut.BROUILLON
    capturer(page, "porteur-dossier-brouillon")

    # (Filled, deposited and reviewed as in the other journeys; then a request for complements.)
    fc.completer(dossier, camille)
    Dossier.objects.filter(pk=dossier.pk).update(
        statut=Dossier.Statut.EN_INSTRUCTION, numero="FDT-2026-V4-00009", depose_le=vague.ouverture, depose_par=camille
    )
    complement_demander(
        dossier=Dossier.objects.get(pk=dossier.pk),
        par=administrateur,
        sections=["gouvernance"],
        message="Précisez la composition du collège des usagers.",
        date_limite=aujourdhui + dt.timedelta(days=10),
    )

    # 4. She answers the request: only the requested section is editable.
    page.goto(f"{base}/candidatures/dossiers/{dossier.pk}/")
    verifier_accessibilite(page)
    assert "Précisez la composition du collège des usagers." in page.inner_text("main")
    page.goto(f"{base}/candidatures/dossiers/{dossier.pk}/sections/gouvernance/")
    verifier_accessibilite(page)
    page.fill("[name=instances]", "Collège des usagers : 12 membres élus chaque année en assemblée.")
    page.click("button[name=enregistrer]")
    page.goto(f"{base}/candidatures/dossiers/{dossier.pk}/")
    page.click("text=Renvoyer les compléments")
    page.wait_for_load_state()
    assert DemandeComplement.objects.get(dossier=dossier).statut != DemandeComplement.Statut.OUVERTE
    assert Dossier.objects.get(pk=dossier.pk).statut == Dossier.Statut.EN_INSTRUCTION

    # 5. The wave closes (its committee sits only once it accepts no more deposits); the committee
    # decides and closes; the results are published; she reads the decision and its motivation.
    Vague.objects.filter(pk=vague.pk).update(statut=Vague.Statut.EN_INSTRUCTION)
    decision_enregistrer(
        dossier=Dossier.objects.get(pk=dossier.pk),
        resultat="non_retenu",
        motivation="Le modèle économique reste à consolider : recettes propres à préciser.",
        par=administrateur,
    )
    comite_clore(vague=vague, par=administrateur)
    page.goto(f"{base}/candidatures/dossiers/{dossier.pk}/")
    assert not page.locator("#decision").count()  # closed, not published: nobody is told yet
    vague_publier(vague=vague, par=administrateur)
    page.goto(f"{base}/candidatures/dossiers/{dossier.pk}/")
    verifier_accessibilite(page)
    texte = page.inner_text("#decision")
    assert "Décision du comité de sélection : non retenu" in texte
    assert "Motivation : Le modèle économique reste à consolider : recettes propres à préciser." in texte
    capturer(page, "porteur-decision-mobile")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
