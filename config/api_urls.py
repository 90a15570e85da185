"""The REST API, versioned under /api/v1/, with its OpenAPI schema and documentation."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from commun.views import api_accueil

urlpatterns = [
    # The entry page, in French and accessible; the interactive page (Swagger UI) is behind it.
    path("", api_accueil, name="api-accueil"),
    path("v1/", include("config.api_v1")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
