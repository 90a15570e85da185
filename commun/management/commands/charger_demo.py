"""Load the demo data of every app (idempotent: running it twice changes nothing)."""
import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# Modules contributing demo data (each with ``charger(stdout)``), in dependency order.
MODULES = [
    "comptes.demo",
    "fabriques.demo",
    "candidatures.demo",
    "candidatures.demo_comite",
    "candidatures.demo_instruction",
    "candidatures.demo_publication",
    "financement.demo",
    "selection.demo",
]


class Command(BaseCommand):
    help = "Charge les données de démonstration (comptes de chaque rôle, tiers-lieux, vagues, dossiers…)."

    def handle(self, *args, **options):
        for nom in MODULES:
            try:
                module = importlib.import_module(nom)
            except ModuleNotFoundError as exc:
                if exc.name != nom:
                    raise
                continue
            with transaction.atomic():
                module.charger(self.stdout)
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        from comptes.demo import afficher_comptes

        afficher_comptes(self.stdout)
