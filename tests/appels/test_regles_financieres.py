"""The grant's money rules: which rule is broken and by how much, in French."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from appels.regles_financieres import BONUS_NUMERIQUE, ReglesFinancieres, montant_bonus, verifier_montants
from commun.montants import formater_euros

D = Decimal


def regles(ecarts):
    return [e.regle for e in ecarts]


def test_montants_dans_les_regles():
    assert verifier_montants([D("50000"), D("50000"), D("50000")]) == []
    assert verifier_montants([D("25000"), D("25000"), D("25000")]) == []


def test_plus_de_50_000_euros_une_annee():
    ecarts = verifier_montants([D("50000"), D("60000"), D("20000")])
    assert regles(ecarts) == ["plafond_annuel"]
    assert ecarts[0].champ == "montant_annee_2"
    assert ecarts[0].ecart == D("10000.00")
    assert (
        ecarts[0].message
        == "Année 2 : 60\u00a0000,00\u00a0€ demandés, au-delà du plafond de 50\u00a0000,00\u00a0€ par an (dépassement de 10\u00a0000,00\u00a0€)."
    )


def test_total_en_dessous_de_75_000_euros():
    ecarts = verifier_montants([D("20000"), D("20000"), D("20000")])
    assert regles(ecarts) == ["total_minimum"]
    assert "il manque 15\u00a0000,00\u00a0€" in ecarts[0].message


def test_total_au_dela_de_150_000_euros_par_un_centime():
    # 50 000,01 a year breaks the annual cap, and the total too.
    ecarts = verifier_montants([D("50000"), D("50000"), D("50000.01")])
    assert regles(ecarts) == ["plafond_annuel", "total_maximum"]
    assert "dépassement de 0,01\u00a0€" in ecarts[1].message


def test_brouillon_incomplet_pas_juge_sur_le_total():
    assert verifier_montants([D("45000"), None, None], complet=False) == []
    assert regles(verifier_montants([D("45000"), None, None])) == ["montant_manquant", "montant_manquant"]


def test_bonus_hors_qpv():
    ecarts = verifier_montants([D("50000")] * 3, bonus_numerique=True, en_qpv_ou_proximite=False)
    assert regles(ecarts) == ["bonus_hors_qpv"]
    assert "quartier prioritaire" in ecarts[0].message
    assert montant_bonus(bonus_numerique=True, en_qpv_ou_proximite=True) == BONUS_NUMERIQUE == D("100000.00")
    assert montant_bonus(bonus_numerique=True, en_qpv_ou_proximite=False) == D("0.00")


def test_format_en_euros():
    assert formater_euros(D("150000")) == "150\u00a0000,00\u00a0€"


@given(st.lists(st.decimals(min_value=0, max_value=200000, places=2, allow_nan=False), min_size=3, max_size=3))
def test_les_regles_tiennent_pour_tous_les_montants(montants):
    ecarts = verifier_montants(montants)
    total = sum(montants, D("0"))
    conforme = all(m <= D("50000") for m in montants) and D("75000") <= total <= D("150000")
    assert (ecarts == []) == conforme


# --- The rules of another call: the same checks read its values ------------------------------------

AUTRE_APPEL = ReglesFinancieres(annees=2, plafond_annuel=D("30000"), total_minimum=D("20000"), total_maximum=D("60000"), bonus_maximum=None)


def test_un_autre_appel_juge_avec_ses_propres_plafonds():
    assert verifier_montants([D("30000"), D("30000")], regles=AUTRE_APPEL) == []
    ecarts = verifier_montants([D("35000"), D("10000")], regles=AUTRE_APPEL)
    assert regles(ecarts) == ["plafond_annuel"]
    assert "au-delà du plafond de 30\u00a0000,00\u00a0€ par an" in ecarts[0].message
    ecarts = verifier_montants([D("5000"), D("5000")], regles=AUTRE_APPEL)
    assert regles(ecarts) == ["total_minimum"]
    assert ecarts[0].message.startswith("Total sur deux ans : 10\u00a0000,00\u00a0€, en dessous du minimum de 20\u00a0000,00\u00a0€")
    # Only the call's years are read; a bonus it does not offer is refused.
    assert regles(verifier_montants([D("20000"), D("20000"), D("50000")], regles=AUTRE_APPEL, bonus_numerique=True)) == ["bonus_absent"]
    assert montant_bonus(bonus_numerique=True, en_qpv_ou_proximite=True, regles=AUTRE_APPEL) == D("0.00")
