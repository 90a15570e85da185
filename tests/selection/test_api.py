"""POST /api/v1/comite/vagues/{id}/proposition/: the page's proposal as JSON, defaults for what is not
sent, French 400 for bad parameters, nothing written."""

import pytest
from rest_framework.test import APIClient

from candidatures.models import Decision
from tests.selection.test_pages import _dossiers, vague  # noqa: F401  (the page's wave, reused as a fixture)

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_proposition_par_l_api(administrateur, vague):  # noqa: F811
    reponse = _client(administrateur).post(
        f"/api/v1/comite/vagues/{vague.pk}/proposition/",
        {"enveloppe_fonctionnement": "400000.00", "part_objectifs": 0, "couvrir_regions": True},
        format="json",
    )
    assert reponse.status_code == 200, reponse.json()
    donnees = reponse.json()
    a, b, c, bretagne, faible = _dossiers(vague)
    assert donnees["selection"] == sorted([a.pk, b.pk, bretagne.pk])
    raisons = {d["id"]: d["raison"] for d in donnees["dossiers"]}
    assert raisons[bretagne.pk] == "retenu pour couvrir la région Bretagne"
    assert donnees["parametres"]["note_minimale"] == 60.0  # not sent: the default
    assert donnees["totaux"]["montant"] == "360000.00"
    assert donnees["conflit"] is None
    assert any(lim["code"] == "enveloppe" and lim["limitante"] for lim in donnees["limites"])
    assert not Decision.objects.exists()


def test_parametres_invalides_400_en_francais(administrateur, vague):  # noqa: F811
    reponse = _client(administrateur).post(
        f"/api/v1/comite/vagues/{vague.pk}/proposition/", {"note_minimale": 150, "desaccord": "ignorer"}, format="json"
    )
    assert reponse.status_code == 400
    erreurs = reponse.json()["errors"]
    assert "inférieure ou égale à 100" in erreurs["note_minimale"][0]
    assert "desaccord" in erreurs


def test_conflit_dans_la_reponse(administrateur, vague):  # noqa: F811
    reponse = _client(administrateur).post(
        f"/api/v1/comite/vagues/{vague.pk}/proposition/",
        {"enveloppe_fonctionnement": "200000", "couvrir_regions": True, "part_objectifs": 0},
        format="json",
    )
    conflit = reponse.json()["conflit"]
    assert conflit["contraintes"] == [
        "au moins une Fabrique dans chacune des 2 régions qui ont un dossier éligible",
        "l'enveloppe de fonctionnement restante (200\u202f000\u00a0€)",
    ]
    assert conflit["codes"] == ["regions", "enveloppe"]
    assert conflit["relaxation"] == ["aucune Fabrique en Bretagne"]
    assert reponse.json()["selection"] == [_dossiers(vague)[0].pk]
