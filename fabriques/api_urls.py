from django.urls import path

from . import api

urlpatterns = [
    path("fabriques/", api.AnnuaireView.as_view(), name="api-fabriques"),
    path("fabriques/<id:pk>/", api.FabriqueView.as_view(), name="api-fabrique"),
    path("tiers-lieux/", api.MesTiersLieuxView.as_view(), name="api-tiers-lieux"),
    path("tiers-lieux/implantations/", api.ImplantationsView.as_view(), name="api-implantations"),
    path("tiers-lieux/<id:pk>/", api.TiersLieuView.as_view(), name="api-tiers-lieu"),
]
