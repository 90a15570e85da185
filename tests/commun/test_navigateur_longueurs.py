"""In Chromium: a text pasted over a field's limit is neither cut nor lost; the count says by how much."""

import re

import pytest

from candidatures.models import Dossier
from tests.candidatures import factories as f
from tests.candidatures.test_navigateur_depot import se_connecter
from tests.conftest import creer_utilisateur
from tests.navigateur import verifier_accessibilite

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_texte_colle_trop_long_ni_coupe_ni_perdu(page, live_server):
    porteur = creer_utilisateur("porteuse.longueur@exemple.fr")
    dossier = f.brouillon(porteur, f.vague(), f.tiers_lieu(porteur))
    page.goto(f"{live_server.url}/candidatures/dossiers/{dossier.pk}/sections/presentation/")
    se_connecter(page, live_server.url, porteur.email)
    page.wait_for_url(re.compile(r"/sections/presentation/"))
    compteur = page.locator("#id_resume-compteur")
    assert compteur.inner_text() == "0 caractère sur 3\u202f000 au maximum."

    trop_long = "Notre tiers-lieu accueille chaque semaine des habitants du quartier. " * 60  # 4 140 characters
    page.focus("#id_resume")
    page.keyboard.insert_text(trop_long)  # as a paste does
    assert len(page.input_value("#id_resume")) == 4140  # nothing cut by the browser
    assert (
        compteur.inner_text()
        == "4\u202f140 caractères sur 3\u202f000 au maximum : 1\u202f140 de trop. Raccourcissez le texte, il ne sera pas coupé."
    )
    verifier_accessibilite(page)

    page.fill("#id_nom_projet", "La Canopée")
    page.click("button[name=enregistrer]")
    page.wait_for_load_state()
    # Refused at the top and next to the field, with the whole text still there to shorten.
    assert "Ce texte compte 4\u202f139 caractères : 3\u202f000 au maximum" in page.inner_text("#formulaire-resume-erreurs")
    assert page.input_value("#id_resume") == trop_long
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert "resume" not in dossier.section("presentation") and dossier.section("presentation")["nom_projet"] == "La Canopée"

    # Shortened below the limit, it is saved whole.
    page.fill("#id_resume", trop_long[:2990])
    assert compteur.inner_text() == "2\u202f990 caractères sur 3\u202f000 au maximum."
    page.click("button[name=enregistrer]")
    page.wait_for_url(re.compile(r"enregistre=presentation"))
    assert Dossier.objects.get(pk=dossier.pk).section("presentation")["resume"] == trop_long[:2990].strip()
