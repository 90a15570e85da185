from django.urls import path

from . import views

app_name = "commun"
urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("mon-espace/", views.tableau_de_bord, name="tableau_de_bord"),
    path("accessibilite/", views.accessibilite, name="accessibilite"),
    path("mentions-legales/", views.mentions_legales, name="mentions_legales"),
    path("donnees-personnelles/", views.donnees_personnelles, name="donnees_personnelles"),
    path("sante/", views.sante, name="sante"),
    path("etat-du-service/", views.etat_service, name="etat_service"),
]
