from django.urls import path

from . import api

urlpatterns = [
    path("fabriques/", api.AnnuaireView.as_view(), name="api-fabriques"),
    path("fabriques/<id:pk>/", api.FabriqueView.as_view(), name="api-fabrique"),
    path("tiers-lieux/", api.MesTiersLieuxView.as_view(), name="api-tiers-lieux"),
    path("tiers-lieux/implantations/", api.ImplantationsView.as_view(), name="api-implantations"),
    path("tiers-lieux/<id:pk>/", api.TiersLieuView.as_view(), name="api-tiers-lieu"),
    path("tiers-lieux/<id:pk>/gestionnaires/", api.GestionnairesView.as_view(), name="api-tiers-lieu-gestionnaires"),
    path("invitations/", api.InvitationsView.as_view(), name="api-invitations"),
    path("invitations/<id:pk>/accepter/", api.InvitationAccepterView.as_view(), name="api-invitation-accepter"),
    path("invitations/<id:pk>/decliner/", api.InvitationDeclinerView.as_view(), name="api-invitation-decliner"),
]
