"""Import the published list of Fabriques de territoire (fabriques/data/fabriques_publiees.csv)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fabriques.services import ImportRefuse, fabriques_publiees_importer

FICHIER_PAR_DEFAUT = Path(__file__).resolve().parents[2] / "data" / "fabriques_publiees.csv"


class Command(BaseCommand):
    help = "Importe la liste publiée des Fabriques de territoire (tiers-lieux et labels historiques). Sans effet si déjà importée."

    def add_arguments(self, parser):
        parser.add_argument("fichier", nargs="?", default=str(FICHIER_PAR_DEFAUT), help="Chemin du CSV (par défaut : la liste livrée)")

    def handle(self, *args, fichier, **options):
        chemin = Path(fichier)
        if not chemin.is_file():
            raise CommandError(f"Fichier introuvable : {chemin}")
        try:
            rapport = fabriques_publiees_importer(contenu=chemin.read_bytes())
        except ImportRefuse as erreur:
            raise CommandError(str(erreur))
        for ligne in rapport.ignores:
            self.stdout.write(self.style.WARNING(ligne))
        self.stdout.write(self.style.SUCCESS(f"{rapport.crees} Fabrique(s) importée(s), {len(rapport.ignores)} ligne(s) ignorée(s)."))
