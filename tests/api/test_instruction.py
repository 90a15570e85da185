"""Reviewers and administrateurs through the API: the grid's rules, conflicts, bulk assignment,
committee decisions, grants and exports — answered by the same services as the pages."""

import datetime as dt

import pytest
import time_machine
from rest_framework.test import APIClient

from candidatures.models import Affectation, ConflitInteret, Evaluation
from commun.temps import PARIS
from financement.services import subvention_proposer
from tests.candidatures import factories_instruction as fi
from tests.financement.factories import dossier_de

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def dossier():
    return fi.dossier(numero="FDT-API-1")


@pytest.fixture
def instructeur(dossier):
    user = fi.instructeur("i@api.fr", national=True)
    fi.affecter(dossier, user)
    return user


def _grille_complete():
    donnees = {"avis": "favorable", "soumettre": True}
    for critere in ("ambition", "ancrage", "gouvernance", "modele_economique"):
        donnees[f"note_{critere}"] = "3"
        donnees[f"commentaire_{critere}"] = "Argumenté."
    return donnees


def test_evaluation_soumise_puis_verrouillee(dossier, instructeur):
    api = _client(instructeur)
    url = f"/api/v1/instruction/dossiers/{dossier.pk}/evaluation/"
    incomplete = api.put(url, {"soumettre": True, "note_ambition": "3"}, format="json")
    assert incomplete.status_code == 400
    assert "Le commentaire du critère « Ambition" in incomplete.json()["errors"]["commentaire_ambition"][0]
    assert api.put(url, _grille_complete(), format="json").json()["statut"] == "soumise"
    assert api.put(url, {"note_ambition": "1"}, format="json").status_code == 409
    assert Evaluation.objects.get().notes.get(critere="ambition").note == 3


def test_liste_d_instruction_filtree_et_limitee_aux_affectations(dossier, instructeur):
    fi.dossier(numero="FDT-API-2")  # not assigned: invisible to the reviewer
    api = _client(instructeur)
    assert [d["numero"] for d in api.get("/api/v1/instruction/dossiers/").json()["results"]] == ["FDT-API-1"]
    assert api.get("/api/v1/instruction/dossiers/?statut=inconnu").status_code == 400


def test_conflit_declare_retire_l_acces(dossier, instructeur):
    api = _client(instructeur)
    reponse = api.post(
        "/api/v1/instruction/conflits/",
        {"type_cible": "tiers_lieu", "tiers_lieu": dossier.tiers_lieu_id, "motif": "Bénévole"},
        format="json",
    )
    assert reponse.status_code == 201
    assert api.get(f"/api/v1/instruction/dossiers/{dossier.pk}/complements/").status_code == 403
    assert api.delete(f"/api/v1/instruction/conflits/{reponse.json()['id']}/").status_code == 204
    assert not ConflitInteret.objects.exists()


def test_affectation_en_masse_par_filtre(administrateur, dossier):
    autre_vague = fi.dossier(numero="FDT-API-3")
    cible = fi.instructeur("j@api.fr", national=True)
    reponse = _client(administrateur).post(
        "/api/v1/instruction/affectations/en-masse/", {"instructeur": cible.pk, "filtres": f"vague={dossier.vague_id}"}, format="json"
    )
    assert reponse.json() == {"crees": 1, "deja": 0, "refuses": []}
    assert list(Affectation.objects.filter(instructeur=cible).values_list("dossier__numero", flat=True)) == ["FDT-API-1"]
    assert not Affectation.objects.filter(dossier=autre_vague).exists()


def test_decision_non_retenu_sans_motivation_refusee(administrateur, dossier):
    api = _client(administrateur)
    url = f"/api/v1/comite/dossiers/{dossier.pk}/decision/"
    reponse = api.put(url, {"resultat": "non_retenu"}, format="json")
    assert reponse.status_code == 400 and reponse.json()["errors"]["motivation"][0].startswith("La motivation est obligatoire")
    assert api.put(url, {"resultat": "retenu"}, format="json").json()["resultat"] == "retenu"
    assert api.get(url).json()["definitive"] is False


