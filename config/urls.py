from django.contrib import admin
from django.urls import include, path

from candidatures import urls as urls_candidatures
from commun import urls as urls_commun
from comptes import urls as urls_comptes
from portail import urls as urls_portail
from selection import urls as urls_selection

admin.site.site_header = "Fabriques de territoire — administration technique"
admin.site.site_title = "Administration"

urlpatterns = [
    # The portal's own pages and the committee's keep the URLs and names they had before their apps.
    path("", include((urls_portail.COMMUN + urls_commun.urlpatterns, "commun"))),
    path("compte/", include("allauth.urls")),
    path("mon-compte/", include((urls_comptes.urlpatterns + urls_portail.COMPTES, "comptes"))),
    path("fabriques/", include("fabriques.urls")),
    path("appels/", include("appels.urls")),
    path("candidatures/", include((urls_candidatures.urlpatterns + urls_selection.CANDIDATURES, "candidatures"))),
    path("financement/", include("financement.urls")),
    path("selection/", include("selection.urls")),
    path("api/", include("config.api_urls")),
    path("admin-technique/", admin.site.urls),
]

handler400 = "commun.views.erreur_400"
handler403 = "commun.views.erreur_403"
handler404 = "commun.views.erreur_404"
handler500 = "commun.views.erreur_500"
