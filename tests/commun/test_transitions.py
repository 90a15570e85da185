"""Every status table drives the one transition helper: each allowed move is saved and journalled,
each forbidden move is refused with a French message and changes nothing. A guard keeps every
status write of the services in the helper."""

import datetime as dt
import itertools
import re
from decimal import Decimal
from pathlib import Path

import pytest

from candidatures.models import (
    TRANSITIONS_COMPLEMENT,
    TRANSITIONS_DOSSIER,
    TRANSITIONS_EVALUATION,
    TRANSITIONS_VAGUE,
    DemandeComplement,
    Dossier,
    Evaluation,
    Vague,
)
from commun.erreurs import ConflitEtat
from commun.models import EntreeJournal
from commun.transitions import transition, transition_en_masse
from financement.models import Nature, Subvention, Tranche, Versement
from tests.conftest import creer_utilisateur
from tests.financement import factories as ff

pytestmark = pytest.mark.django_db

RACINE = Path(__file__).resolve().parents[2]


def _dossier(statut):
    return ff.dossier(statut=statut)


def _vague(statut):
    return ff.vague(numero=7, statut=statut)


def _subvention(statut):
    dossier = ff.dossier()
    signee = statut in (Subvention.Statut.CONVENTIONNEE, Subvention.Statut.SOLDEE)
    return Subvention.objects.create(
        dossier=dossier,
        total_fonctionnement=Decimal("100000.00"),
        cree_par=dossier.cree_par,
        statut=statut,
        date_convention=dt.date(2026, 2, 1) if signee else None,
    )


def _versement(statut):
    subvention = _subvention(Subvention.Statut.CONVENTIONNEE)
    tranche = Tranche.objects.create(subvention=subvention, annee=1, nature=Nature.FONCTIONNEMENT, montant=Decimal("50000.00"))
    return Versement.objects.create(
        tranche=tranche,
        montant=Decimal("50000.00"),
        date_prevue=dt.date(2026, 3, 1),
        statut=statut,
        date_versement=dt.date(2026, 3, 1) if statut == Versement.Statut.VERSE else None,
        motif_suspension="Rapport attendu" if statut == Versement.Statut.SUSPENDU else "",
    )


def _complement(statut):
    dossier = ff.dossier(statut=Dossier.Statut.COMPLEMENT_DEMANDE)
    return DemandeComplement.objects.create(
        dossier=dossier,
        demande_par=dossier.cree_par,
        sections=["budget"],
        message="Préciser",
        date_limite=dt.date(2026, 12, 31),
        statut=statut,
        statut_dossier_avant=Dossier.Statut.DEPOSE,
    )


def _evaluation(statut):
    soumise = statut == Evaluation.Statut.SOUMISE
    return Evaluation.objects.create(
        dossier=ff.dossier(),
        instructeur=creer_utilisateur("lecteur@exemple.fr", role=None),
        statut=statut,
        avis="favorable" if soumise else "",
        soumise_le=dt.datetime(2026, 5, 1, tzinfo=dt.UTC) if soumise else None,
    )


# What a move to a status needs besides the status (the database checks it).
CHAMPS_REQUIS = {
    (Versement, Versement.Statut.VERSE): {"date_versement": dt.date(2026, 3, 2)},
    (Versement, Versement.Statut.SUSPENDU): {"motif_suspension": "Rapport attendu"},
    (Subvention, Subvention.Statut.CONVENTIONNEE): {"date_convention": dt.date(2026, 2, 1)},
    (Evaluation, Evaluation.Statut.SOUMISE): {"avis": "favorable", "soumise_le": dt.datetime(2026, 5, 1, tzinfo=dt.UTC)},
}

TABLES = {
    "dossier": (Dossier, TRANSITIONS_DOSSIER, _dossier),
    "vague": (Vague, TRANSITIONS_VAGUE, _vague),
    "subvention": (Subvention, Subvention.TRANSITIONS, _subvention),
    "versement": (Versement, Versement.TRANSITIONS, _versement),
    "complement": (DemandeComplement, TRANSITIONS_COMPLEMENT, _complement),
    "evaluation": (Evaluation, TRANSITIONS_EVALUATION, _evaluation),
}

CAS = [
    pytest.param(nom, de, vers, id=f"{nom}:{de}->{vers}")
    for nom, (modele, _table, _f) in TABLES.items()
    for de, vers in itertools.product(modele.Statut.values, repeat=2)
    if de != vers
]


@pytest.mark.parametrize("nom", TABLES)
def test_chaque_table_nomme_chaque_statut_de_son_modele(nom):
    modele, table, _f = TABLES[nom]
    assert set(table) == set(modele.Statut.values)
    assert set().union(*table.values()) <= set(modele.Statut.values)


