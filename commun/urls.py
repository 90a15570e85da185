from django.urls import path

from . import views

app_name = "commun"
urlpatterns = [
    path("mon-espace/", views.tableau_de_bord, name="tableau_de_bord"),
    path("sante/", views.sante, name="sante"),
    path("etat-du-service/", views.etat_service, name="etat_service"),
]
