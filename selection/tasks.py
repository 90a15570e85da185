"""Celery tasks of the publication of results: thin and idempotent — ids in, the service called, safe
to run twice. Their registered names are those they had in ``candidatures.tasks`` (queued messages
know a task by its name)."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="candidatures.tasks.publier_resultats", bind=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def publier_resultats(self, publication_id: int) -> str:
    """Run a publication job: labels, laureate list PDF, status, decision e-mails (safe to run twice)."""
    from .services.publication import publication_executer

    return publication_executer(publication_id=publication_id).statut
