"""Load a call's file (TOML): a new version of the call when the file changed, none otherwise."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from appels.format import FichierInvalide
from appels.services import appel_charger_fichier


class Command(BaseCommand):
    help = "Charge le fichier d'un appel (TOML) : une nouvelle version de l'appel si le fichier a changé, aucune sinon."

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="chemin du fichier de l'appel, par exemple appels/fichiers/fabriques-de-territoire.toml")

    def handle(self, *args, fichier, **options):
        chemin = Path(fichier)
        if not chemin.is_file():
            raise CommandError(f"Fichier introuvable : {fichier}")
        try:
            chargement = appel_charger_fichier(chemin)
        except FichierInvalide as erreur:
            raise CommandError(f"{chemin.name} ne peut pas être chargé :\n" + "\n".join(f"  - {p}" for p in erreur.problemes)) from None
        except UnicodeDecodeError:
            raise CommandError(f"{chemin.name} n'est pas un fichier texte en UTF-8.") from None
        version = chargement.version
        if chargement.nouvelle:
            self.stdout.write(self.style.SUCCESS(f"Appel « {version.appel.nom} » : version {version.numero} chargée."))
        else:
            self.stdout.write(f"Appel « {version.appel.nom} » : fichier inchangé, la version {version.numero} reste la version en vigueur.")
