"""One Fabrique, one support: a tiers-lieu supported by the programme (retained dossier, grant not
terminated) is not retained, granted nor given a bonus again — service, page, API and database."""

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from candidatures.models import Dossier
from candidatures.services.dossiers import dossier_creer
from commun.erreurs import ErreurMetier
from financement.echeancier import BONUS_DEJA_RECU, EcheancierInvalide
from financement.models import Nature, Subvention, Versement
from financement.services import (
    subvention_ajuster,
    subvention_notifier,
    subvention_proposer,
    subvention_resilier,
    subvention_signer_convention,
)
from selection.services.comite import decision_enregistrer
from tests.fabriques import factories as fab
from tests.financement import factories as ff

from .factories import dossier_de

pytestmark = pytest.mark.django_db

SOUTIEN_UNIQUE = "une Fabrique ne reçoit qu'un soutien"


def _api(user) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api


def _second_dossier(premier, **extra):
    vague = ff.vague(numero=9, date_limite=dt.date(2027, 3, 30))
    return ff.dossier(tiers_lieu=premier.tiers_lieu, vague=vague, statut=Dossier.Statut.EN_INSTRUCTION, **extra)


def test_un_second_dossier_ne_peut_pas_etre_retenu(administrateur):
    premier = ff.dossier()
    subvention_proposer(dossier=premier, par=administrateur)
    second = _second_dossier(premier)
    with pytest.raises(ErreurMetier) as erreur:
        decision_enregistrer(dossier=second, resultat="retenu", par=administrateur)
    assert SOUTIEN_UNIQUE in erreur.value.message and premier.numero in erreur.value.message
    decision_enregistrer(dossier=second, resultat="non_retenu", motivation="Déjà lauréat.", par=administrateur)


def test_page_et_api_de_decision_refusent_le_second_soutien(client, administrateur):
    premier = ff.dossier()
    second = _second_dossier(premier)
    client.force_login(administrateur)
    reponse = client.post(reverse("candidatures:comite_decision", args=[second.pk]), {"resultat": "retenu", "motivation": ""})
    assert reponse.status_code == 400
    assert SOUTIEN_UNIQUE in reponse.content.decode().replace("&#x27;", "'")
    reponse = _api(administrateur).put(f"/api/v1/comite/dossiers/{second.pk}/decision/", {"resultat": "retenu"}, format="json")
    assert reponse.status_code == 400
    assert SOUTIEN_UNIQUE in reponse.json()["detail"]


@time_machine.travel(dt.datetime(2026, 11, 10, 10, tzinfo=dt.UTC), tick=False)
def test_creer_un_dossier_pour_une_fabrique_soutenue_dit_pourquoi(client, porteur):
    premier = dossier_de(porteur)
    vague = ff.vague(numero=12, date_ouverture=dt.date(2026, 10, 1), date_limite=dt.date(2026, 12, 30), statut="ouverte")
    with pytest.raises(ErreurMetier) as erreur:
        dossier_creer(tiers_lieu=premier.tiers_lieu, vague=vague, par=porteur)
    assert SOUTIEN_UNIQUE in erreur.value.message

    client.force_login(porteur)
    page = client.get(reverse("candidatures:mes_dossiers")).content.decode().replace("&#x27;", "'")
    assert SOUTIEN_UNIQUE in page  # said at once, before any click
    reponse = _api(porteur).post("/api/v1/dossiers/", {"tiers_lieu": premier.tiers_lieu_id}, format="json")
    assert reponse.status_code == 400
    assert SOUTIEN_UNIQUE in reponse.json()["detail"]
    assert not Dossier.objects.filter(vague=vague).exists()


def test_la_base_refuse_un_second_dossier_retenu_sans_passer_par_le_service():
    premier = ff.dossier()
    with pytest.raises(IntegrityError), transaction.atomic():
        ff.dossier(tiers_lieu=premier.tiers_lieu, vague=ff.vague(numero=9), statut=Dossier.Statut.RETENU)


def test_la_base_refuse_une_seconde_subvention_en_cours(administrateur):
    premier = ff.dossier()
    subvention_proposer(dossier=premier, par=administrateur)
    second = _second_dossier(premier)
    with pytest.raises(IntegrityError), transaction.atomic():
        Subvention.objects.create(
            dossier=second, tiers_lieu=premier.tiers_lieu, total_fonctionnement=D("100000.00"), cree_par=administrateur
        )
    # A terminated grant does not count.
    Subvention.objects.filter(dossier=premier).update(statut=Subvention.Statut.RESILIEE)
    Subvention.objects.create(dossier=second, tiers_lieu=premier.tiers_lieu, total_fonctionnement=D("100000.00"), cree_par=administrateur)


def test_un_second_bonus_est_refuse(administrateur):
    """The bonus paid on a grant terminated since stays the tiers-lieu's one bonus."""
    tiers_lieu = fab.tiers_lieu(en_qpv=True)
    premier = ff.dossier(tiers_lieu=tiers_lieu, bonus_numerique=True)
    ancienne = subvention_proposer(dossier=premier, par=administrateur)
    subvention_notifier(subvention=ancienne, par=administrateur)
    subvention_signer_convention(subvention=ancienne, date_signature=dt.date(2026, 6, 1), par=administrateur)
    Versement.objects.filter(tranche__subvention=ancienne, tranche__nature=Nature.INVESTISSEMENT).update(
        statut=Versement.Statut.VERSE,
        date_versement=dt.date(2026, 6, 15),
    )
    subvention_resilier(subvention=ancienne, motif="Projet arrêté", par=administrateur)
    # The first dossier's decision was reversed by hand (the only way a second grant can exist).
    Dossier.objects.filter(pk=premier.pk).update(statut=Dossier.Statut.NON_RETENU)
    second = _second_dossier(premier, bonus_numerique=True)
    Dossier.objects.filter(pk=second.pk).update(statut=Dossier.Statut.RETENU)

    nouvelle = subvention_proposer(dossier=second, par=administrateur)
    assert not nouvelle.tranches.filter(nature=Nature.INVESTISSEMENT).exists()
    assert BONUS_DEJA_RECU in nouvelle.historique.get().commentaire
    m = {"annee_1": D("50000"), "annee_2": D("40000"), "annee_3": D("30000"), "bonus": True}
    with pytest.raises(EcheancierInvalide) as erreur:
        subvention_ajuster(subvention=nouvelle, montants=m, par=administrateur)
    assert BONUS_DEJA_RECU in erreur.value.message
    reponse = _api(administrateur).post(
        f"/api/v1/subventions/{nouvelle.pk}/ajuster/", {**{k: str(v) for k, v in m.items()}, "bonus": True}, format="json"
    )
    assert reponse.status_code == 400
    assert reponse.json()["errors"]["bonus"] == [BONUS_DEJA_RECU]
