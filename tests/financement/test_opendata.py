"""The SCDL open data: ``pourcentageSubvention`` is the grant's share of the project's cost (0 to 1)."""

import datetime as dt
from decimal import Decimal as D

import pytest

from financement.opendata import ligne_scdl
from financement.services import subvention_notifier, subvention_proposer, subvention_signer_convention
from tests.fabriques import factories as fab
from tests.financement import factories as ff

pytestmark = pytest.mark.django_db

BUDGET = {
    "charges_1": "100000.00",
    "ressources_1": "100000.00",
    "charges_2": "100000.00",
    "ressources_2": "100000.00",
    "charges_3": "100000.00",
    "ressources_3": "100000.00",
}


def _signee(administrateur, **extra):
    subvention = subvention_proposer(dossier=ff.dossier(**extra), par=administrateur)
    subvention_notifier(subvention=subvention, par=administrateur)
    return subvention_signer_convention(subvention=subvention, date_signature=dt.date(2026, 6, 15), par=administrateur)


def test_pourcentage_de_la_subvention_dans_le_budget_du_projet(administrateur):
    ligne = ligne_scdl(_signee(administrateur, contenu={"budget": BUDGET}))
    assert ligne["montant"] == "120000.00"
    assert ligne["pourcentageSubvention"] == "0.4"  # 120 000 € of 300 000 € of charges over three years


def test_pourcentage_avec_le_bonus_numerique(administrateur):
    subvention = _signee(administrateur, contenu={"budget": BUDGET}, bonus_numerique=True, tiers_lieu=fab.tiers_lieu(en_qpv=True))
    ligne = ligne_scdl(subvention)
    assert ligne["montant"] == "220000.00"
    # The investment the bonus pays is part of the project's cost: 220 000 / (300 000 + 100 000).
    assert ligne["pourcentageSubvention"] == "0.55"
    assert D(ligne["pourcentageSubvention"]) <= 1


def test_pourcentage_vide_sans_budget(administrateur):
    assert ligne_scdl(_signee(administrateur))["pourcentageSubvention"] == ""
