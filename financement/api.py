"""API of grants: the open-data layout (SCDL) for anyone; grants and payments for administrateurs
(the porteur reads their own once notified). Writes go through ``financement.services``."""

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from candidatures.models import Dossier
from commun.api_outils import VueApi, VuePublique, formulaire_valide, operation
from commun.fichiers import PDF, telechargement
from commun.politique import filtrer

from . import opendata, selectors, services
from .echeancier import EcheancierInvalide
from .forms import EcheancierForm, PropositionForm, RapportForm, ResiliationForm, SignatureForm, VersementForm
from .models import RapportActivite, Subvention, Versement
from .serializers import (
    AjustementSerializer,
    LigneScdlSerializer,
    NotifierSerializer,
    PropositionSerializer,
    RapportEnvoiSerializer,
    RapportSerializer,
    ResiliationSerializer,
    SignatureSerializer,
    SubventionSerializer,
    VersementSerializer,
    VersementStatutSerializer,
)

TAG = "financement"
EXEMPLE_SCDL = {
    "nomAttribuant": "Agence nationale de la cohésion des territoires",
    "idAttribuant": "13001853600018",
    "dateConvention": "2027-03-01",
    "referenceDecision": "FDT-CONV-2027-0001",
    "nomBeneficiaire": "Association La Machinerie",
    "idBeneficiaire": "73282932000074",
    "objet": "Fabrique de territoire « La Machinerie » (Amiens) : subvention de fonctionnement sur 3 ans",
    "montant": "150000.00",
    "nature": "aide en numéraire",
    "conditionsVersement": "échelonné",
    "descriptionConditionsVersement": "Versements annuels (…)",
    "datesPeriodeVersement": "2027-03-01_2029-03-01",
    "idRAE": "",
    "notificationUE": "non",
    "pourcentageSubvention": "0.4",
    "dispositifAide": opendata.DISPOSITIF,
}
EXEMPLE_VERSEMENT = {
    "id": 31,
    "montant": "50000.00",
    "date_prevue": "2027-03-01",
    "statut": "prevu",
    "date_versement": None,
    "reference_mandat": "",
    "motif_suspension": "",
}
EXEMPLE_SUBVENTION = {
    "id": 5,
    "dossier": 41,
    "dossier_numero": "FDT-2026-V3-00012",
    "tiers_lieu": "La Machinerie",
    "statut": "notifiee",
    "reference_convention": "FDT-CONV-2027-0001",
    "date_convention": None,
    "total_fonctionnement": "150000.00",
    "derogation_enveloppe": False,
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

    @operation(
        "opendata_subventions_lister",
        "Lister les subventions attribuées au format SCDL « subventions »",
        TAG,
        reponse=LigneScdlSerializer(many=True),
        exemple=[EXEMPLE_SCDL],
        erreurs=(400,),
    )
    def get(self, request):
        def calcul():
            page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
            return self.get_paginated_response([opendata.ligne_scdl(s) for s in page]).data

        reponse = self.reponse_en_cache(calcul)
        reponse["Access-Control-Allow-Origin"] = "*"
        return reponse


EXEMPLE_CHIFFRES = {
    "enveloppes": [
        {
            "code": "fonctionnement",
            "libelle": "Fonctionnement",
            "montant": "45000000.00",
            "engage": "1530000.00",
            "verse": "510000.00",
            "reste": "43470000.00",
        },
        {
            "code": "numerique",
            "libelle": "Investissement (numérique : bonus et appel 2019)",
            "montant": "3000000.00",
            "engage": "200000.00",
            "verse": "100000.00",
            "reste": "2800000.00",
        },
    ],
    "objectifs": [{"code": "fabriques", "libelle": "Fabriques de territoire", "objectif": 300, "atteint": 182, "reste": 118}],
    "implantation_non_renseignee": 170,
    "dans_l_annuaire": 179,
    "retenues_non_publiees": 3,
}


class ChiffresProgrammeView(VuePublique):
    """The programme's figures: both envelopes and the targets, as the committee and Financement show them."""

    serializer_class = None

    @operation(
        "programme_chiffres",
        "Lire les chiffres du programme (enveloppes, objectifs, Fabriques numériques)",
        TAG,
        reponse=OpenApiTypes.OBJECT,
        exemple=EXEMPLE_CHIFFRES,
        erreurs=(),
        publique=True,
    )
    def get(self, request):
        reponse = Response(selectors.chiffres_programme().en_dict())
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


EXEMPLE_RAPPORT = {
    "id": 3,
    "subvention": 5,
    "annee": 1,
    "nom": "rapport-activite-2027.pdf",
    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "depose_le": "2028-02-10T10:00:00+01:00",
}


def _echeancier_invalide(erreur: EcheancierInvalide):
    champs: dict = {}
    for champ, message in erreur.erreurs:
        champs.setdefault(champ or "non_field_errors", []).append(message)
    return exceptions.ValidationError(champs)


class SubventionsView(VueApi):
    """Administrateurs: every grant, and the proposal of a schedule for a dossier « retenu ».
    A porteur: the grants of their tiers-lieux, once notified (a proposal is internal)."""

    serializer_class = SubventionSerializer
    filterset_class = SubventionFiltre

    @property
    def regle(self):
        return "subvention.gerer" if self.request.method == "POST" else None

    def get_queryset(self) -> QuerySet:
        return filtrer(self.request.user, "subvention.voir", _subventions()).order_by("-cree_le", "pk")

    @operation(
        "subventions_lister",
        "Lister les subventions (toutes pour un administrateur, les siennes pour un porteur)",
        TAG,
        reponse=SubventionSerializer(many=True),
        exemple=[EXEMPLE_SUBVENTION],
        erreurs=(400, 401),
    )
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(SubventionSerializer(page, many=True).data)

    @operation(
        "subventions_proposer",
        "Proposer l'échéancier de la subvention d'un dossier retenu",
        TAG,
        reponse=SubventionSerializer,
        statut=201,
        exemple={**EXEMPLE_SUBVENTION, "statut": "proposee", "reference_convention": ""},
        requete=PropositionSerializer,
        exemple_requete={"dossier": 41},
        description="Les montants demandés, plafonnés par les règles du programme (50 000 € par an, 150 000 € au total, "
        "bonus numérique de 100 000 € en investissement en QPV ou à proximité). Au-delà du reste de l'enveloppe, "
        "la proposition est refusée (400) sauf dérogation motivée (« derogation_motif »), journalisée.",
    )
    def post(self, request):
        dossier_pk = request.data.get("dossier")
        if not str(dossier_pk or "").isdigit() or len(str(dossier_pk)) > 18:
            raise exceptions.ValidationError({"dossier": ["Indiquez l'identifiant du dossier retenu."]})
        dossier = get_object_or_404(Dossier.objects.select_related("tiers_lieu", "vague"), pk=int(dossier_pk))
        form = formulaire_valide(PropositionForm(request.data))
        subvention = services.subvention_proposer(
            dossier=dossier, par=request.user, derogation_motif=form.cleaned_data["derogation_motif"] or None
        )
        return Response(SubventionSerializer(_subventions().get(pk=subvention.pk)).data, status=201)


class SubventionView(VueApi):
    serializer_class = SubventionSerializer

    @operation(
        "subventions_lire",
        "Lire une subvention, ses tranches et ses versements",
        TAG,
        reponse=SubventionSerializer,
        exemple=EXEMPLE_SUBVENTION,
        erreurs=(401, 403, 404),
    )
    def get(self, request, pk: int):
        return Response(SubventionSerializer(self.objet(_subventions(), "subvention.voir", pk=pk)).data)


class SubventionAjusterView(VueApi):
    regle = "subvention.gerer"
    serializer_class = SubventionSerializer

    @operation(
        "subventions_ajuster",
        "Ajuster l'échéancier d'une subvention avant la signature de la convention",
        TAG,
        reponse=SubventionSerializer,
        exemple=EXEMPLE_SUBVENTION,
        requete=AjustementSerializer,
        exemple_requete={
            "annee_1": "50000.00",
            "annee_2": "50000.00",
            "annee_3": "40000.00",
            "bonus": False,
            "commentaire": "Budget de l'année 3 revu par le comité.",
        },
    )
    def post(self, request, pk: int):
        subvention = self.objet(_subventions(), "subvention.gerer", pk=pk)
        dossier = subvention.dossier
        form = formulaire_valide(
            EcheancierForm(request.data, bonus_possible=dossier.bonus_numerique, hors_qpv=not dossier.tiers_lieu.en_qpv_ou_proximite)
        )
        try:
            services.subvention_ajuster(
                subvention=subvention,
                montants=form.montants(),
                par=request.user,
                derogation_motif=form.cleaned_data["derogation_motif"],
                commentaire=form.cleaned_data["commentaire"],
                reconnaissance_motif=form.cleaned_data.get("reconnaissance_motif", ""),
            )
        except EcheancierInvalide as erreur:
            raise _echeancier_invalide(erreur) from erreur
        return Response(SubventionSerializer(_subventions().get(pk=pk)).data)


class SubventionNotifierView(VueApi):
    regle = "subvention.gerer"
    serializer_class = SubventionSerializer

    @operation(
        "subventions_notifier",
        "Notifier la subvention au porteur (lettre de notification par courriel)",
        TAG,
        reponse=SubventionSerializer,
        exemple=EXEMPLE_SUBVENTION,
        requete=NotifierSerializer,
        description="Une subvention supérieure au montant demandé n'est notifiée qu'avec « confirme »: true (400 sinon).",
    )
    def post(self, request, pk: int):
        subvention = self.objet(_subventions(), "subvention.gerer", pk=pk)
        donnees = NotifierSerializer(data=request.data if isinstance(request.data, dict) else {})
        donnees.is_valid(raise_exception=True)
        services.subvention_notifier(subvention=subvention, par=request.user, confirme=donnees.validated_data["confirme"])
        return Response(SubventionSerializer(_subventions().get(pk=pk)).data)


class SubventionSignerView(VueApi):
    regle = "subvention.gerer"
    serializer_class = SubventionSerializer

    @operation(
        "subventions_signer",
        "Enregistrer la signature de la convention (planifie les versements)",
        TAG,
        reponse=SubventionSerializer,
        exemple={**EXEMPLE_SUBVENTION, "statut": "conventionnee", "date_convention": "2027-03-01"},
        requete=SignatureSerializer,
        exemple_requete={"date_signature": "2027-03-01"},
    )
    def post(self, request, pk: int):
        subvention = self.objet(_subventions(), "subvention.gerer", pk=pk)
        d = formulaire_valide(SignatureForm(request.data)).cleaned_data
        services.subvention_signer_convention(subvention=subvention, date_signature=d["date_signature"], par=request.user)
        return Response(SubventionSerializer(_subventions().get(pk=pk)).data)


class SubventionResilierView(VueApi):
    regle = "subvention.gerer"
    serializer_class = SubventionSerializer

    @operation(
        "subventions_resilier",
        "Résilier une subvention (les versements non effectués sont annulés)",
        TAG,
        reponse=SubventionSerializer,
        exemple={**EXEMPLE_SUBVENTION, "statut": "resiliee"},
        requete=ResiliationSerializer,
        exemple_requete={"motif": "Cessation d'activité de l'association."},
    )
    def post(self, request, pk: int):
        subvention = self.objet(_subventions(), "subvention.gerer", pk=pk)
        d = formulaire_valide(ResiliationForm(request.data)).cleaned_data
        services.subvention_resilier(subvention=subvention, motif=d["motif"], par=request.user)
        return Response(SubventionSerializer(_subventions().get(pk=pk)).data)


class RapportsView(VueApi):
    """Annual activity reports of a grant: read (porteur of the Fabrique, administrateurs); upload
    (the porteur, once the convention is signed) — the condition of the next payment."""

    serializer_class = RapportSerializer
    parser_classes = [MultiPartParser, FormParser]

    @operation(
        "rapports_lister",
        "Lister les rapports d'activité d'une subvention",
        TAG,
        reponse=RapportSerializer(many=True),
        exemple=[EXEMPLE_RAPPORT],
        erreurs=(401, 403, 404),
    )
    def get(self, request, pk: int):
        subvention = self.objet(_subventions(), "subvention.voir", pk=pk)
        page = self.paginate_queryset(RapportActivite.objects.filter(subvention=subvention).order_by("annee", "-depose_le", "pk"))
        return self.get_paginated_response(RapportSerializer(page, many=True).data)

    @operation(
        "rapports_deposer",
        "Déposer le rapport d'activité d'une année (multipart : annee, fichier PDF)",
        TAG,
        reponse=RapportSerializer,
        statut=201,
        exemple=EXEMPLE_RAPPORT,
        requete={"multipart/form-data": RapportEnvoiSerializer},
    )
    def post(self, request, pk: int):
        subvention = self.objet(_subventions(), "subvention.voir", pk=pk)
        self.regle_objet = "subvention.deposer_rapport"
        self.check_object_permissions(request, subvention)
        d = formulaire_valide(RapportForm(request.data, request.FILES)).cleaned_data
        rapport = services.rapport_deposer(subvention=subvention, annee=d["annee"], fichier=d["fichier"], par=request.user)
        return Response(RapportSerializer(rapport).data, status=201)


class RapportFichierView(VueApi):
    serializer_class = None

    @operation(
        "rapports_telecharger",
        "Télécharger un rapport d'activité",
        TAG,
        reponse=OpenApiResponse(OpenApiTypes.BINARY, description="PDF"),
        exemple="",
        erreurs=(401, 403, 404),
    )
    def get(self, request, pk: int):
        rapport = self.objet(RapportActivite.objects.select_related("subvention__dossier__tiers_lieu"), "rapport.telecharger", pk=pk)
        return telechargement(rapport.fichier, rapport.nom_fichier, PDF)


class VersementStatutView(VueApi):
    regle = "subvention.gerer"
    serializer_class = VersementSerializer

    @operation(
        "versements_changer_statut",
        "Faire avancer un versement (demandé, mandaté, versé, suspendu)",
        TAG,
        reponse=VersementSerializer,
        exemple={**EXEMPLE_VERSEMENT, "statut": "demande"},
        requete=VersementStatutSerializer,
        exemple_requete={"statut": "demande"},
    )
    def post(self, request, pk: int):
        versement = get_object_or_404(Versement.objects.select_related("tranche__subvention"), pk=pk)
        self.regle_objet = "subvention.gerer"
        self.check_object_permissions(request, versement.tranche.subvention)
        d = formulaire_valide(VersementForm(request.data)).cleaned_data
        versement = services.versement_changer_statut(
            versement=versement,
            statut=d["statut"],
            par=request.user,
            date_versement=d["date_versement"],
            reference_mandat=d["reference_mandat"],
            motif=d["motif"],
            confirme=d["confirme"],
        )
        return Response(VersementSerializer(versement).data)
