"""The instruction through the API: reviewers' dossiers, reviews, conflicts of interest, requests
for complements; for administrateurs, assignment, committee decisions and exports.

Same rules as the pages (``instruction.*`` in ``regles/instruction.py``), same forms, same services.
"""

from django.db.models import QuerySet
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions
from rest_framework.response import Response

from commun.api_outils import VueApi, formulaire_valide, operation
from commun.erreurs import ConflitEtat

from ..exports import instruction as exports
from ..filtres.instruction import DossiersInstructionFiltre
from ..forms.instruction import AffectationForm, ComplementForm, ConflitForm, GrilleEvaluationForm
from ..models import Affectation, ConflitInteret, DemandeComplement, Dossier, Evaluation, Vague
from ..selectors.instruction import criteres_des_vagues, grille_de, liste_instruction
from ..serializers import (
    EXEMPLE_COMPLEMENT,
    AffectationEcritureSerializer,
    AffectationMasseSerializer,
    AffectationSerializer,
    BilanAutomatiqueSerializer,
    BilanMasseSerializer,
    ComplementEcritureSerializer,
    ComplementSerializer,
    ConflitEcritureSerializer,
    ConflitSerializer,
    DossierInstructionSerializer,
    EvaluationEcritureSerializer,
    EvaluationSerializer,
    ExportSerializer,
)
from ..services import echanges
from ..services import exports as exports_differes
from ..services import instruction as services

TAG = "instruction"
EXEMPLE_DOSSIER = {
    "id": 41,
    "numero": "FDT-2026-V3-00012",
    "vague": 3,
    "region": "32",
    "statut": "en_instruction",
    "depose_le": "2026-11-28T16:20:00+01:00",
    "montant_annee_1": "50000.00",
    "montant_annee_2": "50000.00",
    "montant_annee_3": "40000.00",
    "bonus_numerique": False,
    "score": 72.5,
    "moyennes": [{"code": "ambition", "libelle": "Ambition de soutenir l'essor du territoire et d'autres tiers-lieux", "moyenne": 4.0}],
}
EXEMPLE_EVALUATION = {
    "id": 9,
    "dossier": 41,
    "statut": "brouillon",
    "avis": "favorable",
    "note_comite": "",
    "notes": {"ambition": {"note": 16, "commentaire": "Projet structurant pour le bassin."}},
    "modifie_le": "2026-12-10T11:00:00+01:00",
    "soumise_le": None,
}
EXEMPLE_CONFLIT = {
    "id": 2,
    "tiers_lieu": None,
    "structure": "Association Les Communs",
    "commune": "",
    "motif": "Membre du conseil d'administration",
    "declare_le": "2026-12-01T09:00:00+01:00",
}
EXEMPLE_AFFECTATION = {
    "id": 12,
    "dossier": 41,
    "instructeur": 8,
    "instructeur_email": "instructeur@exemple.fr",
    "mode": "manuel",
    "cree_le": "2026-12-02T09:00:00+01:00",
    "explication": "",
}


def _dossiers() -> QuerySet:
    return Dossier.objects.select_related("vague__grille", "tiers_lieu__region", "tiers_lieu__departement", "tiers_lieu__qpv")


def _filtre(user, donnees) -> DossiersInstructionFiltre:
    filtre = DossiersInstructionFiltre(donnees, queryset=liste_instruction(user), user=user)
    if not filtre.is_valid():
        raise exceptions.ValidationError(dict(filtre.errors))
    return filtre


class DossiersInstructionView(VueApi):
    """The dossiers a reviewer is assigned to (every deposited dossier for administrateurs)."""

    regle = "instruction.acceder"
    serializer_class = DossierInstructionSerializer
    filterset_class = DossiersInstructionFiltre
    filter_backends: list = []  # the filter set needs the user: applied below, as on the page

    @operation(
        "instruction_dossiers_lister",
        "Lister les dossiers à instruire (filtres de la liste d'instruction)",
        TAG,
        reponse=DossierInstructionSerializer(many=True),
        exemple=[EXEMPLE_DOSSIER],
        erreurs=(400, 401, 403),
        parametres=[OpenApiParameter(nom, str, required=False) for nom in DossiersInstructionFiltre.base_filters],
    )
    def get(self, request):
        page = self.paginate_queryset(_filtre(request.user, request.query_params).qs)
        criteres = criteres_des_vagues({d.vague_id for d in page})  # each wave's call's criteria, in two queries
        return self.get_paginated_response(DossierInstructionSerializer(page, many=True, context={"criteres_par_vague": criteres}).data)


