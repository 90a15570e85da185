"""The database gone (restart, failover): a 503 in French with Retry-After, built without the
database, in HTML and in the API's error shape; any other crash stays a 500."""

from html import unescape

import pytest
from django.db import OperationalError
from django.urls import path

from commun.views import INDISPONIBLE
from config import urls as projet


def _base_injoignable(request):
    raise OperationalError("server closed the connection unexpectedly")


def _bogue(request):
    raise ZeroDivisionError("bogue")


urlpatterns = [
    path("page/", _base_injoignable),
    path("api/v1/essai/", _base_injoignable),
    path("bogue/", _bogue),
    *projet.urlpatterns,  # the page shell links to the portal's pages
]
handler500 = "commun.views.erreur_500"

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture
def client_sans_exception(client):
    client.raise_request_exception = False
    return client


def test_base_injoignable_page_503_en_francais(client_sans_exception):
    reponse = client_sans_exception.get("/page/")
    assert reponse.status_code == 503 and reponse["Retry-After"] == "30"
    html = unescape(reponse.content.decode())
    assert "Service momentanément indisponible" in html and "ce qui l'était déjà est intact" in html


def test_base_injoignable_api_503_dans_la_forme_des_erreurs(client_sans_exception):
    reponse = client_sans_exception.get("/api/v1/essai/")
    assert reponse.status_code == 503 and reponse.json() == {"detail": INDISPONIBLE, "errors": {}}


def test_un_autre_incident_reste_une_erreur_500(client_sans_exception):
    reponse = client_sans_exception.get("/bogue/")
    assert reponse.status_code == 500 and "Erreur inattendue" in reponse.content.decode()
