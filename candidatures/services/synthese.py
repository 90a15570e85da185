"""The synthesis of the reviews stored on each dossier (score on 100, mean per criterion, largest
gap between reviewers, reviews done and expected).

Lists of dossiers rank, filter and page on these columns (index ``dossier_classement``) instead of
aggregating every dossier's scores on each request. They are derived data: this module is the only
writer, called by the services in the same transaction as the change that moves them — a review
submitted, an assignment created or removed, the wave's grid changed, a dossier carried to another
wave — and ``manage.py recalculer_syntheses`` rebuilds them all from the reviews.
"""
from collections.abc import Iterable

from ..models import Dossier, Vague
from ..models.instruction import CRITERES
from ..selectors.instruction import scores_calcules

CHAMPS = ["score", *[f"moy_{c}" for c in CRITERES], "ecart_max", "nb_evaluations", "nb_attendues"]
LOT = 2000


def synthese_recalculer(*, dossier_ids: Iterable[int]) -> int:
    """Recompute and store the synthesis of these dossiers from their reviews and assignments.
    Return the number of dossiers written. Idempotent; run inside the caller's transaction."""
    ids = sorted(set(dossier_ids))
    ecrits = 0
    for debut in range(0, len(ids), LOT):
        lot = ids[debut:debut + LOT]
        dossiers = list(scores_calcules(Dossier.objects.filter(pk__in=lot)).order_by().only("pk", *CHAMPS))
        for d in dossiers:
            for champ in CHAMPS:
                setattr(d, champ, getattr(d, f"calc_{champ}"))
        Dossier.objects.bulk_update(dossiers, CHAMPS, batch_size=500)
        ecrits += len(dossiers)
    return ecrits


def synthese_recalculer_vague(*, vague: Vague) -> int:
    """Recompute the synthesis of every dossier of a wave (its grid changed)."""
    return synthese_recalculer(dossier_ids=Dossier.objects.filter(vague=vague).values_list("pk", flat=True))


def synthese_recalculer_tout() -> int:
    """Recompute the synthesis of every dossier (after bulk imports, and by
    ``manage.py recalculer_syntheses``)."""
    return synthese_recalculer(dossier_ids=Dossier.objects.values_list("pk", flat=True))
