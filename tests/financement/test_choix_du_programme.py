"""Rules no document of the AMI gives are settings of the programme, named as its choices: the
activity report that conditions years 2 and 3, the convention's duties."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from financement.models import Versement
from financement.opendata import ligne_scdl
from financement.services import documents_generer, subvention_notifier, subvention_proposer, subvention_signer_convention
from financement.services.versements import condition_non_remplie, versement_changer_statut
from tests.fabriques import factories as fab
from tests.financement import factories as ff

from .factories import dossier_de

pytestmark = pytest.mark.django_db


def _signee(administrateur):
    subvention = subvention_proposer(dossier=ff.dossier(), par=administrateur)
    subvention_notifier(subvention=subvention, par=administrateur)
    return subvention_signer_convention(subvention=subvention, date_signature=dt.date(2026, 6, 15), par=administrateur)


def _texte_convention(subvention) -> str:
    document = [d for d in documents_generer(subvention_id=subvention.pk) if d.type == "convention"][0]
    with document.fichier.open("rb") as f:
        lecteur = PdfReader(io.BytesIO(f.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in lecteur.pages)


def test_rapport_conditionne_le_versement_par_defaut(administrateur, settings):
    assert settings.PROGRAMME_RAPPORT_CONDITIONNE_VERSEMENT is True
    subvention = _signee(administrateur)
    annee_2 = Versement.objects.get(tranche__subvention=subvention, tranche__annee=2)
    assert "condition fixée par l'équipe du programme" in condition_non_remplie(annee_2)
    texte = _texte_convention(subvention)
    assert "sous réserve du dépôt sur le portail du rapport d'activité" in texte
    assert "ne figurent pas dans le texte de l'appel à manifestation d'intérêt" in texte
    description = ligne_scdl(subvention)["descriptionConditionsVersement"]
    assert "rapport d'activité" in description and "fixée par l'ANCT" in description and "AMI" not in description


def test_sans_condition_de_rapport(administrateur, settings):
    settings.PROGRAMME_RAPPORT_CONDITIONNE_VERSEMENT = False
    subvention = _signee(administrateur)
    annee_2 = Versement.objects.get(tranche__subvention=subvention, tranche__annee=2)
    assert condition_non_remplie(annee_2) is None
    versement_changer_statut(versement=annee_2, statut=Versement.Statut.DEMANDE, par=administrateur)
    assert Versement.objects.get(pk=annee_2.pk).statut == Versement.Statut.DEMANDE
    texte = _texte_convention(subvention)
    assert "sous réserve du dépôt" not in texte and "rapport d'activité" not in texte
    assert "rapport" not in ligne_scdl(subvention)["descriptionConditionsVersement"]


def test_engagements_de_la_convention_reglables(administrateur, settings):
    settings.PROGRAMME_ENGAGEMENTS_CONVENTION = ["tient un registre des usagers"]
    texte = _texte_convention(_signee(administrateur))
    assert "Le bénéficiaire tient un registre des usagers" in texte
    assert "participe au réseau" not in texte  # the community is an offer, never a duty
    assert "une offre, non une obligation" in texte


def test_rappels_de_rapport_coupes_sans_condition(administrateur, porteur, settings):
    from financement.services.versements import rapports_rappeler

    subvention = subvention_proposer(dossier=dossier_de(porteur), par=administrateur)
    subvention_notifier(subvention=subvention, par=administrateur)
    subvention_signer_convention(subvention=subvention, date_signature=dt.date(2026, 6, 15), par=administrateur)
    settings.PROGRAMME_RAPPORT_CONDITIONNE_VERSEMENT = False
    assert rapports_rappeler(jours=3650) == 0
    settings.PROGRAMME_RAPPORT_CONDITIONNE_VERSEMENT = True
    assert rapports_rappeler(jours=3650) == 2  # years 2 and 3 wait for the reports of years 1 and 2


def test_annee_du_bonus_numerique_est_un_choix_du_portail_dit_comme_tel(client, administrateur, porteur, settings):
    """No document of the AMI says when the bonus numérique is paid: with its year's tranche, year 1
    by default (``PROGRAMME_ANNEE_BONUS_NUMERIQUE``), and the pages say it is the programme team's choice."""
    from django.urls import reverse

    from financement.models import Nature, Tranche

    assert settings.PROGRAMME_ANNEE_BONUS_NUMERIQUE == 1
    dossier = dossier_de(porteur, tiers_lieu=fab.tiers_lieu(en_qpv=True), bonus_numerique=True)
    subvention = subvention_proposer(dossier=dossier, par=administrateur)
    assert Tranche.objects.get(subvention=subvention, nature=Nature.INVESTISSEMENT).annee == 1
    client.force_login(administrateur)
    page = " ".join(client.get(reverse("financement:subvention", args=[subvention.pk])).content.decode().split())
    assert "versé avec la tranche de l'année 1 : choix de l'équipe du programme" in page
    assert "et le bonus d'investissement sont versés à la signature" in _texte_convention(subvention)

    settings.PROGRAMME_ANNEE_BONUS_NUMERIQUE = 2
    autre = subvention_proposer(
        dossier=dossier_de(porteur, tiers_lieu=fab.tiers_lieu(en_qpv=True), bonus_numerique=True), par=administrateur
    )
    assert Tranche.objects.get(subvention=autre, nature=Nature.INVESTISSEMENT).annee == 2
    texte = _texte_convention(autre)
    assert "le bonus d'investissement, avec la tranche de l'année 2" in texte and "Bonus (année 2)" in texte
    assert "ne figurent pas dans le texte de l'appel à manifestation d'intérêt" in texte
