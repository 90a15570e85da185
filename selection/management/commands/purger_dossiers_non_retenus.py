"""Delete the dossiers not selected, withdrawn or abandoned once their retention period is over."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ...services.retention import dossiers_purger


class Command(BaseCommand):
    help = (
        "Supprime les dossiers non retenus, retirés et les brouillons abandonnés N jours après la décision "
        "(ou la date limite) de leur vague, fichiers compris, en gardant des statistiques anonymes. "
        "Ne touche jamais un dossier retenu ni un dossier ayant une subvention."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--apres-jours",
            type=int,
            default=None,
            help="Durée de conservation en jours (par défaut : RETENTION_DOSSIERS_NON_RETENUS_JOURS).",
        )
        parser.add_argument("--simulation", action="store_true", help="Affiche ce qui serait supprimé sans rien supprimer.")

    def handle(self, *args, apres_jours=None, simulation=False, **options):
        jours = settings.RETENTION_DOSSIERS_NON_RETENUS_JOURS if apres_jours is None else apres_jours
        if jours < 0:
            raise CommandError("--apres-jours doit être positif ou nul.")
        bilan = dossiers_purger(apres_jours=jours, simulation=simulation)
        for libelle in bilan.supprimes:
            self.stdout.write(f"{'À supprimer' if simulation else 'Supprimé'} : {libelle}")
        verbe = "seraient supprimés" if simulation else "supprimé(s)"
        self.stdout.write(
            self.style.SUCCESS(f"{len(bilan.supprimes)} dossier(s) {verbe} (conservation : {jours} jours), {bilan.fichiers} fichier(s).")
        )
