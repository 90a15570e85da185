from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "comptes"
    verbose_name = "Comptes et rôles"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import regles, signaux  # noqa: F401
        from .roles import synchroniser_groupes

        post_migrate.connect(synchroniser_groupes, sender=self)
