"""API of accounts: who am I."""
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from commun.api import Politique


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
        examples=[OpenApiExample("Porteur", value={"email": "porteur@exemple.fr", "prenom": "Paul", "nom": "Porteur", "roles": ["porteur"]})],
        tags=["comptes"],
    )
    def get(self, request):
        user = request.user
        return Response(MoiSerializer({"email": user.email, "first_name": user.first_name, "last_name": user.last_name, "roles": sorted(user.roles)}).data)
