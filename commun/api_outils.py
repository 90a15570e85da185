"""Helpers of the API views: one decorator per operation with its id, summary, tag and example,
the error shape every operation may answer (see ``commun.api.gestionnaire_exceptions``), and the
bridge from the browser's Django forms (which parse input the same way for both) to a 400."""

from collections.abc import Mapping

from django import forms
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.generics import GenericAPIView
from rest_framework.metadata import SimpleMetadata
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from .api import Politique
from .montants import NombreIllisible, lire_decimal


class ChampMontantApi(serializers.DecimalField):
    """An amount in euros sent to the API: a JSON number, or a string read as the forms read it
    (« 50 000,00 », « 50000.00 »; « 50.000 » or « 1_000 » are refused with the reason)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                montant = lire_decimal(data)
            except NombreIllisible as erreur:
                raise serializers.ValidationError(str(erreur), code="invalid") from None
            if montant is not None:  # an empty string goes on to the usual « invalid » answer
                data = montant
        return super().to_internal_value(data)


class ErreurSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(required=False)
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


EXEMPLE_ERREUR = {"detail": "Les données envoyées ne sont pas valides.", "errors": {"champ": ["Ce champ est obligatoire."]}}
_ERREURS = {
    400: "Données invalides ou règle du programme non respectée",
    401: "Authentification requise",
    403: "Action non autorisée",
    404: "Ressource introuvable",
    409: "L'état de l'objet ne permet pas cette action",
}


def operation(
    operation_id: str,
    resume: str,
    tag: str,
    *,
    reponse=None,
    statut: int = 200,
    exemple=None,
    requete=None,
    exemple_requete=None,
    erreurs=(400, 401, 403, 404, 409),
    parametres=None,
    description: str = "",
    publique: bool = False,
    types_media: tuple[str, ...] = (),
):
    """Document one operation: operationId, summary, tag, a response example and the error answers.

    ``types_media``: the media types of a successful answer when it is not JSON (a file).
    """
    succes = reponse if isinstance(reponse, OpenApiResponse) or reponse is None else OpenApiResponse(reponse)
    reponses = {(statut, media): succes for media in types_media} if types_media else {statut: succes}
    for code in erreurs:
        reponses[(code, "application/json") if types_media else code] = OpenApiResponse(ErreurSerializer, description=_ERREURS[code])
    exemples = [OpenApiExample("Exemple", value=exemple if exemple is not None else {}, response_only=True, status_codes=[str(statut)])]
    if exemple_requete is not None:
        exemples.append(OpenApiExample("Requête", value=exemple_requete, request_only=True))
    if 400 in erreurs:
        exemples.append(OpenApiExample("Erreur", value=EXEMPLE_ERREUR, response_only=True, status_codes=["400"]))
    return extend_schema(
        operation_id=operation_id,
        summary=resume,
        description=description,
        tags=[tag],
        responses=reponses,
        request=requete,
        examples=exemples,
        parameters=parametres,
        auth=[] if publique else None,
    )


def texte_de_formulaire(valeur) -> str:
    """Write a JSON value as a browser would send it in a form: "" for null, true/false, text."""
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "true" if valeur else "false"
    return str(valeur)


def _comme_un_navigateur(form) -> None:
    """Give the form what a browser sends: text, and lists only for multiple choices.

    A JSON body may hold numbers, booleans, nulls, lists or objects anywhere; Django's fields
    expect the strings of an HTML form (a date field given a number would fail with a 500).
    """
    if isinstance(form.data, QueryDict):
        return
    donnees = {}
    for nom, champ in form.fields.items():
        cle = form.add_prefix(nom)
        if cle not in form.data:
            continue
        valeur = form.data[cle]
        if isinstance(champ, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)):
            donnees[cle] = [texte_de_formulaire(v) for v in valeur] if isinstance(valeur, (list, tuple)) else [texte_de_formulaire(valeur)]
        else:
            donnees[cle] = texte_de_formulaire(valeur)
    form.data = donnees


def formulaire_valide(form):
    """Return ``form`` once valid; otherwise answer 400 with its errors, field by field."""
    _comme_un_navigateur(form)
    if not form.is_valid():
        raise exceptions.ValidationError(
            {(champ if champ != "__all__" else "non_field_errors"): list(msgs) for champ, msgs in form.errors.items()}
        )
    return form


class MetadonneesSansObjet(SimpleMetadata):
    """Answer OPTIONS with the view's name and formats only.

    DRF's default would describe the writable fields by loading the object through
    ``get_queryset()``, which these views do not use (they go through ``objet()`` and the policy).
    """

    def determine_actions(self, request, view):
        return {}


class VueApi(GenericAPIView):
    """Base of the API views: the one policy layer through ``commun.api.Politique``.

    ``regle`` is checked for the request; ``objet(queryset, regle, pk=…)`` returns the object or
    404 and checks ``regle`` on it (403) — the same rule names as the browser views.
    """

    permission_classes = [Politique]
    metadata_class = MetadonneesSansObjet

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in ("POST", "PUT", "PATCH") and not isinstance(request.data, Mapping):
            raise exceptions.ValidationError({"non_field_errors": ["Envoyez un objet : champ → valeur."]})

    def objet(self, queryset, regle: str, **filtres):
        obj = get_object_or_404(queryset, **filtres)
        self.regle_objet = regle
        self.check_object_permissions(self.request, obj)
        return obj


class VuePublique(GenericAPIView):
    """Open data: no login, anonymous throttling applies."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    def reponse_en_cache(self, calcul) -> Response:
        """Return ``calcul()``'s data (a list page) from the public pages' cache, keyed by the full
        URL (filters, page, host of the links). Throttling still applies: it runs before."""
        from commun.cache import PUBLIC, en_cache

        return Response(en_cache(PUBLIC, f"api:{self.request.build_absolute_uri()}", calcul))


def documenter_415(result, generator, request, public):
    """drf-spectacular hook: every operation that reads a body may answer 415 when the body comes
    without a media type the API reads (JSON, form, multipart): say so in the schema, in the API's
    error shape."""
    for methodes in result.get("paths", {}).values():
        for methode, operation_doc in methodes.items():
            if methode in ("post", "put", "patch"):
                operation_doc.setdefault("responses", {}).setdefault(
                    "415",
                    {
                        "description": "Type de contenu non pris en charge (ni JSON, ni formulaire, ni multipart)",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Erreur"}}},
                    },
                )
    return result
