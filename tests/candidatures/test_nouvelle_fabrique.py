"""« Nouvelle Fabrique » marks, as on the published list, the Fabriques selected in the wave a list
shows — on the cumulative list, those of the latest published wave. Rows of a région follow the
order of selection (historical first), then the name. PDF, pages, open data and API agree."""

import csv
import datetime as dt
import io
import json

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from candidatures.models import Decision, Publication
from fabriques.models import Departement, Label
from fabriques.services import label_historique_enregistrer
from selection.services.comite import comite_clore, decision_enregistrer
from selection.services.publication import vague_publier
from tests.pdf import texte

from . import factories_instruction as fi

pytestmark = pytest.mark.django_db


def _lieu(nom):
    departement = Departement.objects.select_related("region").get(code="84")
    return fi.tiers_lieu(
        nom=nom, structure_porteuse=nom, departement=departement, region=departement.region, commune="Avignon", code_postal="84000"
    )


def _vague_publiee(numero, limite, publication, noms, administrateur, capture):
    with time_machine.travel(dt.datetime.combine(publication, dt.time(10), tzinfo=dt.UTC), tick=False):
        vague = fi.vague(numero=numero, titre=f"Vague {numero}", date_ouverture=limite - dt.timedelta(days=90), date_limite=limite)
        for nom in noms:
            decision_enregistrer(dossier=fi.dossier(vague_=vague, tl=_lieu(nom)), resultat=Decision.Resultat.RETENU, par=administrateur)
        comite_clore(vague=vague, par=administrateur)
        with capture(execute=True):
            vague_publier(vague=vague, par=administrateur)
    return vague


@pytest.fixture
def trois_vagues(administrateur, django_capture_on_commit_callbacks):
    """A historical Fabrique, then two published waves — names chosen against the alphabet."""
    label_historique_enregistrer(tiers_lieu=_lieu("Zèbre historique"), type=Label.Type.FABRIQUE, nouvelle_fabrique=True, par=None)
    premiere = _vague_publiee(
        1, dt.date(2026, 3, 30), dt.date(2026, 4, 20), ["Yack de la première vague"], administrateur, django_capture_on_commit_callbacks
    )
    seconde = _vague_publiee(
        2, dt.date(2026, 6, 30), dt.date(2026, 7, 20), ["Abeille de la seconde vague"], administrateur, django_capture_on_commit_callbacks
    )
    return premiere, seconde


ORDRE = ["Zèbre historique", "Yack de la première vague", "Abeille de la seconde vague"]


def test_liste_cumulee_pdf_marque_la_derniere_vague_et_suit_l_ordre_des_vagues(trois_vagues):
    cumulee = Publication.objects.filter(vague=None, statut=Publication.Statut.TERMINEE).latest("terminee_le")
    with cumulee.fichier.open("rb") as fichier:
        lu = " ".join(texte(fichier.read()).split())
    positions = [lu.index(nom) for nom in ORDRE]
    assert positions == sorted(positions)
    assert "Abeille de la seconde vague Nouvelle Fabrique" in lu
    assert "Yack de la première vague Nouvelle" not in lu and "Zèbre historique Nouvelle" not in lu
    assert "sélectionnée lors de la dernière vague publiée (vague 2)" in lu
    assert "et 1 nouvelle." in lu


def test_liste_d_une_vague_ses_selectionnees_sont_nouvelles(client, trois_vagues):
    page = client.get(reverse("candidatures:laureats_vague", args=[1])).content.decode()
    assert 'Yack de la première vague <p class="fr-badge fr-badge--sm fr-badge--success">Nouvelle Fabrique</p>' in page
    assert "sélectionnée lors de cette vague" in page
    donnees = json.loads(client.get(reverse("candidatures:laureats_vague_json", args=[1])).content)
    assert [(lau["structure_porteuse"], lau["nouvelle_fabrique"]) for lau in donnees["laureats"]] == [("Yack de la première vague", True)]


def test_donnees_ouvertes_et_annuaire_disent_la_meme_chose(client, trois_vagues):
    lignes = list(csv.DictReader(io.StringIO(client.get(reverse("candidatures:laureats_csv")).content.decode("utf-8-sig")), delimiter=";"))
    assert [(ligne["structure_porteuse"], ligne["nouvelle_fabrique"]) for ligne in lignes] == [
        ("Zèbre historique", "non"),
        ("Yack de la première vague", "non"),
        ("Abeille de la seconde vague", "oui"),
    ]
    donnees = json.loads(client.get(reverse("candidatures:laureats_json")).content)
    assert [lau["nouvelle_fabrique"] for lau in donnees["laureats"]] == [False, False, True]
    annuaire = list(
        csv.DictReader(
            io.StringIO(b"".join(client.get(reverse("fabriques:export_csv")).streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert {ligne["nom"]: ligne["nouvelle_fabrique"] for ligne in annuaire} == {
        "Zèbre historique": "non",
        "Yack de la première vague": "non",
        "Abeille de la seconde vague": "oui",
    }


def test_api_des_laureats(trois_vagues):
    api = APIClient()
    cumul = {lau["structure_porteuse"]: lau["nouvelle_fabrique"] for lau in api.get("/api/v1/laureats/").json()["results"]}
    assert cumul == {"Yack de la première vague": False, "Abeille de la seconde vague": True}
    vague_1 = api.get("/api/v1/laureats/", {"vague": 1}).json()["results"]
    assert [(lau["structure_porteuse"], lau["nouvelle_fabrique"]) for lau in vague_1] == [("Yack de la première vague", True)]


def test_avant_toute_vague_du_portail_la_marque_de_la_liste_historique(client):
    label_historique_enregistrer(tiers_lieu=_lieu("Lieu marqué"), type=Label.Type.FABRIQUE, nouvelle_fabrique=True, par=None)
    label_historique_enregistrer(tiers_lieu=_lieu("Lieu inconnu"), type=Label.Type.FABRIQUE, par=None)
    lignes = list(csv.DictReader(io.StringIO(client.get(reverse("candidatures:laureats_csv")).content.decode("utf-8-sig")), delimiter=";"))
    assert {ligne["structure_porteuse"]: ligne["nouvelle_fabrique"] for ligne in lignes} == {"Lieu inconnu": "non", "Lieu marqué": "oui"}
