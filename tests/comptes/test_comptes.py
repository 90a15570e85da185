"""Accounts: porteurs sign up and confirm their e-mail; instructeurs and administrateurs are invited."""

import re
import subprocess
import sys

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from commun.erreurs import ConflitEtat, ErreurMetier
from commun.models import EntreeJournal
from comptes.models import Invitation, User
from comptes.roles import Role
from comptes.services import invitation_accepter, invitation_creer, utilisateur_desactiver

pytestmark = pytest.mark.django_db


def _lien(message, motif):
    return re.search(motif, message.body).group(0)


def test_inscription_porteur_avec_confirmation_du_courriel(client):
    reponse = client.post(
        reverse("account_signup"),
        {"email": "nouvelle@tiers-lieu.fr", "password1": "Un-mot-de-passe-long-2026", "password2": "Un-mot-de-passe-long-2026"},
    )
    assert reponse.status_code == 302
    user = User.objects.get(email="nouvelle@tiers-lieu.fr")
    assert user.roles == {Role.PORTEUR}
    assert not EmailAddress.objects.get(user=user).verified
    lien = _lien(mail.outbox[-1], r"http://testserver/compte/confirm-email/[^\s]+")
    page = client.get(lien.replace("http://testserver", ""))
    assert page.status_code == 200
    client.post(lien.replace("http://testserver", ""))
    assert EmailAddress.objects.get(user=user).verified


def test_lien_de_confirmation_expire_ou_faux_message_clair(client):
    reponse = client.get("/compte/confirm-email/cle-inventee/")
    assert reponse.status_code == 200
    assert "expiré ou n’est pas valide" in reponse.content.decode() or "expiré ou n'est pas valide" in reponse.content.decode()


def test_mot_de_passe_trop_faible_refuse(client):
    reponse = client.post(reverse("account_signup"), {"email": "x@tiers-lieu.fr", "password1": "12345678", "password2": "12345678"})
    assert reponse.status_code == 200
    assert not User.objects.filter(email="x@tiers-lieu.fr").exists()
    assert "Le formulaire contient" in reponse.content.decode()


def test_invitation_d_un_instructeur_de_bout_en_bout(client, administrateur, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_creer(par=administrateur, email="Agent@ANCT.example.fr", role=Role.INSTRUCTEUR)
    assert invitation.email == "agent@anct.example.fr"
    lien = _lien(mail.outbox[-1], r"/mon-compte/invitation/[^\s]+/")
    reponse = client.post(
        lien, {"first_name": "Iris", "last_name": "Agent", "password1": "Mot-de-passe-agent-2026", "password2": "Mot-de-passe-agent-2026"}
    )
    assert reponse.status_code == 302
    user = User.objects.get(email="agent@anct.example.fr")
    assert user.est_instructeur and not user.est_porteur
    assert EmailAddress.objects.get(user=user).verified
    # The link cannot be used twice.
    assert client.get(lien).status_code == 410
    with pytest.raises(ConflitEtat):
        invitation_accepter(jeton=invitation.jeton, password="Mot-de-passe-agent-2026")


def test_seul_un_administrateur_invite(client, porteur, instructeur):
    for user in (porteur, instructeur):
        client.force_login(user)
        assert client.get(reverse("comptes:inviter")).status_code == 403
        assert client.post(reverse("comptes:inviter"), {"email": "y@anct.example.fr", "role": "administrateur"}).status_code == 403
    assert not Invitation.objects.exists()


def test_pas_d_invitation_en_porteur_ni_en_double(administrateur):
    with pytest.raises(ErreurMetier):
        invitation_creer(par=administrateur, email="p@x.fr", role=Role.PORTEUR)
    invitation_creer(par=administrateur, email="i@x.fr", role=Role.INSTRUCTEUR)
    with pytest.raises(ErreurMetier, match="déjà en attente"):
        invitation_creer(par=administrateur, email="I@x.fr", role=Role.INSTRUCTEUR)


def test_desactivation_garde_l_historique(client, administrateur, porteur):
    utilisateur_desactiver(par=administrateur, utilisateur=porteur)
    porteur.refresh_from_db()
    assert not porteur.is_active
    assert EntreeJournal.objects.filter(action="comptes.utilisateur.desactive", objet_id=str(porteur.pk)).exists()
    reponse = client.post(reverse("account_login"), {"login": porteur.email, "password": "Mot-de-passe-solide-2026"})
    assert "_auth_user_id" not in client.session
    assert reponse.status_code in (200, 302)


def test_production_sans_cle_secrete_message_clair(tmp_path):
    code = "import django; django.setup()"
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.production", "DJANGO_ALLOWED_HOSTS": "x.fr", "PATH": "/usr/bin:/bin"}
    resultat = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=str(__import__("django").conf.settings.BASE_DIR)
    )
    assert resultat.returncode != 0
    assert "DJANGO_SECRET_KEY est obligatoire en production" in resultat.stderr


def test_jeton_api_cree_affiche_une_fois_puis_revoque(client, porteur):
    from rest_framework.authtoken.models import Token

    client.force_login(porteur)
    client.post(reverse("comptes:jeton_api_creer"))
    jeton = Token.objects.get(user=porteur)
    assert jeton.key in client.get(reverse("comptes:mon_compte")).content.decode()
    assert jeton.key not in client.get(reverse("comptes:mon_compte")).content.decode()
    client.post(reverse("comptes:jeton_api_revoquer"))
    assert not Token.objects.filter(user=porteur).exists()
