"""API of tiers-lieux: the public directory (same filters as the page) and the porteur's own tiers-lieux.

Writes parse the input with the browser's ``TiersLieuForm`` and call ``fabriques.services``.
"""

from django.db.models import QuerySet
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from rest_framework import status
from rest_framework.response import Response

from commun.api_outils import VueApi, VuePublique, formulaire_valide, operation

from .filtres import AnnuaireFiltre, HistoriquesFiltre
from .forms import ImplantationsForm, InvitationGestionnaireForm, TiersLieuForm
from .models import InvitationGestionnaire, TiersLieu
from .selectors import fabriques_historiques, fabriques_labellisees, implantations_non_renseignees, tiers_lieux_geres
from .serializers import (
    BilanImplantationsSerializer,
    FabriqueSerializer,
    ImplantationsEcritureSerializer,
    InvitationEnvoiSerializer,
    InvitationSerializer,
    TiersLieuEcritureSerializer,
    TiersLieuSerializer,
)
from .services import (
    REPONSE_INVITATION,
    gestionnaire_invitation_accepter,
    gestionnaire_invitation_decliner,
    gestionnaire_inviter,
    implantations_fixer,
    invitations_gestionnaire_en_attente,
    tiers_lieu_creer,
    tiers_lieu_modifier,
)

TAG = "fabriques"
EXEMPLE_FABRIQUE = {
    "id": 12,
    "nom": "La Machinerie",
    "structure_porteuse": "Association La Machinerie",
    "commune": "Amiens",
    "departement": "80",
    "departement_nom": "Somme",
    "region": "32",
    "region_nom": "Hauts-de-France",
    "implantation": "qpv",
    "types_lieu": ["fablab"],
    "site_web": "https://lamachinerie.example",
    "label": "fabrique",
}
EXEMPLE_TIERS_LIEU = {
    "id": 3,
    "nom": "La Fabrique des Communs",
    "structure_porteuse": "Association Les Communs",
    "forme_juridique": "association",
    "siret": "73282932000074",
    "adresse": "3 rue de la Gare",
    "code_postal": "59100",
    "commune": "Roubaix",
    "departement": "59",
    "region": "32",
    "implantation": "grand_centre",
    "qpv": None,
    "date_creation": "2019-05-01",
    "site_web": "",
    "types_lieu": [],
    "familles_services": [],
    "surface_m2": 300,
    "horaires": "",
    "nombre_usagers": 120,
    "etp_salaries": "2.50",
    "benevoles": 15,
    "source": "saisie",
}
EXEMPLE_ECRITURE = {k: v for k, v in EXEMPLE_TIERS_LIEU.items() if k not in ("id", "region", "source", "departement", "qpv")}


def _page(vue, qs, serializer_class):
    page = vue.paginate_queryset(qs)
    return vue.get_paginated_response(serializer_class(page, many=True).data)


class AnnuaireView(VuePublique):
    """The public directory of labelled Fabriques."""

    serializer_class = FabriqueSerializer
    filterset_class = AnnuaireFiltre

    def get_queryset(self) -> QuerySet:
        return fabriques_labellisees()

    @operation(
        "fabriques_lister",
        "Lister les Fabriques de territoire labellisées (annuaire public)",
        TAG,
        reponse=FabriqueSerializer(many=True),
        exemple=[EXEMPLE_FABRIQUE],
        erreurs=(400,),
    )
    def get(self, request):
        return self.reponse_en_cache(lambda: _page(self, self.filter_queryset(self.get_queryset()), FabriqueSerializer).data)


class FabriqueView(VuePublique):
    serializer_class = FabriqueSerializer

    @operation(
        "fabriques_lire", "Lire la fiche publique d'une Fabrique", TAG, reponse=FabriqueSerializer, exemple=EXEMPLE_FABRIQUE, erreurs=(404,)
    )
    def get(self, request, pk: int):
        return Response(FabriqueSerializer(get_object_or_404(fabriques_labellisees(), pk=pk)).data)


def _donnees_formulaire(donnees, tiers_lieu: TiersLieu | None = None) -> dict:
    """The browser form's data: the stored fiche (for an update) overlaid with what was sent."""
    base = {}
    if tiers_lieu is not None:
        for champ in TiersLieuForm.base_fields:
            if champ not in ("departement", "qpv"):
                valeur = getattr(tiers_lieu, champ)
                base[champ] = valeur.isoformat() if hasattr(valeur, "isoformat") else valeur
        base["qpv"] = tiers_lieu.qpv.code if tiers_lieu.qpv else ""
    envoyees = {k: v for k, v in dict(donnees).items() if k in TiersLieuForm.base_fields}
    return {k: ("" if v is None else v) for k, v in {**base, **envoyees}.items()}


