"""The applicant's dossiers through the API: the same forms parse, the same services decide.

Rules are those of the browser views (``dossier.voir``, ``dossier.modifier``, ``dossier.deposer``,
``dossier.retirer``, ``dossier.accuse_telecharger``), applied through ``commun.api.Politique``.
"""

import django_filters
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from commun.api import JSONStrict
from commun.api_outils import VueApi, formulaire_valide, operation
from commun.erreurs import ConflitEtat
from commun.fichiers import telechargement
from commun.politique import filtrer, peut
from fabriques.models import TiersLieu

from ..forms.depot import DossierCreerForm, PieceForm, RemplacerPieceForm, formulaire_section, formulaires_des_sections
from ..models import DemandeComplement, Dossier, Message, PieceJointe
from ..regles.dossiers import sections_editables
from ..schema import Type, sections_a_champs, sections_du_dossier
from ..selectors.porteur import vagues_ouvertes
from ..serializers import (
    EXEMPLE_COMPLEMENT,
    ComplementSerializer,
    DossierCreerSerializer,
    DossierSerializer,
    MessageEnvoiSerializer,
    MessageSerializer,
    PieceEnvoiSerializer,
    PieceRemplacementSerializer,
    PieceSerializer,
    SectionResultatSerializer,
)
from ..services import dossiers as services_dossiers
from ..services import echanges
from ..services.accuse import dossier_accuse_produire, nom_fichier_accuse
from ..services.pieces import piece_ajouter, piece_remplacer, piece_supprimer

TAG = "dossiers"
EXEMPLE_DOSSIER = {
    "id": 41,
    "numero": None,
    "tiers_lieu": 3,
    "tiers_lieu_nom": "La Fabrique des Communs",
    "vague": 3,
    "statut": "brouillon",
    "bonus_numerique": False,
    "montant_annee_1": "50000.00",
    "montant_annee_2": "40000.00",
    "montant_annee_3": None,
    "montant_total_demande": "90000.00",
    "contenu": {"presentation": {"nom_projet": "La Fabrique des Communs", "resume": "…"}},
    "cree_le": "2026-10-02T09:14:00+02:00",
    "modifie_le": "2026-10-05T18:01:00+02:00",
    "depose_le": None,
    "retire_le": None,
    "manques": [{"section": "pieces", "message": "Ajoutez les statuts de la structure porteuse."}],
}
EXEMPLE_PIECE = {
    "id": 7,
    "type": "statuts",
    "nom": "statuts.pdf",
    "type_mime": "application/pdf",
    "taille": 182044,
    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "ajoute_le": "2026-10-03T10:00:00+02:00",
}
EXEMPLE_MESSAGE = {
    "id": 5,
    "cote": "porteur",
    "texte": "Bonjour, le budget corrigé est joint.",
    "cree_le": "2026-12-02T10:00:00+01:00",
    "lu_le": None,
}
SECTIONS_SAISISSABLES = [s.code for s in sections_a_champs()]


def _description_champs() -> str:
    """The fields of each section, from the sections' schema: code, kind, limit, needed to deposit."""

    def _champ(c):
        details = [{Type.TEXTE: "texte", Type.LIGNE: "texte", Type.MONTANT: "montant", Type.CASE: "booléen", Type.CHOIX: "choix"}[c.type]]
        if c.longueur_max:
            details.append(f"{c.longueur_max} caractères au plus")
        if c.obligatoire:
            details.append("exigé au dépôt")
        return f"`{c.code}` ({', '.join(details)})"

    return " ".join(f"« {s.code} » : {', '.join(_champ(c) for c in s.champs)}." for s in sections_a_champs())


def _editable(vue: VueApi, dossier: Dossier, section: str) -> Dossier:
    """The browser's rule, on a dossier the user may see: every section of my draft, or the sections
    named by an open request for complements on my deposited dossier (``regles.sections_editables``);
    403 otherwise."""
    if section not in sections_editables(vue.request.user, dossier):
        raise exceptions.PermissionDenied(
            "Cette section n'est pas modifiable : le dossier n'est plus un brouillon et aucun complément ne la demande."
        )
    return dossier


