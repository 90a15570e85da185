"""Technical admin (administrateurs only): reference data and tiers-lieux, read-only. Tiers-lieux are
edited on the portal (``services.tiers_lieux``), historical labels on « Labels historiques », the
implantation on « Implantations », QPV by their import: each a journalled service."""

from django.contrib import admin

from commun.admin import LectureSeule

from .models import Departement, InvitationGestionnaire, Label, Qpv, Region, TiersLieu


@admin.register(Region)
class RegionAdmin(LectureSeule):
    list_display = ("code", "nom", "outre_mer")


@admin.register(Departement)
class DepartementAdmin(LectureSeule):
    list_display = ("code", "nom", "region")
    list_filter = ("region",)


@admin.register(Qpv)
class QpvAdmin(LectureSeule):
    list_display = ("code", "nom", "commune", "departement")
    search_fields = ("code", "nom", "commune")


@admin.register(TiersLieu)
class TiersLieuAdmin(LectureSeule):
    list_display = ("nom", "structure_porteuse", "commune", "departement", "source", "implantation")
    list_filter = ("source", "implantation", "region")
    search_fields = ("nom", "structure_porteuse", "commune", "siret")


@admin.register(Label)
class LabelAdmin(LectureSeule):
    list_display = ("tiers_lieu", "type", "vague", "date_obtention", "historique")
    list_filter = ("type", "historique")


@admin.register(InvitationGestionnaire)
class InvitationGestionnaireAdmin(LectureSeule):
    list_display = ("email", "tiers_lieu", "cree_le")
