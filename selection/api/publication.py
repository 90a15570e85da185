"""The laureates as open data (no login): the retenu dossiers of the waves whose results are published."""

import django_filters
from django.db.models import QuerySet

from candidatures.models import Dossier, Vague
from candidatures.serializers import LaureatSerializer
from commun.api_outils import VuePublique, operation

from ..selectors.publication import derniere_vague_publiee

TAG = "vagues"  # the laureates are listed with the waves in the API's documentation
EXEMPLE_LAUREAT = {
    "numero": "FDT-2026-V1-00012",
    "vague": 1,
    "tiers_lieu": "La Machinerie",
    "structure_porteuse": "Association La Machinerie",
    "siret": "73282932000074",
    "commune": "Amiens",
    "departement": "80",
    "region": "32",
    "region_nom": "Hauts-de-France",
    "implantation": "qpv",
    "bonus_numerique": True,
}


class LaureatFiltre(django_filters.FilterSet):
    vague = django_filters.NumberFilter(field_name="vague__numero", label="Numéro de la vague (toutes si absent : cumul)")
    region = django_filters.CharFilter(field_name="tiers_lieu__region__code", label="Code de la région")
    departement = django_filters.CharFilter(field_name="tiers_lieu__departement__code", label="Code du département")

    class Meta:
        model = Dossier
        fields = ["vague", "region", "departement"]


def _vague_marquee(request) -> int | None:
    """The wave whose laureates are « Nouvelle Fabrique »: the one asked for, else the latest published."""
    numero = request.query_params.get("vague", "")
    if numero.isdigit():
        return Vague.objects.filter(numero=int(numero)).values_list("pk", flat=True).first()
    derniere = derniere_vague_publiee()
    return derniere.pk if derniere else None


class LaureatsView(VuePublique):
    """The laureates: retenu dossiers of the waves whose results are published."""

    serializer_class = LaureatSerializer
    filterset_class = LaureatFiltre

    def get_queryset(self) -> QuerySet:
        return (
            Dossier.objects.filter(statut=Dossier.Statut.RETENU, vague__statut=Vague.Statut.RESULTATS_PUBLIES)
            .select_related("vague", "tiers_lieu__region", "tiers_lieu__departement")
            .order_by("vague__numero", "numero")
        )

    @operation(
        "laureats_lister",
        "Lister les lauréats, par vague ou en cumul (résultats publiés seulement)",
        TAG,
        reponse=LaureatSerializer(many=True),
        exemple=[EXEMPLE_LAUREAT],
        erreurs=(400,),
    )
    def get(self, request):
        def calcul():
            page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
            return self.get_paginated_response(
                LaureatSerializer(page, many=True, context={"vague_marquee": _vague_marquee(request)}).data
            ).data

        return self.reponse_en_cache(calcul)