class DossierFiltre(django_filters.FilterSet):
    statut = django_filters.ChoiceFilter(choices=Dossier.Statut.choices)
    vague = django_filters.NumberFilter(field_name="vague__numero")
    tiers_lieu = django_filters.NumberFilter(field_name="tiers_lieu_id")

    class Meta:
        model = Dossier
        fields = ["statut", "vague", "tiers_lieu"]


def _dossiers():
    return Dossier.objects.select_related("tiers_lieu__departement", "tiers_lieu__region", "vague")


class MesDossiersView(VueApi):
    """My dossiers (those of the tiers-lieux I manage); start a draft in the open wave."""

    serializer_class = DossierSerializer
    filterset_class = DossierFiltre

    def get_queryset(self) -> QuerySet:
        return filtrer(self.request.user, "dossier.gerer", _dossiers()).order_by("-vague__date_limite", "tiers_lieu__nom")

    @property
    def regle(self):
        return "dossier.creer" if self.request.method == "POST" else None

    @operation(
        "dossiers_lister", "Lister mes dossiers", TAG, reponse=DossierSerializer(many=True), exemple=[EXEMPLE_DOSSIER], erreurs=(400, 401)
    )
    def get(self, request):
        # The attachments in one query for the page (``manques`` of each draft reads their types).
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()).prefetch_related("pieces"))
        return self.get_paginated_response(DossierSerializer(page, many=True).data)

    @operation(
        "dossiers_creer",
        "Créer un brouillon de dossier dans la vague ouverte",
        TAG,
        reponse=DossierSerializer,
        statut=201,
        exemple=EXEMPLE_DOSSIER,
        requete=DossierCreerSerializer,
        exemple_requete={"tiers_lieu": 3},
        erreurs=(400, 401, 403),
    )
    def post(self, request):
        ouvertes = vagues_ouvertes()
        vague = next((v for v in ouvertes if str(v.pk) == str(request.data.get("vague", ""))), ouvertes[0] if ouvertes else None)
        if vague is None:
            raise exceptions.ValidationError({"vague": ["Aucune vague n'accepte de dossier en ce moment."]})
        form = formulaire_valide(
            DossierCreerForm(request.data, tiers_lieux=filtrer(request.user, "tiers_lieu.gerer", TiersLieu.objects.all()))
        )
        tiers_lieu = form.cleaned_data["tiers_lieu"]
        self.regle_objet = "dossier.creer"
        self.check_object_permissions(request, tiers_lieu)
        dossier = services_dossiers.dossier_creer(tiers_lieu=tiers_lieu, vague=vague, par=request.user)
        return Response(DossierSerializer(dossier).data, status=201)


class DossierView(VueApi):
    serializer_class = DossierSerializer

    @operation(
        "dossiers_lire",
        "Lire un dossier : statut, contenu, montants, ce qui manque avant le dépôt",
        TAG,
        reponse=DossierSerializer,
        exemple=EXEMPLE_DOSSIER,
        erreurs=(401, 403, 404),
    )
    def get(self, request, pk: int):
        dossier = self.objet(_dossiers(), "dossier.voir", pk=pk)
        # A reviewer of a wave that anonymises dossiers reads it without the applicant's identity.
        masquer = not peut(request.user, "dossier.identite_voir", dossier)
        return Response(DossierSerializer(dossier, context={"masquer_identite": masquer, "request": request}).data)


