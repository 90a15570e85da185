"""What a newcomer meets first: sign-up that says « Créer un compte », « courriel » everywhere, a
contact when something goes wrong, the next step after declaring a tiers-lieu, a single tiers-lieu
preselected."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from fabriques.models import Implantation, TiersLieu
from tests.candidatures import factories as f

pytestmark = pytest.mark.django_db
PAGES_DU_COMPTE = ["/compte/login/", "/compte/signup/", "/compte/password/reset/", "/compte/confirm-email/", "/compte/password/reset/done/"]


def _texte(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)).split())


def test_creer_un_compte_et_courriel_partout(client):
    inscription = client.get("/compte/signup/").content.decode()
    assert re.search(r"<h1[^>]*>\s*Créer un compte\s*</h1>", inscription)
    assert re.search(r"<button[^>]*type=\"submit\"[^>]*>\s*Créer un compte\s*</button>", inscription)
    for url in PAGES_DU_COMPTE:
        texte = _texte(client.get(url).content.decode())
        assert "Création de compte" not in texte and "Inscription" not in texte, url
        assert not re.search(r"\b[Ee]-?mails?\b", texte), (url, re.findall(r".{40}\b[Ee]-?mails?\b.{40}", texte))


def test_merci_de_nous_contacter_donne_le_contact(client):
    for url in ("/compte/password/reset/", "/compte/confirm-email/"):
        texte = _texte(client.get(url).content.decode())
        assert "nous contacter" not in texte and "nouveauxliens@anct.gouv.fr" in texte, url


def test_apres_la_declaration_d_un_tiers_lieu_l_etape_suivante(client, porteur):
    client.force_login(porteur)
    reponse = client.post(
        reverse("fabriques:creer"),
        {
            "nom": "La Canopée",
            "structure_porteuse": "Association La Canopée",
            "forme_juridique": "association",
            "siret": "88412345600011",
            "adresse": "3 rue des Lilas",
            "code_postal": "35000",
            "commune": "Rennes",
            "implantation": Implantation.HORS_GRANDS_CENTRES,
        },
    )
    lieu = TiersLieu.objects.get(nom="La Canopée")
    assert reponse.status_code == 302 and reponse.url == f"{reverse('fabriques:mes_tiers_lieux')}?nouveau={lieu.pk}"
    page = client.get(reponse.url).content.decode()
    assert "Étape suivante : la candidature de « La Canopée »" in page
    assert f'href="{reverse("candidatures:mes_dossiers")}?tiers_lieu={lieu.pk}#commencer"' in page


def test_un_seul_tiers_lieu_est_preselectionne(client, porteur):
    with time_machine.travel(dt.datetime(2026, 11, 23, 15, tzinfo=dt.UTC), tick=False):
        f.vague()
        lieu = f.tiers_lieu(porteur, nom="La Canopée")
        client.force_login(porteur)
        page = client.get(reverse("candidatures:mes_dossiers")).content.decode()
        assert f'<option value="{lieu.pk}" selected>' in page
        # Two places: the one just declared is preselected, through the link of the next step.
        autre = f.tiers_lieu(porteur, nom="L'Atelier", siret="79512345400006")
        page = client.get(reverse("candidatures:mes_dossiers")).content.decode()
        assert f'<option value="{lieu.pk}" selected>' not in page and f'<option value="{autre.pk}" selected>' not in page
        page = client.get(reverse("candidatures:mes_dossiers"), {"tiers_lieu": autre.pk}).content.decode()
        assert f'<option value="{autre.pk}" selected>' in page
