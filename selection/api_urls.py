from django.urls import path

from .api import PropositionView

urlpatterns = [
    path("comite/vagues/<id:pk>/proposition/", PropositionView.as_view(), name="api-comite-proposition"),
]
