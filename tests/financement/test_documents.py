"""Convention and notification letter: the PDF shows the schedule stored in the database; each
change of the schedule gives a new version and every version is kept."""

import datetime as dt
import hashlib
import io
from decimal import Decimal

import pytest
from django.core import mail
from pypdf import PdfReader

from commun.montants import euros_texte
from financement.models import DocumentSubvention
from financement.services import (
    documents_generer,
    subvention_ajuster,
    subvention_notifier,
    subvention_proposer,
    subvention_signer_convention,
)
from tests.fabriques import factories as fab
from tests.pdf import accessibilite

from .factories import dossier_de

pytestmark = pytest.mark.django_db
D = Decimal


def _texte(document) -> str:
    with document.fichier.open("rb") as f:
        lecteur = PdfReader(io.BytesIO(f.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in lecteur.pages)


@pytest.fixture
def subvention(administrateur, porteur, django_capture_on_commit_callbacks):
    dossier = dossier_de(
        porteur,
        tiers_lieu=fab.tiers_lieu(en_qpv=True, structure_porteuse="Association La Fabrique du Lac", siret="73282932000074"),
        bonus_numerique=True,
        montant_annee_1=D("45000.50"),
        montant_annee_2=D("40000"),
        montant_annee_3=D("35000"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        return subvention_proposer(dossier=dossier, par=administrateur)


def _dernier(subvention, type_=DocumentSubvention.Type.CONVENTION):
    return subvention.documents.filter(type=type_).order_by("-version").first()


def test_la_convention_montre_l_echeancier_de_la_base(subvention, settings):
    texte = _texte(_dernier(subvention))
    for tranche in subvention.tranches.all():
        assert euros_texte(tranche.montant) in texte
    assert "45 000,50 €" in texte and "100 000,00 €" in texte
    assert euros_texte(subvention.montant_total) in texte  # 220 000,50 €
    assert settings.ORGANISME_ATTRIBUTEUR_SIRET in texte
    assert "73282932000074" in texte and "Association La Fabrique du Lac" in texte
    assert subvention.reference_convention in texte
    assert "rapport d'activité" in texte


def test_convention_et_notification_balisees_pour_les_lecteurs_d_ecran(subvention):
    for type_, titre in (
        (DocumentSubvention.Type.CONVENTION, "Convention de subventionnement"),
        (DocumentSubvention.Type.NOTIFICATION, "Notification de subvention"),
    ):
        with _dernier(subvention, type_).fichier.open("rb") as f:
            lisible = accessibilite(f.read())
        assert lisible.balise and lisible.langue == "fr" and lisible.titre == f"{titre} {subvention.reference_convention}"
        assert "P" in lisible.elements


def test_la_lettre_de_notification_est_generee(subvention):
    texte = _texte(_dernier(subvention, DocumentSubvention.Type.NOTIFICATION))
    assert "Notification d'attribution" in texte and "220 000,50 €" in texte


def test_chaque_changement_d_echeancier_donne_une_nouvelle_version(subvention, administrateur, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subvention_ajuster(
            subvention=subvention,
            montants={"annee_1": D("50000"), "annee_2": D("50000"), "annee_3": D("12345.67"), "bonus": True},
            par=administrateur,
        )
    versions = list(subvention.documents.filter(type="convention").order_by("version"))
    assert [d.version for d in versions] == [1, 2]
    assert "12 345,67 €" in _texte(versions[1])
    assert "12 345,67 €" not in _texte(versions[0])
    for document in versions:
        with document.fichier.open("rb") as f:
            assert hashlib.sha256(f.read()).hexdigest() == document.sha256


def test_regeneration_sans_changement_ne_cree_pas_de_version(subvention):
    assert documents_generer(subvention_id=subvention.pk) == []
    assert subvention.documents.count() == 2


def test_signature_date_la_convention_et_la_notification_part_par_courriel(subvention, administrateur, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subvention_notifier(subvention=subvention, par=administrateur)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["porteur@exemple.fr"]
    assert mail.outbox[0].attachments[0][0].startswith("notification-")
    assert "220 000,50 €" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        subvention_signer_convention(subvention=subvention, date_signature=dt.date(2026, 6, 15), par=administrateur)
    texte = _texte(_dernier(subvention))
    assert "15/06/2027" in texte  # year 2 payment date
