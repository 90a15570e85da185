"""Weak passwords are refused wherever a password is chosen (issue 17: « aaaaaaaaaaaa »,
« motdepasse123 », « azertyuiop12 » passed the length and common-password checks)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from comptes.demo import MOT_DE_PASSE as MOT_DE_PASSE_DEMO
from comptes.models import User
from tests.conftest import MOT_DE_PASSE

pytestmark = pytest.mark.django_db

FAIBLES = ["aaaaaaaaaaaa", "motdepasse123", "azertyuiop12", "123456789012", "Password1234", "fabriques2026", "azerty123456"]
MESSAGE = "Ce mot de passe est trop facile à deviner"


@pytest.mark.parametrize("mot_de_passe", FAIBLES)
def test_inscription_refuse_un_mot_de_passe_facile_a_deviner(client, mot_de_passe):
    reponse = client.post(reverse("account_signup"), {"email": "x@tiers-lieu.fr", "password1": mot_de_passe, "password2": mot_de_passe})
    assert reponse.status_code == 200
    assert MESSAGE in reponse.content.decode()
    assert not User.objects.filter(email="x@tiers-lieu.fr").exists()


def test_l_adresse_de_la_personne_ne_fait_pas_un_mot_de_passe():
    user = User(email="jeanne.dupont@tiers-lieu.fr", first_name="Jeanne", last_name="Dupont")
    with pytest.raises(ValidationError, match=MESSAGE):
        validate_password("jeanne.dupont2026", user)


@pytest.mark.parametrize("mot_de_passe", [MOT_DE_PASSE_DEMO, MOT_DE_PASSE, "soleil-riviere-cartable", "Mot-de-passe-agent-2026"])
def test_mots_de_passe_robustes_acceptes(mot_de_passe):
    validate_password(mot_de_passe, User(email="porteur@demo.fabriques.anct.fr"))


def test_changement_de_mot_de_passe_refuse_un_mot_de_passe_faible(client, porteur):
    client.force_login(porteur)
    reponse = client.post(
        reverse("account_change_password"), {"oldpassword": MOT_DE_PASSE, "password1": "motdepasse123", "password2": "motdepasse123"}
    )
    assert reponse.status_code == 200
    assert MESSAGE in reponse.content.decode()
    porteur.refresh_from_db()
    assert porteur.check_password(MOT_DE_PASSE)


def test_invitation_refuse_un_mot_de_passe_faible(client, administrateur, django_capture_on_commit_callbacks):
    from comptes.roles import Role
    from comptes.services import invitation_creer

    invitation = invitation_creer(par=administrateur, email="agent@anct.example.fr", role=Role.INSTRUCTEUR)
    lien = reverse("comptes:accepter_invitation", args=[invitation.jeton])
    reponse = client.post(lien, {"first_name": "Iris", "last_name": "Agent", "password1": "azertyuiop12", "password2": "azertyuiop12"})
    assert MESSAGE in reponse.content.decode()
    assert not User.objects.filter(email="agent@anct.example.fr").exists()


def test_un_tres_long_mot_de_passe_est_estime_vite():
    import hashlib
    import time

    tres_long = "".join(hashlib.sha256(str(rang).encode()).hexdigest() for rang in range(300))  # 19 200 characters
    debut = time.perf_counter()
    validate_password(tres_long, User(email="x@tiers-lieu.fr"))
    assert time.perf_counter() - debut < 2
