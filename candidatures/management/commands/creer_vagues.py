"""Create the four waves of a year (deadlines 30/03, 30/06, 30/09, 30/12, Paris time)."""

from django.core.management.base import BaseCommand, CommandError

from commun.erreurs import ErreurMetier
from commun.temps import en_paris

from ...services.vagues import vagues_creer_annee


class Command(BaseCommand):
    help = (
        "Crée les quatre vagues d'une année : dates limites les 30/03, 30/06, 30/09 et 30/12 à 23 h 59 (heure de Paris), "
        "chaque vague ouvrant le lendemain de la date limite précédente."
    )

    def add_arguments(self, parser):
        parser.add_argument("annee", type=int, help="Année des quatre dates limites, par exemple 2027.")

    def handle(self, *args, annee, **options):
        if not 2000 <= annee <= 2100:
            raise CommandError(f"Année invalide : {annee}.")
        try:
            vagues = vagues_creer_annee(annee=annee)
        except ErreurMetier as erreur:
            raise CommandError(f"Aucune vague créée : {erreur.message}")
        for vague in vagues:
            self.stdout.write(
                f"Vague {vague.numero} : ouverture le {vague.date_ouverture:%d/%m/%Y}, "
                f"dépôt jusqu'au {en_paris(vague.cloture):%d/%m/%Y %H:%M:%S} (heure de Paris, UTC{en_paris(vague.cloture):%z})"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(vagues)} vagues créées pour {annee}."))
