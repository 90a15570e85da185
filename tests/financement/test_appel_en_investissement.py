"""A grant of an investment call (« Fabriques numériques de territoire — appel 2019 ») is investment
money: its tranches say so, it is charged to the investment (numérique) envelope and never to the
operating one, and the committee's preview equals what closing checks."""

from decimal import Decimal

import pytest

from appels.services import FICHIERS, appel_charger_fichier
from financement.chiffres import chiffres_programme
from financement.models import Nature, Subvention
from financement.services import subvention_proposer
from financement.services.enveloppe import EnveloppeDepassee
from selection.services.comite import comite_clore, decision_enregistrer
from tests.candidatures import factories_instruction as f
from tests.fabriques import factories as fab
from tests.financement import factories as ff

from .conftest import fixer_enveloppe

D = Decimal
pytestmark = pytest.mark.django_db


def _appel_numerique():
    return appel_charger_fichier(FICHIERS / "fabriques-numeriques-2019.toml").version.appel


def _dossier_numerique(vague, montant="80000.00", **champs):
    return ff.dossier(
        vague=vague,
        tiers_lieu=fab.tiers_lieu(en_qpv=True),
        montant_annee_1=D(montant),
        montant_annee_2=None,
        montant_annee_3=None,
        **champs,
    )


def test_une_subvention_d_un_appel_en_investissement_va_sur_l_enveloppe_d_investissement(administrateur):
    vague = ff.vague(numero=20, appel=_appel_numerique())
    dossier = _dossier_numerique(vague)
    assert dossier.regles.nature == "investissement"
    avant = chiffres_programme(cache=False)

    subvention = subvention_proposer(dossier=dossier, par=administrateur)

    assert subvention.nature == Nature.INVESTISSEMENT
    assert [(t.annee, t.nature, t.bonus, t.montant) for t in subvention.tranches.all()] == [(1, "investissement", False, D("80000.00"))]
    apres = chiffres_programme(cache=False)
    assert apres.numerique.engage - avant.numerique.engage == D("80000.00")
    assert apres.fonctionnement.engage == avant.fonctionnement.engage
    assert apres.numeriques.atteint == avant.numeriques.atteint + 1  # a laureate of the numérique call is a Fabrique numérique


def test_l_enveloppe_d_investissement_refuse_la_subvention_d_investissement(administrateur):
    fixer_enveloppe("79999.99", code="numerique")
    fixer_enveloppe("0.00")  # nothing left for operating money: an investment grant does not need it
    vague = ff.vague(numero=21, appel=_appel_numerique())
    with pytest.raises(EnveloppeDepassee) as erreur:
        subvention_proposer(dossier=_dossier_numerique(vague), par=administrateur)
    assert "dépasse l'enveloppe d'investissement des Fabriques numériques de 0,01 €" in erreur.value.message
    assert "fonctionnement" not in erreur.value.message
    assert not Subvention.objects.exists()
    fixer_enveloppe("80000.00", code="numerique")
    assert subvention_proposer(dossier=_dossier_numerique(vague), par=administrateur).derogation_enveloppe is False


def test_les_fabriques_gardent_le_fonctionnement_et_le_bonus_en_investissement(administrateur):
    subvention = subvention_proposer(dossier=ff.dossier(tiers_lieu=fab.tiers_lieu(en_qpv=True), bonus_numerique=True), par=administrateur)
    assert subvention.nature == Nature.FONCTIONNEMENT
    assert sorted((t.nature, t.bonus) for t in subvention.tranches.all()) == [
        ("fonctionnement", False),
        ("fonctionnement", False),
        ("fonctionnement", False),
        ("investissement", True),
    ]
    chiffres = chiffres_programme(cache=False)
    assert (chiffres.fonctionnement.engage, chiffres.numerique.engage) == (D("120000.00"), D("100000.00"))


def test_l_apercu_du_comite_est_ce_que_la_cloture_verifie(administrateur):
    vague = f.vague(appel=_appel_numerique())
    dossiers = [
        f.dossier(vague, tl=fab.tiers_lieu(en_qpv=True), montant_annee_1=D(m), montant_annee_2=None, montant_annee_3=None)
        for m in ("60000.00", "40000.00")
    ]
    for dossier in dossiers:
        decision_enregistrer(dossier=dossier, resultat="retenu", par=administrateur)
    fixer_enveloppe("99999.99", code="numerique")
    fixer_enveloppe("0.00")

    apercu = chiffres_programme(retenus_a_venir=dossiers, cache=False)
    assert (apercu.numerique.a_engager, apercu.fonctionnement.a_engager) == (D("100000.00"), D("0.00"))
    assert apercu.numerique.depassement == D("0.01") and apercu.fonctionnement.depassement == D("0.00")
    with pytest.raises(EnveloppeDepassee, match="investissement") as erreur:
        comite_clore(vague=vague, par=administrateur)
    assert "0,01 €" in erreur.value.message and "fonctionnement" not in erreur.value.message

    fixer_enveloppe("100000.00", code="numerique")
    assert not chiffres_programme(retenus_a_venir=dossiers, cache=False).depasse
    comite_clore(vague=vague, par=administrateur)
    engage = chiffres_programme(cache=False)
    assert (engage.numerique.engage, engage.fonctionnement.engage) == (D("100000.00"), D("0.00"))
    assert {t.nature for s in Subvention.objects.all() for t in s.tranches.all()} == {"investissement"}
