"""API representations of waves, dossiers, attachments, exchanges and the instruction.

Output only, or input descriptions for the schema: the input itself is parsed by the browser's
forms and checked by the services, so the API and the pages accept exactly the same things.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from appels.serializers import ChampAppelDeVague, ChampAppelDuDossier
from commun.politique import peut

from .models import Affectation, ConflitInteret, Critere, Decision, DemandeComplement, Dossier, Evaluation, Message, PieceJointe, Vague
from .schema import SECTIONS, contenu_anonymise


class VagueSerializer(serializers.ModelSerializer):
    appel = ChampAppelDeVague()

    class Meta:
        model = Vague
        fields = [
            "id",
            "numero",
            "titre",
            "date_ouverture",
            "date_limite",
            "date_comite",
            "date_publication",
            "plafond_laureats",
            "statut",
            "appel",
        ]
        read_only_fields = fields


class VagueEcritureSerializer(serializers.Serializer):
    titre = serializers.CharField(max_length=200)
    date_ouverture = serializers.DateField()
    date_limite = serializers.DateField()
    date_comite = serializers.DateField(required=False, allow_null=True)
    date_publication = serializers.DateField(required=False, allow_null=True)
    plafond_laureats = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    appel = serializers.IntegerField(
        required=False, allow_null=True, help_text="Identifiant de l'appel (GET /api/v1/appels/) ; absent : Fabriques de territoire."
    )


class StatutSerializer(serializers.Serializer):
    statut = serializers.ChoiceField(choices=Vague.Statut.choices)
    motif = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=1000,
        help_text="Obligatoire pour clôturer une vague ouverte avant sa date limite : inscrit au journal et envoyé aux porteurs des brouillons.",
    )


class LaureatSerializer(serializers.ModelSerializer):
    """A retenu dossier of a wave whose results are published: the open-data fields."""

    vague = serializers.IntegerField(source="vague.numero")
    tiers_lieu = serializers.CharField(source="tiers_lieu.nom")
    structure_porteuse = serializers.CharField(source="tiers_lieu.structure_porteuse")
    siret = serializers.CharField(source="tiers_lieu.siret")
    commune = serializers.CharField(source="tiers_lieu.commune")
    departement = serializers.CharField(source="tiers_lieu.departement.code")
    region = serializers.CharField(source="tiers_lieu.region.code")
    region_nom = serializers.CharField(source="tiers_lieu.region.nom")
    implantation = serializers.CharField(source="tiers_lieu.implantation")
    appel = ChampAppelDuDossier()
    nouvelle_fabrique = serializers.SerializerMethodField(
        help_text="« Nouvelle Fabrique » comme sur les listes publiées : sélectionnée lors de la vague demandée ; "
        "sans vague demandée (cumul), sélectionnée lors de la dernière vague publiée.",
    )

    class Meta:
        model = Dossier
        fields = [
            "numero",
            "vague",
            "tiers_lieu",
            "structure_porteuse",
            "siret",
            "commune",
            "departement",
            "region",
            "region_nom",
            "implantation",
            "bonus_numerique",
            "nouvelle_fabrique",
            "appel",
        ]
        read_only_fields = fields

    def get_nouvelle_fabrique(self, obj) -> bool:
        vague_marquee = self.context.get("vague_marquee")
        return vague_marquee is not None and obj.vague_id == vague_marquee


class ManqueSerializer(serializers.Serializer):
    section = serializers.CharField()
    message = serializers.CharField()


class DossierSerializer(serializers.ModelSerializer):
    tiers_lieu_nom = serializers.CharField(source="tiers_lieu.nom", read_only=True)
    vague = serializers.IntegerField(source="vague.numero", read_only=True)
    montant_total_demande = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    manques = serializers.SerializerMethodField()
    appel = ChampAppelDuDossier()

    class Meta:
        model = Dossier
        fields = [
            "id",
            "numero",
            "tiers_lieu",
            "tiers_lieu_nom",
            "vague",
            "statut",
            "bonus_numerique",
            "montant_annee_1",
            "montant_annee_2",
            "montant_annee_3",
            "montant_total_demande",
            "contenu",
            "cree_le",
            "modifie_le",
            "depose_le",
            "retire_le",
            "manques",
            "appel",
        ]
        read_only_fields = fields

    def to_representation(self, obj):
        donnees = super().to_representation(obj)
        # The committee's outcome: to its applicant with the published results; staff who may see it
        # get it only when the view passes the request (the safe default is the applicant's view).
        requete = self.context.get("request")
        if requete is None or not peut(requete.user, "dossier.decision_voir", obj):
            donnees["statut"] = obj.statut_porteur
        if self.context.get("masquer_identite"):  # the wave anonymises dossiers for reviewers
            donnees.update(tiers_lieu=None, tiers_lieu_nom="", contenu=contenu_anonymise(donnees.get("contenu")))
        return donnees

    @extend_schema_field(ManqueSerializer(many=True))
    def get_manques(self, obj):
        if not obj.est_brouillon:
            return []
        from .services.completude import dossier_manques

        return [{"section": m.section, "message": m.message} for m in dossier_manques(obj)]


class DossierCreerSerializer(serializers.Serializer):
    tiers_lieu = serializers.IntegerField(help_text="Identifiant de l'un de mes tiers-lieux ; le brouillon est créé dans la vague ouverte.")
    vague = serializers.IntegerField(
        required=False, help_text="Quand plusieurs appels sont ouverts : la vague choisie (sinon, la plus proche date limite)."
    )


class SectionSerializer(serializers.Serializer):
    """The fields of one section, as in the browser's form (amounts as « 50 000,00 » or « 50000.00 »)."""

    donnees = serializers.DictField(child=serializers.JSONField(), help_text="Champ → valeur, comme dans le formulaire de la section.")


