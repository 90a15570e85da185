"""Allauth glue: people who sign up themselves are porteurs de projet, nobody else."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from .roles import Role


class PortailAccountAdapter(DefaultAccountAdapter):
    def authenticate(self, request, **credentials):
        """A deactivated account answers exactly like a wrong password: allauth otherwise shows
        « compte inactif » only when the password is right, which confirms it to whoever tried."""
        user = super().authenticate(request, **credentials)
        if user is not None and not user.is_active:
            return None
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Every allauth e-mail names the portal and links to the address it is served on."""
        super().send_mail(template_prefix, email, {"SITE_URL": settings.SITE_URL, "NOM_PORTAIL": settings.NOM_PORTAIL, **context})

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user.attribuer_role(Role.PORTEUR)
        return user


def identifiant_pour_axes(request, credentials) -> str | None:
    """Return the login tried, whatever the form calls it (allauth sends ``email``)."""
    credentials = credentials or {}
    identifiant = credentials.get("email") or credentials.get("username") or request.POST.get("login")
    return identifiant.strip().lower() if identifiant else None
