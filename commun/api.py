"""API errors in one shape: ``{"detail": …, "errors": {field: [messages]}}``, in French."""
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, permissions, status
from rest_framework.parsers import JSONParser
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler

from .erreurs import ErreurMetier
from .politique import peut


def _textes(valeur):
    if isinstance(valeur, str):
        yield valeur
    elif isinstance(valeur, dict):
        for cle, v in valeur.items():
            yield cle
            yield from _textes(v)
    elif isinstance(valeur, list):
        for v in valeur:
            yield from _textes(v)


class JSONStrict(JSONParser):
    """JSON whose texts are real Unicode text.

    ``"\\ud800"`` is valid JSON but a lone surrogate is no character: Python keeps it, then
    PostgreSQL refuses it and the answer cannot be encoded in UTF-8 (a 500 after the write). Refused
    here, before any view runs.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            donnees = super().parse(stream, media_type, parser_context)
        except exceptions.ParseError as erreur:  # DRF's message quotes Python's, in English
            raise exceptions.ParseError("Le corps de la requête n'est pas un JSON valide.") from erreur
        for texte in _textes(donnees):
            try:
                texte.encode("utf-8")
            except UnicodeEncodeError:
                raise exceptions.ParseError("Le corps JSON contient un caractère invalide (substitut Unicode isolé).")
        return donnees


class PageApi(BrowsableAPIRenderer):
    """The API as a page, for a person who opens an API link in a browser (``Accept: text/html``,
    ``?format=api``): the answer, its links and the filter form of the lists — never a 500.

    No generated write forms: the portal reads its writes with the pages' Django forms, not with the
    serializers, so a form built from the response serializer would show the wrong fields (and many
    views declare no queryset or serializer for DRF to build one from). Writes go through JSON.
    """

    def get_rendered_html_form(self, data, view, method, request):
        return None

    def get_raw_data_form(self, data, view, method, request):
        return None

    def get_filter_form(self, data, view, request):
        # Only a view that filters through its backends has a filter form; the others (filters
        # applied in the view, with the user) have no queryset for DRF to ask.
        if not getattr(view, "filter_backends", None) or not (getattr(view, "filterset_class", None) or getattr(view, "filterset_fields", None)):
            return None
        return super().get_filter_form(data, view, request)


def gestionnaire_exceptions(exc, context):
    if isinstance(exc, ErreurMetier):
        erreurs = {exc.champ: [exc.message]} if exc.champ else {}
        return Response({"detail": exc.message, "code": exc.code, "errors": erreurs}, status=exc.statut_http)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages})
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Ressource introuvable.")
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied("Vous n'avez pas le droit d'effectuer cette action.")
    reponse = exception_handler(exc, context)
    if reponse is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        donnees = reponse.data if isinstance(reponse.data, dict) else {"non_field_errors": reponse.data}
        erreurs = {champ: (msgs if isinstance(msgs, list) else [msgs]) for champ, msgs in donnees.items()}
        reponse.data = {"detail": "Les données envoyées ne sont pas valides.", "errors": erreurs}
        reponse.status_code = status.HTTP_400_BAD_REQUEST
    else:
        detail = reponse.data.get("detail", "") if isinstance(reponse.data, dict) else str(reponse.data)
        reponse.data = {"detail": str(detail), "errors": {}}
    return reponse


class Politique(permissions.BasePermission):
    """Bridge DRF to the one policy layer (commun.politique).

    A view declares ``regle`` (checked for the request) and/or ``regle_objet`` (checked for each
    object): the API asks exactly the same questions as the browser views.
    """

    message = "Vous n'avez pas le droit d'effectuer cette action."

    def has_permission(self, request, view):
        regle = getattr(view, "regle", None)
        if regle is None:
            return bool(request.user and request.user.is_authenticated)
        return peut(request.user, regle)

    def has_object_permission(self, request, view, obj):
        regle = getattr(view, "regle_objet", None)
        return True if regle is None else peut(request.user, regle, obj)
