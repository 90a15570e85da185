"""Celery tasks of the financement app: thin, idempotent, ids in."""
from celery import shared_task


@shared_task
def generer_documents_subvention(subvention_id: int) -> int:
    """Render the grant's documents if its schedule changed (safe to run twice)."""
    from .services import documents_generer

    return len(documents_generer(subvention_id=subvention_id))


@shared_task
def notifier_laureat(subvention_id: int) -> int:
    """E-mail the notification letter to the tiers-lieu's managers (once per manager and version)."""
    from commun.courriels import courriel_planifier

    from .models import DocumentSubvention, Subvention
    from .services import documents_generer

    documents_generer(subvention_id=subvention_id)
    subvention = Subvention.objects.select_related("dossier__tiers_lieu").get(pk=subvention_id)
    lettre = subvention.documents.filter(type=DocumentSubvention.Type.NOTIFICATION).order_by("-version").first()
    envoyes = 0
    for gestionnaire in subvention.dossier.tiers_lieu.gestionnaires.all():
        courriel_planifier(
            cle=f"notification-subvention:{subvention.pk}:v{lettre.version}:{gestionnaire.pk}",
            destinataire=gestionnaire.email, gabarit="subvention_notifiee",
            contexte={"subvention": subvention, "tiers_lieu": subvention.dossier.tiers_lieu, "montant_total": subvention.montant_total},
            pieces_jointes=[{"chemin": lettre.fichier.name, "nom": f"notification-{subvention.reference_convention}.pdf", "type": "application/pdf"}],
        )
        envoyes += 1
    return envoyes


@shared_task
def rappeler_rapports_activite() -> int:
    """Daily: remind laureates of the activity report that conditions their next tranche (once each)."""
    from django.db import transaction

    from .services.versements import rapports_rappeler

    with transaction.atomic():
        return rapports_rappeler()
