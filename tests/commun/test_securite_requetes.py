"""Hostile input at the door: oversized bodies refused unread, personal data kept out of the logs."""

import logging

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_corps_trop_gros_refuse_avant_lecture(client, porteur, settings):
    client.force_login(porteur)
    reponse = client.generic(
        "POST",
        "/candidatures/dossiers/1/pieces/",
        data=b"x" * 10,
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(settings.TAILLE_MAX_REQUETE + 1),
    )
    assert reponse.status_code == 413
    assert "Envoi trop volumineux" in reponse.content.decode()
    assert "votre dossier est inchangé" in reponse.content.decode()


def _par_un_serveur_wsgi(chemin: str, taille_annoncee: int) -> bytes:
    """One request through wsgiref — a real WSGI server handler, which refuses hop-by-hop headers
    from the application (PEP 3333) — with the WSGI validator around the portal."""
    import io
    from wsgiref.handlers import SimpleHandler
    from wsgiref.util import setup_testing_defaults
    from wsgiref.validate import validator

    from django.core.signals import request_finished
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    environ = {
        "REQUEST_METHOD": "POST",
        "SCRIPT_NAME": "",
        "PATH_INFO": chemin,
        "QUERY_STRING": "",
        "CONTENT_TYPE": "multipart/form-data; boundary=x",
        "CONTENT_LENGTH": str(taille_annoncee),
    }
    setup_testing_defaults(environ)
    sortie, erreurs = io.BytesIO(), io.StringIO()
    request_finished.disconnect(close_old_connections)  # as Django's test client: keep the test's transaction
    try:
        SimpleHandler(io.BytesIO(b"x" * 10), sortie, erreurs, environ, multithread=False).run(validator(get_wsgi_application()))
    finally:
        request_finished.connect(close_old_connections)
    assert "Traceback" not in erreurs.getvalue(), erreurs.getvalue()
    return sortie.getvalue()


@pytest.mark.parametrize("chemin", ["/candidatures/dossiers/1/pieces/", "/api/v1/dossiers/1/pieces/"])
def test_corps_trop_gros_413_par_un_vrai_serveur_wsgi(settings, chemin):
    """Attack of issue 17: a body above 11 Mo answered 500 on runserver — the 413 carried
    « Connection: close », a hop-by-hop header WSGI forbids."""
    reponse = _par_un_serveur_wsgi(chemin, settings.TAILLE_MAX_REQUETE + 1)
    entete, _, corps = reponse.partition(b"\r\n\r\n")
    assert entete.startswith(b"HTTP/1.0 413"), entete
    assert b"connection:" not in entete.lower()
    assert "trop volumineux" in corps.decode()


def test_reponse_413_sans_entete_saut_par_saut(client, settings):
    from wsgiref.util import is_hop_by_hop

    reponse = client.generic("POST", "/api/v1/dossiers/1/pieces/", data=b"x", CONTENT_LENGTH=str(settings.TAILLE_MAX_REQUETE + 1))
    assert reponse.status_code == 413
    assert not [nom for nom in reponse.headers if is_hop_by_hop(nom)]
    assert reponse.json() == {"detail": "Envoi trop volumineux : une requête ne peut pas dépasser 11 Mo.", "errors": {}}


def test_corps_trop_gros_413_sur_le_serveur_de_demonstration(live_server, settings):
    """The same attack against runserver's server (the live server of the tests), body sent in full."""
    import http.client
    from urllib.parse import urlsplit

    adresse = urlsplit(live_server.url)
    connexion = http.client.HTTPConnection(adresse.hostname, adresse.port, timeout=60)
    corps = b"x" * (settings.TAILLE_MAX_REQUETE + 1024)
    connexion.request("POST", "/candidatures/dossiers/1/pieces/", body=corps, headers={"Content-Type": "multipart/form-data; boundary=x"})
    reponse = connexion.getresponse()
    assert reponse.status == 413
    assert "Envoi trop volumineux" in reponse.read().decode()
    connexion.close()


def test_corps_a_la_limite_accepte(client):
    assert client.post(reverse("commun:accueil"), data={"x": "1"}).status_code != 413


def test_pas_d_adresse_electronique_dans_les_journaux_apres_un_echec(client, porteur, caplog):
    with caplog.at_level(logging.DEBUG):
        client.post(reverse("account_login"), {"login": porteur.email, "password": "mauvais"})
    assert porteur.email not in caplog.text
    assert "mauvais" not in caplog.text
