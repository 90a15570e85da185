from django.urls import path

from . import views

app_name = "fabriques"
urlpatterns = [
    path("annuaire/", views.annuaire, name="annuaire"),
    path("annuaire/export.csv", views.export_csv, name="export_csv"),
    path("annuaire/export.json", views.export_json, name="export_json"),
    path("annuaire/<id:pk>/", views.fiche, name="fiche"),
    path("code-postal/", views.region_du_code_postal, name="region_du_code_postal"),
    path("mes-tiers-lieux/", views.mes_tiers_lieux, name="mes_tiers_lieux"),
    path("mes-tiers-lieux/nouveau/", views.creer, name="creer"),
    path("mes-tiers-lieux/<id:pk>/modifier/", views.modifier, name="modifier"),
    path("mes-tiers-lieux/<id:pk>/gestionnaires/", views.gestionnaires, name="gestionnaires"),
    path("mes-invitations/", views.invitations, name="invitations"),
    path("mes-invitations/<id:pk>/accepter/", views.invitation_repondre, {"reponse": "accepter"}, name="invitation_accepter"),
    path("mes-invitations/<id:pk>/decliner/", views.invitation_repondre, {"reponse": "decliner"}, name="invitation_decliner"),
    path("labels-historiques/", views.label_historique, name="label_historique"),
    path("implantations/", views.implantations, name="implantations"),
    path("quartiers-prioritaires/importer/", views.importer_qpv, name="importer_qpv"),
]