class SectionView(VueApi):
    """One section of a draft, parsed by the browser's section form (the amounts too)."""

    serializer_class = SectionResultatSerializer

    @operation(
        "dossiers_section_enregistrer",
        "Enregistrer une section d'un brouillon (champs envoyés seulement)",
        TAG,
        reponse=SectionResultatSerializer,
        exemple={"dossier": EXEMPLE_DOSSIER, "avertissements": []},
        requete={"application/json": OpenApiTypes.OBJECT},
        exemple_requete={"nom_projet": "La Fabrique des Communs", "resume": "Un lieu ouvert à tous…"},
        description="Sections : " + ", ".join(SECTIONS_SAISISSABLES) + ". Les montants (section « montants ») s'écrivent "
        "« 50 000,00 » ou « 50000.00 ». Un montant refusé (plafond annuel, bonus hors QPV) répond 400 ; "
        "les autres champs valides sont enregistrés. Un dossier déposé n'est modifiable que dans les sections "
        "d'une demande de complément en attente. Champs de chaque section : " + _description_champs(),
    )
    def put(self, request, pk: int, section: str):
        dossier = self.objet(_dossiers(), "dossier.voir", pk=pk)
        sections = sections_du_dossier(dossier)  # the sections of the dossier's call
        if section not in sections or not sections[section].champs:
            raise exceptions.NotFound("Section inconnue.")
        dossier = _editable(self, dossier, section)
        if not isinstance(request.data, dict):
            raise exceptions.ValidationError({"non_field_errors": ["Envoyez un objet JSON : champ → valeur."]})
        formulaires = formulaires_des_sections(sections.values())
        initial = formulaire_section(section, dossier, formulaires=formulaires)
        donnees = {nom: initial.initial.get(nom) for nom in initial.fields}
        donnees.update({k: v for k, v in request.data.items() if k in initial.fields})
        donnees = {k: v for k, v in donnees.items() if v is not None and v is not False}
        form = formulaire_valide(formulaire_section(section, dossier, data=donnees, formulaires=formulaires))
        valides = form.donnees_valides()
        avertissements = []
        if section == "montants":
            resultat = services_dossiers.dossier_enregistrer_montants(
                dossier=dossier,
                par=request.user,
                montants={a: valides.get(f"montant_annee_{a}") for a in (1, 2, 3)},
                bonus_numerique=valides.get("bonus_numerique"),
                projet_numerique=valides.get("projet_numerique"),
            )
            if resultat.refus:
                erreurs = {}
                for ecart in resultat.refus:
                    erreurs.setdefault(ecart.champ if ecart.champ in form.fields else "non_field_errors", []).append(ecart.message)
                raise exceptions.ValidationError(erreurs)
            dossier, avertissements = resultat.dossier, [e.message for e in resultat.avertissements]
        else:
            dossier = services_dossiers.dossier_enregistrer_section(dossier=dossier, section=section, donnees=valides, par=request.user)
        return Response({"dossier": DossierSerializer(dossier).data, "avertissements": avertissements})


class PiecesView(VueApi):
    """The attachments of a dossier: list (readers), add (the applicant, on a draft)."""

    serializer_class = PieceSerializer
    parser_classes = [MultiPartParser, FormParser]

    @operation(
        "dossiers_pieces_lister",
        "Lister les pièces jointes d'un dossier",
        TAG,
        reponse=PieceSerializer(many=True),
        exemple=[EXEMPLE_PIECE],
        erreurs=(401, 403, 404),
    )
    def get(self, request, pk: int):
        dossier = self.objet(_dossiers(), "dossier.pieces_voir", pk=pk)
        page = self.paginate_queryset(PieceJointe.objects.filter(dossier=dossier).order_by("type", "pk"))
        return self.get_paginated_response(PieceSerializer(page, many=True).data)

    @operation(
        "dossiers_pieces_ajouter",
        "Ajouter une pièce jointe (multipart : type, fichier)",
        TAG,
        reponse=PieceSerializer,
        statut=201,
        exemple=EXEMPLE_PIECE,
        requete={"multipart/form-data": PieceEnvoiSerializer},
    )
    def post(self, request, pk: int):
        dossier = _editable(self, self.objet(_dossiers(), "dossier.voir", pk=pk), "pieces")
        form = formulaire_valide(PieceForm(request.data, request.FILES))
        piece = piece_ajouter(dossier=dossier, type=form.cleaned_data["type"], fichier=form.cleaned_data["fichier"], par=request.user)
        return Response(PieceSerializer(piece).data, status=201)


