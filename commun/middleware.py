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
            # No « Connection: close »: it is a hop-by-hop header, which a WSGI application may not
            # set (PEP 3333) — wsgiref and runserver answered 500 instead. The unread body is the
            # server's business: runserver drains it, gunicorn and the proxy close the connection.
            limite_mo = self.limite // (1024 * 1024)
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse(
                    {"detail": f"Envoi trop volumineux : une requête ne peut pas dépasser {limite_mo} Mo.", "errors": {}}, status=413
                )
            from django.shortcuts import render

            return render(request, "erreurs/413.html", {"title": "Envoi trop volumineux", "limite_mo": limite_mo}, status=413)
        return self.get_response(request)


class PasDeCacheConnecteMiddleware:
    """Nothing answered to a signed-in person (session or API token) is kept by a browser or a proxy:
    ``Cache-Control: no-store`` (with Django's other never-cache headers). The back button of a shared
    computer then shows no dossier after logout. Public pages seen anonymously keep their caching.

    Only a request that carries a session cookie or an Authorization header is looked at, so the
    anonymous public pages never touch the session (no « Vary: Cookie » added to them).
    """

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.cookie = settings.SESSION_COOKIE_NAME

    def __call__(self, request):
        reponse = self.get_response(request)
        if self.cookie in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
            user = getattr(request, "user", None)  # the API's token user too: DRF sets it on the request
            if user is not None and user.is_authenticated:
                from django.utils.cache import add_never_cache_headers

                add_never_cache_headers(reponse)
        return reponse


class MethodeNonPermiseMiddleware:
    """A page that only takes a form's POST (« Clôturer », « Publier »…) answered a GET — a bookmark, a
    reload after an error, a link copied from the address bar — with Django's empty 405: a blank page.
    It now says in French what happened and where to go; the ``Allow`` header stays. The API's own
    405 (a JSON body, DRF) is left as it is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reponse = self.get_response(request)
        if reponse.status_code != 405 or reponse.content:
            return reponse
        from .views import erreur_405

        page = erreur_405(request)
        if reponse.has_header("Allow"):
            page["Allow"] = reponse["Allow"]
        return page
