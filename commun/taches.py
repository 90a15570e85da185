"""Start a Celery task once the caller's transaction is committed, without ever failing the request.

The row the task works on is saved first (a deposit, an e-mail in the outbox, an export, a
publication): if the broker is unreachable, the change stands, the failure is logged, and the
periodic job that looks for unfinished rows queues it again (``commun.tasks.envoyer_courriels_en_attente``,
``candidatures.tasks.depot.produire_accuses_manquants``, ``candidatures.tasks.instruction.relancer_exports_en_attente``;
a publication is queued again by asking to publish again). Every task is idempotent.

    lancer_apres_validation(generer_export, export.pk)
"""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def lancer(tache, *args) -> bool:
    """Queue ``tache(*args)`` now; return whether it was queued (a failure is logged, never raised)."""
    try:
        tache.delay(*args)
    except OperationalError:
        logger.warning("Tâche %s%s différée : file de tâches injoignable", tache.name, args)
        return False
    except Exception:  # eager mode runs the task here: its own failure must not undo the saved change either
        logger.exception("Tâche %s%s non lancée", tache.name, args)
        return False
    return True


def lancer_apres_validation(tache, *args) -> None:
    """Queue ``tache(*args)`` after the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: lancer(tache, *args))
