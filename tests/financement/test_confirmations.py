"""Unusual money operations need an explicit confirmation, from a page or the API alike: a grant
notified above the amount asked, a payment marked « versé » before its planned date."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from commun.erreurs import ConfirmationRequise
from commun.models import Courriel, EntreeJournal
from financement.models import Subvention, Versement
from financement.services import (
    subvention_ajuster,
    subvention_notifier,
    subvention_proposer,
    subvention_signer_convention,
    versement_changer_statut,
)

from .factories import dossier_de

pytestmark = pytest.mark.django_db
D = Decimal
AU_DELA = {"annee_1": D("50000"), "annee_2": D("50000"), "annee_3": D("40000"), "bonus": False}  # 140 000 € for 120 000 € asked


@pytest.fixture
def proposee(administrateur, porteur):
    return subvention_proposer(dossier=dossier_de(porteur), par=administrateur)


def test_notifier_au_dela_de_la_demande_exige_la_confirmation(proposee, administrateur):
    subvention_ajuster(subvention=proposee, montants=AU_DELA, par=administrateur)
    with pytest.raises(ConfirmationRequise, match="dépasse de 20 000,00 € le montant demandé par le porteur") as erreur:
        subvention_notifier(subvention=proposee, par=administrateur)
    assert erreur.value.champ == "confirme"
    assert Subvention.objects.get(pk=proposee.pk).statut == Subvention.Statut.PROPOSEE
    subvention_notifier(subvention=proposee, par=administrateur, confirme=True)
    assert Subvention.objects.get(pk=proposee.pk).statut == Subvention.Statut.NOTIFIEE
    assert "confirmé explicitement" in EntreeJournal.objects.get(action="subvention.notification").donnees["commentaire"]


def test_notifier_dans_la_demande_ne_demande_rien_de_plus(proposee, administrateur):
    subvention_notifier(subvention=proposee, par=administrateur)
    assert Subvention.objects.get(pk=proposee.pk).statut == Subvention.Statut.NOTIFIEE


def test_la_page_de_notification_compte_les_courriels_et_avertit(client, proposee, administrateur, porteur):
    client.force_login(administrateur)
    url = reverse("financement:subvention_notifier", args=[proposee.pk])
    page = client.get(url).content.decode()
    assert "partira par courriel à 1 gestionnaire du tiers-lieu : porteur@exemple.fr" in page
    assert "Action inhabituelle" not in page and 'type="checkbox"' not in page
    subvention_ajuster(subvention=proposee, montants=AU_DELA, par=administrateur)
    page = client.get(url).content.decode()
    assert "Action inhabituelle" in page and "dépasse de 20 000,00" in page
    reponse = client.post(url, {})
    assert reponse.status_code == 400 and "Cochez la case" in reponse.content.decode()
    assert Subvention.objects.get(pk=proposee.pk).statut == Subvention.Statut.PROPOSEE
    client.post(url, {"confirme": "1"})
    assert Subvention.objects.get(pk=proposee.pk).statut == Subvention.Statut.NOTIFIEE


def test_l_api_refuse_la_notification_au_dela_sans_confirme(proposee, administrateur):
    subvention_ajuster(subvention=proposee, montants=AU_DELA, par=administrateur)
    api = APIClient()
    api.force_authenticate(administrateur)
    url = f"/api/v1/subventions/{proposee.pk}/notifier/"
    reponse = api.post(url, {}, format="json")
    assert reponse.status_code == 400 and "confirme" in reponse.json()["errors"]
    assert api.post(url, {"confirme": True}, format="json").status_code == 200


@pytest.fixture
def mandate(administrateur, porteur):
    """Year 2's payment (planned 15/06/2027), requested and ordered: next comes « versé »."""
    subvention = subvention_proposer(dossier=dossier_de(porteur), par=administrateur)
    subvention_notifier(subvention=subvention, par=administrateur)
    subvention_signer_convention(subvention=subvention, date_signature=dt.date(2026, 6, 15), par=administrateur)
    versement = Versement.objects.get(tranche__subvention=subvention, tranche__annee=1)
    for statut in (Versement.Statut.DEMANDE, Versement.Statut.MANDATE):
        versement = versement_changer_statut(versement=versement, statut=statut, par=administrateur)
    Versement.objects.filter(pk=versement.pk).update(date_prevue=dt.date(2026, 12, 20))
    versement.refresh_from_db()
    return versement


