"""Open data of the programme: the waves (no login; the laureates are in selection/api/publication.py)."""

import django_filters
from django.shortcuts import get_object_or_404
from rest_framework.response import Response

from commun.api_outils import VueApi, formulaire_valide, operation

from ..forms.vagues import VagueCreationForm, VagueForm
from ..models import Vague
from ..serializers import StatutSerializer, VagueEcritureSerializer, VagueSerializer
from ..services import vagues as services_vagues

TAG = "vagues"
EXEMPLE_VAGUE = {
    "id": 3,
    "numero": 3,
    "titre": "Vague 3 — 2026",
    "date_ouverture": "2026-09-01",
    "date_limite": "2026-11-30",
    "date_comite": "2027-01-15",
    "date_publication": "2027-02-01",
    "plafond_laureats": 30,
    "statut": "ouverte",
}


class VagueFiltre(django_filters.FilterSet):
    statut = django_filters.ChoiceFilter(choices=Vague.Statut.choices)
    annee = django_filters.NumberFilter(field_name="date_limite", lookup_expr="year", label="Année de la date limite")

    class Meta:
        model = Vague
        fields = ["statut", "annee"]


class VaguesView(VueApi):
    """Waves: read by anyone; created by administrateurs (same rule « vague.gerer » as the page)."""

    serializer_class = VagueSerializer
    filterset_class = VagueFiltre
    queryset = Vague.objects.select_related("appel").order_by("date_limite")

    def get_permissions(self):
        return [] if self.request.method == "GET" else super().get_permissions()

    def get_authenticators(self):
        return [] if self.request and self.request.method == "GET" else super().get_authenticators()

    @property
    def regle(self):
        return "vague.gerer"

    @operation(
        "vagues_lister",
        "Lister les vagues de l'appel (dates, statut)",
        TAG,
        reponse=VagueSerializer(many=True),
        exemple=[EXEMPLE_VAGUE],
        erreurs=(400,),
        publique=True,
    )
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(VagueSerializer(page, many=True).data)

    @operation(
        "vagues_creer",
        "Créer une vague (administrateurs)",
        TAG,
        reponse=VagueSerializer,
        statut=201,
        exemple=EXEMPLE_VAGUE,
        requete=VagueEcritureSerializer,
        exemple_requete={k: EXEMPLE_VAGUE[k] for k in ("titre", "date_ouverture", "date_limite")},
        erreurs=(400, 401, 403),
    )
    def post(self, request):
        form = formulaire_valide(VagueCreationForm(request.data))
        vague = services_vagues.vague_creer(par=request.user, **form.cleaned_data)
        return Response(VagueSerializer(vague).data, status=201)


class VagueView(VueApi):
    serializer_class = VagueSerializer
    regle = "vague.gerer"

    def get_permissions(self):
        return [] if self.request.method == "GET" else super().get_permissions()

    def get_authenticators(self):
        return [] if self.request and self.request.method == "GET" else super().get_authenticators()

    @operation("vagues_lire", "Lire une vague", TAG, reponse=VagueSerializer, exemple=EXEMPLE_VAGUE, erreurs=(404,), publique=True)
    def get(self, request, pk: int):
        return Response(VagueSerializer(get_object_or_404(Vague, pk=pk)).data)

    @operation(
        "vagues_modifier",
        "Modifier les dates d'une vague (administrateurs)",
        TAG,
        reponse=VagueSerializer,
        exemple=EXEMPLE_VAGUE,
        requete=VagueEcritureSerializer(partial=True),
        exemple_requete={"date_limite": "2026-12-04"},
    )
    def patch(self, request, pk: int):
        vague = self.objet(Vague.objects.all(), "vague.gerer", pk=pk)
        actuel = {champ: getattr(vague, champ) for champ in VagueForm._meta.fields}
        form = formulaire_valide(
            VagueForm({**actuel, **{k: v for k, v in request.data.items() if k in actuel}}, instance=Vague.objects.get(pk=pk))
        )
        vague = services_vagues.vague_modifier(vague=vague, par=request.user, **form.cleaned_data)
        return Response(VagueSerializer(vague).data)


class VagueStatutView(VueApi):
    serializer_class = VagueSerializer
    regle = "vague.gerer"

    @operation(
        "vagues_changer_statut",
        "Faire passer une vague à son statut suivant (administrateurs)",
        TAG,
        description="Clôturer une vague ouverte avant sa date limite exige un « motif » (400 sinon) : c'est la clôture "
        "anticipée, inscrite au journal, qui prévient par courriel les porteurs des brouillons ; la vague passe "
        "alors en instruction, comme à sa date limite.",
        reponse=VagueSerializer,
        exemple=EXEMPLE_VAGUE,
        requete=StatutSerializer,
        exemple_requete={"statut": "cloturee"},
    )
    def post(self, request, pk: int):
        vague = self.objet(Vague.objects.all(), "vague.gerer", pk=pk)
        donnees = StatutSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        vague = services_vagues.vague_changer_statut(
            vague=vague, statut=donnees.validated_data["statut"], par=request.user, motif=donnees.validated_data.get("motif", "")
        )
        return Response(VagueSerializer(vague).data)
