from django.apps import AppConfig


class CandidaturesConfig(AppConfig):
    name = "candidatures"
    verbose_name = "Candidatures"

    def ready(self):
        from . import tasks  # noqa: F401  (registers the tasks: the package imports each of its modules)
        from .regles import dossiers, instruction  # noqa: F401  (declares the access rules)
