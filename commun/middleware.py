from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from .politique import peut


class AdminAccessMiddleware:
    """Keep the Django admin for administrateurs only (not merely staff)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixe = None

    def __call__(self, request):
        if self.prefixe is None:
            self.prefixe = reverse("admin:index")
        if request.path.startswith(self.prefixe):
            if not request.user.is_authenticated:
                return redirect(f"{reverse('account_login')}?next={request.path}")
            if not peut(request.user, "admin.acceder"):
                raise PermissionDenied("L'administration technique est réservée aux administrateurs du programme.")
        return self.get_response(request)


class LimiteTailleRequeteMiddleware:
    """Refuse an oversized request body before anything reads it (413, in French).

    Files are also checked one by one by the services (10 Mo a piece, 50 Mo a dossier); this guard
    keeps a huge upload from tying up a worker or filling the disk before those checks run.
    """

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.limite = settings.TAILLE_MAX_REQUETE

    def __call__(self, request):
        try:
            taille = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            taille = 0
        if taille > self.limite:
            from django.shortcuts import render

            reponse = render(request, "erreurs/413.html", {"title": "Envoi trop volumineux", "limite_mo": self.limite // (1024 * 1024)}, status=413)
            reponse["Connection"] = "close"
            return reponse
        return self.get_response(request)
