from decimal import Decimal

import pytest

from financement.models import Enveloppe
from tests.fabriques import factories as fab
from tests.financement import factories as ff


@pytest.fixture
def dossier_qpv(db):
    return ff.dossier(tiers_lieu=fab.tiers_lieu(en_qpv=True), bonus_numerique=True)


def fixer_enveloppe(montant, code="programme") -> Enveloppe:
    enveloppe, _ = Enveloppe.objects.update_or_create(code=code, defaults={"montant": Decimal(montant)})
    return enveloppe
