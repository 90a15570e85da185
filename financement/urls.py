from django.urls import path

from . import views

app_name = "financement"
urlpatterns = [
    path("", views.tableau_de_bord, name="tableau_de_bord"),
    path("enveloppe/", views.enveloppe_modifier, name="enveloppe_modifier"),
    path("dossiers/<id:dossier_pk>/proposer/", views.subvention_proposer, name="subvention_proposer"),
    path("subventions/<id:pk>/", views.subvention, name="subvention"),
    path("subventions/<id:pk>/ajuster/", views.subvention_ajuster, name="subvention_ajuster"),
    path("subventions/<id:pk>/notifier/", views.subvention_notifier, name="subvention_notifier"),
    path("subventions/<id:pk>/signer/", views.subvention_signer, name="subvention_signer"),
    path("subventions/<id:pk>/documents/", views.subvention_documents, name="subvention_documents"),
    path("subventions/<id:pk>/resilier/", views.subvention_resilier, name="subvention_resilier"),
    path("subventions/<id:pk>/rapports/", views.rapport_deposer, name="rapport_deposer"),
    path("versements/<id:pk>/statut/", views.versement_statut, name="versement_statut"),
    path("documents/<id:pk>/", views.document_telecharger, name="document"),
    path("rapports/<id:pk>/", views.rapport_telecharger, name="rapport"),
    path("ma-subvention/", views.mes_subventions, name="mes_subventions"),
    path("donnees-ouvertes/subventions.csv", views.opendata_csv, name="opendata_csv"),
    path("donnees-ouvertes/subventions.json", views.opendata_json, name="opendata_json"),
]
