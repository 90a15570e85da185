"""Proposing and adjusting a grant: the schedule, the rules' messages, the history."""

from decimal import Decimal

import pytest

from candidatures.models import Dossier
from commun.erreurs import AccesRefuse, ConflitEtat, ErreurMetier
from commun.models import EntreeJournal
from financement.echeancier import EcheancierInvalide
from financement.models import HistoriqueSubvention, Nature, Subvention
from financement.services import subvention_ajuster, subvention_proposer
from tests.fabriques import factories as fab
from tests.financement import factories as ff

pytestmark = pytest.mark.django_db
D = Decimal


def _montants(subvention):
    return {(t.annee, t.nature): t.montant for t in subvention.tranches.all()}


def test_proposition_reprend_les_montants_demandes(administrateur):
    dossier = ff.dossier(montant_annee_1=D("50000"), montant_annee_2=D("40000"), montant_annee_3=D("30000"))
    subvention = subvention_proposer(dossier=dossier, par=administrateur)
    assert _montants(subvention) == {
        (1, "fonctionnement"): D("50000.00"),
        (2, "fonctionnement"): D("40000.00"),
        (3, "fonctionnement"): D("30000.00"),
    }
    assert subvention.total_fonctionnement == D("120000.00")
    assert subvention.statut == Subvention.Statut.PROPOSEE
    assert subvention.reference_convention.startswith("FDT-V01-")


@pytest.mark.parametrize("montants", [(D("80000"), D("50000"), D("20000")), (D("20000"), D("20000"), None)])
def test_un_dossier_depose_hors_des_regles_ne_peut_exister(montants):
    """Above 50 000 € a year or outside 75 000–150 000 € in total, the database refuses the
    deposited dossier itself, so no proposal is ever computed from such amounts."""
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ff.dossier(montant_annee_1=montants[0], montant_annee_2=montants[1], montant_annee_3=montants[2])


def test_bonus_propose_en_qpv_quand_il_est_demande(administrateur, dossier_qpv):
    subvention = subvention_proposer(dossier=dossier_qpv, par=administrateur)
    assert _montants(subvention)[(1, Nature.INVESTISSEMENT)] == D("100000.00")
    assert subvention.montant_total == D("220000.00")


def test_bonus_non_propose_hors_qpv(administrateur):
    dossier = ff.dossier(bonus_numerique=True)
    subvention = subvention_proposer(dossier=dossier, par=administrateur)
    assert (1, Nature.INVESTISSEMENT) not in _montants(subvention)
    assert "ni dans un QPV" in subvention.historique.get().commentaire


def test_seul_un_dossier_retenu_recoit_une_subvention(administrateur):
    dossier = ff.dossier(statut=Dossier.Statut.EN_INSTRUCTION)
    with pytest.raises(ConflitEtat, match="Seul un dossier retenu"):
        subvention_proposer(dossier=dossier, par=administrateur)


def test_une_seule_subvention_par_dossier(administrateur):
    dossier = ff.dossier()
    subvention_proposer(dossier=dossier, par=administrateur)
    with pytest.raises(ConflitEtat, match="déjà une subvention"):
        subvention_proposer(dossier=dossier, par=administrateur)


@pytest.fixture
def subvention(administrateur):
    return subvention_proposer(dossier=ff.dossier(), par=administrateur)


def test_ajustement_dans_les_regles_garde_le_total_egal_a_la_somme(subvention, administrateur):
    subvention_ajuster(
        subvention=subvention, montants={"annee_1": D("25000"), "annee_2": D("25000"), "annee_3": D("25000.00")}, par=administrateur
    )
    subvention.refresh_from_db()
    assert subvention.total_fonctionnement == D("75000.00") == sum(_montants(subvention).values())


def test_ajustement_historise_avant_et_apres(subvention, administrateur):
    subvention_ajuster(
        subvention=subvention,
        montants={"annee_1": D("50000"), "annee_2": D("50000"), "annee_3": D("50000")},
        par=administrateur,
        commentaire="Décision du comité",
    )
    entree = subvention.historique.filter(action=HistoriqueSubvention.Action.AJUSTEMENT).get()
    assert entree.montants_avant == {"annee_1": "50000.00", "annee_2": "40000.00", "annee_3": "30000.00", "bonus": False}
    assert entree.montants_apres == {"annee_1": "50000.00", "annee_2": "50000.00", "annee_3": "50000.00", "bonus": False}
    journal = EntreeJournal.objects.pour_objet(subvention).get(action="subvention.ajustee")
    assert journal.acteur == administrateur
    assert journal.donnees["avant"]["annee_3"] == "30000.00"


def test_ajustement_au_dela_du_plafond_dit_l_annee_et_l_ecart(subvention, administrateur):
    with pytest.raises(EcheancierInvalide) as erreur:
        subvention_ajuster(
            subvention=subvention, montants={"annee_1": D("50000"), "annee_2": D("50000.01"), "annee_3": D("30000")}, par=administrateur
        )
    assert erreur.value.message == "L'année 2 dépasse le plafond annuel de 50 000,00 € de 0,01 €."
    assert erreur.value.champ == "annee_2"
    subvention.refresh_from_db()
    assert subvention.total_fonctionnement == D("120000.00")


def test_annee_a_zero_supprime_la_tranche(subvention, administrateur):
    subvention_ajuster(
        subvention=subvention, montants={"annee_1": D("50000"), "annee_2": D("50000"), "annee_3": D("0")}, par=administrateur
    )
    assert set(_montants(subvention)) == {(1, "fonctionnement"), (2, "fonctionnement")}


def test_bonus_refuse_hors_qpv(subvention, administrateur):
    Dossier.objects.filter(pk=subvention.dossier_id).update(bonus_numerique=True)
    with pytest.raises(EcheancierInvalide, match="réservé aux tiers-lieux situés dans un quartier prioritaire"):
        subvention_ajuster(
            subvention=subvention,
            montants={"annee_1": D("50000"), "annee_2": D("40000"), "annee_3": D("30000"), "bonus": True},
            par=administrateur,
        )


def test_bonus_refuse_s_il_n_a_pas_ete_demande(administrateur):
    subvention = subvention_proposer(dossier=ff.dossier(tiers_lieu=fab.tiers_lieu(en_qpv=True)), par=administrateur)
    with pytest.raises(EcheancierInvalide, match="n'a pas été demandé"):
        subvention_ajuster(
            subvention=subvention,
            montants={"annee_1": D("50000"), "annee_2": D("40000"), "annee_3": D("30000"), "bonus": True},
            par=administrateur,
        )


def test_bonus_ajoute_puis_retire(administrateur, dossier_qpv):
    subvention = subvention_proposer(dossier=dossier_qpv, par=administrateur)
    subvention_ajuster(
        subvention=subvention,
        montants={"annee_1": D("50000"), "annee_2": D("40000"), "annee_3": D("30000"), "bonus": False},
        par=administrateur,
    )
    assert not subvention.tranches.filter(nature=Nature.INVESTISSEMENT).exists()


def test_seul_un_administrateur_ajuste(subvention, porteur, instructeur):
    for user in (porteur, instructeur):
        with pytest.raises(AccesRefuse):
            subvention_ajuster(
                subvention=subvention, montants={"annee_1": D("50000"), "annee_2": D("50000"), "annee_3": D("50000")}, par=user
            )


def test_echeancier_identique_refuse(subvention, administrateur):
    with pytest.raises(ErreurMetier, match="identique"):
        subvention_ajuster(
            subvention=subvention, montants={"annee_1": D("50000"), "annee_2": D("40000"), "annee_3": D("30000")}, par=administrateur
        )
