from django.urls import path

from . import api

urlpatterns = [
    path("opendata/subventions/", api.OpendataSubventionsView.as_view(), name="api-opendata-subventions"),
    path("subventions/", api.SubventionsView.as_view(), name="api-subventions"),
    path("subventions/<id:pk>/", api.SubventionView.as_view(), name="api-subvention"),
    path("subventions/<id:pk>/ajuster/", api.SubventionAjusterView.as_view(), name="api-subvention-ajuster"),
    path("versements/<id:pk>/statut/", api.VersementStatutView.as_view(), name="api-versement-statut"),
]
