"""Loading the demo again after people used it completes what is missing, leaves the rest, and says
what it skipped — it never stops on data people changed."""

import io

import pytest
from django.core.management import call_command

from candidatures.models import Dossier
from candidatures.selectors.porteur import vague_ouverte
from candidatures.services.dossiers import dossier_retirer
from commun.erreurs import ErreurMetier
from comptes.models import User
from fabriques.models import TiersLieu
from fabriques.services.tiers_lieux import tiers_lieu_modifier

pytestmark = pytest.mark.django_db(transaction=True)
NOM_LONG = "Tiers-lieu coopératif, solidaire et numérique du quartier du Blosne, des Champs-Manceaux et de toute la métropole " * 3


def _charger() -> str:
    sortie = io.StringIO()
    call_command("charger_demo", stdout=sortie)
    return sortie.getvalue()


def test_recharger_la_demo_apres_usage_complete_ce_qui_manque():
    premier = _charger()
    assert "Comptes de démonstration" in premier and "Ignoré" not in premier
    # What it imports, step by step.
    assert "Comptes de démonstration (comptes.demo)" in premier and "Subventions et versements (financement.demo)" in premier
    porteur = User.objects.get(email="porteur@demo.fabriques.anct.fr")
    ouverte = vague_ouverte()
    depose = Dossier.objects.get(vague=ouverte, tiers_lieu__gestionnaires=porteur, statut=Dossier.Statut.DEPOSE)
    brouillon = Dossier.objects.get(vague=ouverte, tiers_lieu__gestionnaires=porteur, statut=Dossier.Statut.BROUILLON)

    # The porteur uses the demo: he gives his places long names and withdraws both dossiers.
    nom_long = NOM_LONG[:255]
    for lieu in (depose.tiers_lieu, brouillon.tiers_lieu):
        tiers_lieu_modifier(tiers_lieu=lieu, par=porteur, nom=nom_long)
    dossier_retirer(dossier=depose, par=porteur)
    dossier_retirer(dossier=brouillon, par=porteur)
    nombre_dossiers = Dossier.objects.count()

    second = _charger()
    assert "Données de démonstration chargées" in second and "Ignoré" not in second
    # Completed: a deposited dossier and a draft again, their places keeping the porteur's names.
    nouveaux = Dossier.objects.filter(vague=ouverte, tiers_lieu__gestionnaires=porteur).exclude(statut=Dossier.Statut.RETIRE)
    assert sorted(nouveaux.values_list("statut", flat=True)) == [Dossier.Statut.BROUILLON, Dossier.Statut.DEPOSE]
    assert Dossier.objects.count() == nombre_dossiers + 2
    assert all(d.tiers_lieu.nom == nom_long and len(d.section("presentation")["nom_projet"]) == 200 for d in nouveaux)
    assert TiersLieu.objects.filter(nom=nom_long).count() == 2

    # A third time changes nothing.
    troisieme = _charger()
    assert Dossier.objects.count() == nombre_dossiers + 2 and "Ignoré" not in troisieme


def test_une_etape_que_les_donnees_empechent_est_ignoree_et_dite(monkeypatch):
    def refuser(**_):
        raise ErreurMetier("Le dossier est incomplet : les statuts manquent.")

    monkeypatch.setattr("candidatures.demo.depot.dossier_deposer", refuser)
    sortie = _charger()
    assert (
        "  Ignoré : le dossier déposé de « La Fabrique du Blosne (démonstration) » — Le dossier est incomplet : les statuts manquent."
        in sortie
    )
    assert "1 élément(s) ignoré(s) car les données ont été modifiées" in sortie
    # The step was undone as a whole; the rest of the demo was loaded.
    porteur = User.objects.get(email="porteur@demo.fabriques.anct.fr")
    dossiers = Dossier.objects.filter(vague=vague_ouverte(), tiers_lieu__gestionnaires=porteur)
    assert list(dossiers.values_list("statut", flat=True)) == [Dossier.Statut.BROUILLON]
    assert "Subventions et versements (financement.demo)" in sortie and "Comptes de démonstration (mot de passe commun" in sortie
