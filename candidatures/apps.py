from django.apps import AppConfig


class CandidaturesConfig(AppConfig):
    name = "candidatures"
    verbose_name = "Candidatures"

    def ready(self):
        from . import regles, regles_instruction, tasks_depot, tasks_instruction  # noqa: F401
