"""API errors in one shape: ``{"detail": …, "errors": {field: [messages]}}``, in French."""

import re

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, permissions, status
from rest_framework.parsers import JSONParser
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


# A JSON string, escapes included; an unterminated one runs to the end of the body, so that no
# position is scanned twice (linear time, whatever the body).
_CHAINE_JSON = re.compile(rb'"(?:[^"\\]|\\.?)*+(?:"|\Z)', re.DOTALL)
_HORS_CROCHETS = bytes(c for c in range(256) if c not in b"[]{}")


def verifier_profondeur_json(corps: bytes) -> None:
    """Refuse (400) a JSON body nested deeper than ``API_PROFONDEUR_JSON_MAX``, before parsing it.

    Python's parser recurses once per level: a thousand nested brackets raised RecursionError (500).
    Strings removed, only the brackets are kept, and each round removes every innermost pair: a
    body of depth d is empty after exactly d rounds. Each round is one ``bytes.replace`` (C speed).
    """
    from django.conf import settings

    limite = settings.API_PROFONDEUR_JSON_MAX
    if corps.count(b"[") + corps.count(b"{") <= limite:
        return
    crochets = _CHAINE_JSON.sub(b"", corps).translate(bytes.maketrans(b"[{]}", b"(())"), _HORS_CROCHETS)
    if crochets.count(b"(") != crochets.count(b")"):
        raise exceptions.ParseError("Le corps de la requête n'est pas un JSON valide.")
    trop_ouverts, trop_fermes = b"(" * (limite + 1), b")" * (limite + 1)
    for _ in range(limite):
        # More than ``limite`` brackets in a row is that deep at once (and keeps each round fast).
        if trop_ouverts in crochets or trop_fermes in crochets:
            break
        reduits = crochets.replace(b"()", b"")
        if reduits == crochets:  # « )( »: no JSON text
            raise exceptions.ParseError("Le corps de la requête n'est pas un JSON valide.")
        crochets = reduits
        if not crochets:
            return
    raise exceptions.ParseError(f"Le corps JSON est trop imbriqué : {limite} niveaux au plus.")


class JSONStrict(JSONParser):
    """JSON whose texts are real Unicode text.

    ``"\\ud800"`` is valid JSON but a lone surrogate is no character: Python keeps it, then
    PostgreSQL refuses it and the answer cannot be encoded in UTF-8 (a 500 after the write). Refused
    here, before any view runs.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        import io

        corps = stream.read() if stream is not None else b""
        verifier_profondeur_json(corps)
        try:
            donnees = super().parse(io.BytesIO(corps), media_type, parser_context)
        except exceptions.ParseError as erreur:  # DRF's message quotes Python's, in English
            raise exceptions.ParseError("Le corps de la requête n'est pas un JSON valide.") from erreur
        for texte in _textes(donnees):
            try:
                texte.encode("utf-8")
            except UnicodeEncodeError:
                raise exceptions.ParseError("Le corps JSON contient un caractère invalide (substitut Unicode isolé).")
        return donnees


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


class FiltresApi(DjangoFilterBackend):
    """django-filter's backend, with its plain form template: the stock backend picks its crispy
    template whenever crispy_forms is installed, and that template asks for a template pack the
    portal does not use (its forms are DSFR, rendered by the project's own templates)."""

    template = "django_filters/rest_framework/form.html"
