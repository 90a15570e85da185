"""The bonus numérique: up to 100 000 € in investment (« pouvant se monter à »), its own envelope,
the administrateur's recognition of a Fabrique numérique that did not ask, and an API that refuses
what it cannot apply instead of dropping it."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commun.models import EntreeJournal
from financement.chiffres import chiffres_programme
from financement.echeancier import BONUS_NON_DEMANDE, EcheancierInvalide
from financement.models import Nature
from financement.services import subvention_ajuster, subvention_proposer
from tests.fabriques import factories as fab
from tests.financement import factories as ff

pytestmark = pytest.mark.django_db

ANNEES = {"annee_1": D("50000.00"), "annee_2": D("40000.00"), "annee_3": D("30000.00")}


def _bonus(subvention):
    return list(subvention.tranches.filter(nature=Nature.INVESTISSEMENT).values_list("montant", flat=True))


def test_bonus_jusqu_a_100000_en_investissement(administrateur, dossier_qpv):
    subvention = subvention_proposer(dossier=dossier_qpv, par=administrateur)
    assert _bonus(subvention) == [D("100000.00")]
    subvention_ajuster(subvention=subvention, montants={**ANNEES, "bonus": D("60000.00")}, par=administrateur)
    assert _bonus(subvention) == [D("60000.00")]
    chiffres = chiffres_programme(cache=False)
    assert chiffres.numerique.engage == D("60000.00")
    assert chiffres.fonctionnement.engage == D("120000.00")  # the bonus never moves the operating envelope
    with pytest.raises(EcheancierInvalide) as erreur:
        subvention_ajuster(subvention=subvention, montants={**ANNEES, "bonus": D("100000.01")}, par=administrateur)
    assert "Le bonus numérique va jusqu'à 100 000,00 € : 0,01 € de trop." in erreur.value.message


def test_reconnaissance_d_une_fabrique_numerique_non_demandee(administrateur):
    dossier = ff.dossier(tiers_lieu=fab.tiers_lieu(en_qpv=True), bonus_numerique=False)
    subvention = subvention_proposer(dossier=dossier, par=administrateur)
    with pytest.raises(EcheancierInvalide) as erreur:
        subvention_ajuster(subvention=subvention, montants={**ANNEES, "bonus": D("80000")}, par=administrateur)
    assert BONUS_NON_DEMANDE in erreur.value.message
    assert _bonus(subvention) == []
    subvention_ajuster(
        subvention=subvention,
        montants={**ANNEES, "bonus": D("80000")},
        par=administrateur,
        reconnaissance_motif="Fabrique remarquable du quartier, offre numérique forte",
    )
    assert _bonus(subvention) == [D("80000.00")]
    assert EntreeJournal.objects.filter(action="subvention.reconnaissance_numerique").count() == 1
    assert "Reconnue Fabrique numérique" in subvention.historique.first().commentaire


def test_pas_de_reconnaissance_hors_qpv(administrateur):
    subvention = subvention_proposer(dossier=ff.dossier(bonus_numerique=False), par=administrateur)
    with pytest.raises(EcheancierInvalide) as erreur:
        subvention_ajuster(
            subvention=subvention, montants={**ANNEES, "bonus": D("80000")}, par=administrateur, reconnaissance_motif="Remarquable"
        )
    assert "réservé aux tiers-lieux situés dans un quartier prioritaire" in erreur.value.message


def test_api_refuse_le_bonus_qu_elle_ne_peut_pas_appliquer(administrateur):
    dossier = ff.dossier(tiers_lieu=fab.tiers_lieu(en_qpv=True), bonus_numerique=False)
    subvention = subvention_proposer(dossier=dossier, par=administrateur)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=administrateur).key}")
    url = f"/api/v1/subventions/{subvention.pk}/ajuster/"
    corps = {"annee_1": "50000.00", "annee_2": "40000.00", "annee_3": "30000.00", "bonus": True}
    reponse = api.post(url, corps, format="json")
    assert reponse.status_code == 400  # never 200 with the bonus silently dropped
    assert reponse.json()["errors"]["bonus"] == [BONUS_NON_DEMANDE]
    assert _bonus(subvention) == []
    reponse = api.post(url, {**corps, "bonus": "75000.00", "reconnaissance_motif": "Fabrique remarquable"}, format="json")
    assert reponse.status_code == 200
    assert _bonus(subvention) == [D("75000.00")]


def test_page_de_la_subvention_saisit_le_montant_du_bonus(client, administrateur, dossier_qpv):
    subvention = subvention_proposer(dossier=dossier_qpv, par=administrateur)
    client.force_login(administrateur)
    url = reverse("financement:subvention_ajuster", args=[subvention.pk])
    reponse = client.post(url, {"annee_1": "50 000", "annee_2": "40 000", "annee_3": "30 000", "bonus": "45 000,50"})
    assert reponse.status_code == 302
    assert _bonus(subvention) == [D("45000.50")]
