"""Load the list of quartiers prioritaires (QPV) from a CSV file in the official layout."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fabriques.services import ImportRefuse, qpv_importer
from fabriques.services.imports import COLONNES_QPV


class Command(BaseCommand):
    help = (
        "Importe les quartiers prioritaires (QPV) d'un fichier CSV (colonnes : "
        + ", ".join(COLONNES_QPV)
        + "). Tout ou rien : une ligne fausse fait refuser le fichier entier."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="Chemin du fichier CSV (séparateur ; ou ,, UTF-8 ou Windows-1252)")

    def handle(self, *args, fichier, **options):
        chemin = Path(fichier)
        if not chemin.is_file():
            raise CommandError(f"Fichier introuvable : {chemin}")
        try:
            rapport = qpv_importer(contenu=chemin.read_bytes())
        except ImportRefuse as erreur:
            raise CommandError(str(erreur))
        self.stdout.write(self.style.SUCCESS(f"{rapport.crees} quartier(s) créé(s), {rapport.mis_a_jour} mis à jour."))