class PieceView(VueApi):
    """One attachment: download (readers); replace or delete (the applicant, while attachments are
    editable: on a draft, or when a request for complements names them)."""

    serializer_class = None
    parser_classes = [MultiPartParser, FormParser]

    def _modifiable(self, pk: int, piece_pk: int) -> PieceJointe:
        piece = get_object_or_404(PieceJointe.objects.select_related("dossier__tiers_lieu", "dossier__vague"), pk=piece_pk, dossier_id=pk)
        self.regle_objet = "dossier.voir"
        self.check_object_permissions(self.request, piece.dossier)
        _editable(self, piece.dossier, "pieces")
        return piece

    @operation(
        "dossiers_pieces_telecharger",
        "Télécharger une pièce jointe",
        TAG,
        reponse=OpenApiResponse(OpenApiTypes.BINARY, description="Le fichier, dans son format d'origine"),
        exemple="",
        erreurs=(401, 403, 404),
    )
    def get(self, request, pk: int, piece_pk: int):
        piece = self.objet(PieceJointe.objects.select_related("dossier__tiers_lieu"), "piece.telecharger", pk=piece_pk, dossier_id=pk)
        return telechargement(piece.fichier, piece.nom, piece.type_mime)

    @operation(
        "dossiers_pieces_remplacer",
        "Remplacer le fichier d'une pièce jointe (multipart : fichier)",
        TAG,
        reponse=PieceSerializer,
        exemple=EXEMPLE_PIECE,
        requete={"multipart/form-data": PieceRemplacementSerializer},
        description="Mêmes contrôles qu'un ajout (type lu dans les octets, taille, total du dossier). L'ancien fichier n'est "
        "effacé qu'une fois le nouveau enregistré.",
    )
    def put(self, request, pk: int, piece_pk: int):
        piece = self._modifiable(pk, piece_pk)
        form = formulaire_valide(RemplacerPieceForm(request.data, request.FILES))
        piece = piece_remplacer(piece=piece, fichier=form.cleaned_data["fichier"], par=request.user)
        return Response(PieceSerializer(piece).data)

    @operation(
        "dossiers_pieces_supprimer", "Supprimer une pièce jointe", TAG, reponse=None, statut=204, exemple="", erreurs=(401, 403, 404, 409)
    )
    def delete(self, request, pk: int, piece_pk: int):
        piece_supprimer(piece=self._modifiable(pk, piece_pk), par=request.user)
        return Response(status=204)


class DeposerView(VueApi):
    serializer_class = DossierSerializer

    @operation(
        "dossiers_deposer",
        "Déposer un brouillon complet avant la date limite",
        TAG,
        reponse=DossierSerializer,
        exemple=EXEMPLE_DOSSIER,
        requete=None,
        description="Mêmes règles que le navigateur : date limite à 23 h 59 min 59 s (heure de Paris), dossier complet.",
    )
    def post(self, request, pk: int):
        dossier = self.objet(_dossiers(), "dossier.voir", pk=pk)
        if not dossier.est_brouillon:
            raise ConflitEtat(f"Le dossier {dossier} est déjà déposé.") if dossier.a_ete_depose else exceptions.PermissionDenied()
        self.regle_objet = "dossier.deposer"
        self.check_object_permissions(request, dossier)
        dossier = services_dossiers.dossier_deposer(dossier=dossier, par=request.user)
        return Response(DossierSerializer(dossier).data)


class RetirerView(VueApi):
    serializer_class = DossierSerializer

    @operation(
        "dossiers_retirer",
        "Retirer un dossier (désistement)",
        TAG,
        reponse=DossierSerializer,
        exemple={**EXEMPLE_DOSSIER, "statut": "retire"},
        requete=None,
    )
    def post(self, request, pk: int):
        dossier = self.objet(_dossiers(), "dossier.retirer", pk=pk)
        dossier = services_dossiers.dossier_retirer(dossier=dossier, par=request.user)
        return Response(DossierSerializer(dossier).data)


class AccuseView(VueApi):
    serializer_class = None

    @operation(
        "dossiers_accuse_telecharger",
        "Télécharger l'accusé de réception (PDF)",
        TAG,
        reponse=OpenApiResponse(OpenApiTypes.BINARY, description="PDF"),
        exemple="",
        erreurs=(401, 403, 404),
    )
    def get(self, request, pk: int):
        dossier = self.objet(_dossiers(), "dossier.accuse_telecharger", pk=pk)
        if not dossier.accuse_reception:
            dossier = dossier_accuse_produire(dossier_id=dossier.pk)
        return telechargement(dossier.accuse_reception, nom_fichier_accuse(dossier), "application/pdf")


