"""Technical admin (administrateurs only): reference data and tiers-lieux, read mostly."""
from django.contrib import admin

from .models import Departement, InvitationGestionnaire, Label, Qpv, Region, TiersLieu


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "nom", "outre_mer")


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ("code", "nom", "region")
    list_filter = ("region",)


@admin.register(Qpv)
class QpvAdmin(admin.ModelAdmin):
    list_display = ("code", "nom", "commune", "departement")
    search_fields = ("code", "nom", "commune")


@admin.register(TiersLieu)
class TiersLieuAdmin(admin.ModelAdmin):
    list_display = ("nom", "structure_porteuse", "commune", "departement", "source", "implantation")
    # The implantation of historical Fabriques is set on the portal's page « Implantations » (a
    # journalled service), not here.
    list_filter = ("source", "implantation", "region")
    search_fields = ("nom", "structure_porteuse", "commune", "siret")
    raw_id_fields = ("gestionnaires", "qpv")


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ("tiers_lieu", "type", "vague", "date_obtention", "historique")
    list_filter = ("type", "historique")


admin.site.register(InvitationGestionnaire)
