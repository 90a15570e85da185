"""The portal's own pages, and the audit trail (it reads every app). Their URLs and names are older
than this app: ``config/urls.py`` serves them in the namespaces they always had (« commun » at the
root, « comptes » under /mon-compte/)."""

from django.urls import path

from . import journal, views

# Served at the root, in the « commun » namespace.
COMMUN = [
    path("", views.accueil, name="accueil"),
    path("accessibilite/", views.accessibilite, name="accessibilite"),
    path("mentions-legales/", views.mentions_legales, name="mentions_legales"),
    path("donnees-personnelles/", views.donnees_personnelles, name="donnees_personnelles"),
]

# Served under /mon-compte/, in the « comptes » namespace.
COMPTES = [
    path("mes-donnees.zip", views.mes_donnees, name="mes_donnees"),
    path("journal/", journal.journal, name="journal"),
]
