"""Celery tasks of the instruction: thin, idempotent, ids in."""

from celery import shared_task


@shared_task(
    name="candidatures.tasks_instruction.generer_export",
    bind=True,
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=True,
    max_retries=3,
)
def generer_export(self, export_id: int) -> str:
    """Build the file of a background export (safe to run twice)."""
    from ..services.exports import export_generer

    return export_generer(export_id=export_id).statut


@shared_task(name="candidatures.tasks_instruction.exports_relancer_en_attente")
def exports_relancer_en_attente() -> int:
    """Periodic: queue again the exports asked while the broker was down."""
    from ..services.exports import exports_relancer_en_attente as relancer

    return relancer()