class EvaluationView(VueApi):
    """My review of a dossier: read, save as draft, or submit (final)."""

    serializer_class = EvaluationSerializer

    @operation(
        "instruction_evaluation_lire",
        "Lire mon évaluation d'un dossier",
        TAG,
        reponse=EvaluationSerializer,
        exemple=EXEMPLE_EVALUATION,
        erreurs=(401, 403, 404),
    )
    def get(self, request, pk: int):
        dossier = self.objet(_dossiers(), "instruction.evaluer", pk=pk)
        evaluation = get_object_or_404(Evaluation.objects.prefetch_related("notes"), dossier=dossier, instructeur=request.user)
        return Response(EvaluationSerializer(evaluation).data)

    @operation(
        "instruction_evaluation_enregistrer",
        "Enregistrer (brouillon) ou soumettre mon évaluation",
        TAG,
        reponse=EvaluationSerializer,
        description="Avec « soumettre »: true, l'évaluation est verrouillée aussitôt : ni ses notes, ni ses commentaires, "
        "ni l'avis ne pourront plus être modifiés.",
        exemple=EXEMPLE_EVALUATION,
        requete=EvaluationEcritureSerializer,
        exemple_requete={"soumettre": False, "note_ambition": "16", "commentaire_ambition": "Projet structurant.", "avis": "favorable"},
    )
    def put(self, request, pk: int):
        dossier = self.objet(_dossiers(), "instruction.evaluer", pk=pk)
        mienne = Evaluation.objects.filter(dossier=dossier, instructeur=request.user).first()
        if mienne and mienne.est_soumise:
            raise ConflitEtat("Votre évaluation est déjà soumise : elle ne peut plus être modifiée.")
        form = formulaire_valide(GrilleEvaluationForm(request.data, grille=grille_de(dossier.vague)))
        soumettre = str(request.data.get("soumettre", "")).lower() in ("true", "1", "oui")
        service = services.evaluation_soumettre if soumettre else services.evaluation_enregistrer
        try:
            evaluation = service(
                dossier=dossier,
                instructeur=request.user,
                notes=form.notes(),
                avis=form.cleaned_data["avis"],
                note_comite=form.cleaned_data["note_comite"],
            )
        except services.ErreursGrille as erreurs:
            champs: dict = {}
            for champ, message in erreurs.erreurs:
                champs.setdefault(champ or "non_field_errors", []).append(message)
            raise exceptions.ValidationError(champs)
        return Response(EvaluationSerializer(Evaluation.objects.prefetch_related("notes").get(pk=evaluation.pk)).data)


class ConflitsView(VueApi):
    regle = "instruction.declarer_conflits"
    serializer_class = ConflitSerializer

    @operation(
        "instruction_conflits_lister",
        "Lister mes déclarations de conflit d'intérêts",
        TAG,
        reponse=ConflitSerializer(many=True),
        exemple=[EXEMPLE_CONFLIT],
        erreurs=(401, 403),
    )
    def get(self, request):
        page = self.paginate_queryset(ConflitInteret.objects.filter(instructeur=request.user).order_by("-declare_le", "pk"))
        return self.get_paginated_response(ConflitSerializer(page, many=True).data)

    @operation(
        "instruction_conflits_declarer",
        "Déclarer un conflit d'intérêts",
        TAG,
        reponse=ConflitSerializer,
        statut=201,
        exemple=EXEMPLE_CONFLIT,
        requete=ConflitEcritureSerializer,
        exemple_requete={"type_cible": "structure", "structure": "Association Les Communs", "motif": "Membre du conseil d'administration"},
        erreurs=(400, 401, 403),
    )
    def post(self, request):
        form = formulaire_valide(ConflitForm(request.data))
        conflit = services.conflit_declarer(instructeur=request.user, motif=form.cleaned_data["motif"], **form.cible())
        return Response(ConflitSerializer(conflit).data, status=201)


class ConflitView(VueApi):
    regle = "instruction.declarer_conflits"
    serializer_class = ConflitSerializer

    @operation(
        "instruction_conflits_retirer",
        "Retirer une de mes déclarations de conflit d'intérêts",
        TAG,
        reponse=None,
        statut=204,
        exemple="",
        erreurs=(401, 403, 404),
    )
    def delete(self, request, pk: int):
        conflit = get_object_or_404(ConflitInteret, pk=pk, instructeur=request.user)
        services.conflit_supprimer(conflit=conflit, par=request.user)
        return Response(status=204)


