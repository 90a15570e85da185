"""API representations of grants, their tranches and payments, and the open-data (SCDL) row."""

from rest_framework import serializers

from appels.serializers import ChampAppelDuDossier
from commun.api_outils import ChampMontantApi

from .models import RapportActivite, Subvention, Tranche, Versement
from .opendata import COLONNES_SCDL


class VersementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Versement
        fields = ["id", "montant", "date_prevue", "statut", "date_versement", "reference_mandat", "motif_suspension"]
        read_only_fields = fields


class TrancheSerializer(serializers.ModelSerializer):
    versement = VersementSerializer(read_only=True, allow_null=True, default=None)

    class Meta:
        model = Tranche
        fields = ["id", "annee", "nature", "bonus", "montant", "versement"]
        read_only_fields = fields


class SubventionSerializer(serializers.ModelSerializer):
    dossier_numero = serializers.CharField(source="dossier.numero", read_only=True)
    tiers_lieu = serializers.CharField(source="dossier.tiers_lieu.nom", read_only=True)
    tranches = TrancheSerializer(many=True, read_only=True)
    appel = ChampAppelDuDossier(source="dossier")

    class Meta:
        model = Subvention
        fields = [
            "id",
            "dossier",
            "dossier_numero",
            "tiers_lieu",
            "statut",
            "reference_convention",
            "date_convention",
            "total_fonctionnement",
            "derogation_enveloppe",
            "tranches",
            "appel",
        ]
        read_only_fields = fields


class AjustementSerializer(serializers.Serializer):
    annee_1 = ChampMontantApi(required=False, allow_null=True)
    annee_2 = ChampMontantApi(required=False, allow_null=True)
    annee_3 = ChampMontantApi(required=False, allow_null=True)
    bonus = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Montant du bonus numérique en investissement, jusqu'à 100 000,00 € (ou `true` pour 100 000,00 €, `false` pour aucun). "
        "Un bonus que la règle refuse répond 400 avec son message, jamais ignoré.",
    )
    reconnaissance_motif = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Pour accorder le bonus à un tiers-lieu qui ne l'a pas demandé (reconnaissance de la Fabrique numérique, journalisée).",
    )
    commentaire = serializers.CharField(required=False, allow_blank=True)
    derogation_motif = serializers.CharField(required=False, allow_blank=True)


class PropositionSerializer(serializers.Serializer):
    dossier = serializers.IntegerField(help_text="Identifiant du dossier retenu par le comité.")
    derogation_motif = serializers.CharField(
        required=False, allow_blank=True, help_text="Seulement si la proposition dépasse le reste de l'enveloppe."
    )


class SignatureSerializer(serializers.Serializer):
    date_signature = serializers.DateField()


class ResiliationSerializer(serializers.Serializer):
    motif = serializers.CharField()


class RapportSerializer(serializers.ModelSerializer):
    nom = serializers.CharField(source="nom_fichier", read_only=True)

    class Meta:
        model = RapportActivite
        fields = ["id", "subvention", "annee", "nom", "sha256", "depose_le"]
        read_only_fields = fields


class RapportEnvoiSerializer(serializers.Serializer):
    annee = serializers.ChoiceField(choices=[1, 2, 3])
    fichier = serializers.FileField(help_text="PDF, 10 Mo au plus.")


class VersementStatutSerializer(serializers.Serializer):
    statut = serializers.ChoiceField(choices=Versement.Statut.choices)
    date_versement = serializers.DateField(required=False, allow_null=True)
    reference_mandat = serializers.CharField(required=False, allow_blank=True, max_length=50)
    motif = serializers.CharField(required=False, allow_blank=True)
    confirme = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Obligatoire (true) pour marquer « versé » un versement avant sa date prévue.",
    )


class NotifierSerializer(serializers.Serializer):
    confirme = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Obligatoire (true) pour notifier une subvention supérieure au montant demandé.",
    )


# One open-data row: every SCDL column, as text (amounts with a dot and two decimals).
LigneScdlSerializer = type(
    "LigneScdlSerializer", (serializers.Serializer,), {c: serializers.CharField(allow_blank=True) for c in COLONNES_SCDL}
)
