"""Celery tasks of the common layer: thin, idempotent, ids in."""

import logging

from celery import shared_task

from .courriels import courriel_envoyer
from .models import Courriel

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def envoyer_courriel(self, courriel_id: int) -> bool:
    """Send one e-mail of the outbox (safe to run twice: the second run does nothing)."""
    return courriel_envoyer(courriel_id=courriel_id)


@shared_task
def envoyer_courriels_en_attente(limite: int = 500) -> int:
    """Send what the outbox still holds (e.g. e-mails queued while the broker was down)."""
    envoyes = 0
    ids = list(Courriel.objects.filter(statut=Courriel.Statut.EN_ATTENTE).order_by("cree_le").values_list("pk", flat=True)[:limite])
    for courriel_id in ids:
        try:
            envoyes += courriel_envoyer(courriel_id=courriel_id)
        except Exception:
            logger.exception("Échec d'envoi du courriel %s", courriel_id)
    if envoyes:
        logger.info("%s courriel(s) en attente envoyé(s)", envoyes)
    return envoyes


@shared_task
def ping() -> str:
    """Answer « pong »: proves a worker consumes the broker (used by /sante/ tests and CI)."""
    return "pong"
