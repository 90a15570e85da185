"""Property-based tests of the grant rules: what the service accepts obeys them; what breaks one is
refused with the message naming it; the boundaries to the cent."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appels.regles_financieres import PLAFOND_ANNUEL, TOTAL_MAXIMUM, TOTAL_MINIMUM
from financement import echeancier
from financement.echeancier import EcheancierInvalide
from financement.models import Nature
from financement.services import subvention_ajuster, subvention_proposer
from tests.fabriques import factories as fab
from tests.financement import factories as ff

from .conftest import fixer_enveloppe

D = Decimal
BORNES = [D("0.00"), D("0.01"), D("24999.99"), D("25000.00"), D("37500.00"), D("49999.99"), D("50000.00"), D("50000.01"), D("-0.01")]
montant = st.one_of(st.sampled_from(BORNES), st.decimals(min_value=D("-100"), max_value=D("60000"), places=2))
echeanciers = st.fixed_dictionaries({"annee_1": montant, "annee_2": montant, "annee_3": montant, "bonus": st.booleans()})
contextes = st.fixed_dictionaries({"bonus_demande": st.booleans(), "en_qpv_ou_proximite": st.booleans()})


def _regles_respectees(m: dict, ctx: dict) -> bool:
    annees = [m[f"annee_{a}"] for a in (1, 2, 3)]
    total = sum(annees)
    return (
        all(D("0") <= x <= PLAFOND_ANNUEL for x in annees)
        and TOTAL_MINIMUM <= total <= TOTAL_MAXIMUM
        and (not m["bonus"] or (ctx["bonus_demande"] and ctx["en_qpv_ou_proximite"]))
    )


def _messages_attendus(m: dict, ctx: dict) -> list[str]:
    attendus = []
    for a in (1, 2, 3):
        x = m[f"annee_{a}"]
        if x > PLAFOND_ANNUEL:
            attendus.append(f"L'année {a} dépasse le plafond annuel de 50 000,00 € de {echeancier.euros_texte(x - PLAFOND_ANNUEL)}.")
        if x < 0:
            attendus.append(f"Le montant de l'année {a} ne peut pas être négatif")
    if not attendus:
        total = sum(m[f"annee_{a}"] for a in (1, 2, 3))
        if total < TOTAL_MINIMUM:
            attendus.append(f"est inférieur au minimum de 75 000,00 € de {echeancier.euros_texte(TOTAL_MINIMUM - total)}.")
    if m["bonus"] and not ctx["bonus_demande"]:
        attendus.append("n'a pas été demandé")
    elif m["bonus"] and not ctx["en_qpv_ou_proximite"]:
        attendus.append("réservé aux tiers-lieux situés dans un quartier prioritaire")
    return attendus


@given(m=echeanciers, ctx=contextes)
def test_verification_accepte_exactement_les_echeanciers_reglementaires(m, ctx):
    if _regles_respectees(m, ctx):
        propre = echeancier.verifier(m, **ctx)
        assert echeancier.total_fonctionnement(propre) == sum(m[f"annee_{a}"] for a in (1, 2, 3))
    else:
        with pytest.raises(EcheancierInvalide) as erreur:
            echeancier.verifier(m, **ctx)
        for attendu in _messages_attendus(m, ctx):
            assert attendu in erreur.value.message


@given(demandes=st.fixed_dictionaries({f"annee_{a}": st.one_of(st.none(), montant) for a in (1, 2, 3)}), ctx=contextes)
def test_toute_proposition_respecte_les_regles(demandes, ctx):
    proposition = echeancier.proposer(demandes, **ctx)
    assert _regles_respectees(proposition.montants, ctx)
    echeancier.verifier(proposition.montants, **ctx)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(m=echeanciers)
def test_le_service_n_enregistre_que_des_echeanciers_reglementaires(administrateur, m):
    fixer_enveloppe("1000000000.00")
    fixer_enveloppe("1000000000.00", code="numerique")  # the examples share one database: many bonuses
    dossier = ff.dossier(tiers_lieu=fab.tiers_lieu(en_qpv=True), bonus_numerique=True)
    subvention = subvention_proposer(dossier=dossier, par=administrateur)
    ctx = {"bonus_demande": True, "en_qpv_ou_proximite": True}
    try:
        subvention_ajuster(subvention=subvention, montants=m, par=administrateur)
    except EcheancierInvalide as erreur:
        assert not _regles_respectees(m, ctx)
        for attendu in _messages_attendus(m, ctx):
            assert attendu in erreur.message
    except Exception as erreur:  # the only other refusal: nothing changes
        assert "identique" in str(erreur)
    else:
        assert _regles_respectees(m, ctx)
    subvention.refresh_from_db()
    tranches = list(subvention.tranches.all())
    fonctionnement = [t.montant for t in tranches if t.nature == Nature.FONCTIONNEMENT]
    assert subvention.total_fonctionnement == sum(fonctionnement)
    assert TOTAL_MINIMUM <= subvention.total_fonctionnement <= TOTAL_MAXIMUM
    assert all(D("0") < x <= PLAFOND_ANNUEL for x in fonctionnement)
    assert [t.montant for t in tranches if t.nature == Nature.INVESTISSEMENT] in ([], [D("100000.00")])


@pytest.mark.parametrize(
    ("annee_2", "message"),
    [("50000.00", None), ("50000.01", "L'année 2 dépasse le plafond annuel de 50 000,00 € de 0,01 €.")],
)
def test_borne_du_plafond_annuel(annee_2, message):
    m = {"annee_1": D("40000"), "annee_2": D(annee_2), "annee_3": D("40000")}
    _verifier_borne(m, message)


@pytest.mark.parametrize(
    ("annee_3", "message"),
    [("24999.99", "Le total de fonctionnement (74 999,99 €) est inférieur au minimum de 75 000,00 € de 0,01 €."), ("25000.00", None)],
)
def test_borne_du_total_minimum(annee_3, message):
    m = {"annee_1": D("25000"), "annee_2": D("25000"), "annee_3": D(annee_3)}
    _verifier_borne(m, message)


@pytest.mark.parametrize(
    ("annee_3", "message"),
    [("50000.00", None), ("50000.01", "L'année 3 dépasse le plafond annuel de 50 000,00 € de 0,01 €.")],
)
def test_borne_du_total_maximum(annee_3, message):
    # 150 000,01 € cannot be reached without one year above 50 000 €: that is the rule reported.
    m = {"annee_1": D("50000"), "annee_2": D("50000"), "annee_3": D(annee_3)}
    _verifier_borne(m, message)


def test_total_maximum_verifie_aussi_independamment():
    with pytest.raises(EcheancierInvalide, match="dépasse le maximum de 150 000,00 € de 0,01 €"):
        echeancier.verifier_total(D("150000.01"))


def _verifier_borne(m, message):
    if message is None:
        echeancier.verifier(m, bonus_demande=False, en_qpv_ou_proximite=False)
    else:
        with pytest.raises(EcheancierInvalide) as erreur:
            echeancier.verifier(m, bonus_demande=False, en_qpv_ou_proximite=False)
        assert erreur.value.message == message


def test_bonus_sans_qpv_refuse():
    m = {"annee_1": D("50000"), "annee_2": D("50000"), "annee_3": D("50000"), "bonus": True}
    with pytest.raises(EcheancierInvalide) as erreur:
        echeancier.verifier(m, bonus_demande=True, en_qpv_ou_proximite=False)
    assert erreur.value.champ == "bonus"
    assert "quartier prioritaire (QPV)" in erreur.value.message


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ecart=st.one_of(
        st.sampled_from([D("0.00"), D("-0.01"), D("0.01"), D("-1.00"), D("1.00")]),
        st.decimals(min_value=D("-5000"), max_value=D("5000"), places=2),
    )
)
def test_l_enveloppe_accepte_jusqu_au_dernier_centime(administrateur, ecart):
    """Whatever is committed already, a grant passes exactly when it fits in what remains."""
    from financement.selectors import montant_engage
    from financement.services.enveloppe import EnveloppeDepassee

    fixer_enveloppe(montant_engage() + D("120000.00") + ecart)
    dossier = ff.dossier()  # asks 50 000 + 40 000 + 30 000 = 120 000,00 €
    if ecart >= 0:
        subvention = subvention_proposer(dossier=dossier, par=administrateur)
        assert not subvention.derogation_enveloppe
    else:
        with pytest.raises(EnveloppeDepassee) as erreur:
            subvention_proposer(dossier=dossier, par=administrateur)
        assert f"dépasse l'enveloppe de fonctionnement du programme de {echeancier.euros_texte(-ecart)}" in erreur.value.message