class ComplementsView(VueApi):
    """Requests for complements on a dossier (reviewers assigned, administrateurs)."""

    serializer_class = ComplementSerializer

    @operation(
        "instruction_complements_lister",
        "Lister les demandes de complément d'un dossier",
        TAG,
        reponse=ComplementSerializer(many=True),
        exemple=[EXEMPLE_COMPLEMENT],
        erreurs=(401, 403, 404),
    )
    def get(self, request, pk: int):
        dossier = self.objet(_dossiers(), "instruction.dossier", pk=pk)
        page = self.paginate_queryset(DemandeComplement.objects.filter(dossier=dossier).order_by("-cree_le", "pk"))
        return self.get_paginated_response(ComplementSerializer(page, many=True).data)

    @operation(
        "instruction_complements_demander",
        "Demander un complément au porteur",
        TAG,
        reponse=ComplementSerializer,
        statut=201,
        exemple=EXEMPLE_COMPLEMENT,
        requete=ComplementEcritureSerializer,
        exemple_requete={"sections": ["budget"], "message": "Merci de détailler les ressources de l'année 2.", "date_limite": "2026-12-20"},
    )
    def post(self, request, pk: int):
        dossier = self.objet(_dossiers(), "instruction.dossier", pk=pk)
        form = formulaire_valide(ComplementForm(request.data))
        d = form.cleaned_data
        demande = echanges.complement_demander(
            dossier=dossier, par=request.user, sections=d["sections"], message=d["message"], date_limite=d["date_limite"]
        )
        return Response(ComplementSerializer(demande).data, status=201)


class ComplementAnnulerView(VueApi):
    serializer_class = ComplementSerializer

    @operation(
        "instruction_complements_annuler",
        "Annuler une demande de complément en attente",
        TAG,
        reponse=ComplementSerializer,
        exemple={**EXEMPLE_COMPLEMENT, "statut": "annulee"},
        requete=None,
    )
    def post(self, request, pk: int):
        demande = get_object_or_404(DemandeComplement.objects.select_related("dossier__vague"), pk=pk)
        self.regle_objet = "instruction.dossier"
        self.check_object_permissions(request, demande.dossier)
        demande = echanges.complement_annuler(demande=demande, par=request.user)
        return Response(ComplementSerializer(demande).data)


# --- Administrateurs: assignment --------------------------------------------------------------
class AffectationsDossierView(VueApi):
    regle = "instruction.affecter"
    serializer_class = AffectationSerializer

    @operation(
        "affectations_lister",
        "Lister les instructeurs affectés à un dossier",
        TAG,
        reponse=AffectationSerializer(many=True),
        exemple=[EXEMPLE_AFFECTATION],
        erreurs=(401, 403, 404),
    )
    def get(self, request, pk: int):
        dossier = get_object_or_404(Dossier, pk=pk)
        page = self.paginate_queryset(Affectation.objects.filter(dossier=dossier).select_related("instructeur").order_by("pk"))
        return self.get_paginated_response(AffectationSerializer(page, many=True).data)

    @operation(
        "affectations_creer",
        "Affecter un instructeur à un dossier",
        TAG,
        reponse=AffectationSerializer,
        statut=201,
        exemple=EXEMPLE_AFFECTATION,
        requete=AffectationEcritureSerializer,
        exemple_requete={"instructeur": 8},
    )
    def post(self, request, pk: int):
        dossier = get_object_or_404(Dossier, pk=pk)
        form = formulaire_valide(AffectationForm(request.data))
        affectation = services.affectation_creer(dossier=dossier, instructeur=form.cleaned_data["instructeur"], par=request.user)
        return Response(AffectationSerializer(affectation).data, status=201)


class AffectationView(VueApi):
    """One assignment: remove it with its draft review (audited); refused (409) once the review is submitted."""

    regle = "instruction.affecter"
    serializer_class = AffectationSerializer

    @operation("affectations_supprimer", "Retirer une affectation", TAG, reponse=None, statut=204, exemple="", erreurs=(401, 403, 404, 409))
    def delete(self, request, pk: int):
        affectation = get_object_or_404(Affectation.objects.select_related("dossier"), pk=pk)
        services.affectation_supprimer(affectation=affectation, par=request.user)
        return Response(status=204)