def test_ajustement_de_subvention_hors_fourchette_refuse(administrateur, porteur):
    subvention = subvention_proposer(dossier=dossier_de(porteur), par=administrateur)
    api = _client(administrateur)
    reponse = api.post(f"/api/v1/subventions/{subvention.pk}/ajuster/", {"annee_1": "60000", "annee_2": "0", "annee_3": "0"}, format="json")
    assert reponse.status_code == 400 and reponse.json()["errors"]
    ok = api.post(
        f"/api/v1/subventions/{subvention.pk}/ajuster/", {"annee_1": "50000", "annee_2": "50000", "annee_3": "20000"}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["total_fonctionnement"] == "120000.00"
    # The porteur does not see a grant still « proposée » (the committee's draft), as on the pages.
    assert _client(porteur).get(f"/api/v1/subventions/{subvention.pk}/").status_code == 403


def test_export_csv_de_la_liste_filtree(administrateur, dossier):
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=PARIS), tick=False):
        reponse = _client(administrateur).get("/api/v1/instruction/export/?type=csv&statut=en_instruction")
    assert reponse.status_code == 200
    assert 'filename="dossiers-instruction-2026-12-01.csv"' in reponse["Content-Disposition"]
    assert "FDT-API-1" in b"".join(reponse.streaming_content).decode("utf-8-sig")
    assert _client(administrateur).get("/api/v1/instruction/export/?type=pdf").status_code == 400


def test_vague_anonymisee_identite_masquee_a_l_instructeur(administrateur, dossier, instructeur):
    from candidatures.models import GrilleVague

    GrilleVague.objects.update_or_create(vague=dossier.vague, defaults={"anonymiser": True})
    dossier.contenu = {"presentation": {"nom_projet": "La Cordée des Volcans", "resume": "Atelier partagé."}}
    dossier.save(update_fields=["contenu"])
    url = f"/api/v1/dossiers/{dossier.pk}/"
    lu = _client(instructeur).get(url).json()
    assert (lu["tiers_lieu"], lu["tiers_lieu_nom"]) == (None, "")
    assert lu["contenu"]["presentation"] == {"resume": "Atelier partagé."}  # the project's name names the applicant
    assert _client(administrateur).get(url).json()["tiers_lieu_nom"] == dossier.tiers_lieu.nom
    assert _client(administrateur).get(url).json()["contenu"]["presentation"]["nom_projet"] == "La Cordée des Volcans"
    # Attachments name the applicant (statutes, accounts): neither listed nor opened by the reviewer.
    from django.core.files.base import ContentFile

    from candidatures.models import PieceJointe

    piece = PieceJointe(
        dossier=dossier,
        type=PieceJointe.Type.STATUTS,
        nom="statuts-la-cordee.pdf",
        type_mime="application/pdf",
        taille=9,
        sha256="0" * 64,
        ajoute_par=administrateur,
    )
    piece.fichier.save("statuts.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    assert _client(instructeur).get(f"{url}pieces/").status_code == 403
    assert _client(instructeur).get(f"{url}pieces/{piece.pk}/").status_code == 403
    assert [p["nom"] for p in _client(administrateur).get(f"{url}pieces/").json()["results"]] == ["statuts-la-cordee.pdf"]
    GrilleVague.objects.filter(vague=dossier.vague).update(anonymiser=False)
    assert _client(instructeur).get(f"{url}pieces/").status_code == 200


def test_ajustement_lit_les_montants_comme_les_formulaires(administrateur, porteur):
    subvention = subvention_proposer(dossier=dossier_de(porteur), par=administrateur)
    api = _client(administrateur)
    url = f"/api/v1/subventions/{subvention.pk}/ajuster/"
    tranches = list(subvention.tranches.values_list("annee", "montant"))
    refus = api.post(url, {"annee_1": "50.000", "annee_2": "1_000", "annee_3": 20000}, format="json")
    assert refus.status_code == 400
    assert refus.json()["errors"]["annee_1"] == [
        "« 50.000 » : les milliers se séparent par une espace, la virgule marque les centimes. Pour 50 000,00 €, écrivez 50 000."
    ]
    assert refus.json()["errors"]["annee_2"][0].startswith("Saisissez un montant en euros")
    assert list(subvention.tranches.values_list("annee", "montant")) == tranches  # nothing changed
    ok = api.post(url, {"annee_1": "45 000,50", "annee_2": 40000, "annee_3": "30000.00"}, format="json")
    assert ok.status_code == 200 and ok.json()["total_fonctionnement"] == "115000.50"
