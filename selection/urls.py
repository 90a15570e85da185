from django.urls import path

from .views import comite, proposition, publication

app_name = "selection"

urlpatterns = [
    path("comite/vagues/<id:pk>/proposition/", proposition.proposition, name="proposition"),
    path("comite/vagues/<id:pk>/proposition/appliquer/", proposition.appliquer, name="appliquer"),
]

# The closing of waves, the publication of results and the committee: their URLs and names are older
# than this app, ``config/urls.py`` serves them under /candidatures/ in the « candidatures » namespace.
CANDIDATURES = [
    path("vagues/<id:pk>/cloturer/", publication.vague_cloturer_vue, name="vague_cloturer"),
    path("vagues/<id:pk>/publication/", publication.vague_publication, name="vague_publication"),
    path("vagues/<id:pk>/publier/", publication.vague_publier_vue, name="vague_publier"),
    # Published results (public, no login)
    path("laureats/", publication.laureats, name="laureats"),
    path("laureats/liste-laureats.pdf", publication.laureats_pdf, name="laureats_pdf"),
    path("laureats/laureats.csv", publication.laureats_csv, name="laureats_csv"),
    path("laureats/laureats.json", publication.laureats_json, name="laureats_json"),
    path("laureats/vagues/<id:numero>/", publication.laureats_vague, name="laureats_vague"),
    path("laureats/vagues/<id:numero>/liste-laureats.pdf", publication.laureats_vague_pdf, name="laureats_vague_pdf"),
    path("laureats/vagues/<id:numero>/laureats.csv", publication.laureats_vague_csv, name="laureats_vague_csv"),
    path("laureats/vagues/<id:numero>/laureats.json", publication.laureats_vague_json, name="laureats_vague_json"),
    # The selection committee
    path("comite/", comite.comite_index, name="comite_index"),
    path("comite/vagues/<id:pk>/", comite.comite, name="comite"),
    path("comite/vagues/<id:pk>/clore/", comite.comite_clore, name="comite_clore"),
    path("comite/dossiers/<id:pk>/decision/", comite.comite_decision, name="comite_decision"),
]
