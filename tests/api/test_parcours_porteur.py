"""An applicant's journey through the API, with a personal token: the same forms and rules as the pages."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from candidatures.models import Dossier, Message
from commun.temps import PARIS
from tests.candidatures import factories as fc
from tests.candidatures import factories_instruction as fi

pytestmark = pytest.mark.django_db
MOMENT = dt.datetime(2026, 11, 15, 10, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _heure():
    with time_machine.travel(MOMENT, tick=False):
        yield


@pytest.fixture
def api(porteur):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=porteur).key}")
    return client


def test_du_tiers_lieu_au_depot(api, porteur):
    fc.vague()
    reponse = api.post(
        "/api/v1/tiers-lieux/",
        {
            "nom": "La Fabrique des Communs",
            "structure_porteuse": "Association Les Communs",
            "forme_juridique": "association",
            "siret": "12345678210001",
            "adresse": "1 rue de la Paix",
            "code_postal": "35000",
            "commune": "Rennes",
            "implantation": "hors_grands_centres",
        },
        format="json",
    )
    assert reponse.status_code == 201, reponse.json()
    lieu = reponse.json()
    assert lieu["departement"] == "35"
    dossier = api.post("/api/v1/dossiers/", {"tiers_lieu": lieu["id"]}, format="json").json()
    assert dossier["statut"] == "brouillon" and dossier["manques"]
    reponse = api.put(f"/api/v1/dossiers/{dossier['id']}/sections/presentation/", {"resume": "Un atelier partagé."}, format="json")
    assert reponse.status_code == 200
    assert reponse.json()["dossier"]["contenu"]["presentation"]["resume"] == "Un atelier partagé."
    # Completed by the services (same as the pages), then deposited through the API.
    fc.completer(Dossier.objects.get(pk=dossier["id"]), porteur)
    depose = api.post(f"/api/v1/dossiers/{dossier['id']}/deposer/").json()
    assert depose["statut"] == "depose" and depose["numero"].startswith("FDT-2026-V")
    accuse = api.get(f"/api/v1/dossiers/{dossier['id']}/accuse-reception/")
    assert accuse.status_code == 200 and accuse["Content-Type"] == "application/pdf"
    assert b"".join(accuse.streaming_content).startswith(b"%PDF")


def test_deux_tiers_lieux_d_une_meme_structure(api):
    champs = {
        "structure_porteuse": "Commune de Rennes",
        "forme_juridique": "collectivite",
        "siret": "12345678210001",
        "adresse": "1 rue de la Paix",
        "code_postal": "35000",
        "commune": "Rennes",
        "implantation": "hors_grands_centres",
    }
    premier = api.post("/api/v1/tiers-lieux/", {**champs, "nom": "Médiathèque des Champs Libres"}, format="json")
    second = api.post("/api/v1/tiers-lieux/", {**champs, "nom": "Fablab de la Mairie"}, format="json")
    assert (premier.status_code, second.status_code) == (201, 201), second.json()
    assert premier.json()["siret"] == second.json()["siret"] == "12345678210001"
    double = api.post("/api/v1/tiers-lieux/", {**champs, "nom": "Fablab de la mairie"}, format="json")
    assert double.status_code == 400 and "Fablab de la Mairie" in str(double.json())


def test_siret_invalide_400_sur_le_champ(api):
    reponse = api.post(
        "/api/v1/tiers-lieux/",
        {
            "nom": "X",
            "structure_porteuse": "Y",
            "forme_juridique": "association",
            "siret": "12345678900000",
            "adresse": "1 rue",
            "code_postal": "35000",
            "commune": "Rennes",
            "implantation": "hors_grands_centres",
        },
        format="json",
    )
    assert reponse.status_code == 400
    assert "siret" in reponse.json()["errors"]


def test_montant_au_dessus_du_plafond_annuel_refuse_avec_la_regle(api, porteur):
    dossier = fc.brouillon(porteur, fc.vague())
    reponse = api.put(
        f"/api/v1/dossiers/{dossier.pk}/sections/montants/", {"montant_annee_1": "60 000,00", "montant_annee_2": "40000"}, format="json"
    )
    assert reponse.status_code == 400
    assert "au-delà du plafond de 50\xa0000,00\xa0€ par an" in reponse.json()["errors"]["montant_annee_1"][0]
    dossier.refresh_from_db()
    assert dossier.montant_annee_1 is None and dossier.montant_annee_2 == Decimal("40000.00")  # the valid year is kept


def test_montant_illisible_refuse_par_le_formulaire(api, porteur):
    dossier = fc.brouillon(porteur, fc.vague())
    reponse = api.put(f"/api/v1/dossiers/{dossier.pk}/sections/montants/", {"montant_annee_1": "beaucoup"}, format="json")
    assert reponse.status_code == 400
    assert reponse.json()["errors"]["montant_annee_1"] == ["Saisissez un montant en euros, par exemple 50 000 ou 49 999,50."]


def test_section_inconnue_404(api, porteur):
    dossier = fc.brouillon(porteur, fc.vague())
    assert api.put(f"/api/v1/dossiers/{dossier.pk}/sections/inconnue/", {}, format="json").status_code == 404


def test_piece_verifiee_par_son_contenu(api, porteur):
    dossier = fc.brouillon(porteur, fc.vague())
    faux = fc.fichier("statuts.pdf", b"MZ\x90\x00 pas un pdf")
    reponse = api.post(f"/api/v1/dossiers/{dossier.pk}/pieces/", {"type": "statuts", "fichier": faux}, format="multipart")
    assert reponse.status_code == 400 and "fichier" in reponse.json()["errors"]
    bon = fc.fichier("statuts.pdf", fc.PDF_MINIMAL)
    assert api.post(f"/api/v1/dossiers/{dossier.pk}/pieces/", {"type": "statuts", "fichier": bon}, format="multipart").status_code == 201
    pieces = api.get(f"/api/v1/dossiers/{dossier.pk}/pieces/").json()["results"]
    assert [(p["type"], p["type_mime"]) for p in pieces] == [("statuts", "application/pdf")]
    fichier = api.get(f"/api/v1/dossiers/{dossier.pk}/pieces/{pieces[0]['id']}/")
    assert fichier.status_code == 200 and b"".join(fichier.streaming_content) == fc.PDF_MINIMAL
    assert api.get(f"/api/v1/dossiers/{dossier.pk + 1}/pieces/{pieces[0]['id']}/").status_code == 404  # not a piece of that dossier


def test_modifier_un_dossier_depose_refuse(api, porteur):
    dossier = fc.completer(fc.brouillon(porteur, fc.vague()), porteur)
    assert api.post(f"/api/v1/dossiers/{dossier.pk}/deposer/").status_code == 200
    reponse = api.put(f"/api/v1/dossiers/{dossier.pk}/sections/presentation/", {"resume": "Changé"}, format="json")
    assert reponse.status_code == 403


def test_messages_entre_porteur_et_instructeur(api, porteur):
    instructeur = fi.instructeur("i@api.fr", national=True)
    dossier = fi.dossier(tl=fc.tiers_lieu(porteur))
    fi.affecter(dossier, instructeur)
    assert api.post(f"/api/v1/dossiers/{dossier.pk}/messages/", {"texte": "  "}, format="json").status_code == 400
    assert api.post(f"/api/v1/dossiers/{dossier.pk}/messages/", {"texte": "Le budget est corrigé."}, format="json").status_code == 201
    equipe = APIClient()
    equipe.force_authenticate(instructeur)
    fil = equipe.get(f"/api/v1/dossiers/{dossier.pk}/messages/").json()["results"]
    assert [(m["cote"], m["texte"]) for m in fil] == [("porteur", "Le budget est corrigé.")]
    # A read through the API marks nothing read for the team: the message stays new on the reviewers'
    # list until someone opens the instruction page (tests/api/test_matrice_permissions.py).
    assert Message.objects.get().lu_le is None
