"""Read-only views of the grants in the technical admin: changes go through the portal's pages,
which call the services (the rules live there and in the database constraints)."""

from django.contrib import admin

from commun.admin import LectureSeule

from .models import DocumentSubvention, Enveloppe, HistoriqueSubvention, RapportActivite, Subvention, Tranche, Versement


class TrancheInline(admin.TabularInline):
    model = Tranche
    extra = 0
    can_delete = False
    readonly_fields = ["annee", "nature", "montant"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subvention)
class SubventionAdmin(LectureSeule):
    list_display = ["reference_convention", "dossier", "statut", "total_fonctionnement", "derogation_enveloppe", "date_convention"]
    list_filter = ["statut", "derogation_enveloppe"]
    search_fields = ["reference_convention", "dossier__numero", "dossier__tiers_lieu__nom", "dossier__tiers_lieu__siret"]
    inlines = [TrancheInline]


@admin.register(Versement)
class VersementAdmin(LectureSeule):
    list_display = ["tranche", "montant", "date_prevue", "statut", "date_versement"]
    list_filter = ["statut"]


@admin.register(Enveloppe)
class EnveloppeAdmin(LectureSeule):
    list_display = ["code", "montant", "modifie_le"]


admin.site.register(HistoriqueSubvention, LectureSeule)
admin.site.register(DocumentSubvention, LectureSeule)
admin.site.register(RapportActivite, LectureSeule)
