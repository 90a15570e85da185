from django.apps import AppConfig


class FinancementConfig(AppConfig):
    name = "financement"
    verbose_name = "Financement"

    def ready(self):
        from . import regles  # noqa: F401  (declares the access rules)
