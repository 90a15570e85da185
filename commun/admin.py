"""Technical admin: read-only for domain data. Every write goes through the portal's pages and
their services (rules checked, journal written); the admin shows, it does not change."""

from django.contrib import admin

from .models import Courriel, EntreeJournal


class LectureSeule(admin.ModelAdmin):
    """A model shown in the admin, never added, changed nor deleted there."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EntreeJournal)
class EntreeJournalAdmin(LectureSeule):
    """The audit journal is read-only, in the admin as everywhere."""

    list_display = ["horodatage", "acteur", "action", "objet_libelle", "etat_avant", "etat_apres"]
    list_filter = ["action", "objet_type"]
    search_fields = ["objet_libelle", "objet_id", "acteur__email"]
    date_hierarchy = "horodatage"


@admin.register(Courriel)
class CourrielAdmin(admin.ModelAdmin):
    list_display = ["cree_le", "destinataire", "sujet", "statut", "tentatives", "envoye_le"]
    list_filter = ["statut"]
    search_fields = ["destinataire", "sujet", "cle"]
    readonly_fields = [f.name for f in Courriel._meta.fields]

    def has_add_permission(self, request):
        return False
