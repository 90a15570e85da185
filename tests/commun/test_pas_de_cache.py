"""Nothing answered to a signed-in person is stored by a browser or a proxy (issue 17): every page,
download and API answer of the project — URLs from the access matrix — carries ``no-store``
when asked with a session or a token; public pages seen anonymously, and the API's open data (the
same for everyone, read without authentication), keep their caching."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from comptes.services import jeton_api_renouveler
from tests.test_acces_urls import ACCES, _monde_du_module, monde  # noqa: F401  (the walker's world, reused)

# Open data of the API: no authentication at all, the same answer for everyone (cached by the portal).
OUVERTES = {nom for nom, (_kw, attendus) in ACCES.items() if nom.startswith("api-") and attendus["anonyme"] == 200}


def _url(nom, m):
    kwargs, _ = ACCES[nom]
    return reverse(nom, kwargs=kwargs(m) if callable(kwargs) else kwargs)


@pytest.mark.parametrize("role", ["porteur", "instructeur", "admin"])
def test_chaque_reponse_a_une_personne_connectee_est_no_store(client, monde, role):  # noqa: F811
    client.force_login(monde["utilisateurs"][role])
    sans = []
    for nom in sorted(ACCES):
        if nom in OUVERTES:
            continue
        reponse = client.get(_url(nom, monde))
        if "no-store" not in reponse.get("Cache-Control", ""):
            sans.append(f"{nom} ({reponse.status_code})")
    assert not sans, "Sans Cache-Control: no-store : " + ", ".join(sans)


def test_l_api_par_jeton_est_no_store(monde):  # noqa: F811
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {jeton_api_renouveler(user=monde['utilisateurs']['porteur']).key}")
    for nom in ("api-moi", "api-dossiers", "api-tiers-lieux", "api-subventions"):
        reponse = client.get(reverse(nom))
        assert reponse.status_code == 200
        assert "no-store" in reponse["Cache-Control"], nom


@pytest.mark.parametrize("nom", ["fabriques:annuaire", "candidatures:laureats", "api-fabriques", "api-laureats", "commun:accueil"])
def test_les_pages_publiques_vues_sans_connexion_gardent_leur_cache(client, monde, nom):  # noqa: F811
    reponse = client.get(_url(nom, monde))
    assert reponse.status_code == 200
    assert "no-store" not in reponse.get("Cache-Control", "")
