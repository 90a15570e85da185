"""Administrateurs must use a second factor (TOTP) where the setting requires it."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from commun.politique import peut


class DoubleFacteurObligatoireMiddleware:
    """Send an administrateur without TOTP to its activation page, and nowhere else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.MFA_OBLIGATOIRE_ADMINISTRATEURS and self._doit_activer(request):
            messages.warning(
                request,
                "Par sécurité, les administrateurs doivent activer la double authentification (application TOTP) avant de continuer.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _doit_activer(request) -> bool:
        user = request.user
        if not peut(user, "compte.double_authentification_exigee"):
            return False
        libres = (reverse("mfa_index"), reverse("account_reauthenticate"), reverse("account_logout"), settings.STATIC_URL, "/sante/")
        if request.path.startswith(libres):
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
