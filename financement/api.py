"""API of grants: the open-data layout (SCDL) for anyone; grants and payments for administrateurs
(the porteur reads their own once notified). Writes go through ``financement.services``."""
import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from rest_framework import exceptions
from rest_framework.response import Response

from commun.api_outils import VueApi, VuePublique, formulaire_valide, operation

from . import opendata, services
from .echeancier import EcheancierInvalide
from .forms import EcheancierForm, VersementForm
from .models import Subvention, Versement
from .serializers import AjustementSerializer, LigneScdlSerializer, SubventionSerializer, VersementSerializer, VersementStatutSerializer

TAG = "financement"
EXEMPLE_SCDL = {
    "nomAttribuant": "Agence nationale de la cohésion des territoires", "idAttribuant": "13001853600018", "dateConvention": "2027-03-01",
    "referenceDecision": "FDT-CONV-2027-0001", "nomBeneficiaire": "Association La Machinerie", "idBeneficiaire": "73282932000074",
    "objet": "Fabrique de territoire « La Machinerie » (Amiens) : subvention de fonctionnement sur 3 ans", "montant": "150000.00",
    "nature": "aide en numéraire", "conditionsVersement": "échelonné", "descriptionConditionsVersement": "Versements annuels (…)",
    "datesPeriodeVersement": "2027-03-01_2029-03-01", "idRAE": "", "notificationUE": "non", "pourcentageSubvention": "1",
    "dispositifAide": opendata.DISPOSITIF,
}
EXEMPLE_VERSEMENT = {"id": 31, "montant": "50000.00", "date_prevue": "2027-03-01", "statut": "prevu", "date_versement": None,
                     "reference_mandat": "", "motif_suspension": ""}
EXEMPLE_SUBVENTION = {
    "id": 5, "dossier": 41, "dossier_numero": "FDT-2026-V3-00012", "tiers_lieu": "La Machinerie", "statut": "notifiee",
    "reference_convention": "FDT-CONV-2027-0001", "date_convention": None, "total_fonctionnement": "150000.00", "derogation_enveloppe": False,
    "tranches": [{"id": 11, "annee": 1, "nature": "fonctionnement", "montant": "50000.00", "versement": EXEMPLE_VERSEMENT}],
}


class OpendataFiltre(django_filters.FilterSet):
    annee = django_filters.NumberFilter(field_name="date_convention", lookup_expr="year", label="Année de la convention")
    region = django_filters.CharFilter(field_name="dossier__tiers_lieu__region__code", label="Code de la région")
    vague = django_filters.NumberFilter(field_name="dossier__vague__numero", label="Numéro de la vague")

    class Meta:
        model = Subvention
        fields = ["annee", "region", "vague"]


class OpendataSubventionsView(VuePublique):
    """Granted subsidies (signed conventions), one SCDL row each."""

    serializer_class = LigneScdlSerializer
    filterset_class = OpendataFiltre

    def get_queryset(self) -> QuerySet:
        return opendata.subventions_attribuees()

    @operation("opendata_subventions_lister", "Lister les subventions attribuées au format SCDL « subventions »", TAG,
               reponse=LigneScdlSerializer(many=True), exemple=[EXEMPLE_SCDL], erreurs=(400,))
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        reponse = self.get_paginated_response([opendata.ligne_scdl(s) for s in page])
        reponse["Access-Control-Allow-Origin"] = "*"
        return reponse


class SubventionFiltre(django_filters.FilterSet):
    statut = django_filters.ChoiceFilter(choices=Subvention.Statut.choices)
    vague = django_filters.NumberFilter(field_name="dossier__vague__numero")
    region = django_filters.CharFilter(field_name="dossier__tiers_lieu__region__code")

    class Meta:
        model = Subvention
        fields = ["statut", "vague", "region"]


def _subventions() -> QuerySet:
    return Subvention.objects.select_related("dossier__tiers_lieu", "dossier__vague").prefetch_related("tranches__versement")


class SubventionsView(VueApi):
    regle = "subvention.gerer"
    serializer_class = SubventionSerializer
    filterset_class = SubventionFiltre

    def get_queryset(self) -> QuerySet:
        return _subventions().order_by("-cree_le", "pk")

    @operation("subventions_lister", "Lister les subventions (administrateurs)", TAG, reponse=SubventionSerializer(many=True),
               exemple=[EXEMPLE_SUBVENTION], erreurs=(400, 401, 403))
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(SubventionSerializer(page, many=True).data)


class SubventionView(VueApi):
    serializer_class = SubventionSerializer

    @operation("subventions_lire", "Lire une subvention, ses tranches et ses versements", TAG, reponse=SubventionSerializer,
               exemple=EXEMPLE_SUBVENTION, erreurs=(401, 403, 404))
    def get(self, request, pk: int):
        return Response(SubventionSerializer(self.objet(_subventions(), "subvention.voir", pk=pk)).data)


class SubventionAjusterView(VueApi):
    regle = "subvention.gerer"
    serializer_class = SubventionSerializer

    @operation("subventions_ajuster", "Ajuster l'échéancier d'une subvention avant la signature de la convention", TAG,
               reponse=SubventionSerializer, exemple=EXEMPLE_SUBVENTION, requete=AjustementSerializer,
               exemple_requete={"annee_1": "50000.00", "annee_2": "50000.00", "annee_3": "40000.00", "bonus": False,
                                "commentaire": "Budget de l'année 3 revu par le comité."})
    def post(self, request, pk: int):
        subvention = self.objet(_subventions(), "subvention.gerer", pk=pk)
        dossier = subvention.dossier
        form = formulaire_valide(EcheancierForm(request.data, bonus_possible=dossier.bonus_numerique,
                                                hors_qpv=not dossier.tiers_lieu.en_qpv_ou_proximite))
        try:
            services.subvention_ajuster(subvention=subvention, montants=form.montants(), par=request.user,
                                        derogation_motif=form.cleaned_data["derogation_motif"], commentaire=form.cleaned_data["commentaire"])
        except EcheancierInvalide as erreur:
            champs: dict = {}
            for champ, message in erreur.erreurs:
                champs.setdefault(champ or "non_field_errors", []).append(message)
            raise exceptions.ValidationError(champs)
        return Response(SubventionSerializer(_subventions().get(pk=pk)).data)


class VersementStatutView(VueApi):
    regle = "subvention.gerer"
    serializer_class = VersementSerializer

    @operation("versements_changer_statut", "Faire avancer un versement (demandé, mandaté, versé, suspendu)", TAG,
               reponse=VersementSerializer, exemple={**EXEMPLE_VERSEMENT, "statut": "demande"}, requete=VersementStatutSerializer,
               exemple_requete={"statut": "demande"})
    def post(self, request, pk: int):
        versement = get_object_or_404(Versement.objects.select_related("tranche__subvention"), pk=pk)
        self.regle_objet = "subvention.gerer"
        self.check_object_permissions(request, versement.tranche.subvention)
        d = formulaire_valide(VersementForm(request.data)).cleaned_data
        versement = services.versement_changer_statut(versement=versement, statut=d["statut"], par=request.user,
                                                      date_versement=d["date_versement"], reference_mandat=d["reference_mandat"], motif=d["motif"])
        return Response(VersementSerializer(versement).data)
