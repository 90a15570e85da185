"""Close the waves whose deadline has passed (what the periodic job does every minute)."""

from django.core.management.base import BaseCommand, CommandError

from commun.erreurs import ErreurMetier

from ...models import Vague
from ...services.cloture import vague_cloturer, vagues_cloturer_echues


class Command(BaseCommand):
    help = (
        "Clôture les vagues dont la date limite est passée : dossiers déposés en instruction, porteurs de brouillons "
        "prévenus (une seule fois), affectation automatique si la grille le demande. Sans risque à relancer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--vague", type=int, help="Numéro d'une seule vague à clôturer.")

    def handle(self, *args, vague=None, **options):
        if vague is not None:
            cible = Vague.objects.filter(numero=vague).first()
            if cible is None:
                raise CommandError(f"Aucune vague ne porte le numéro {vague}.")
            try:
                bilans = [vague_cloturer(vague_id=cible.pk)]
            except ErreurMetier as erreur:
                raise CommandError(erreur.message)
        else:
            bilans = vagues_cloturer_echues()
        for bilan in bilans:
            self.stdout.write(str(bilan))
        self.stdout.write(self.style.SUCCESS(f"{sum(not b.deja_cloturee for b in bilans)} vague(s) clôturée(s)."))