class SectionResultatSerializer(serializers.Serializer):
    dossier = DossierSerializer()
    avertissements = serializers.ListField(child=serializers.CharField())


class PieceSerializer(serializers.ModelSerializer):
    class Meta:
        model = PieceJointe
        fields = ["id", "type", "nom", "type_mime", "taille", "sha256", "ajoute_le"]
        read_only_fields = fields


class PieceEnvoiSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=PieceJointe.Type.choices)
    fichier = serializers.FileField()


class PieceRemplacementSerializer(serializers.Serializer):
    fichier = serializers.FileField()


class MessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Message
        fields = ["id", "cote", "texte", "cree_le", "lu_le"]
        read_only_fields = fields


class MessageEnvoiSerializer(serializers.Serializer):
    texte = serializers.CharField(max_length=10000)


class MoyenneCritereSerializer(serializers.Serializer):
    code = serializers.CharField()
    libelle = serializers.CharField(help_text="Le critère de l'appel du dossier, mot pour mot.")
    moyenne = serializers.FloatField(allow_null=True, help_text="Moyenne des évaluations soumises (null : aucune note).")


class DossierInstructionSerializer(serializers.ModelSerializer):
    vague = serializers.IntegerField(source="vague.numero", read_only=True)
    region = serializers.CharField(source="tiers_lieu.region.code", read_only=True)
    score = serializers.FloatField(read_only=True, allow_null=True, required=False)
    moyennes = serializers.SerializerMethodField(help_text="La moyenne de chaque critère de l'appel du dossier, dans son ordre.")
    appel = ChampAppelDuDossier()

    class Meta:
        model = Dossier
        fields = [
            "id",
            "numero",
            "vague",
            "region",
            "statut",
            "depose_le",
            "montant_annee_1",
            "montant_annee_2",
            "montant_annee_3",
            "bonus_numerique",
            "score",
            "moyennes",
            "appel",
        ]
        read_only_fields = fields

    @extend_schema_field(MoyenneCritereSerializer(many=True))
    def get_moyennes(self, obj) -> list[dict]:
        # The criteria of each wave's call, read once per wave (``criteres_des_vagues`` in the view).
        from .selectors.instruction import criteres_de

        par_vague = self.context.setdefault("criteres_par_vague", {})
        if obj.vague_id not in par_vague:
            par_vague[obj.vague_id] = criteres_de(obj.vague)
        return [{"code": c.value, "libelle": c.label, "moyenne": (obj.moyennes or {}).get(c.value)} for c in par_vague[obj.vague_id]]


