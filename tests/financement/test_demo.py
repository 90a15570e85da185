"""The demo loader creates a grant with a signed convention, a payment made and one due soon, once."""
import io

import pytest
from django.core.management import call_command

from financement.models import Subvention, Versement
from financement.selectors import versements_a_venir

pytestmark = pytest.mark.django_db(transaction=True)


def test_charger_demo_est_idempotent():
    call_command("charger_demo", stdout=io.StringIO())
    assert Subvention.objects.filter(statut=Subvention.Statut.CONVENTIONNEE).count() == 1
    assert Versement.objects.filter(statut=Versement.Statut.VERSE).exists()
    assert versements_a_venir().exists()
    avant = (Subvention.objects.count(), Versement.objects.count())
    call_command("charger_demo", stdout=io.StringIO())
    assert (Subvention.objects.count(), Versement.objects.count()) == avant
