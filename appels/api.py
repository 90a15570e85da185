"""Open data: the programme's calls, as their current version describes them (no login)."""

from django.shortcuts import get_object_or_404
from rest_framework.response import Response

from commun.api_outils import VuePublique, operation

from .models import Appel
from .serializers import AppelSerializer

TAG = "appels"
EXEMPLE_APPEL = {
    "id": 1,
    "slug": "fabriques-de-territoire",
    "nom": "Fabriques de territoire",
    "version": 1,
    "charge_le": "2026-07-01T10:00:00+02:00",
    "description": "Soutien au fonctionnement de 300 tiers-lieux structurants…",
    "candidats": {"formes_juridiques": [], "implantations": [], "texte": "Tiers-lieux existants ou en projet…"},
    "calendrier": {
        "echeances_annuelles": ["30/03", "30/06", "30/09", "30/12"],
        "dates_limites": [],
        "ouverture": None,
        "texte": "chaque année les 30/03, 30/06, 30/09, 30/12",
    },
    "note_min": 0,
    "note_max": 5,
    "criteres": [{"code": "ambition", "libelle": "Ambition de soutenir l'essor du territoire et d'autres tiers-lieux", "poids": 1}],
    "montants": {
        "nature": "fonctionnement",
        "annees": 3,
        "plafond_annuel": "50000.00",
        "total_minimum": "75000.00",
        "total_maximum": "150000.00",
        "bonus_maximum": "100000.00",
        "bonus_qpv": True,
    },
    "objectifs": {"fabriques": 300, "numeriques": 30, "qpv": 150, "hors_grands_centres": 150},
    "enveloppes": {"fonctionnement": "45000000.00", "investissement": "3000000.00"},
}


def _appels():
    return Appel.objects.filter(versions__isnull=False).distinct().prefetch_related("versions").order_by("id")


class AppelsView(VuePublique):
    """The calls of the programme (each with its current version)."""

    serializer_class = AppelSerializer

    @operation(
        "appels_lister",
        "Lister les appels du programme (règles, calendrier, critères)",
        TAG,
        reponse=AppelSerializer(many=True),
        exemple=[EXEMPLE_APPEL],
        erreurs=(400,),
        description="Chaque appel tel que le décrit sa version en vigueur (le dernier fichier chargé). "
        "Un dossier déposé reste jugé selon la version de son dépôt (champ « appel » du dossier).",
    )
    def get(self, request):
        page = self.paginate_queryset(_appels())
        return self.get_paginated_response(AppelSerializer(page, many=True).data)


class AppelView(VuePublique):
    serializer_class = AppelSerializer

    @operation("appels_lire", "Lire un appel", TAG, reponse=AppelSerializer, exemple=EXEMPLE_APPEL, erreurs=(404,))
    def get(self, request, pk: int):
        return Response(AppelSerializer(get_object_or_404(_appels(), pk=pk)).data)
