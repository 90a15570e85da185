from django.apps import AppConfig


class PortailConfig(AppConfig):
    name = "portail"
    verbose_name = "Portail (accueil, pages légales, données personnelles)"
