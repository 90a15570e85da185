from django.urls import path

from . import views

app_name = "appels"

urlpatterns = [
    path("", views.liste, name="liste"),
]
