from decimal import Decimal

import pytest

from financement.models import Enveloppe

from .factories import DossierFactory, TiersLieuFactory


@pytest.fixture
def dossier_qpv(db):
    return DossierFactory(tiers_lieu=TiersLieuFactory(en_qpv=True), bonus_numerique=True)


def fixer_enveloppe(montant, code="programme") -> Enveloppe:
    enveloppe, _ = Enveloppe.objects.update_or_create(code=code, defaults={"montant": Decimal(montant)})
    return enveloppe
