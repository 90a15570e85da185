from django.apps import AppConfig


class CommunConfig(AppConfig):
    name = "commun"
    verbose_name = "Socle commun (journal, courriels, documents)"

    def ready(self):
        from django.urls import register_converter

        from commun.convertisseurs import IdentifiantConverter

        register_converter(IdentifiantConverter, "id")

        from commun.cache import connecter_invalidations

        connecter_invalidations()