class MesTiersLieuxView(VueApi):
    """The tiers-lieux the porteur manages; declare a new one."""

    regle = "tiers_lieu.creer"
    serializer_class = TiersLieuSerializer

    def get_queryset(self) -> QuerySet:
        return tiers_lieux_geres(self.request.user)

    @operation(
        "tiers_lieux_lister",
        "Lister mes tiers-lieux",
        TAG,
        reponse=TiersLieuSerializer(many=True),
        exemple=[EXEMPLE_TIERS_LIEU],
        erreurs=(401, 403),
    )
    def get(self, request):
        return _page(self, self.get_queryset(), TiersLieuSerializer)

    @operation(
        "tiers_lieux_creer",
        "Déclarer un tiers-lieu (j'en deviens gestionnaire)",
        TAG,
        reponse=TiersLieuSerializer,
        statut=201,
        exemple=EXEMPLE_TIERS_LIEU,
        requete=TiersLieuEcritureSerializer,
        exemple_requete=EXEMPLE_ECRITURE,
        erreurs=(400, 401, 403),
    )
    def post(self, request):
        form = formulaire_valide(TiersLieuForm(_donnees_formulaire(request.data)))
        tiers_lieu = tiers_lieu_creer(par=request.user, **form.champs_service())
        return Response(TiersLieuSerializer(tiers_lieu).data, status=status.HTTP_201_CREATED)


class ImplantationsView(VueApi):
    """The administrateur's bulk setting of the implantation of historical Fabriques (same form,
    same service, same journal as the page « Implantations »)."""

    regle = "implantation.fixer"
    serializer_class = BilanImplantationsSerializer

    @operation(
        "implantations_fixer",
        "Renseigner l'implantation de Fabriques importées de la liste publiée",
        TAG,
        reponse=BilanImplantationsSerializer,
        exemple={"modifiees": 4, "non_renseignees": 167},
        requete=ImplantationsEcritureSerializer,
        exemple_requete={"tiers_lieux": [12, 15], "implantation": "hors_grands_centres"},
        erreurs=(400, 401, 403),
    )
    def post(self, request):
        filtre = HistoriquesFiltre(
            QueryDict(str(request.data.get("filtres", "") or "")) or {"implantation": ""}, queryset=fabriques_historiques()
        )
        lignes = list(filtre.qs.values_list("pk", flat=True)) if filtre.is_valid() else []
        form = formulaire_valide(ImplantationsForm(request.data, choix_lieux=fabriques_historiques().values_list("pk", flat=True)))
        ids = lignes if form.cleaned_data["toutes"] else form.cleaned_data["tiers_lieux"]
        modifiees = implantations_fixer(
            tiers_lieux_ids=ids, implantation=form.cleaned_data["implantation"], qpv=form.cleaned_data["qpv"], par=request.user
        )
        return Response({"modifiees": modifiees, "non_renseignees": implantations_non_renseignees()})


class TiersLieuView(VueApi):
    serializer_class = TiersLieuSerializer

    def _lieu(self, pk, regle):
        return self.objet(TiersLieu.objects.select_related("region", "departement", "qpv"), regle, pk=pk)

    @operation(
        "tiers_lieux_lire",
        "Lire un de mes tiers-lieux",
        TAG,
        reponse=TiersLieuSerializer,
        exemple=EXEMPLE_TIERS_LIEU,
        erreurs=(401, 403, 404),
    )
    def get(self, request, pk: int):
        return Response(TiersLieuSerializer(self._lieu(pk, "tiers_lieu.modifier")).data)

    @operation(
        "tiers_lieux_modifier",
        "Modifier un tiers-lieu (champs envoyés seulement)",
        TAG,
        reponse=TiersLieuSerializer,
        exemple=EXEMPLE_TIERS_LIEU,
        requete=TiersLieuEcritureSerializer(partial=True),
        exemple_requete={"horaires": "Du mardi au samedi, 9 h – 18 h"},
    )
    def patch(self, request, pk: int):
        tiers_lieu = self._lieu(pk, "tiers_lieu.modifier")
        form = formulaire_valide(TiersLieuForm(_donnees_formulaire(request.data, tiers_lieu)))
        tiers_lieu = tiers_lieu_modifier(tiers_lieu=tiers_lieu, par=request.user, **form.champs_service())
        return Response(TiersLieuSerializer(tiers_lieu).data)


