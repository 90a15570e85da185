from django.urls import path

from . import views

app_name = "selection"

urlpatterns = [
    path("comite/vagues/<id:pk>/proposition/", views.proposition, name="proposition"),
    path("comite/vagues/<id:pk>/proposition/appliquer/", views.appliquer, name="appliquer"),
]
