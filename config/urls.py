from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Fabriques de territoire — administration technique"
admin.site.site_title = "Administration"

urlpatterns = [
    path("", include("commun.urls")),
    path("compte/", include("allauth.urls")),
    path("mon-compte/", include("comptes.urls")),
    path("fabriques/", include("fabriques.urls")),
    path("appels/", include("appels.urls")),
    path("candidatures/", include("candidatures.urls")),
    path("financement/", include("financement.urls")),
    path("selection/", include("selection.urls")),
    path("api/", include("config.api_urls")),
    path("admin-technique/", admin.site.urls),
]

handler400 = "commun.views.erreur_400"
handler403 = "commun.views.erreur_403"
handler404 = "commun.views.erreur_404"
handler500 = "commun.views.erreur_500"
