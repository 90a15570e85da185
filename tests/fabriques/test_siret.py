"""The SIRET is checked by its check digits (python-stdnum), with a message that says what to fix."""

import pytest

from commun.erreurs import ErreurMetier
from fabriques.identifiants import siret_normaliser


@pytest.mark.parametrize("saisi", ["13002603200016", "130 026 032 00016", "130.026.032.00016", "35600000000048"])
def test_siret_valide_est_normalise(saisi):
    assert len(siret_normaliser(saisi)) == 14
    assert siret_normaliser(saisi).isdigit()


@pytest.mark.parametrize(
    ("saisi", "message"),
    [
        ("13002603200017", "clé de contrôle"),
        ("1300260320001", "14 chiffres : vous en avez saisi 13"),
        ("130026032000166", "vous en avez saisi 15"),
        ("1300260320001A", "que des chiffres"),
        ("ABCDEFGHIJKLMN", "que des chiffres"),
        ("", "Indiquez le SIRET"),
    ],
)
def test_siret_refuse(saisi, message):
    with pytest.raises(ErreurMetier) as exc:
        siret_normaliser(saisi)
    assert message in exc.value.message
    assert exc.value.champ == "siret"
