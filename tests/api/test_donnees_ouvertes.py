"""Open data through the API, without a login: waves, laureates, the directory, granted subsidies."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from candidatures.models import Dossier, Vague
from fabriques.models import Label
from financement.opendata import COLONNES_SCDL
from financement.services import subvention_notifier, subvention_proposer, subvention_signer_convention
from tests.candidatures import factories_instruction as fi
from tests.fabriques import factories as fab
from tests.financement import factories as ff
from tests.financement.factories import dossier_de

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_vagues_publiques_filtrees_par_statut(api):
    fi.vague(numero=1, statut=Vague.Statut.RESULTATS_PUBLIES)
    fi.vague(numero=2, statut=Vague.Statut.OUVERTE, date_ouverture=dt.date(2026, 4, 1), date_limite=dt.date(2026, 6, 30))
    donnees = api.get("/api/v1/vagues/").json()
    assert donnees["count"] == 2 and donnees["results"][0]["numero"] == 1
    assert [v["numero"] for v in api.get("/api/v1/vagues/?statut=ouverte").json()["results"]] == [2]


def test_laureats_seulement_des_vagues_publiees_par_vague_et_en_cumul(api):
    publiee = fi.vague(numero=1, statut=Vague.Statut.RESULTATS_PUBLIES)
    publiee2 = fi.vague(numero=2, statut=Vague.Statut.RESULTATS_PUBLIES)
    en_cours = fi.vague(numero=3, statut=Vague.Statut.EN_INSTRUCTION)
    fi.dossier(vague_=publiee, statut=Dossier.Statut.RETENU, numero="FDT-A")
    fi.dossier(vague_=publiee2, statut=Dossier.Statut.RETENU, numero="FDT-B")
    fi.dossier(vague_=publiee, statut=Dossier.Statut.NON_RETENU, numero="FDT-C")
    fi.dossier(vague_=en_cours, statut=Dossier.Statut.RETENU, numero="FDT-D")  # not published yet: secret
    assert [d["numero"] for d in api.get("/api/v1/laureats/").json()["results"]] == ["FDT-A", "FDT-B"]
    assert [d["numero"] for d in api.get("/api/v1/laureats/?vague=2").json()["results"]] == ["FDT-B"]
    assert api.get("/api/v1/laureats/?vague=3").json()["count"] == 0


def test_annuaire_avec_les_filtres_de_la_page(api):
    numerique = fi.tiers_lieu(nom="Lieu numérique")
    Label.objects.create(tiers_lieu=numerique, type=Label.Type.NUMERIQUE, date_obtention=dt.date(2026, 1, 5))
    Label.objects.create(tiers_lieu=fi.tiers_lieu(nom="Lieu classique"), type=Label.Type.FABRIQUE, date_obtention=dt.date(2026, 1, 5))
    fi.tiers_lieu(nom="Sans label")
    assert api.get("/api/v1/fabriques/").json()["count"] == 2
    resultats = api.get("/api/v1/fabriques/?label=numerique").json()["results"]
    assert [(f["nom"], f["label"]) for f in resultats] == [("Lieu numérique", "numerique")]
    reponse = api.get("/api/v1/fabriques/?region=inconnue")
    assert reponse.status_code == 400 and "region" in reponse.json()["errors"]


def test_subventions_attribuees_au_format_scdl(api, administrateur, porteur, django_capture_on_commit_callbacks):
    dossier = dossier_de(porteur, tiers_lieu=fab.tiers_lieu(nom="La Fabrique du Lac", structure_porteuse="Association du Lac"))
    with django_capture_on_commit_callbacks(execute=True):
        subvention = subvention_proposer(dossier=dossier, par=administrateur)
        assert api.get("/api/v1/opendata/subventions/").json()["count"] == 0  # proposed only: not granted
        subvention_notifier(subvention=subvention, par=administrateur)
        subvention_signer_convention(subvention=subvention, date_signature=dt.date(2026, 6, 15), par=administrateur)
    reponse = api.get("/api/v1/opendata/subventions/?annee=2026")
    assert reponse["Access-Control-Allow-Origin"] == "*"
    ligne = reponse.json()["results"][0]
    assert list(ligne) == COLONNES_SCDL
    assert (ligne["nomBeneficiaire"], ligne["montant"], ligne["dateConvention"]) == ("Association du Lac", "120000.00", "2026-06-15")
    assert api.get("/api/v1/opendata/subventions/?annee=2025").json()["count"] == 0


def test_pagination_par_50(api):
    vague = ff.vague(statut=Vague.Statut.RESULTATS_PUBLIES)
    for _ in range(51):
        ff.dossier(vague=vague)
    premiere = api.get("/api/v1/laureats/").json()
    assert premiere["count"] == 51 and len(premiere["results"]) == 50 and premiere["next"]
    assert len(api.get(premiere["next"]).json()["results"]) == 1


def test_debit_limite_pour_les_anonymes(api, monkeypatch):
    """Throttling is off in the test settings; switched on here with a tiny rate for anonymous clients."""
    from django.core.cache import cache
    from rest_framework.throttling import AnonRateThrottle

    from selection.api.publication import LaureatsView

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/min"})
    monkeypatch.setattr(LaureatsView, "throttle_classes", [AnonRateThrottle])
    cache.clear()
    statuts = [api.get("/api/v1/laureats/").status_code for _ in range(3)]
    assert statuts == [200, 200, 429]
    assert set(api.get("/api/v1/laureats/").json()) == {"detail", "errors"}
