"""The portal's own pages: the home page (it reads every app below), the legal pages, and the
download of one's personal data (it gathers every app's data about the person)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from candidatures.models import Critere
from candidatures.selectors.dossiers import prochaine_vague_ouverte
from commun.fichiers import telechargement
from commun.temps import aujourdhui_paris
from financement.chiffres import chiffres_programme

from .rgpd import archive_donnees_personnelles


def accueil(request):
    chiffres = chiffres_programme()
    contexte = {
        "title": "Accueil",
        "vague": prochaine_vague_ouverte(),
        "chiffres": chiffres,
        "enveloppe": chiffres.fonctionnement.montant,
        "objectif": chiffres.fabriques.objectif,
        "criteres": list(Critere),
    }
    return render(request, "commun/accueil.html", contexte)


def accessibilite(request):
    return render(request, "commun/accessibilite.html", {"title": "Déclaration d'accessibilité"})


def mentions_legales(request):
    return render(request, "commun/mentions_legales.html", {"title": "Mentions légales"})


def donnees_personnelles(request):
    return render(request, "commun/donnees_personnelles.html", {"title": "Données personnelles"})


@login_required
def mes_donnees(request):
    """Download everything the portal holds about me (RGPD): a ZIP of JSON and files."""
    archive = archive_donnees_personnelles(user=request.user)
    nom = f"mes-donnees-fabriques-de-territoire-{aujourdhui_paris():%Y-%m-%d}.zip"
    return telechargement(archive, nom, "application/zip")