class MessagesView(VueApi):
    """The thread of a dossier between the applicant and the instructing team."""

    serializer_class = MessageSerializer
    parser_classes = [JSONStrict, FormParser, MultiPartParser]

    @operation(
        "dossiers_messages_lister",
        "Lire les messages d'un dossier",
        TAG,
        reponse=MessageSerializer(many=True),
        exemple=[EXEMPLE_MESSAGE],
        erreurs=(401, 403, 404),
    )
    def get(self, request, pk: int):
        dossier = self.objet(_dossiers(), "dossier.messages_lire", pk=pk)
        page = self.paginate_queryset(Message.objects.filter(dossier=dossier).order_by("cree_le", "pk"))
        donnees = MessageSerializer(page, many=True).data
        if peut(request.user, "dossier.echanger", dossier):
            # As on the applicant's page: the applicant reading the thread has read the team's messages.
            # A read by the team through the API (a script, an export) changes nothing: the applicant's
            # messages stay unread on the reviewers' list until someone opens the instruction page.
            echanges.messages_marquer_lus(dossier=dossier, lecteur=request.user)
        return self.get_paginated_response(donnees)

    @operation(
        "dossiers_messages_envoyer",
        "Envoyer un message sur un dossier",
        TAG,
        reponse=MessageSerializer,
        statut=201,
        exemple=EXEMPLE_MESSAGE,
        requete=MessageEnvoiSerializer,
        exemple_requete={"texte": "Bonjour, le budget corrigé est joint."},
    )
    def post(self, request, pk: int):
        dossier = self.objet(_dossiers(), "dossier.message_ecrire", pk=pk)  # the page's rule: never on a draft
        donnees = MessageEnvoiSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        with transaction.atomic():
            message = echanges.message_envoyer(dossier=dossier, auteur=request.user, texte=donnees.validated_data["texte"])
        return Response(MessageSerializer(message).data, status=201)


class ComplementsPorteurView(VueApi):
    """The requests for complements on my dossier: what is asked, by when, and whether answered."""

    serializer_class = ComplementSerializer

    @operation(
        "dossiers_complements_lister",
        "Lire les demandes de complément de mon dossier",
        TAG,
        reponse=ComplementSerializer(many=True),
        exemple=[EXEMPLE_COMPLEMENT],
        erreurs=(401, 403, 404),
    )
    def get(self, request, pk: int):
        dossier = self.objet(_dossiers(), "dossier.pieces_voir", pk=pk)
        page = self.paginate_queryset(DemandeComplement.objects.filter(dossier=dossier).order_by("-cree_le", "pk"))
        return self.get_paginated_response(ComplementSerializer(page, many=True).data)


class ComplementsRenvoyerView(VueApi):
    """Send the completed sections back to the instructing team (the page's « Transmettre mes
    compléments »): the sections named must be complete; the dossier returns to the instruction."""

    serializer_class = DossierSerializer

    @operation(
        "dossiers_complements_renvoyer",
        "Transmettre les compléments demandés",
        TAG,
        reponse=DossierSerializer,
        exemple={**EXEMPLE_DOSSIER, "statut": "en_instruction", "manques": []},
        requete=None,
        description="Modifiez d'abord les sections demandées (PUT …/sections/{section}/, pièces jointes), puis transmettez. "
        "409 si aucun complément n'est attendu ; 400 si une section demandée est encore incomplète.",
    )
    def post(self, request, pk: int):
        dossier = self.objet(_dossiers(), "dossier.voir", pk=pk)
        if not peut(request.user, "dossier.gerer", dossier):
            raise exceptions.PermissionDenied("Seuls les gestionnaires du tiers-lieu transmettent ses compléments.")
        services_dossiers.dossier_complements_renvoyer(dossier=dossier, par=request.user)
        return Response(DossierSerializer(_dossiers().get(pk=dossier.pk)).data)
