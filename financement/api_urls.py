from django.urls import path

from . import api

urlpatterns = [
    path("programme/chiffres/", api.ChiffresProgrammeView.as_view(), name="api-programme-chiffres"),
    path("opendata/subventions/", api.OpendataSubventionsView.as_view(), name="api-opendata-subventions"),
    path("subventions/", api.SubventionsView.as_view(), name="api-subventions"),
    path("subventions/<id:pk>/", api.SubventionView.as_view(), name="api-subvention"),
    path("subventions/<id:pk>/ajuster/", api.SubventionAjusterView.as_view(), name="api-subvention-ajuster"),
    path("subventions/<id:pk>/notifier/", api.SubventionNotifierView.as_view(), name="api-subvention-notifier"),
    path("subventions/<id:pk>/signer/", api.SubventionSignerView.as_view(), name="api-subvention-signer"),
    path("subventions/<id:pk>/resilier/", api.SubventionResilierView.as_view(), name="api-subvention-resilier"),
    path("subventions/<id:pk>/rapports/", api.RapportsView.as_view(), name="api-subvention-rapports"),
    path("rapports/<id:pk>/fichier/", api.RapportFichierView.as_view(), name="api-rapport-fichier"),
    path("versements/<id:pk>/statut/", api.VersementStatutView.as_view(), name="api-versement-statut"),
]
