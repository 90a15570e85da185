from django.apps import AppConfig


class AppelsConfig(AppConfig):
    name = "appels"
    verbose_name = "Appels du programme"

    def ready(self):
        from . import regles  # noqa: F401
