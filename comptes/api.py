"""API of accounts: who am I, which e-mails I receive."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from commun.api import Politique
from commun.api_outils import VueApi, formulaire_valide, operation

from .forms import CourrielsForm
from .notifications import Categorie, categories_de, toujours_envoyes
from .services import courriels_choisir


class MoiSerializer(serializers.Serializer):
    email = serializers.EmailField()
    prenom = serializers.CharField(source="first_name")
    nom = serializers.CharField(source="last_name")
    roles = serializers.ListField(child=serializers.CharField())


class MoiView(APIView):
    permission_classes = [Politique]

    @extend_schema(
        operation_id="moi_lire",
        summary="Lire mon compte et mes rôles",
        responses=MoiSerializer,
        examples=[
            OpenApiExample("Porteur", value={"email": "porteur@exemple.fr", "prenom": "Paul", "nom": "Porteur", "roles": ["porteur"]})
        ],
        tags=["comptes"],
    )
    def get(self, request):
        user = request.user
        return Response(
            MoiSerializer(
                {"email": user.email, "first_name": user.first_name, "last_name": user.last_name, "roles": sorted(user.roles)}
            ).data
        )


class CategorieCourrielSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=Categorie.choices)
    libelle = serializers.CharField()
    recu = serializers.BooleanField()


class CourrielsSerializer(serializers.Serializer):
    categories = CategorieCourrielSerializer(many=True, help_text="Les courriels que je peux couper, et si je les reçois.")
    toujours_envoyes = serializers.ListField(child=serializers.CharField(), help_text="Ceux qui partent toujours.")


class CourrielsEnvoiSerializer(serializers.Serializer):
    recus = serializers.ListField(
        child=serializers.ChoiceField(choices=Categorie.choices),
        allow_empty=True,
        help_text="Les codes des courriels que je veux recevoir ; les autres sont coupés.",
    )


EXEMPLE_COURRIELS = {
    "categories": [
        {"code": "messages", "libelle": "Nouveaux messages sur un dossier", "recu": True},
        {"code": "rappels_evaluation", "libelle": "Rappels des évaluations à soumettre avant le comité", "recu": False},
    ],
    "toujours_envoyes": ["les invitations et les messages de sécurité du compte"],
}


def _courriels(user) -> dict:
    coupes = set(user.courriels_coupes or [])
    return {
        "categories": [{"code": c.value, "libelle": c.label, "recu": c.value not in coupes} for c in categories_de(user)],
        "toujours_envoyes": toujours_envoyes(user),
    }


class MesCourrielsView(VueApi):
    """The e-mails I may switch off (as on « Mon compte »)."""

    serializer_class = CourrielsSerializer

    @operation(
        "moi_courriels_lire",
        "Lire les courriels que je reçois",
        "comptes",
        reponse=CourrielsSerializer,
        exemple=EXEMPLE_COURRIELS,
        erreurs=(401,),
    )
    def get(self, request):
        return Response(_courriels(request.user))

    @operation(
        "moi_courriels_choisir",
        "Choisir les courriels que je reçois",
        "comptes",
        reponse=CourrielsSerializer,
        exemple=EXEMPLE_COURRIELS,
        requete=CourrielsEnvoiSerializer,
        exemple_requete={"recus": ["messages"]},
        erreurs=(400, 401),
        description="Les courriels facultatifs absents de « recus » sont coupés. Ceux qui portent une date limite, "
        "une décision ou une preuve partent toujours. Chaque choix est journalisé.",
    )
    def put(self, request):
        form = formulaire_valide(CourrielsForm(request.data, user=request.user))
        courriels_choisir(user=request.user, recus=form.cleaned_data["recus"])  # a domain error: the API's handler answers 400 on « recus »
        return Response(_courriels(request.user))
