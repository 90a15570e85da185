"""File weights: one way of writing them on the whole portal, never below the truth."""

import pytest

from commun.poids import KO, MO, poids
from commun.templatetags.portail import poids as filtre_poids


@pytest.mark.parametrize(
    "octets, attendu",
    [
        (0, "0 octet"),
        (1, "1 octet"),
        (35, "35 octets"),
        (1023, "1023 octets"),
        (KO, "1 Ko"),
        (38_093, "37,3 Ko"),
        (831_000, "812 Ko"),
        (999 * KO, "999 Ko"),
        (999 * KO + 1, "1 Mo"),
        (MO, "1 Mo"),
        (int(2.4 * MO), "2,4 Mo"),
        (10 * MO, "10 Mo"),
        (50 * MO, "50 Mo"),
    ],
)
def test_poids_ecrit_en_francais(octets, attendu):
    assert poids(octets) == attendu


def test_un_fichier_au_dela_d_une_limite_ne_se_lit_jamais_comme_la_limite():
    """Rounded up: « fait 10,1 Mo : ne peut pas dépasser 10 Mo », never « fait 10 Mo : … 10 Mo »."""
    assert poids(10 * MO + 1) == "10,1 Mo" and poids(50 * MO + 1) == "50,1 Mo"
    assert all(poids(n) != poids(10 * MO) for n in range(10 * MO + 1, 10 * MO + 5000, 997))


def test_filtre_des_gabarits_sans_coupure():
    assert filtre_poids(38_093) == "37,3\u00a0Ko"
    assert filtre_poids(None) == "" and filtre_poids("abc") == ""
