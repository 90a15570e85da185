from django.urls import path

from . import views

app_name = "comptes"
urlpatterns = [
    path("", views.mon_compte, name="mon_compte"),
    path("courriels/", views.courriels, name="courriels"),
    path("jeton-api/creer/", views.jeton_api_creer, name="jeton_api_creer"),
    path("jeton-api/revoquer/", views.jeton_api_revoquer, name="jeton_api_revoquer"),
    path("inviter/", views.inviter, name="inviter"),
    path("invitation/<str:jeton>/", views.accepter_invitation, name="accepter_invitation"),
]
