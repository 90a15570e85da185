"""Public pages of the portal, the role dispatcher, the health endpoint and error pages."""

import logging
import sys

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache

from .politique import peut
from .temps import maintenant

logger = logging.getLogger(__name__)


@login_required
def tableau_de_bord(request):
    """Send each person to their own home, asking the policy in order: a person with several roles
    lands on the highest one."""
    cibles = [
        ("tableau_de_bord.administrateur", "administrateur", "financement:tableau_de_bord"),
        ("tableau_de_bord.instructeur", "instructeur", "candidatures:instruction"),
        ("tableau_de_bord.porteur", "porteur", "candidatures:mes_dossiers"),
    ]
    role, cible = next(((role, cible) for regle, role, cible in cibles if peut(request.user, regle)), (None, None))
    if cible:
        try:
            return redirect(reverse(cible))
        except NoReverseMatch:
            pass
    return render(request, "commun/tableau_de_bord.html", {"title": "Mon espace", "role": role})


def _etat_du_service() -> tuple[dict, bool]:
    """Check the database and the task queue; return their states and whether all is well."""
    etat = {"base_de_donnees": "ok", "file_de_taches": "ok"}
    try:
        with connection.cursor() as curseur:
            curseur.execute("SELECT 1")
    except Exception:
        logger.exception("Base de données injoignable")
        etat["base_de_donnees"] = "injoignable"
    if settings.CELERY_TASK_ALWAYS_EAGER:
        etat["file_de_taches"] = "mode intégré (tâches exécutées immédiatement)"
    else:
        from config.celery_app import app

        try:
            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
        except Exception:
            logger.warning("File de tâches injoignable")
            etat["file_de_taches"] = "injoignable"
    ok = etat["base_de_donnees"] == "ok" and etat["file_de_taches"] != "injoignable"
    etat["statut"] = "ok" if ok else "degrade"
    return etat, ok


@never_cache
def sante(request):
    """Report database and broker status as JSON, for machines (200 when all is well, 503 otherwise)."""
    etat, ok = _etat_du_service()
    return JsonResponse(etat, status=200 if ok else 503, json_dumps_params={"ensure_ascii": False})


@never_cache
def etat_service(request):
    """The same checks as ``sante``, as a page people read (the footer's « État du service »)."""
    etat, ok = _etat_du_service()
    elements = [
        ("Base de données", etat["base_de_donnees"] == "ok", "opérationnelle" if etat["base_de_donnees"] == "ok" else "injoignable"),
        (
            "File des tâches (courriels, documents PDF)",
            etat["file_de_taches"] != "injoignable",
            {"ok": "opérationnelle", "injoignable": "injoignable : les courriels et documents partiront dès son retour"}.get(
                etat["file_de_taches"], "intégrée : les tâches s'exécutent immédiatement"
            ),
        ),
    ]
    return render(
        request,
        "commun/etat_service.html",
        {
            "title": "État du service",
            "ok": ok,
            "elements": elements,
            "verifie_le": maintenant(),
        },
        status=200 if ok else 503,
    )


def api_accueil(request):
    """The API's entry page: what it offers, how to authenticate, where the schema and the interactive page are."""
    return render(request, "commun/api.html", {"title": "API du portail", "SITE_URL": settings.SITE_URL})


def _erreur(request, code: int, titre: str, message: str):
    """Answer an error page, or the API's JSON error shape under /api/."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "errors": {}}, status=code, json_dumps_params={"ensure_ascii": False})
    return render(request, f"erreurs/{code}.html", {"title": titre}, status=code)


def erreur_400(request, exception=None):
    return _erreur(request, 400, "Requête incorrecte", "Requête incorrecte.")


def erreur_403(request, exception=None):
    return _erreur(request, 403, "Accès refusé", "Vous n'avez pas le droit d'effectuer cette action.")


def erreur_404(request, exception=None):
    return _erreur(request, 404, "Page introuvable", "Ressource introuvable.")


def erreur_405(request):
    return _erreur(request, 405, "Action à faire depuis sa page", "Méthode non permise pour cette adresse.")


INDISPONIBLE = (
    "Le service est momentanément indisponible : la base de données ne répond pas (redémarrage ou maintenance). "
    "Votre dernière action n'a pas été enregistrée ; ce qui l'était déjà est intact. Réessayez dans une minute."
)


def erreur_500(request):
    # The database gone (restart, failover) is not a bug of the portal: a 503 that says so and when
    # to retry, built without touching the database (no context processors, no session, no user).
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        if request.path.startswith("/api/"):
            reponse = JsonResponse({"detail": INDISPONIBLE, "errors": {}}, status=503, json_dumps_params={"ensure_ascii": False})
        else:
            html = render_to_string("erreurs/503.html", {"title": "Service momentanément indisponible", "message": INDISPONIBLE})
            reponse = HttpResponse(html, status=503)
        reponse["Retry-After"] = "30"
        return reponse
    return _erreur(request, 500, "Erreur inattendue", "Erreur inattendue du service : rien n'a été enregistré, réessayez.")
