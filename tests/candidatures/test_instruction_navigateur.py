"""In a real browser: an instructeur scores a dossier; an administrateur sees the ranking and decides."""

import pytest

from candidatures.models import Decision
from tests.candidatures import factories_instruction as f
from tests.conftest import MOT_DE_PASSE
from tests.navigateur import connecter

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_noter_puis_classer_et_decider(page, live_server, administrateur):
    v = f.vague()
    ivan = f.instructeur("ivan@anct.example.fr", regions=["84"])
    haut, bas = f.dossier(v), f.dossier(v)
    for d in (haut, bas):
        f.affecter(d, ivan)
    f.evaluer(bas, ivan, (1, 2, 1, 2))

    connecter(page, live_server.url, ivan.email, MOT_DE_PASSE)
    page.goto(f"{live_server.url}/candidatures/instruction/")
    # The export buttons show their label, not an icon alone (DSFR sets the icon's side on the group).
    for libelle in ("Exporter ces 2 dossiers en CSV", "Exporter en XLSX"):
        assert page.get_by_role("link", name=libelle).bounding_box()["width"] > 100
    page.click(f"text={haut.numero}")
    page.fill("#id_note_ambition", "6")
    for code in ("ambition", "ancrage", "gouvernance", "modele_economique"):
        page.fill(f"#id_commentaire_{code}", f"Justification {code}")
    for code in ("ancrage", "gouvernance", "modele_economique"):
        page.fill(f"#id_note_{code}", "4")
    page.click("label[for=id_avis_0]")  # DSFR radios are drawn by their label
    page.click("button[value=soumettre]")
    assert "doit être comprise entre 0 et 5 (vous avez saisi 6)" in page.inner_text("#resume-erreurs")
    assert page.input_value("#id_commentaire_ancrage") == "Justification ancrage"  # what was typed is kept
    page.fill("#id_note_ambition", "5")
    page.click("button[value=soumettre]")
    # Submitting locks the review: a page says so and asks to confirm.
    assert "verrouillée aussitôt" in page.inner_text("#effets-confirmation")
    page.click("text=Soumettre définitivement")
    assert "Votre évaluation est soumise" in page.inner_text("#messages")
    page.click("text=Se déconnecter")
    page.wait_for_load_state()
    if page.locator("button[type=submit]").count():  # allauth asks for confirmation
        page.click("button[type=submit]")

    connecter(page, live_server.url, administrateur.email, MOT_DE_PASSE)
    page.goto(f"{live_server.url}/candidatures/comite/vagues/{v.pk}/")
    lignes = page.get_by_role("region", name=f"Dossiers classés de la vague {v.numero}").locator("tbody tr")
    assert haut.numero in lignes.nth(0).inner_text() and "85,0" in lignes.nth(0).inner_text()
    assert bas.numero in lignes.nth(1).inner_text()
    page.click(f"label[for=coche-{bas.pk}]")
    page.click("label[for=id_masse-resultat_1]")
    page.click("text=Enregistrer la décision pour les dossiers cochés")
    assert "La motivation est obligatoire pour un dossier non retenu" in page.inner_text("#resume-erreurs")
    page.fill("#id_masse-motivation", "Ancrage territorial insuffisant.")
    page.click("text=Enregistrer la décision pour les dossiers cochés")
    page.click(f"label[for=coche-{haut.pk}]")
    page.click("label[for=id_masse-resultat_0]")
    page.click("text=Enregistrer la décision pour les dossiers cochés")
    assert "1 retenu" in page.inner_text("main")
    assert dict(Decision.objects.values_list("dossier_id", "resultat")) == {haut.pk: "retenu", bas.pk: "non_retenu"}
