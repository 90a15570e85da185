"""A person who opens an API link in a browser gets a page (or the JSON), never a 500.

Attack of issue 17: ``GET /api/v1/fabriques/`` with a browser's ``Accept`` header, or ``?format=api``,
answered 500 (the filter form's template asked for an uninstalled crispy template pack; the views
without a queryset made DRF's generated forms fail). Every API URL — taken from the URL
configuration, so a new endpoint is covered as soon as tests/test_acces_urls.py declares it — is
requested both ways by each role of the access matrix, and answers exactly what it answers in JSON.
"""

import pytest
from django.urls import reverse

from tests.test_acces_urls import ACCES, ROLES, _monde_du_module, _motifs, monde  # noqa: F401  (the walker's world, reused)

ACCEPT_NAVIGATEUR = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
URLS_API = sorted(nom for chemin, nom in _motifs() if chemin.startswith("api/v1/"))


def test_les_url_de_l_api_sont_toutes_parcourues():
    assert len(URLS_API) > 40
    assert set(URLS_API) <= set(ACCES), "Déclarez ces URL dans tests/test_acces_urls.py : " + ", ".join(sorted(set(URLS_API) - set(ACCES)))


@pytest.mark.parametrize("nom", URLS_API)
def test_un_navigateur_obtient_une_page_jamais_une_erreur(client, monde, nom):  # noqa: F811
    kwargs, attendus = ACCES[nom]
    url = reverse(nom, kwargs=kwargs(monde) if callable(kwargs) else kwargs)
    for role in ROLES:
        client.logout()
        if monde["utilisateurs"][role]:
            client.force_login(monde["utilisateurs"][role])
        for reponse in (client.get(url, HTTP_ACCEPT=ACCEPT_NAVIGATEUR), client.get(url, {"format": "api"})):
            assert reponse.status_code == attendus[role], f"{url} ({role}) : {reponse.status_code}, attendu {attendus[role]}"


@pytest.mark.parametrize("parametres", [{}, {"format": "api"}])
def test_l_annuaire_de_l_api_s_affiche_dans_le_navigateur_avec_ses_filtres(client, monde, parametres):  # noqa: F811
    reponse = client.get(reverse("api-fabriques"), parametres, HTTP_ACCEPT=ACCEPT_NAVIGATEUR)
    assert reponse.status_code == 200
    assert reponse["Content-Type"].startswith("text/html")
    page = reponse.content.decode()
    assert "La Fabrique des Communs" in page  # the answer itself
    assert 'name="region"' in page  # the directory's filters, as a form


def test_une_liste_privee_s_affiche_pour_qui_peut_la_lire(client, monde):  # noqa: F811
    client.force_login(monde["utilisateurs"]["admin"])
    reponse = client.get(reverse("api-instruction-dossiers"), HTTP_ACCEPT=ACCEPT_NAVIGATEUR)
    assert reponse.status_code == 200 and reponse["Content-Type"].startswith("text/html")
    assert "FDT-WALK-1" in reponse.content.decode()


def test_un_client_json_recoit_toujours_du_json(client, monde):  # noqa: F811
    reponse = client.get(reverse("api-fabriques"), HTTP_ACCEPT="application/json")
    assert reponse["Content-Type"] == "application/json"
    reponse = client.get(reverse("api-fabriques"))  # no Accept header: JSON, the first renderer
    assert reponse["Content-Type"] == "application/json"