class AffectationReassignerView(VueApi):
    """Move an assignment to another reviewer (within their scope, never in conflict)."""

    regle = "instruction.affecter"
    serializer_class = AffectationSerializer

    @operation(
        "affectations_reassigner",
        "Réaffecter un dossier à un autre instructeur",
        TAG,
        reponse=AffectationSerializer,
        exemple={**EXEMPLE_AFFECTATION, "instructeur": 9, "instructeur_email": "instructrice@exemple.fr"},
        requete=AffectationEcritureSerializer,
        exemple_requete={"instructeur": 9},
    )
    def post(self, request, pk: int):
        affectation = get_object_or_404(Affectation.objects.select_related("dossier"), pk=pk)
        form = formulaire_valide(AffectationForm(request.data))
        nouvelle = services.affectation_reassigner(affectation=affectation, vers=form.cleaned_data["instructeur"], par=request.user)
        return Response(AffectationSerializer(nouvelle).data)


class AffectationMasseView(VueApi):
    """Assign one reviewer to EVERY dossier matching the instruction list's filters."""

    regle = "instruction.affecter"
    serializer_class = BilanMasseSerializer

    @operation(
        "affectations_en_masse",
        "Affecter un instructeur à tous les dossiers d'un filtre",
        TAG,
        reponse=BilanMasseSerializer,
        exemple={"crees": 12, "deja": 3, "refuses": ["FDT-2026-V3-00007 : instructeur en conflit d'intérêts."]},
        requete=AffectationMasseSerializer,
        exemple_requete={"instructeur": 8, "filtres": "vague=3&region=32"},
        erreurs=(400, 401, 403),
    )
    def post(self, request):
        form = formulaire_valide(AffectationForm(request.data))
        filtre = _filtre(request.user, QueryDict(str(request.data.get("filtres", "") or "")))
        bilan = services.affectation_en_masse(dossiers=filtre.qs, instructeur=form.cleaned_data["instructeur"], par=request.user)
        return Response({"crees": bilan.crees, "deja": bilan.deja, "refuses": bilan.refuses})


class AffectationAutomatiqueView(VueApi):
    regle = "instruction.affecter"
    serializer_class = BilanAutomatiqueSerializer

    @operation(
        "affectations_automatique",
        "Affecter automatiquement les instructeurs d'une vague",
        TAG,
        reponse=BilanAutomatiqueSerializer,
        exemple={"creees": 40, "incomplets": 2},
        requete=None,
        erreurs=(401, 403, 404),
    )
    def post(self, request, pk: int):
        vague = get_object_or_404(Vague, pk=pk)
        bilan = services.affectation_automatique(vague=vague, par=request.user)
        return Response({"creees": len(bilan.creees), "incomplets": len(bilan.incomplets)})


class ExportView(VueApi):
    """The instruction list as CSV or XLSX, exactly as filtered; deferred beyond a threshold (202)."""

    regle = "instruction.exporter"
    serializer_class = None
    filter_backends: list = []

    @operation(
        "instruction_exporter",
        "Exporter la liste d'instruction filtrée (CSV ou XLSX)",
        TAG,
        reponse=OpenApiResponse(OpenApiTypes.BINARY, description="Le fichier (CSV ou XLSX)"),
        exemple="",
        erreurs=(400, 401, 403),
        types_media=("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        parametres=[
            OpenApiParameter("type", str, enum=["csv", "xlsx"], required=False, description="Format du fichier (csv par défaut)."),
            *[OpenApiParameter(nom, str, required=False) for nom in DossiersInstructionFiltre.base_filters],
        ],
    )
    def get(self, request):
        # « type », not « format »: DRF reserves ``?format=`` for choosing its renderer.
        format = request.query_params.get("type", "csv")
        if format not in ("csv", "xlsx"):
            raise exceptions.ValidationError({"type": ["Choisissez « csv » ou « xlsx »."]})
        criteres = request.query_params.copy()
        criteres.pop("type", None)
        filtre = _filtre(request.user, criteres)
        if filtre.qs.count() > exports_differes.SEUIL_EXPORT_IMMEDIAT:
            export = exports_differes.export_demander(demandeur=request.user, format=format, parametres=criteres.urlencode())
            return Response(ExportSerializer({"id": export.pk, "format": export.format, "statut": export.statut}).data, status=202)
        return exports.reponse_fichier(request.user, filtre.qs, format)
