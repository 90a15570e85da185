from django.apps import AppConfig


class FabriquesConfig(AppConfig):
    name = "fabriques"
    verbose_name = "Tiers-lieux et territoires"

    def ready(self):
        from . import regles  # noqa: F401
