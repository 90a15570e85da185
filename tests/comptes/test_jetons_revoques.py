"""An API token dies with the password it was created under and with the account (issue 17: a
token survived a password reset and a deactivation, so whoever had copied it kept the API)."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from commun.models import EntreeJournal
from comptes.services import jeton_api_renouveler, utilisateur_desactiver
from tests.conftest import MOT_DE_PASSE

pytestmark = pytest.mark.django_db
NOUVEAU = "Girafe-Sextant-Brioche-88"


def _api_par_jeton(jeton: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {jeton}")
    return client.get(reverse("api-moi")).status_code


def _revocation_journalisee(user, motif):
    return EntreeJournal.objects.filter(action="comptes.jeton_api.revoque", objet_id=str(user.pk), donnees__motif=motif).exists()


def test_mot_de_passe_reinitialise_par_courriel(client, porteur):
    jeton = jeton_api_renouveler(user=porteur).key
    assert _api_par_jeton(jeton) == 200
    client.post(reverse("account_reset_password"), {"email": porteur.email})
    lien = re.search(r"http://testserver(/compte/password/reset/key/[^\s]+)", mail.outbox[-1].body).group(1)
    formulaire = client.get(lien, follow=True)
    reponse = client.post(
        formulaire.redirect_chain[-1][0] if formulaire.redirect_chain else lien, {"password1": NOUVEAU, "password2": NOUVEAU}
    )
    assert reponse.status_code == 302
    porteur.refresh_from_db()
    assert porteur.check_password(NOUVEAU)
    assert _api_par_jeton(jeton) == 401
    assert _revocation_journalisee(porteur, "mot_de_passe_change")


def test_mot_de_passe_change_sur_mon_compte(client, porteur):
    jeton = jeton_api_renouveler(user=porteur).key
    client.force_login(porteur)
    reponse = client.post(reverse("account_change_password"), {"oldpassword": MOT_DE_PASSE, "password1": NOUVEAU, "password2": NOUVEAU})
    assert reponse.status_code == 302
    assert _api_par_jeton(jeton) == 401


def test_mot_de_passe_change_par_un_administrateur_dans_l_administration(client, administrateur, porteur):
    jeton = jeton_api_renouveler(user=porteur).key
    client.force_login(administrateur)
    reponse = client.post(
        reverse("admin:auth_user_password_change", args=[porteur.pk]),
        {"password1": NOUVEAU, "password2": NOUVEAU, "usable_password": "true"},
    )
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    assert _api_par_jeton(jeton) == 401


def test_compte_desactive(administrateur, porteur):
    jeton = jeton_api_renouveler(user=porteur).key
    utilisateur_desactiver(par=administrateur, utilisateur=porteur)
    assert _api_par_jeton(jeton) == 401
    assert _revocation_journalisee(porteur, "compte_desactive")


def test_compte_desactive_puis_reactive_dans_l_administration(porteur):
    """An inactive account's token is already refused; revoked, it does not come back with the account."""
    jeton = jeton_api_renouveler(user=porteur).key
    porteur.is_active = False
    porteur.save(update_fields=["is_active"])
    porteur.is_active = True
    porteur.save(update_fields=["is_active"])
    assert _api_par_jeton(jeton) == 401


def test_le_jeton_survit_a_un_autre_enregistrement_du_compte(porteur):
    jeton = jeton_api_renouveler(user=porteur).key
    porteur.first_name = "Pauline"
    porteur.save()
    assert _api_par_jeton(jeton) == 200
    assert not EntreeJournal.objects.filter(action="comptes.jeton_api.revoque").exists()