@pytest.mark.parametrize(("nom", "de", "vers"), CAS)
def test_la_table_decide_chaque_changement_d_etat(nom, de, vers, administrateur):
    modele, table, fabrique = TABLES[nom]
    objet = fabrique(de)
    journal_avant = EntreeJournal.objects.count()
    champs = CHAMPS_REQUIS.get((modele, vers), {})
    if vers in table[de]:
        avant = transition(objet, vers=vers, table=table, par=administrateur, action="essai.transition", champs=champs, donnees={"n": 1})
        assert avant == de
        assert modele.objects.get(pk=objet.pk).statut == vers
        entree = EntreeJournal.objects.latest("pk")
        assert (entree.action, entree.etat_avant, entree.etat_apres, entree.donnees) == ("essai.transition", de, vers, {"n": 1})
        assert entree.objet_id == str(objet.pk) and entree.acteur == administrateur
    else:
        with pytest.raises(ConflitEtat, match="ne peut pas passer à"):
            transition(objet, vers=vers, table=table, par=administrateur, action="essai.transition", champs=champs)
        assert modele.objects.get(pk=objet.pk).statut == de
        assert EntreeJournal.objects.count() == journal_avant


@pytest.mark.parametrize(
    ("nom", "statut"),
    [pytest.param(nom, statut, id=f"{nom}:{statut}") for nom, (modele, _t, _f) in TABLES.items() for statut in modele.Statut.values],
)
def test_rester_dans_le_meme_statut_n_est_pas_un_passage(nom, statut, administrateur):
    """An adjourned dossier adjourned again, a complement cancelled on a dossier already back: no move
    to check, the entry is written all the same."""
    modele, table, fabrique = TABLES[nom]
    objet = fabrique(statut)
    assert transition(objet, vers=statut, table=table, par=administrateur, action="essai.transition") == statut
    entree = EntreeJournal.objects.latest("pk")
    assert (entree.etat_avant, entree.etat_apres) == (statut, statut)
    assert modele.objects.get(pk=objet.pk).statut == statut


def test_un_refus_garde_le_message_du_service(administrateur):
    dossier = _dossier(Dossier.Statut.RETENU)
    with pytest.raises(ConflitEtat, match="^Ce dossier ne peut plus être retiré.$"):
        transition(
            dossier,
            vers=Dossier.Statut.RETIRE,
            table=TRANSITIONS_DOSSIER,
            par=administrateur,
            action="dossier.retire",
            message="Ce dossier ne peut plus être retiré.",
        )


def test_le_passage_en_masse_lit_la_meme_table():
    deposes = [_dossier(Dossier.Statut.DEPOSE) for _ in range(2)]
    retenu = _dossier(Dossier.Statut.RETENU)
    n = transition_en_masse(
        Dossier.objects.all(), de=[Dossier.Statut.DEPOSE], vers=Dossier.Statut.EN_INSTRUCTION, table=TRANSITIONS_DOSSIER
    )
    assert n == 2
    assert {d.statut for d in Dossier.objects.filter(pk__in=[d.pk for d in deposes])} == {Dossier.Statut.EN_INSTRUCTION}
    assert Dossier.objects.get(pk=retenu.pk).statut == Dossier.Statut.RETENU
    with pytest.raises(ConflitEtat):
        transition_en_masse(
            Dossier.objects.all(), de=[Dossier.Statut.RETENU], vers=Dossier.Statut.EN_INSTRUCTION, table=TRANSITIONS_DOSSIER
        )


# ``objet.statut = …`` or ``.update(statut=…)`` (over several lines too) in a service module.
ECRITURE_DE_STATUT = re.compile(
    r"^[ \t]*(?:[\w.]+\s*,\s*)*[\w.]+\.statut\s*(?:,\s*[\w.]+\s*)*=(?!=)"  # an assignment, alone or in a tuple
    r"|\.update\((?:[^()]|\([^()]*\))*?\bstatut\s*=",  # a queryset update, over several lines too
    re.MULTILINE,
)
# A background job's own row (a publication being built, an export being written) records the run's
# progress, not a life with a table: it is not a state change of the programme.
SUIVI_DE_TACHE = ("Publication.Statut.", "ExportInstruction.Statut.")


def _modules_de_services():
    for chemin in sorted(RACINE.glob("*/services/*.py")) + sorted(RACINE.glob("*/services.py")):
        if ".venv" not in chemin.parts:
            yield chemin


def ecritures_de_statut(texte: str) -> list[tuple[int, str]]:
    return [
        (texte.count("\n", 0, m.start()) + 1, m.group(0))
        for m in ECRITURE_DE_STATUT.finditer(texte)
        if not any(suivi in texte[m.start() : m.end() + 80] for suivi in SUIVI_DE_TACHE)
    ]


def test_aucun_service_n_ecrit_un_statut_hors_du_helper():
    fautes = [
        f"{chemin.relative_to(RACINE)}:{ligne}: {extrait.strip()}"
        for chemin in _modules_de_services()
        for ligne, extrait in ecritures_de_statut(chemin.read_text(encoding="utf-8"))
    ]
    assert not fautes, "Un changement de statut passe par commun.transitions.transition :\n" + "\n".join(fautes)


def test_la_garde_voit_une_ecriture_de_statut():
    assert ecritures_de_statut("        dossier.statut = Dossier.Statut.RETENU")
    assert ecritures_de_statut("        avant, vague.statut = vague.statut, cible")
    assert ecritures_de_statut("        dossier.statut, dossier.retire_le = S.RETIRE, maintenant()")
    assert ecritures_de_statut("qs.filter(a=1).update(\n    statut=S.EN_INSTRUCTION, modifie_le=moment)")
    assert not ecritures_de_statut("    if dossier.statut == S.DEPOSE:")
    assert not ecritures_de_statut("Publication.objects.filter(pk=1).update(\n    statut=Publication.Statut.ECHEC)")
