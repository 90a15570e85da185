from django.urls import path

from .api import comite, publication
from .api.proposition import PropositionView

urlpatterns = [
    path("laureats/", publication.LaureatsView.as_view(), name="api-laureats"),
    path("comite/dossiers/<id:pk>/decision/", comite.DecisionView.as_view(), name="api-comite-decision"),
    path("comite/vagues/<id:pk>/clore/", comite.ComiteCloreView.as_view(), name="api-comite-clore"),
    path("comite/vagues/<id:pk>/proposition/", PropositionView.as_view(), name="api-comite-proposition"),
]
