"""Rebuild the reviews' synthesis stored on every dossier (score, means, gaps, counts)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from candidatures.services.synthese import synthese_recalculer_tout


class Command(BaseCommand):
    help = "Recalcule, à partir des évaluations et des affectations, la synthèse stockée de chaque dossier (score, moyennes, écarts)."

    def handle(self, *args, **options):
        with transaction.atomic():
            n = synthese_recalculer_tout()
        self.stdout.write(self.style.SUCCESS(f"Synthèse recalculée pour {n} dossier{'s' if n > 1 else ''}."))
