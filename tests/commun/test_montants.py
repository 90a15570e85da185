"""How a written amount is read: French writing accepted, anything that would be read as another
amount refused with the reason."""

from decimal import Decimal

import pytest

from commun.formulaires import ChampMontant
from commun.montants import NombreIllisible, lire_decimal


@pytest.mark.parametrize(
    ("ecrit", "lu"),
    [
        ("50 000", Decimal("50000")),
        ("49\u202f999,50 €", Decimal("49999.50")),
        ("50\u00a0000,00", Decimal("50000.00")),
        ("50000.5", Decimal("50000.5")),
        (" 4 ", Decimal("4")),
        ("-3", Decimal("-3")),
        ("50,000", Decimal("50.000")),  # a decimal comma: the cents rule of each form judges it
        ("", None),
        ("  € ", None),
    ],
)
def test_ecritures_francaises_lues(ecrit, lu):
    assert lire_decimal(ecrit) == lu


@pytest.mark.parametrize(
    ("ecrit", "raison"),
    [
        (
            "50.000",
            "« 50.000 » : les milliers se séparent par une espace, la virgule marque les centimes. Pour 50 000,00 €, écrivez 50 000.",
        ),
        ("1.500.000", "Pour 1 500 000,00 €, écrivez 1 500 000."),
        ("1,500,000", "Pour 1 500 000,00 €, écrivez 1 500 000."),
        ("1_000", "Saisissez un montant en euros, par exemple 50 000 ou 49 999,50."),
        ("1e5", "Saisissez un montant en euros"),
        ("NaN", "Saisissez un montant en euros"),
        ("Infinity", "Saisissez un montant en euros"),
        ("douze", "Saisissez un montant en euros"),
        ("1,5,0", "Saisissez un montant en euros"),
        ("٣٠٠٠٠", "Écrivez le nombre avec les chiffres 0 à 9"),
        ("５０", "Écrivez le nombre avec les chiffres 0 à 9"),
    ],
)
def test_ecritures_refusees_avec_la_raison(ecrit, raison):
    with pytest.raises(NombreIllisible) as erreur:
        lire_decimal(ecrit)
    assert raison in str(erreur.value)


def test_le_champ_montant_arrondit_au_centime_et_affiche_a_la_francaise():
    champ = ChampMontant(required=False)
    assert champ.clean("12 345,6") == Decimal("12345.60")
    assert champ.prepare_value(Decimal("1234567.5")) == "1 234 567,50"
    assert champ.prepare_value("45000.00") == "45 000,00"  # as stored in a dossier's JSON content
    assert champ.prepare_value("50.000") == "50.000"  # refused input is shown as typed
    with pytest.raises(Exception, match="Deux chiffres après la virgule"):
        champ.clean("10,005")
