"""Celery tasks of the applicant side: thin, ids in, safe to run twice."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="candidatures.tasks_depot.produire_accuse", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def produire_accuse(dossier_id: int) -> None:
    """Build and store the proof of deposit, and queue its e-mail (at most once each)."""
    from ..services.accuse import dossier_accuse_produire

    dossier_accuse_produire(dossier_id=dossier_id)


@shared_task(name="candidatures.tasks_depot.produire_accuses_manquants")
def produire_accuses_manquants(limite: int = 500) -> int:
    """Build the proofs still missing (e.g. deposits made while the broker was down)."""
    from ..models import Dossier
    from ..services.accuse import dossier_accuse_produire

    ids = list(
        Dossier.objects.filter(depose_le__isnull=False, accuse_reception="").order_by("depose_le").values_list("pk", flat=True)[:limite]
    )
    for dossier_id in ids:
        try:
            dossier_accuse_produire(dossier_id=dossier_id)
        except Exception:
            logger.exception("Accusé de réception du dossier %s non produit", dossier_id)
    return len(ids)
