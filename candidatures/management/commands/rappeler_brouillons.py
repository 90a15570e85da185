"""Send today's reminders to applicants whose dossier is still a draft (J-7 and J-2)."""

from django.core.management.base import BaseCommand

from ...services.rappels import brouillons_rappeler


class Command(BaseCommand):
    help = "Envoie les rappels J-7 et J-2 aux porteurs dont le dossier est encore un brouillon (une seule fois chacun)."

    def handle(self, *args, **options):
        nombre = brouillons_rappeler()
        self.stdout.write(self.style.SUCCESS(f"{nombre} rappel(s) planifié(s)."))
