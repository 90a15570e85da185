"""The documents' wording comes from the dossier's call (``[documents]`` of its file): the e-mail
subjects (deposit acknowledgement, committee decisions, grant notification) and the titles of the
wave's and the cumulative lists of laureates — shown with the test call's own wording."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from pypdf import PdfReader

from appels.services import appel_charger
from candidatures.models import Decision, Publication, Vague
from candidatures.services.accuse import dossier_accuse_produire
from commun.models import Courriel
from financement.models import Subvention
from financement.services import subvention_notifier
from selection.services.comite import comite_clore, decision_enregistrer
from selection.services.publication import vague_publier
from tests.candidatures import factories_instruction as fi
from tests.conftest import creer_utilisateur
from tests.financement.conftest import fixer_enveloppe

from .appel_de_test import texte_appel_de_test

pytestmark = pytest.mark.django_db
MIDI = dt.datetime(2027, 7, 20, 10, tzinfo=dt.UTC)
MONTANTS = {"montant_annee_1": Decimal("20000.00"), "montant_annee_2": Decimal("20000.00"), "montant_annee_3": None}


def _texte(publication) -> str:
    with publication.fichier.open("rb") as fichier:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(fichier.read())).pages)


@pytest.fixture
def appel(administrateur):
    return appel_charger(texte=texte_appel_de_test(), par=administrateur).version.appel


def test_objet_de_l_accuse_de_reception_est_celui_de_l_appel(appel):
    dossier = fi.dossier(fi.vague(appel=appel), **MONTANTS)
    dossier_accuse_produire(dossier_id=dossier.pk)
    courriel = Courriel.objects.get(cle=f"accuse-depot:dossier-{dossier.pk}")
    assert courriel.sujet.endswith(f"Tiers-lieux ruraux : votre dossier {dossier.numero} est bien reçu")


def test_objet_de_l_accuse_des_fabriques_est_inchange():
    dossier = fi.dossier()
    dossier_accuse_produire(dossier_id=dossier.pk)
    assert Courriel.objects.get(cle=f"accuse-depot:dossier-{dossier.pk}").sujet.endswith(
        f"Accusé de réception de votre dossier {dossier.numero}"
    )


def test_decisions_et_listes_des_laureats_parlent_comme_l_appel(appel, administrateur, django_capture_on_commit_callbacks):
    fixer_enveloppe("45000000")
    porteur = creer_utilisateur("gestion@ruraux.fr", "porteur")
    with time_machine.travel(MIDI, tick=False):
        vague = fi.vague(numero=7, appel=appel, date_ouverture=dt.date(2027, 1, 1), date_limite=dt.date(2027, 5, 31))
        fi.vague(numero=8, appel=appel, date_ouverture=dt.date(2027, 6, 1), date_limite=dt.date(2027, 11, 30), statut=Vague.Statut.OUVERTE)
        dossiers = {}
        for nom in ("La Grange", "Le Fournil", "Le Moulin"):
            lieu = fi.tiers_lieu(nom=nom)
            lieu.gestionnaires.add(porteur)
            dossiers[nom] = fi.dossier(vague, tl=lieu, **MONTANTS)
        decision_enregistrer(dossier=dossiers["La Grange"], resultat=Decision.Resultat.RETENU, par=administrateur)
        decision_enregistrer(
            dossier=dossiers["Le Fournil"],
            resultat=Decision.Resultat.NON_RETENU,
            motivation="Coopération à construire.",
            par=administrateur,
        )
        decision_enregistrer(
            dossier=dossiers["Le Moulin"], resultat=Decision.Resultat.AJOURNE, motivation="Budget à préciser.", par=administrateur
        )
        comite_clore(vague=vague, par=administrateur)
        with django_capture_on_commit_callbacks(execute=True):
            vague_publier(vague=vague, par=administrateur)

    sujets = sorted(s.split("] ", 1)[-1] for s in Courriel.objects.filter(cle__startswith="decision:").values_list("sujet", flat=True))
    assert sujets == [
        "Tiers-lieux ruraux, vague 7 : décision sur « Le Fournil »",
        "Tiers-lieux ruraux, vague 7 : « La Grange » est soutenu",
        "Tiers-lieux ruraux, vague 7 : « Le Moulin » est ajourné",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        subvention_notifier(subvention=Subvention.objects.get(dossier=dossiers["La Grange"]), par=administrateur)
    notification = Courriel.objects.filter(cle__startswith="notification-subvention:").values_list("sujet", flat=True)
    assert [s.split("] ", 1)[-1] for s in notification] == ["Tiers-lieux ruraux : votre subvention pour « La Grange »"]

    liste = Publication.objects.get(vague=vague)
    assert "Liste des tiers-lieux ruraux soutenus" in _texte(liste)
    cumulee = Publication.objects.filter(vague=None, statut=Publication.Statut.TERMINEE).latest("pk")
    texte = _texte(cumulee)
    assert "Liste des tiers-lieux ruraux soutenus" in texte and "Liste des Fabriques de territoire" not in texte
