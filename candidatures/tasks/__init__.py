"""Celery tasks of the candidatures app: thin and idempotent — ids in, the service called, safe to
run twice. The periodic ones are declared in ``CELERY_BEAT_SCHEDULE`` (config/settings/base.py)."""

import logging

from celery import shared_task

from . import depot, instruction  # noqa: F401  (registered with the worker too)

logger = logging.getLogger(__name__)


@shared_task
def cloturer_vagues_echues() -> list[str]:
    """Every minute: close the waves whose deadline has passed (and open those whose day has come)."""
    from ..services.cloture import vagues_cloturer_echues
    from ..services.vagues import vagues_mettre_a_jour_statuts

    bilans = vagues_cloturer_echues()
    vagues_mettre_a_jour_statuts()
    for bilan in bilans:
        logger.info("%s", bilan)
    return [str(b) for b in bilans]


@shared_task(bind=True, autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=3)
def cloturer_vague(self, vague_id: int) -> str:
    """Close one wave (safe to run twice: the second run does nothing)."""
    from ..services.cloture import vague_cloturer

    return str(vague_cloturer(vague_id=vague_id))


@shared_task
def rappeler_brouillons() -> int:
    """Daily: remind the managers of drafts at J-7 and J-2 before the deadline (once each)."""
    from ..services.rappels import brouillons_rappeler

    nombre = brouillons_rappeler()
    logger.info("%s rappel(s) de brouillon planifié(s)", nombre)
    return nombre


@shared_task
def rappeler_evaluations() -> int:
    """Daily: remind reviewers of the reviews still to submit before the committee (once each)."""
    from ..services.rappels import evaluations_rappeler

    nombre = evaluations_rappeler()
    logger.info("%s rappel(s) d'évaluation planifié(s)", nombre)
    return nombre
