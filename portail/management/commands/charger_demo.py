"""Load the demo data of every app: what is missing is created, what people changed is left as it
is, and what cannot be loaded on the data found is skipped with the reason (never a crash)."""

import importlib
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from commun.chargement_demo import ERREURS_DE_DONNEES, ignorer

# Modules contributing demo data (each with ``charger(stdout)``), in dependency order, with what they load.
MODULES = [
    ("comptes.demo", "comptes de démonstration"),
    ("fabriques.demo", "territoires et annuaire des Fabriques"),
    ("appels.demo", "appels du programme (fichiers de appels/fichiers/)"),
    ("candidatures.demo.depot", "vagues de l'année et dossiers du porteur"),
    ("selection.demo.comite", "vague en instruction"),
    ("candidatures.demo.instruction", "affectations et évaluations"),
    ("selection.demo.publication", "clôture et résultats publiés"),
    ("financement.demo", "subventions et versements"),
    ("selection.demo.proposition", "aide à la décision du comité"),
]


class _Sortie:
    """The command's output, keeping the list of skipped steps for the summary."""

    def __init__(self, stdout):
        self._stdout = stdout
        self.ignores: list[str] = []

    def write(self, texte: str = "", *args, **kwargs):
        self._stdout.write(texte, *args, **kwargs)


class Command(BaseCommand):
    help = "Charge les données de démonstration (comptes de chaque rôle, tiers-lieux, vagues, dossiers…)."

    def handle(self, *args, **options):
        sortie = _Sortie(self.stdout)
        debut = time.monotonic()
        for nom, quoi in MODULES:
            try:
                module = importlib.import_module(nom)
            except ModuleNotFoundError as exc:
                if exc.name != nom:
                    raise
                continue
            self.stdout.write(self.style.MIGRATE_HEADING(f"{quoi[0].upper()}{quoi[1:]} ({nom})"))
            depart = time.monotonic()
            try:
                with transaction.atomic():
                    module.charger(sortie)
            except ERREURS_DE_DONNEES as erreur:
                ignorer(sortie, f"la suite de « {quoi} »", getattr(erreur, "message", None) or str(erreur))
            self.stdout.write(f"  ({_duree(time.monotonic() - depart)})")
        bilan = f"Données de démonstration chargées en {_duree(time.monotonic() - debut)}"
        if sortie.ignores:
            bilan += f" ; {len(sortie.ignores)} élément(s) ignoré(s) car les données ont été modifiées (voir « Ignoré » ci-dessus)"
        self.stdout.write(self.style.SUCCESS(bilan + "."))
        from comptes.demo import afficher_comptes

        afficher_comptes(self.stdout)


def _duree(secondes: float) -> str:
    return f"{secondes:.1f} s".replace(".", ",")
