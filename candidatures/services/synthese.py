"""The synthesis of the reviews stored on each dossier (score on 100, mean per criterion of the
dossier's call — ``moyennes``, by criterion code, and the four Fabriques columns —, the mean of the
call's first criterion that breaks ties, largest gap between reviewers, reviews done and expected).

Lists of dossiers rank, filter and page on these columns (index ``dossier_classement``) instead of
aggregating every dossier's scores on each request. They are derived data: this module is the only
writer, called by the services in the same transaction as the change that moves them — a review
submitted, an assignment created or removed, the wave's grid changed, a dossier carried to another
wave — and ``manage.py recalculer_syntheses`` rebuilds them all from the reviews.
"""

from collections import defaultdict
from collections.abc import Iterable

from ..models import Dossier, Evaluation, NoteCritere, Vague
from ..models.instruction import CRITERES
from ..selectors.instruction import criteres_de, grille_de, grille_propre_a_l_appel, scores_calcules

CHAMPS = ["score", *[f"moy_{c}" for c in CRITERES], "ecart_max", "nb_evaluations", "nb_attendues"]
ECRITS = [*CHAMPS, "moyennes", "moy_departage"]
LOT = 2000


def synthese_recalculer(*, dossier_ids: Iterable[int]) -> int:
    """Recompute and store the synthesis of these dossiers from their reviews and assignments.
    Return the number of dossiers written. Idempotent; run inside the caller's transaction."""
    ids = sorted(set(dossier_ids))
    ecrits = 0
    for debut in range(0, len(ids), LOT):
        lot = ids[debut : debut + LOT]
        dossiers = list(scores_calcules(Dossier.objects.filter(pk__in=lot)).order_by().only("pk", "vague", *ECRITS))
        for d in dossiers:
            for champ in CHAMPS:
                setattr(d, champ, getattr(d, f"calc_{champ}"))
            # The Fabriques' four criteria (a call with criteria of its own is rewritten below).
            d.moyennes = {c: getattr(d, f"calc_moy_{c}") for c in CRITERES if getattr(d, f"calc_moy_{c}") is not None}
            d.moy_departage = d.moyennes.get(CRITERES[0])
        _criteres_propres_a_l_appel(dossiers)
        Dossier.objects.bulk_update(dossiers, ECRITS, batch_size=500)
        ecrits += len(dossiers)
    return ecrits


def _criteres_propres_a_l_appel(dossiers: list[Dossier]) -> None:
    """Score the dossiers of waves whose call has criteria of its own (not the grid's four columns):
    the same definition as ``scores_calcules`` — weighted mean of each criterion's mean over the
    submitted reviews, on 100; the largest gap between two reviewers on one criterion — with the
    call's criteria and weights, and the wave's scale."""
    par_vague = defaultdict(list)
    for d in dossiers:
        par_vague[d.vague_id].append(d)
    propres = {}
    for vague in Vague.objects.filter(pk__in=par_vague).select_related("appel"):
        if grille_propre_a_l_appel(vague):
            propres[vague.pk] = (criteres_de(vague), grille_de(vague))
    if not propres:
        return
    concernes = [d for vague_id in propres for d in par_vague[vague_id]]
    notes = defaultdict(lambda: defaultdict(list))
    for dossier_id, critere, note in NoteCritere.objects.filter(
        evaluation__dossier__in=concernes,
        evaluation__statut=Evaluation.Statut.SOUMISE,
        note__isnull=False,
    ).values_list("evaluation__dossier_id", "critere", "note"):
        notes[dossier_id][critere].append(note)
    for d in concernes:
        criteres, grille = propres[d.vague_id]
        siennes = notes[d.pk]
        moyennes = {c.value: sum(siennes[c.value]) / len(siennes[c.value]) for c in criteres if siennes[c.value]}
        d.moyennes = moyennes
        d.moy_departage = moyennes.get(criteres[0].value)  # the call's first criterion breaks ties
        d.ecart_max = max((max(siennes[c.value]) - min(siennes[c.value]) for c in criteres if siennes[c.value]), default=0)
        if len(moyennes) < len(criteres):
            d.score = None  # as in SQL: a criterion without any note leaves the score unknown
            continue
        poids = sum(c.poids for c in criteres)
        points = sum(c.poids * (moyennes[c.value] - grille.note_min) for c in criteres)
        d.score = round(100.0 * points / ((grille.note_max - grille.note_min) * poids), 2)


def synthese_recalculer_vague(*, vague: Vague) -> int:
    """Recompute the synthesis of every dossier of a wave (its grid changed)."""
    return synthese_recalculer(dossier_ids=Dossier.objects.filter(vague=vague).values_list("pk", flat=True))


def synthese_recalculer_tout() -> int:
    """Recompute the synthesis of every dossier (after bulk imports, and by
    ``manage.py recalculer_syntheses``)."""
    return synthese_recalculer(dossier_ids=Dossier.objects.values_list("pk", flat=True))
