"""API representations of tiers-lieux: the public directory entry and the porteur's own fiche."""

from rest_framework import serializers

from .models import FamilleService, FormeJuridique, Implantation, TiersLieu, TypeLieu


class FabriqueSerializer(serializers.ModelSerializer):
    """A labelled Fabrique as the public directory shows it."""

    departement = serializers.CharField(source="departement.code")
    departement_nom = serializers.CharField(source="departement.nom")
    region = serializers.CharField(source="region.code")
    region_nom = serializers.CharField(source="region.nom")
    label = serializers.SerializerMethodField()
    types_lieu = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = TiersLieu
        fields = [
            "id",
            "nom",
            "structure_porteuse",
            "commune",
            "departement",
            "departement_nom",
            "region",
            "region_nom",
            "implantation",
            "types_lieu",
            "site_web",
            "label",
        ]

    def get_label(self, obj) -> str:
        return "numerique" if getattr(obj, "est_numerique", False) else "fabrique"


class TiersLieuSerializer(serializers.ModelSerializer):
    """A tiers-lieu its porteur manages (read)."""

    departement = serializers.CharField(source="departement.code", read_only=True)
    region = serializers.CharField(source="region.code", read_only=True)
    qpv = serializers.CharField(source="qpv.code", read_only=True, allow_null=True, default=None)
    types_lieu = serializers.ListField(child=serializers.CharField(), read_only=True)
    familles_services = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = TiersLieu
        fields = [
            "id",
            "nom",
            "structure_porteuse",
            "forme_juridique",
            "siret",
            "adresse",
            "code_postal",
            "commune",
            "departement",
            "region",
            "implantation",
            "qpv",
            "date_creation",
            "site_web",
            "types_lieu",
            "familles_services",
            "surface_m2",
            "horaires",
            "nombre_usagers",
            "etp_salaries",
            "benevoles",
            "source",
        ]
        read_only_fields = fields


class TiersLieuEcritureSerializer(serializers.Serializer):
    """What a porteur sends to create or update a tiers-lieu (parsed by the browser's form)."""

    nom = serializers.CharField(max_length=255)
    structure_porteuse = serializers.CharField(max_length=255)
    forme_juridique = serializers.ChoiceField(choices=FormeJuridique.choices)
    siret = serializers.CharField(max_length=20)
    adresse = serializers.CharField(max_length=255)
    code_postal = serializers.CharField(max_length=10)
    commune = serializers.CharField(max_length=150)
    departement = serializers.CharField(required=False, allow_blank=True, help_text="Code du département, si le code postal est partagé.")
    implantation = serializers.ChoiceField(choices=Implantation.choices)
    qpv = serializers.CharField(required=False, allow_blank=True, max_length=12)
    date_creation = serializers.DateField(required=False, allow_null=True)
    site_web = serializers.URLField(required=False, allow_blank=True)
    types_lieu = serializers.ListField(child=serializers.ChoiceField(choices=TypeLieu.choices), required=False)
    familles_services = serializers.ListField(child=serializers.ChoiceField(choices=FamilleService.choices), required=False)
    surface_m2 = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    horaires = serializers.CharField(required=False, allow_blank=True)
    nombre_usagers = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    etp_salaries = serializers.DecimalField(required=False, allow_null=True, max_digits=6, decimal_places=2, min_value=0)
    benevoles = serializers.IntegerField(required=False, allow_null=True, min_value=0)


class InvitationEnvoiSerializer(serializers.Serializer):
    email = serializers.EmailField(help_text="Adresse électronique du collègue invité à gérer le tiers-lieu.")


class InvitationSerializer(serializers.ModelSerializer):
    """An invitation to manage a tiers-lieu, as its invitee sees it."""

    tiers_lieu = serializers.IntegerField(source="tiers_lieu_id")
    tiers_lieu_nom = serializers.CharField(source="tiers_lieu.nom")
    commune = serializers.CharField(source="tiers_lieu.commune")
    invite_par = serializers.SerializerMethodField()

    class Meta:
        from .models import InvitationGestionnaire

        model = InvitationGestionnaire
        fields = ["id", "tiers_lieu", "tiers_lieu_nom", "commune", "invite_par", "cree_le"]

    def get_invite_par(self, obj) -> str:
        return obj.invite_par.get_full_name() or obj.invite_par.email


class ImplantationsEcritureSerializer(serializers.Serializer):
    """What an administrateur sends to set the implantation of historical Fabriques in bulk."""

    tiers_lieux = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="Identifiants de Fabriques importées de la liste publiée."
    )
    toutes = serializers.BooleanField(required=False, help_text="Vrai : toutes les Fabriques historiques des filtres.")
    filtres = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Filtres de la page, en chaîne de requête (ex. « region=94&implantation=non_renseignee »).",
    )
    implantation = serializers.ChoiceField(choices=Implantation.choices)
    qpv = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=10,
        help_text="Code du quartier prioritaire, pour les deux catégories QPV (le même pour toutes).",
    )


class BilanImplantationsSerializer(serializers.Serializer):
    modifiees = serializers.IntegerField(help_text="Nombre de Fabriques dont l'implantation a changé.")
    non_renseignees = serializers.IntegerField(help_text="Fabriques labellisées dont l'implantation reste à renseigner.")
