"""The four roles of a Fabrique (002): the AMI describes them but never asks a Fabrique to play all
four. Asking for all four is the portal's choice (PROGRAMME_QUATRE_ROLES_OBLIGATOIRES), off by default."""

import html

import pytest
import time_machine
from django.conf import settings as reglages
from django.urls import reverse
from rest_framework.test import APIClient

from candidatures.services.dossiers import dossier_deposer, dossier_enregistrer_section
from commun.erreurs import ErreurMetier

from . import factories as f

pytestmark = pytest.mark.django_db

TROIS_ROLES = {"ressources": "Permanences.", "formation": "Ateliers.", "creation": "", "inclusion_numerique": "Médiation."}


@pytest.fixture(autouse=True)
def _en_novembre():
    with time_machine.travel("2026-11-23 15:00 +00:00", tick=False):
        yield


def _dossier_a_trois_roles(porteur):
    dossier = f.completer(f.brouillon(porteur), porteur)
    return dossier_enregistrer_section(dossier=dossier, section="roles", donnees=TROIS_ROLES, par=porteur)


def test_par_defaut_trois_roles_suffisent_et_le_formulaire_ne_l_attribue_pas_a_l_ami(client, porteur):
    assert reglages.PROGRAMME_QUATRE_ROLES_OBLIGATOIRES is False
    dossier = _dossier_a_trois_roles(porteur)
    client.force_login(porteur)
    page = html.unescape(client.get(reverse("candidatures:dossier_section", args=[dossier.pk, "roles"])).content.decode())
    assert "il ne demande pas qu'une Fabrique les joue tous" in page and "au moins un" in page
    api = APIClient()
    api.force_authenticate(porteur)
    assert api.get(f"/api/v1/dossiers/{dossier.pk}/").json()["manques"] == []
    assert dossier_deposer(dossier=dossier, par=porteur).statut == "depose"


def test_par_defaut_aucun_role_decrit_empeche_le_depot(porteur):
    dossier = f.completer(f.brouillon(porteur), porteur)
    dossier = dossier_enregistrer_section(dossier=dossier, section="roles", donnees=dict.fromkeys(TROIS_ROLES, ""), par=porteur)
    with pytest.raises(ErreurMetier, match="décrivez au moins l'un des quatre rôles"):
        dossier_deposer(dossier=dossier, par=porteur)


def test_quatre_roles_exiges_quand_le_programme_le_choisit(client, porteur, settings):
    settings.PROGRAMME_QUATRE_ROLES_OBLIGATOIRES = True
    dossier = _dossier_a_trois_roles(porteur)
    client.force_login(porteur)
    section = html.unescape(client.get(reverse("candidatures:dossier_section", args=[dossier.pk, "roles"])).content.decode())
    assert "c'est un choix du programme, pas une règle de l'AMI" in section
    controle = html.unescape(client.get(reverse("candidatures:dossier", args=[dossier.pk])).content.decode())
    assert "1 rôle à décrire (ce portail demande les quatre rôles, choix du programme)" in controle
    api = APIClient()
    api.force_authenticate(porteur)
    reponse = api.post(f"/api/v1/dossiers/{dossier.pk}/deposer/")
    assert reponse.status_code in (400, 409) and "choix du programme" in str(reponse.json())
    dossier.refresh_from_db()
    assert dossier.statut == "brouillon"
