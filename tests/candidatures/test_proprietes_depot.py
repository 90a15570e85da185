"""Properties of the draft, whatever it is given: saving never fails with anything but a domain
error in French; a refused input leaves the stored draft as it was; an amount kept is exactly the
one asked, to the cent, within the grant rules (≤ 50 000 € a year; 75 000–150 000 € in total to
deposit)."""

import datetime as dt
from decimal import Decimal, InvalidOperation

import pytest
import time_machine
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from candidatures.forms.depot import FORMULAIRES_SECTIONS
from candidatures.models import Dossier
from candidatures.services.dossiers import dossier_deposer, dossier_enregistrer_montants, dossier_enregistrer_section
from commun.erreurs import ErreurMetier

from . import factories as fc

pytestmark = pytest.mark.django_db
AVANT_LA_LIMITE = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)  # wave 4 closes on 30/12/2026
SECTIONS = [code for code in FORMULAIRES_SECTIONS if code != "montants"]
PLAFOND, MINIMUM, MAXIMUM = Decimal("50000.00"), Decimal("75000.00"), Decimal("150000.00")

textes = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=["Cs"]), max_size=20),
    st.sampled_from(["\x00", "a\x00b", "é" * 3001, "x" * 5000, "x" * 5001, "\u202e\ufeff", "🏳️‍🌈" * 10, "<script>alert(1)</script>"]),
)
valeurs_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | textes,
    lambda enfants: st.lists(enfants, max_size=3) | st.dictionaries(st.text(max_size=6), enfants, max_size=3),
    max_leaves=6,
)


@pytest.fixture
def brouillon(porteur):
    with time_machine.travel(AVANT_LA_LIMITE, tick=False):
        return fc.completer(fc.brouillon(porteur), porteur)


def _valide(section: str, donnees) -> bool:
    """What a section keeps: its own fields, each a text without NUL within its length, or nothing."""
    if not isinstance(donnees, dict):
        return False
    champs = FORMULAIRES_SECTIONS[section].base_fields
    for nom, valeur in donnees.items():
        if nom not in champs:
            return False
        if valeur is not None and not (
            isinstance(valeur, str) and "\x00" not in valeur and len(valeur) <= (getattr(champs[nom], "max_length", None) or len(valeur))
        ):
            return False
    return True


def _donnees(section):
    noms = sorted(FORMULAIRES_SECTIONS[section].base_fields)
    return st.one_of(
        valeurs_json,
        st.dictionaries(st.one_of(st.sampled_from(noms), st.text(max_size=8)), valeurs_json, max_size=4),
        st.dictionaries(st.sampled_from(noms), st.one_of(st.none(), textes), max_size=4),
    )


@settings(max_examples=100)
@given(donnees=st.sampled_from(SECTIONS).flatmap(lambda s: st.tuples(st.just(s), _donnees(s))))
def test_enregistrer_une_section_garde_ce_qui_est_valide_et_rien_d_autre(brouillon, porteur, donnees):
    section, donnees = donnees
    avant = Dossier.objects.get(pk=brouillon.pk).contenu
    try:
        dossier_enregistrer_section(dossier=brouillon, section=section, donnees=donnees, par=porteur)
    except ErreurMetier as erreur:
        assert not _valide(section, donnees)
        assert erreur.message.endswith(".") and erreur.message[0].isupper() or erreur.message.startswith("«")
        assert Dossier.objects.get(pk=brouillon.pk).contenu == avant  # nothing lost, nothing half-written
        return
    assert _valide(section, donnees)
    apres = Dossier.objects.get(pk=brouillon.pk).contenu
    assert apres[section] == {**avant.get(section, {}), **donnees}
    assert {k: v for k, v in apres.items() if k != section} == {k: v for k, v in avant.items() if k != section}


def _nombre(valeur) -> Decimal | None:
    """The number a person meant, independently of the service: None if it is not one."""
    if isinstance(valeur, bool) or not isinstance(valeur, (int, float, Decimal, str)):
        return None
    if isinstance(valeur, str):
        # Written as a person writes an amount: digits 0 to 9, a sign, one decimal comma or point,
        # spaces and « € » aside; « 50.000 » (a point for thousands) is not fifty euros.
        return fc.nombre_ecrit(valeur)
    try:
        nombre = Decimal(repr(valeur) if isinstance(valeur, float) else valeur)
    except InvalidOperation:
        return None
    return nombre if nombre.is_finite() else None


