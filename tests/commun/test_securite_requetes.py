"""Hostile input at the door: oversized bodies refused unread, personal data kept out of the logs."""
import logging

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_corps_trop_gros_refuse_avant_lecture(client, porteur, settings):
    client.force_login(porteur)
    reponse = client.generic("POST", "/candidatures/dossiers/1/pieces/", data=b"x" * 10, CONTENT_TYPE="multipart/form-data; boundary=x",
                             CONTENT_LENGTH=str(settings.TAILLE_MAX_REQUETE + 1))
    assert reponse.status_code == 413
    assert "Envoi trop volumineux" in reponse.content.decode()
    assert "votre dossier est inchangé" in reponse.content.decode()


def test_corps_a_la_limite_accepte(client):
    assert client.post(reverse("commun:accueil"), data={"x": "1"}).status_code != 413


def test_pas_d_adresse_electronique_dans_les_journaux_apres_un_echec(client, porteur, caplog):
    with caplog.at_level(logging.DEBUG):
        client.post(reverse("account_login"), {"login": porteur.email, "password": "mauvais"})
    assert porteur.email not in caplog.text
    assert "mauvais" not in caplog.text