# --- Co-managers: an invitation the invitee accepts --------------------------------------------
EXEMPLE_INVITATION = {
    "id": 4,
    "tiers_lieu": 3,
    "tiers_lieu_nom": "La Fabrique des Communs",
    "commune": "Roubaix",
    "invite_par": "Paul Porteur",
    "cree_le": "2026-12-02T10:00:00+01:00",
}


class GestionnairesView(VueApi):
    """Invite a colleague to manage one of my tiers-lieux: the same answer whatever the address."""

    serializer_class = InvitationEnvoiSerializer

    @operation(
        "tiers_lieux_gestionnaire_inviter",
        "Inviter un collègue à gérer un de mes tiers-lieux",
        TAG,
        reponse=OpenApiTypes.OBJECT,
        statut=202,
        exemple={"detail": REPONSE_INVITATION.format(email="collegue@exemple.fr"), "errors": {}},
        requete=InvitationEnvoiSerializer,
        exemple_requete={"email": "collegue@exemple.fr"},
        erreurs=(400, 401, 403, 404),
        description="La réponse est la même quelle que soit l'adresse (compte existant ou non) : personne ne devient "
        "gestionnaire sans accepter l'invitation.",
    )
    def post(self, request, pk: int):
        tiers_lieu = self.objet(TiersLieu.objects.all(), "tiers_lieu.modifier", pk=pk)
        form = formulaire_valide(InvitationGestionnaireForm(request.data))
        invitation = gestionnaire_inviter(tiers_lieu=tiers_lieu, email=form.cleaned_data["email"], par=request.user)
        return Response({"detail": REPONSE_INVITATION.format(email=invitation.email), "errors": {}}, status=status.HTTP_202_ACCEPTED)


class InvitationsView(VueApi):
    """The invitations to manage a tiers-lieu sent to my address."""

    serializer_class = InvitationSerializer

    @operation(
        "invitations_lister",
        "Lister les invitations à gérer un tiers-lieu reçues à mon adresse",
        TAG,
        reponse=InvitationSerializer(many=True),
        exemple=[EXEMPLE_INVITATION],
        erreurs=(401,),
    )
    def get(self, request):
        return _page(self, invitations_gestionnaire_en_attente(request.user), InvitationSerializer)


def _invitation(vue, pk) -> InvitationGestionnaire:
    return vue.objet(InvitationGestionnaire.objects.select_related("tiers_lieu"), "tiers_lieu.invitation_repondre", pk=pk)


class InvitationAccepterView(VueApi):
    """Accept an invitation sent to my address: I manage the tiers-lieu from now on (audited)."""

    serializer_class = InvitationSerializer

    @operation(
        "invitations_accepter",
        "Accepter une invitation à gérer un tiers-lieu",
        TAG,
        reponse=OpenApiTypes.OBJECT,
        exemple={"detail": "Vous gérez désormais « La Fabrique des Communs ».", "errors": {}},
        requete=None,
        erreurs=(400, 401, 403, 404, 409),
    )
    def post(self, request, pk: int):
        invitation = gestionnaire_invitation_accepter(invitation=_invitation(self, pk), utilisateur=request.user)
        return Response({"detail": f"Vous gérez désormais « {invitation.tiers_lieu.nom} ».", "errors": {}})


class InvitationDeclinerView(VueApi):
    """Decline an invitation sent to my address (audited)."""

    serializer_class = InvitationSerializer

    @operation(
        "invitations_decliner",
        "Décliner une invitation à gérer un tiers-lieu",
        TAG,
        reponse=OpenApiTypes.OBJECT,
        exemple={"detail": "Invitation à gérer « La Fabrique des Communs » déclinée.", "errors": {}},
        requete=None,
        erreurs=(400, 401, 403, 404, 409),
    )
    def post(self, request, pk: int):
        invitation = _invitation(self, pk)
        gestionnaire_invitation_decliner(invitation=invitation, utilisateur=request.user)
        return Response({"detail": f"Invitation à gérer « {invitation.tiers_lieu.nom} » déclinée.", "errors": {}})