@time_machine.travel(dt.datetime(2026, 12, 4, 10, tzinfo=dt.UTC), tick=False)
def test_verse_avant_la_date_prevue_exige_la_confirmation(mandate, administrateur):
    with pytest.raises(ConfirmationRequise, match="prévu le 20/12/2026 .* le 04/12/2026, avant sa date prévue"):
        versement_changer_statut(versement=mandate, statut=Versement.Statut.VERSE, par=administrateur)
    assert Versement.objects.get(pk=mandate.pk).statut == Versement.Statut.MANDATE
    versement_changer_statut(versement=mandate, statut=Versement.Statut.VERSE, par=administrateur, confirme=True)
    assert Versement.objects.get(pk=mandate.pk).statut == Versement.Statut.VERSE
    assert EntreeJournal.objects.get(action="versement.verse").donnees["avant_date_prevue"] == "2026-12-20"


@time_machine.travel(dt.datetime(2026, 12, 4, 10, tzinfo=dt.UTC), tick=False)
def test_verse_a_la_date_prevue_ne_demande_rien(mandate, administrateur):
    Versement.objects.filter(pk=mandate.pk).update(date_prevue=dt.date(2026, 12, 1))
    versement_changer_statut(versement=Versement.objects.get(pk=mandate.pk), statut=Versement.Statut.VERSE, par=administrateur)
    assert Versement.objects.get(pk=mandate.pk).statut == Versement.Statut.VERSE


@time_machine.travel(dt.datetime(2026, 12, 4, 10, tzinfo=dt.UTC), tick=False)
def test_la_page_avertit_puis_verse_une_fois_la_case_cochee(client, mandate, administrateur):
    client.force_login(administrateur)
    url = reverse("financement:versement_statut", args=[mandate.pk])
    page = client.post(url, {"statut": "verse", "date_versement": ""}).content.decode()
    assert "Action inhabituelle" in page and "prévu le 20/12/2026" in page and "16 jours avant sa date prévue" in page
    assert "Un avis de versement partira par courriel vers 1 gestionnaire" in page
    assert Versement.objects.get(pk=mandate.pk).statut == Versement.Statut.MANDATE
    reponse = client.post(url, {"statut": "verse", "date_versement": "2026-12-04", "depuis_confirmation": "1"})
    assert "Cochez la case" in reponse.content.decode()
    client.post(url, {"statut": "verse", "date_versement": "2026-12-04", "depuis_confirmation": "1", "confirme": "1"})
    versement = Versement.objects.get(pk=mandate.pk)
    assert versement.statut == Versement.Statut.VERSE and versement.date_versement == dt.date(2026, 12, 4)
    assert Courriel.objects.filter(cle__startswith=f"versement-verse:{versement.pk}:").count() == 1


@time_machine.travel(dt.datetime(2026, 12, 4, 10, tzinfo=dt.UTC), tick=False)
def test_l_api_refuse_le_versement_anticipe_sans_confirme(mandate, administrateur):
    api = APIClient()
    api.force_authenticate(administrateur)
    url = f"/api/v1/versements/{mandate.pk}/statut/"
    reponse = api.post(url, {"statut": "verse"}, format="json")
    assert reponse.status_code == 400 and "confirme" in reponse.json()["errors"]
    assert api.post(url, {"statut": "verse", "confirme": True}, format="json").status_code == 200
