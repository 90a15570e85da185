"""The four selection criteria read word for word as the flyer (004) gives them, wherever they show:
home page, applicant's form, reviewer's grid, grid settings, exports and API."""

import html
import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from candidatures.models import Critere
from tests.candidatures import factories_instruction as f
from tests.conftest import MOT_DE_PASSE

pytestmark = pytest.mark.django_db

MOT_POUR_MOT = [
    "Ambition de soutenir l'essor du territoire et d'autres tiers-lieux",
    "Ancrage territorial fort et un porteur de projet bien identifié",
    "Gouvernance claire et contributive",
    "Modèle économique équilibré à terme",
]


def _texte(reponse) -> str:
    return html.unescape(reponse.content.decode())


def test_une_seule_source_mot_pour_mot():
    assert [c.label for c in Critere] == MOT_POUR_MOT


def test_accueil_grille_reglages_et_export(client, administrateur):
    accueil = _texte(client.get("/"))
    assert all(libelle in accueil for libelle in MOT_POUR_MOT)
    dossier = f.dossier()
    ivan = f.instructeur("ivan@anct.example.fr", national=True)
    f.affecter(dossier, ivan)
    f.evaluer(dossier, ivan, (4, 3, 2, 1))
    assert client.login(email=ivan.email, password=MOT_DE_PASSE)
    grille = _texte(client.get(reverse("candidatures:instruction_dossier", args=[dossier.pk])))
    for rang, libelle in enumerate(MOT_POUR_MOT, start=1):
        assert f"Critère {rang} — {libelle}" in grille
    assert "Ambition pour le territoire" not in grille and "Ancrage territorial et porteur identifié" not in grille
    assert client.login(email=administrateur.email, password=MOT_DE_PASSE)
    reglages = _texte(client.get(reverse("candidatures:instruction_affectations"), {"vague": dossier.vague.pk}))
    assert f"Poids du critère 2 « {MOT_POUR_MOT[1]} »" in reglages
    export = client.get(reverse("candidatures:instruction_export", args=["csv"]), {"vague": dossier.vague.pk})
    entete = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()[0].split(";")
    assert [f"Moyenne — {libelle}" for libelle in MOT_POUR_MOT] == [c for c in entete if c.startswith("Moyenne — ")]


def test_api_nomme_les_criteres_mot_pour_mot():
    dossier = f.dossier()
    ivan = f.instructeur("ivan@anct.example.fr", national=True)
    f.affecter(dossier, ivan)
    f.evaluer(dossier, ivan, (4, 3, 2, 1))
    api = APIClient()
    api.force_authenticate(ivan)
    notes = api.get(f"/api/v1/instruction/dossiers/{dossier.pk}/evaluation/").json()["notes"]
    assert [notes[c.value]["critere"] for c in Critere] == MOT_POUR_MOT
    schema = json.dumps(api.get("/api/schema/", {"format": "json"}).json(), ensure_ascii=False)
    assert "Note du critère « Ancrage territorial fort et un porteur de projet bien identifié »" in schema
