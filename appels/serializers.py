"""The calls in the API: the whole call (``/api/v1/appels/``) and the short form given with every
wave, dossier and grant (``ChampAppel…``: one query per answer, whatever the number of rows)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Appel, VersionAppel


class AppelCourtSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    nom = serializers.CharField()
    version = serializers.IntegerField(allow_null=True, help_text="Version de l'appel (celle du dépôt, pour un dossier déposé).")


def _connus(champ) -> dict:
    """The calls and versions, read once per answer (kept on the root serializer)."""
    racine = champ.root
    connus = getattr(racine, "_appels_connus", None)
    if connus is None:
        versions = {v.pk: v for v in VersionAppel.objects.only("id", "appel_id", "numero")}
        appels = {a.pk: a for a in Appel.objects.all()}
        courantes = {}
        for version in versions.values():
            courantes[version.appel_id] = max(courantes.get(version.appel_id, 0), version.numero)
        connus = racine._appels_connus = {"versions": versions, "appels": appels, "courantes": courantes}
    return connus


def _court(appel: Appel | None, version: int | None) -> dict | None:
    return None if appel is None else {"id": appel.pk, "slug": appel.slug, "nom": appel.nom, "version": version}


@extend_schema_field(AppelCourtSerializer(allow_null=True))
class ChampAppelDeVague(serializers.Field):
    """The wave's call, with its current version."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, vague):
        connus = _connus(self)
        return _court(connus["appels"].get(vague.appel_id), connus["courantes"].get(vague.appel_id))


@extend_schema_field(AppelCourtSerializer(allow_null=True))
class ChampAppelDuDossier(serializers.Field):
    """The dossier's call, with the version it is judged by (set at creation, fixed at the deposit)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, dossier):
        connus = _connus(self)
        version = connus["versions"].get(dossier.version_appel_id)
        return None if version is None else _court(connus["appels"].get(version.appel_id), version.numero)


class CritereSerializer(serializers.Serializer):
    code = serializers.CharField()
    libelle = serializers.CharField(help_text="Mot pour mot, tel que l'appel le publie.")
    poids = serializers.IntegerField()


class MontantsSerializer(serializers.Serializer):
    nature = serializers.CharField()
    annees = serializers.IntegerField()
    plafond_annuel = serializers.DecimalField(max_digits=12, decimal_places=2)
    total_minimum = serializers.DecimalField(max_digits=12, decimal_places=2)
    total_maximum = serializers.DecimalField(max_digits=12, decimal_places=2)
    bonus_maximum = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True, help_text="Null : l'appel n'a pas de bonus.")
    bonus_qpv = serializers.BooleanField(help_text="Bonus réservé aux tiers-lieux en QPV ou à sa proximité immédiate.")


class CalendrierSerializer(serializers.Serializer):
    echeances_annuelles = serializers.ListField(child=serializers.CharField(), help_text="Jours « JJ/MM » de chaque année.")
    dates_limites = serializers.ListField(child=serializers.DateField())
    ouverture = serializers.DateField(allow_null=True)
    texte = serializers.CharField()


class CandidatsSerializer(serializers.Serializer):
    formes_juridiques = serializers.ListField(child=serializers.CharField(), help_text="Vide : toutes.")
    implantations = serializers.ListField(child=serializers.CharField(), help_text="Vide : toutes.")
    texte = serializers.CharField()


class AppelSerializer(serializers.ModelSerializer):
    """A call as its current version describes it (the file's content, read)."""

    version = serializers.SerializerMethodField()
    charge_le = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()
    candidats = serializers.SerializerMethodField()
    calendrier = serializers.SerializerMethodField()
    note_min = serializers.SerializerMethodField()
    note_max = serializers.SerializerMethodField()
    criteres = serializers.SerializerMethodField()
    montants = serializers.SerializerMethodField()
    objectifs = serializers.SerializerMethodField()
    enveloppes = serializers.SerializerMethodField()

    class Meta:
        model = Appel
        fields = [
            "id",
            "slug",
            "nom",
            "version",
            "charge_le",
            "description",
            "candidats",
            "calendrier",
            "note_min",
            "note_max",
            "criteres",
            "montants",
            "objectifs",
            "enveloppes",
        ]
        read_only_fields = fields

    def _definition(self, appel):
        return appel.definition

    def get_version(self, appel) -> int:
        return appel.version_courante.numero

    def get_charge_le(self, appel) -> str:
        return serializers.DateTimeField().to_representation(appel.version_courante.charge_le)

    def get_description(self, appel) -> str:
        return self._definition(appel).description

    @extend_schema_field(CandidatsSerializer)
    def get_candidats(self, appel):
        c = self._definition(appel).candidats
        return {"formes_juridiques": list(c.formes_juridiques), "implantations": list(c.implantations), "texte": c.texte}

    @extend_schema_field(CalendrierSerializer)
    def get_calendrier(self, appel):
        c = self._definition(appel).calendrier
        return {
            "echeances_annuelles": [f"{j:02d}/{m:02d}" for j, m in c.echeances_annuelles],
            "dates_limites": [d.isoformat() for d in c.dates_limites],
            "ouverture": c.ouverture.isoformat() if c.ouverture else None,
            "texte": c.en_texte,
        }

    def get_note_min(self, appel) -> int:
        return self._definition(appel).note_min

    def get_note_max(self, appel) -> int:
        return self._definition(appel).note_max

    @extend_schema_field(CritereSerializer(many=True))
    def get_criteres(self, appel):
        return [{"code": c.code, "libelle": c.libelle, "poids": c.poids} for c in self._definition(appel).criteres]

    @extend_schema_field(MontantsSerializer)
    def get_montants(self, appel):
        r = self._definition(appel).regles
        return MontantsSerializer(
            {
                "nature": r.nature,
                "annees": r.annees,
                "plafond_annuel": r.plafond_annuel,
                "total_minimum": r.total_minimum,
                "total_maximum": r.total_maximum,
                "bonus_maximum": r.bonus_maximum,
                "bonus_qpv": r.bonus_qpv,
            }
        ).data

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_objectifs(self, appel):
        return self._definition(appel).objectifs

    @extend_schema_field(serializers.DictField(child=serializers.DecimalField(max_digits=14, decimal_places=2)))
    def get_enveloppes(self, appel):
        return self._definition(appel).enveloppes