montants = st.one_of(
    st.none(),
    st.just(""),
    st.decimals(min_value=Decimal("-10"), max_value=Decimal("60000"), places=2),
    st.decimals(min_value=Decimal("0"), max_value=Decimal("60000"), places=3),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.floats(),
    st.floats(min_value=0, max_value=60000).map(lambda x: round(x, 2)),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.integers(min_value=0, max_value=60000),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
    st.sampled_from(
        [
            "50 000,00",
            "49\u202f999,50 €",
            "50000.01",
            "50000.001",
            "1e999999",
            "-1e999999",
            "1E-999999",
            "NaN",
            "sNaN",
            "-Infinity",
            "-0",
            "0.1",
            "٣٠٠٠٠",
            "1_000",
            "50.000",
            "1,500,000",
            "1.5",
            "+20 000",
            "12345678901234567890",
            "\x00",
            True,
            False,
        ]
    ),
)


@settings(max_examples=120)
@given(annees=st.fixed_dictionaries({1: montants, 2: montants, 3: montants}), bonus=st.sampled_from([None, False, True, "oui", 1]))
def test_un_montant_est_refuse_avec_la_regle_ou_garde_au_centime_pres(brouillon, porteur, annees, bonus):
    avant = Dossier.objects.get(pk=brouillon.pk)
    resultat = dossier_enregistrer_montants(dossier=brouillon, montants=annees, bonus_numerique=bonus, par=porteur)
    apres = Dossier.objects.get(pk=brouillon.pk)
    refus = {e.champ: e for e in resultat.refus}
    for annee, valeur in annees.items():
        champ = f"montant_annee_{annee}"
        stocke, nombre = getattr(apres, champ), _nombre(valeur)
        if champ in refus:
            assert refus[champ].message.startswith(f"Année {annee} : ")
            assert stocke == getattr(avant, champ)  # the draft keeps what it had
            assert nombre is None or nombre < 0 or nombre > PLAFOND or nombre != nombre.quantize(Decimal("0.01"))
        elif valeur is None or valeur == "":
            assert stocke is None
        else:
            assert nombre is not None and stocke == nombre and Decimal("0") <= stocke <= PLAFOND  # exactly what was asked
            assert stocke.as_tuple().exponent == -2
    hors_qpv = bonus is True and not apres.tiers_lieu.en_qpv_ou_proximite
    assert ("bonus_numerique" in refus) == (bonus is not None and not isinstance(bonus, bool) or hors_qpv)
    assert apres.bonus_numerique == (avant.bonus_numerique if "bonus_numerique" in refus or bonus is None else bonus)
    montants_ = apres.montants
    total_hors_regle = None not in montants_ and not MINIMUM <= sum(montants_) <= MAXIMUM
    assert total_hors_regle == any(e.regle in ("total_minimum", "total_maximum") for e in resultat.avertissements)


@settings(max_examples=40)
@given(annees=st.tuples(*[st.decimals(min_value=Decimal("0"), max_value=Decimal("50000"), places=2)] * 3))
def test_le_depot_n_accepte_que_le_total_reglementaire_et_sinon_ne_change_rien(brouillon, porteur, annees):
    total = sum(annees)
    with transaction.atomic():  # each example starts from the same draft
        dossier_enregistrer_montants(dossier=brouillon, montants=dict(enumerate(annees, start=1)), par=porteur)
        avant = Dossier.objects.values().get(pk=brouillon.pk)
        with time_machine.travel(AVANT_LA_LIMITE, tick=False):
            try:
                depose = dossier_deposer(dossier=brouillon, par=porteur)
            except ErreurMetier as erreur:
                assert not MINIMUM <= total <= MAXIMUM
                assert "Total sur trois ans" in erreur.message
                assert Dossier.objects.values().get(pk=brouillon.pk) == avant
            else:
                assert MINIMUM <= total <= MAXIMUM
                assert depose.statut == Dossier.Statut.DEPOSE and depose.montant_total_demande == total
        transaction.set_rollback(True)
