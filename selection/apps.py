from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "selection"
    verbose_name = "Sélection (aide à la décision du comité)"

    def ready(self):
        from . import regles  # noqa: F401  (declares the access rules)
