"""The money rules hold in the database itself: no script, admin or bug can store a wrong grant."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from financement.models import Nature, Subvention, Tranche
from tests.financement import factories as ff

pytestmark = pytest.mark.django_db


@pytest.fixture
def subvention(administrateur):
    dossier = ff.dossier()
    subvention = Subvention.objects.create(dossier=dossier, total_fonctionnement=Decimal("100000.00"), cree_par=administrateur)
    Tranche.objects.create(subvention=subvention, annee=1, nature=Nature.FONCTIONNEMENT, montant=Decimal("50000.00"))
    Tranche.objects.create(subvention=subvention, annee=2, nature=Nature.FONCTIONNEMENT, montant=Decimal("50000.00"))
    return subvention


def _refuse(fonction):
    with pytest.raises(IntegrityError), transaction.atomic():
        fonction()


def test_tranche_de_fonctionnement_au_plafond_acceptee(subvention):
    tranche = Tranche.objects.create(subvention=subvention, annee=3, nature=Nature.FONCTIONNEMENT, montant=Decimal("50000.00"))
    assert Tranche.objects.get(pk=tranche.pk).montant == Decimal("50000.00")


def test_tranche_de_fonctionnement_au_dessus_du_plafond_refusee(subvention):
    _refuse(lambda: Tranche.objects.create(subvention=subvention, annee=3, nature=Nature.FONCTIONNEMENT, montant=Decimal("50000.01")))


def test_mise_a_jour_en_masse_au_dessus_du_plafond_refusee(subvention):
    _refuse(lambda: Tranche.objects.filter(subvention=subvention, annee=1).update(montant=Decimal("50000.01")))
    assert Tranche.objects.get(subvention=subvention, annee=1).montant == Decimal("50000.00")


@pytest.mark.parametrize("montant", ["0.00", "-1.00"])
def test_tranche_de_fonctionnement_nulle_ou_negative_refusee(subvention, montant):
    _refuse(lambda: Tranche.objects.create(subvention=subvention, annee=3, nature=Nature.FONCTIONNEMENT, montant=Decimal(montant)))


@pytest.mark.parametrize("montant", ["100000.01", "0.00", "-1.00"])
def test_bonus_d_investissement_hors_de_0_a_100000_refuse(subvention, montant):
    _refuse(lambda: Tranche.objects.create(subvention=subvention, annee=1, nature=Nature.INVESTISSEMENT, montant=Decimal(montant)))


@pytest.mark.parametrize("montant", ["100000.00", "60000.00", "0.01"])
def test_bonus_d_investissement_jusqu_a_100000_accepte(subvention, montant):
    """« pouvant se monter à » 100 000 € (000): up to, not exactly."""
    Tranche.objects.create(subvention=subvention, annee=1, nature=Nature.INVESTISSEMENT, montant=Decimal(montant))


def test_un_seul_bonus_par_subvention(subvention):
    Tranche.objects.create(subvention=subvention, annee=1, nature=Nature.INVESTISSEMENT, montant=Decimal("100000.00"))
    _refuse(lambda: Tranche.objects.create(subvention=subvention, annee=2, nature=Nature.INVESTISSEMENT, montant=Decimal("100000.00")))


def test_une_seule_tranche_par_annee_et_nature(subvention):
    _refuse(lambda: Tranche.objects.create(subvention=subvention, annee=1, nature=Nature.FONCTIONNEMENT, montant=Decimal("1.00")))


@pytest.mark.parametrize("annee", [0, 4])
def test_annee_hors_de_1_a_3_refusee(subvention, annee):
    _refuse(lambda: Tranche.objects.create(subvention=subvention, annee=annee, nature=Nature.FONCTIONNEMENT, montant=Decimal("1.00")))


@pytest.mark.parametrize(("total", "accepte"), [("74999.99", False), ("75000.00", True), ("150000.00", True), ("150000.01", False)])
def test_total_de_fonctionnement_borne_en_base(administrateur, total, accepte):
    def creer():
        return Subvention.objects.create(dossier=ff.dossier(), total_fonctionnement=Decimal(total), cree_par=administrateur)

    if accepte:
        assert creer().total_fonctionnement == Decimal(total)
    else:
        _refuse(creer)


def test_total_modifie_en_masse_hors_fourchette_refuse(subvention):
    _refuse(lambda: Subvention.objects.filter(pk=subvention.pk).update(total_fonctionnement=Decimal("150000.01")))


def test_derogation_sans_motif_refusee(subvention):
    _refuse(lambda: Subvention.objects.filter(pk=subvention.pk).update(derogation_enveloppe=True, derogation_motif=""))