class EvaluationSerializer(serializers.ModelSerializer):
    notes = serializers.SerializerMethodField()

    class Meta:
        model = Evaluation
        fields = ["id", "dossier", "statut", "avis", "note_comite", "notes", "modifie_le", "soumise_le"]
        read_only_fields = fields

    def get_notes(self, obj) -> dict[str, dict]:
        return {n.critere: {"critere": n.get_critere_display(), "note": n.note, "commentaire": n.commentaire} for n in obj.notes.all()}


class EvaluationEcritureSerializer(serializers.Serializer):
    """Fields of the review grid: ``note_<critère>``, ``commentaire_<critère>``, ``avis``, ``note_comite``."""

    soumettre = serializers.BooleanField(default=False, help_text="Vrai pour soumettre (définitif), faux pour enregistrer un brouillon.")
    avis = serializers.ChoiceField(choices=Evaluation.Avis.choices, required=False, allow_blank=True)
    note_comite = serializers.CharField(required=False, allow_blank=True)

    locals().update(
        {
            f"{champ}_{c.value}": serializers.CharField(required=False, allow_blank=True, help_text=f"{quoi} du critère « {c.label} »")
            for c in Critere
            for champ, quoi in (("note", "Note"), ("commentaire", "Commentaire"))
        }
    )


class ConflitSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConflitInteret
        fields = ["id", "tiers_lieu", "structure", "commune", "motif", "declare_le"]
        read_only_fields = fields


class ConflitEcritureSerializer(serializers.Serializer):
    type_cible = serializers.ChoiceField(
        choices=[("tiers_lieu", "Un tiers-lieu"), ("structure", "Une structure"), ("commune", "Une commune")]
    )
    tiers_lieu = serializers.IntegerField(required=False, allow_null=True)
    structure = serializers.CharField(required=False, allow_blank=True)
    commune = serializers.CharField(required=False, allow_blank=True)
    motif = serializers.CharField()


class ComplementSerializer(serializers.ModelSerializer):
    class Meta:
        model = DemandeComplement
        fields = ["id", "dossier", "sections", "message", "date_limite", "statut", "cree_le", "repondue_le"]
        read_only_fields = fields


class ComplementEcritureSerializer(serializers.Serializer):
    sections = serializers.ListField(child=serializers.ChoiceField(choices=[(s.code, s.titre) for s in SECTIONS]))
    message = serializers.CharField(required=False, allow_blank=True)
    date_limite = serializers.DateField()


class AffectationSerializer(serializers.ModelSerializer):
    instructeur_email = serializers.EmailField(source="instructeur.email", read_only=True)

    class Meta:
        model = Affectation
        fields = ["id", "dossier", "instructeur", "instructeur_email", "mode", "cree_le", "explication"]
        read_only_fields = fields


class AffectationEcritureSerializer(serializers.Serializer):
    instructeur = serializers.IntegerField()


class AffectationMasseSerializer(serializers.Serializer):
    instructeur = serializers.IntegerField()
    filtres = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Les filtres de la liste d'instruction, en chaîne de requête (ex. « vague=3&region=32 »).",
    )


class BilanMasseSerializer(serializers.Serializer):
    crees = serializers.IntegerField()
    deja = serializers.IntegerField()
    refuses = serializers.ListField(child=serializers.CharField())


class BilanAutomatiqueSerializer(serializers.Serializer):
    creees = serializers.IntegerField()
    incomplets = serializers.IntegerField()


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "dossier", "vague", "resultat", "motivation", "definitive", "decide_le"]
        read_only_fields = fields


class DecisionEcritureSerializer(serializers.Serializer):
    resultat = serializers.ChoiceField(choices=Decision.Resultat.choices)
    motivation = serializers.CharField(required=False, allow_blank=True)
    complement_motif = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Obligatoire si une demande de complément est encore ouverte sur le dossier : elle est alors close (sinon 400).",
    )


class ExportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    format = serializers.CharField()
    statut = serializers.CharField()


# The example of a request for complements in the OpenAPI schema (the reviewers' and the applicant's endpoints).
EXEMPLE_COMPLEMENT = {
    "id": 4,
    "dossier": 41,
    "sections": ["budget"],
    "message": "Merci de détailler les ressources de l'année 2.",
    "date_limite": "2026-12-20",
    "statut": "ouverte",
    "cree_le": "2026-12-05T10:00:00+01:00",
    "repondue_le": None,
}
