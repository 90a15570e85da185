"""The selection committee through the API: decide on a dossier, close the committee."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from rest_framework.response import Response

from candidatures.api.instruction import _dossiers
from candidatures.models import Decision, Dossier, Vague
from candidatures.serializers import DecisionEcritureSerializer, DecisionSerializer
from commun.api_outils import VueApi, formulaire_valide, operation
from commun.erreurs import ErreurMetier

from ..forms.comite import DecisionForm
from ..services import comite as services

TAG_COMITE = "comite"
EXEMPLE_DECISION = {
    "id": 3,
    "dossier": 41,
    "vague": 3,
    "resultat": "retenu",
    "motivation": "",
    "definitive": False,
    "decide_le": "2027-01-15T15:00:00+01:00",
}


# --- Administrateurs: the committee -----------------------------------------------------------
class DecisionView(VueApi):
    regle = "instruction.comite"
    serializer_class = DecisionSerializer

    @operation(
        "comite_decision_lire",
        "Lire la décision du comité sur un dossier",
        TAG_COMITE,
        reponse=DecisionSerializer,
        exemple=EXEMPLE_DECISION,
        erreurs=(401, 403, 404),
    )
    def get(self, request, pk: int):
        dossier = get_object_or_404(Dossier, pk=pk)
        return Response(DecisionSerializer(get_object_or_404(Decision, dossier=dossier, vague_id=dossier.vague_id)).data)

    @operation(
        "comite_decision_enregistrer",
        "Enregistrer la décision (provisoire) du comité sur un dossier",
        TAG_COMITE,
        reponse=DecisionSerializer,
        exemple=EXEMPLE_DECISION,
        requete=DecisionEcritureSerializer,
        exemple_requete={"resultat": "retenu", "motivation": ""},
    )
    def put(self, request, pk: int):
        dossier = get_object_or_404(_dossiers(), pk=pk)
        form = formulaire_valide(DecisionForm(request.data))
        decision = services.decision_enregistrer(
            dossier=dossier,
            resultat=form.cleaned_data["resultat"],
            motivation=form.cleaned_data["motivation"],
            par=request.user,
            complement_motif=form.cleaned_data["complement_motif"],
        )
        return Response(DecisionSerializer(decision).data)


class ComiteCloreView(VueApi):
    regle = "instruction.comite"
    serializer_class = None

    @operation(
        "comite_clore",
        "Clore le comité d'une vague (les décisions deviennent définitives)",
        TAG_COMITE,
        reponse=OpenApiTypes.OBJECT,
        exemple={"detail": "Le comité de la vague 3 est clos : les décisions sont définitives."},
        requete=OpenApiTypes.OBJECT,
        exemple_requete={"derogation_motif": ""},
        description="Au-delà d'une enveloppe (fonctionnement ou bonus numérique), `derogation_motif` est obligatoire : "
        "sans lui, 400 avec le dépassement chiffré.",
    )
    def post(self, request, pk: int):
        vague = get_object_or_404(Vague, pk=pk)
        motif = request.data.get("derogation_motif") if hasattr(request.data, "get") else None
        if motif is not None and not isinstance(motif, str):
            raise ErreurMetier("Le motif du dépassement doit être un texte.", champ="derogation_motif")
        with transaction.atomic():
            services.comite_clore(vague=vague, par=request.user, derogation_motif=motif)
        return Response({"detail": f"Le comité de la vague {vague.numero} est clos : les décisions sont définitives."})
