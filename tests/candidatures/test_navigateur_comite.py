"""In Chromium, with the keyboard: the committee's closing confirmation says in numbers what will
happen and asks for a motif over an envelope; a dossier awaiting a complement is decided only with
an explicit reason."""

import datetime as dt

import pytest

from candidatures.models import DemandeComplement, Dossier
from candidatures.services.echanges import complement_demander
from financement.models import Enveloppe, Subvention
from selection.services.comite import decision_enregistrer
from tests.candidatures import factories_instruction as f
from tests.conftest import MOT_DE_PASSE
from tests.navigateur import capturer, connecter, verifier_accessibilite

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_confirmation_de_cloture_au_clavier_avec_motif(page, live_server, administrateur):
    v = f.vague()
    retenus = [f.dossier(v), f.dossier(v)]
    refuse = f.dossier(v)
    for d in retenus:
        decision_enregistrer(dossier=d, resultat="retenu", par=administrateur)
    decision_enregistrer(dossier=refuse, resultat="non_retenu", motivation="Ancrage insuffisant.", par=administrateur)
    Enveloppe.objects.create(code="programme", montant="239999.99")  # one centime short of the two schedules

    connecter(page, live_server.url, administrateur.email, MOT_DE_PASSE)
    page.goto(f"{live_server.url}/candidatures/comite/vagues/{v.pk}/")
    page.get_by_role("link", name="Clore le comité…").focus()
    with page.expect_navigation():  # a key press does not wait for the page it asks for
        page.keyboard.press("Enter")
    bilan = page.inner_text("#bilan-cloture").replace("\u00a0", " ")
    assert "2 dossiers retenus" in bilan and "240 000,00 €" in bilan
    assert "1 dossier non retenu" in bilan
    assert "aucun courriel ne part maintenant" in bilan
    assert "dépassement de 0,01 €" in page.inner_text("main").replace("\u00a0", " ").lower()  # a DSFR badge, in capitals
    verifier_accessibilite(page)
    capturer(page, "administrateur-cloture-comite")

    # Without a motif: refused, nothing closed, the error summary names the field.
    page.get_by_role("button", name="Clore définitivement le comité").focus()
    with page.expect_navigation():  # a key press does not wait for the page it asks for
        page.keyboard.press("Enter")
    assert "Indiquez le motif du dépassement pour clore le comité" in page.inner_text("main")
    assert not Subvention.objects.exists()

    page.locator("#id_derogation_motif").focus()
    page.keyboard.type("Dernier comité de l'année : priorité territoriale.")
    page.keyboard.press("Tab")  # the next control is the closing button
    with page.expect_navigation():  # a key press does not wait for the page it asks for
        page.keyboard.press("Enter")
    assert "est clos : les décisions sont définitives" in page.inner_text("#messages")
    assert Subvention.objects.count() == 2
    assert set(Dossier.objects.filter(vague=v).values_list("statut", flat=True)) == {"retenu", "non_retenu"}


def test_complement_ouvert_sur_le_comite(page, live_server, administrateur):
    v = f.vague()
    d = f.dossier(v)
    complement_demander(
        dossier=d,
        par=administrateur,
        sections=["budget"],
        message="Précisez les ressources.",
        date_limite=dt.date.today() + dt.timedelta(days=10),
    )

    connecter(page, live_server.url, administrateur.email, MOT_DE_PASSE)
    page.goto(f"{live_server.url}/candidatures/comite/vagues/{v.pk}/")
    assert "1 demande de complément encore ouverte" in page.inner_text("#complements-ouverts")
    page.locator("#complements-ouverts").get_by_role("link", name=d.numero).click()
    page.wait_for_load_state()
    assert "Une demande de complément attend la réponse du porteur" in page.inner_text("#complement-ouvert")
    page.click("label[for=id_resultat_0]")
    page.click("text=Enregistrer la décision provisoire")
    assert "Une demande de complément est encore ouverte" in page.inner_text("main")
    page.fill("#id_complement_motif", "Pièce secondaire, projet solide.")
    page.click("label[for=id_resultat_0]")
    page.click("text=Enregistrer la décision provisoire")
    assert "Décision provisoire enregistrée" in page.inner_text("#messages")
    assert DemandeComplement.objects.get().statut == DemandeComplement.Statut.ANNULEE
    verifier_accessibilite(page)
