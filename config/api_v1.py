"""Routes of API v1. Each app contributes its own ``api_urls`` module."""

from django.urls import include, path

from comptes.api import MesCourrielsView, MoiView

urlpatterns = [
    path("moi/", MoiView.as_view(), name="api-moi"),
    path("moi/courriels/", MesCourrielsView.as_view(), name="api-moi-courriels"),
    path("", include("fabriques.api_urls")),
    path("", include("appels.api_urls")),
    path("", include("candidatures.api_urls")),
    path("", include("financement.api_urls")),
    path("", include("selection.api_urls")),
]
