from django.urls import path

from . import api

urlpatterns = [
    path("appels/", api.AppelsView.as_view(), name="api-appels"),
    path("appels/<id:pk>/", api.AppelView.as_view(), name="api-appel"),
]
