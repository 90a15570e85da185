from django.apps import AppConfig
from django.db.models.signals import post_migrate


def synchroniser_site(using="default", **kwargs) -> None:
    """Give the Sites framework's Site the portal's name and address (settings ``NOM_PORTAIL`` and
    ``SITE_URL``), at each ``migrate``: allauth signs its e-mails with it, and Django's default
    « example.com » made the account confirmation look like phishing."""
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.contrib.sites.models import Site

    domaine = urlsplit(settings.SITE_URL).netloc or "127.0.0.1:8000"
    Site.objects.using(using).update_or_create(pk=settings.SITE_ID, defaults={"domain": domaine, "name": settings.NOM_PORTAIL})
    Site.objects.clear_cache()


class CommunConfig(AppConfig):
    name = "commun"
    verbose_name = "Socle commun (journal, courriels, documents)"

    def ready(self):
        from django.urls import register_converter

        from commun.convertisseurs import IdentifiantConverter

        register_converter(IdentifiantConverter, "id")

        from commun.cache import connecter_invalidations

        connecter_invalidations()
        post_migrate.connect(synchroniser_site, sender=self, dispatch_uid="commun.synchroniser_site")
