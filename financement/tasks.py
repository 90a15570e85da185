"""Celery tasks of the financement app: thin, idempotent, ids in. Each task is named after the
service it calls (the services are imported in the functions: they import this module's tasks)."""

from celery import shared_task


@shared_task
def documents_generer(subvention_id: int) -> int:
    """Render the grant's documents if its schedule changed (safe to run twice)."""
    from .services import documents_generer as service

    return len(service(subvention_id=subvention_id))


@shared_task
def notification_envoyer(subvention_id: int) -> int:
    """E-mail the notification letter to the tiers-lieu's managers (once per manager and version)."""
    from .services import notification_envoyer as service

    return service(subvention_id=subvention_id)


@shared_task
def rapports_rappeler() -> int:
    """Daily: remind laureates of the activity report that conditions their next tranche (once each)."""
    from .services.versements import rapports_rappeler as service

    return service()


# Former names, kept registered so that a message queued before the renaming (a task queued after
# a commit, or the daily beat message) still runs. To remove once no worker holds such a message.
@shared_task(name="financement.tasks.generer_documents_subvention")
def _generer_documents_subvention(subvention_id: int) -> int:
    return documents_generer(subvention_id)


@shared_task(name="financement.tasks.notifier_laureat")
def _notifier_laureat(subvention_id: int) -> int:
    return notification_envoyer(subvention_id)


@shared_task(name="financement.tasks.rappeler_rapports_activite")
def _rappeler_rapports_activite() -> int:
    return rapports_rappeler()
