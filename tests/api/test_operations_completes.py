"""What the API adds to the browser's journeys: replacing and deleting attachments, answering a
request for complements, reassigning and removing an assignment, proposing, notifying, signing and
terminating a grant, and the annual activity reports — each through the same services as the pages,
with the programme's rules and their French messages."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from rest_framework.test import APIClient

from candidatures.models import Affectation, DemandeComplement, Dossier, Evaluation, PieceJointe
from commun.models import Courriel, EntreeJournal
from commun.temps import PARIS
from financement.models import Enveloppe, RapportActivite, Subvention, Versement
from financement.services import enveloppe_modifier, subvention_notifier, subvention_proposer
from tests.candidatures import factories as fc
from tests.candidatures import factories_instruction as fi
from tests.financement.factories import dossier_de

pytestmark = pytest.mark.django_db
MOMENT = dt.datetime(2026, 11, 15, 10, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _heure():
    with time_machine.travel(MOMENT, tick=False):
        yield


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- Attachments ----------------------------------------------------------------------------------
@pytest.fixture
def brouillon(porteur):
    return fc.completer(fc.brouillon(porteur, fc.vague()), porteur)


def test_remplacer_une_piece_garde_l_ancienne_si_le_nouveau_fichier_est_refuse(porteur, brouillon):
    piece = brouillon.pieces.get(type=PieceJointe.Type.STATUTS)
    url = f"/api/v1/dossiers/{brouillon.pk}/pieces/{piece.pk}/"
    api = _client(porteur)
    refuse = api.put(url, {"fichier": fc.fichier("statuts.pdf", b"MZ\x90\x00 un programme")}, format="multipart")
    assert refuse.status_code == 400 and "fichier" in refuse.json()["errors"]
    piece.refresh_from_db()
    assert piece.fichier.read() == fc.PDF_MINIMAL  # the previous file is untouched

    nouveau = fc.PDF_MINIMAL + b"% statuts revus en 2026"
    reponse = api.put(url, {"fichier": fc.fichier("statuts-2026.pdf", nouveau)}, format="multipart")
    assert reponse.status_code == 200, reponse.json()
    assert reponse.json()["nom"] == "statuts-2026.pdf"
    telecharge = api.get(url)
    assert b"".join(telecharge.streaming_content) == nouveau
    assert PieceJointe.objects.filter(dossier=brouillon).count() == 2


def test_supprimer_une_piece_puis_le_depot_la_reclame(porteur, brouillon):
    piece = brouillon.pieces.get(type=PieceJointe.Type.STATUTS)
    api = _client(porteur)
    assert api.delete(f"/api/v1/dossiers/{brouillon.pk}/pieces/{piece.pk}/").status_code == 204
    assert not PieceJointe.objects.filter(pk=piece.pk).exists()
    depot = api.post(f"/api/v1/dossiers/{brouillon.pk}/deposer/")
    assert depot.status_code == 400 and "Pièce manquante : Statuts de la structure porteuse" in depot.json()["detail"]
    assert Dossier.objects.get(pk=brouillon.pk).statut == Dossier.Statut.BROUILLON


def test_pieces_d_un_dossier_depose_figees_sauf_complement_qui_les_demande(porteur, brouillon, administrateur):
    api = _client(porteur)
    assert api.post(f"/api/v1/dossiers/{brouillon.pk}/deposer/").status_code == 200
    piece = brouillon.pieces.get(type=PieceJointe.Type.BUDGET)
    url = f"/api/v1/dossiers/{brouillon.pk}/pieces/{piece.pk}/"
    refuse = api.delete(url)
    assert refuse.status_code == 403 and "aucun complément" in refuse.json()["detail"]
    Dossier.objects.filter(pk=brouillon.pk).update(statut=Dossier.Statut.EN_INSTRUCTION)
    _client(administrateur).post(
        f"/api/v1/instruction/dossiers/{brouillon.pk}/complements/",
        {"sections": ["pieces"], "message": "Joignez le budget signé.", "date_limite": "2026-12-01"},
        format="json",
    )
    signe = fc.PDF_MINIMAL + b"% budget signe"
    assert api.put(url, {"fichier": fc.fichier("budget-signe.pdf", signe)}, format="multipart").status_code == 200
    # Only the sections asked for: the presentation stays closed.
    assert api.put(f"/api/v1/dossiers/{brouillon.pk}/sections/presentation/", {"resume": "Changé"}, format="json").status_code == 403


# --- Requests for complements, applicant side ------------------------------------------------------
def test_repondre_a_une_demande_de_complement(porteur, brouillon):
    instructeur = fi.instructeur("i@api.fr", national=True)
    api = _client(porteur)
    api.post(f"/api/v1/dossiers/{brouillon.pk}/deposer/")
    Dossier.objects.filter(pk=brouillon.pk).update(statut=Dossier.Statut.EN_INSTRUCTION)
    fi.affecter(brouillon, instructeur)
    equipe = _client(instructeur)
    assert api.post(f"/api/v1/dossiers/{brouillon.pk}/complements/renvoyer/").status_code == 409  # nothing asked yet
    equipe.post(
        f"/api/v1/instruction/dossiers/{brouillon.pk}/complements/",
        {"sections": ["presentation"], "message": "Précisez le public visé.", "date_limite": "2026-12-01"},
        format="json",
    )

    demandes = api.get(f"/api/v1/dossiers/{brouillon.pk}/complements/").json()["results"]
    assert [(d["sections"], d["statut"], d["date_limite"]) for d in demandes] == [(["presentation"], "ouverte", "2026-12-01")]
    # A requested section that becomes incomplete cannot be sent back: the rule's message, nothing changes.
    api.put(f"/api/v1/dossiers/{brouillon.pk}/sections/presentation/", {"resume": ""}, format="json")
    incomplet = api.post(f"/api/v1/dossiers/{brouillon.pk}/complements/renvoyer/")
    assert incomplet.status_code == 400 and "encore incomplètes" in incomplet.json()["detail"]
    assert Dossier.objects.get(pk=brouillon.pk).statut == Dossier.Statut.COMPLEMENT_DEMANDE

    texte = "Un lieu ouvert aux habitants du quartier et aux associations du bassin de vie."
    assert api.put(f"/api/v1/dossiers/{brouillon.pk}/sections/presentation/", {"resume": texte}, format="json").status_code == 200
    reponse = api.post(f"/api/v1/dossiers/{brouillon.pk}/complements/renvoyer/")
    assert reponse.status_code == 200, reponse.json()
    assert reponse.json()["statut"] == "en_instruction"
    demande = DemandeComplement.objects.get()
    assert demande.statut == DemandeComplement.Statut.REPONDUE
    assert demande.versions["apres"]["presentation"]["resume"] == texte
    assert Courriel.objects.filter(destinataire="i@api.fr").exists()  # the reviewer who asked is told
    assert api.post(f"/api/v1/dossiers/{brouillon.pk}/complements/renvoyer/").status_code == 409


# --- Assignment --------------------------------------------------------------------------------------
def test_reaffecter_puis_retirer_une_affectation(administrateur):
    dossier = fi.dossier(numero="FDT-API-R")
    premier = fi.instructeur("un@api.fr", national=True)
    second = fi.instructeur("deux@api.fr", national=True)
    affectation = fi.affecter(dossier, premier)
    api = _client(administrateur)
    reponse = api.post(f"/api/v1/instruction/affectations/{affectation.pk}/reassigner/", {"instructeur": second.pk}, format="json")
    assert reponse.status_code == 200 and reponse.json()["instructeur_email"] == "deux@api.fr"
    assert list(Affectation.objects.values_list("instructeur__email", flat=True)) == ["deux@api.fr"]
    assert EntreeJournal.objects.filter(action="instruction.affectation.reassignee").exists()

    nouvelle = Affectation.objects.get()
    Evaluation.objects.create(
        dossier=dossier, instructeur=second, statut=Evaluation.Statut.SOUMISE, avis=Evaluation.Avis.FAVORABLE, soumise_le=MOMENT
    )
    refuse = api.delete(f"/api/v1/instruction/affectations/{nouvelle.pk}/")
    assert refuse.status_code == 409 and "déjà soumis son évaluation" in refuse.json()["detail"]
    Evaluation.objects.all().delete()
    assert api.delete(f"/api/v1/instruction/affectations/{nouvelle.pk}/").status_code == 204
    assert not Affectation.objects.exists()
    assert api.delete(f"/api/v1/instruction/affectations/{nouvelle.pk}/").status_code == 404


def test_reaffecter_a_un_instructeur_en_conflit_refuse(administrateur):
    from candidatures.models import ConflitInteret

    dossier = fi.dossier(numero="FDT-API-C")
    affectation = fi.affecter(dossier, fi.instructeur("un@api.fr", national=True))
    en_conflit = fi.instructeur("conflit@api.fr", national=True)
    ConflitInteret.objects.create(instructeur=en_conflit, tiers_lieu=dossier.tiers_lieu, motif="Trésorier de l'association")
    reponse = _client(administrateur).post(
        f"/api/v1/instruction/affectations/{affectation.pk}/reassigner/", {"instructeur": en_conflit.pk}, format="json"
    )
    assert reponse.status_code in (400, 409) and "conflit" in reponse.json()["detail"]
    assert list(Affectation.objects.values_list("instructeur__email", flat=True)) == ["un@api.fr"]  # unchanged


# --- Grants: proposal, notification, convention, termination, reports --------------------------------
def test_cycle_d_une_subvention_par_l_api(administrateur, porteur):
    dossier = dossier_de(porteur, montant_annee_1=Decimal("50000"), montant_annee_2=Decimal("50000"), montant_annee_3=Decimal("50000"))
    admin, api_porteur = _client(administrateur), _client(porteur)

    propose = admin.post("/api/v1/subventions/", {"dossier": dossier.pk}, format="json")
    assert propose.status_code == 201, propose.json()
    subvention = propose.json()
    assert (subvention["statut"], subvention["total_fonctionnement"]) == ("proposee", "150000.00")
    assert admin.post("/api/v1/subventions/", {"dossier": dossier.pk}, format="json").status_code in (400, 409)  # one grant a dossier
    assert api_porteur.get("/api/v1/subventions/").json()["results"] == []  # a proposal is internal

    assert admin.post(f"/api/v1/subventions/{subvention['id']}/signer/", {"date_signature": "2026-11-20"}, format="json").status_code == 409
    notifie = admin.post(f"/api/v1/subventions/{subvention['id']}/notifier/")
    assert notifie.status_code == 200 and notifie.json()["statut"] == "notifiee"
    assert [s["id"] for s in api_porteur.get("/api/v1/subventions/").json()["results"]] == [subvention["id"]]

    assert (
        admin.post(f"/api/v1/subventions/{subvention['id']}/signer/", {"date_signature": "pas une date"}, format="json").status_code == 400
    )
    signe = admin.post(f"/api/v1/subventions/{subvention['id']}/signer/", {"date_signature": "2026-11-20"}, format="json")
    assert signe.status_code == 200 and signe.json()["statut"] == "conventionnee"
    assert sorted(Versement.objects.values_list("date_prevue", "montant")) == [
        (dt.date(2026, 11, 20), Decimal("50000.00")),
        (dt.date(2027, 11, 20), Decimal("50000.00")),
        (dt.date(2028, 11, 20), Decimal("50000.00")),
    ]

    rapports = f"/api/v1/subventions/{subvention['id']}/rapports/"
    refuse = api_porteur.post(rapports, {"annee": "1", "fichier": fc.fichier("rapport.docx", b"PK\x03\x04 pas un pdf")}, format="multipart")
    assert refuse.status_code == 400 and "PDF" in str(refuse.json())
    assert admin.post(rapports, {"annee": "1", "fichier": fc.fichier("rapport.pdf", fc.PDF_MINIMAL)}, format="multipart").status_code == 403
    depose = api_porteur.post(rapports, {"annee": "1", "fichier": fc.fichier("rapport-2027.pdf", fc.PDF_MINIMAL)}, format="multipart")
    assert depose.status_code == 201, depose.json()
    assert [(r["annee"], r["nom"]) for r in admin.get(rapports).json()["results"]] == [(1, "rapport-2027.pdf")]
    fichier = admin.get(f"/api/v1/rapports/{depose.json()['id']}/fichier/")
    assert fichier.status_code == 200 and b"".join(fichier.streaming_content) == fc.PDF_MINIMAL

    assert admin.post(f"/api/v1/subventions/{subvention['id']}/resilier/", {}, format="json").status_code == 400  # a reason is required
    resilie = admin.post(f"/api/v1/subventions/{subvention['id']}/resilier/", {"motif": "Cessation d'activité."}, format="json")
    assert resilie.status_code == 200 and resilie.json()["statut"] == "resiliee"
    actions = set(EntreeJournal.objects.filter(action__startswith="subvention.").values_list("action", flat=True))
    assert {"subvention.notification", "subvention.convention", "subvention.rapport_depose"} <= actions


def test_proposition_au_dela_de_l_enveloppe_refusee_sauf_derogation_motivee(administrateur, porteur):
    enveloppe_modifier(montant=Decimal("100000"), motif="Test du dépassement", par=administrateur)
    dossier = dossier_de(porteur, montant_annee_1=Decimal("50000"), montant_annee_2=Decimal("50000"), montant_annee_3=Decimal("20000"))
    api = _client(administrateur)
    refuse = api.post("/api/v1/subventions/", {"dossier": dossier.pk}, format="json")
    assert refuse.status_code == 400
    corps = refuse.json()
    assert corps["code"] == "enveloppe_depassee"
    assert (
        corps["detail"]
        .replace("\u202f", " ")
        .replace("\xa0", " ")
        .startswith("Cette décision dépasse l'enveloppe de fonctionnement du programme de 20 000,00 € (reste disponible : 100 000,00 €)")
    )
    assert list(corps["errors"]) == ["derogation_motif"]
    assert not Subvention.objects.exists()
    accorde = api.post(
        "/api/v1/subventions/", {"dossier": dossier.pk, "derogation_motif": "Arbitrage du comité du 12 novembre."}, format="json"
    )
    assert accorde.status_code == 201 and accorde.json()["derogation_enveloppe"] is True
    assert Enveloppe.objects.courante().montant == Decimal("100000.00")


def test_proposition_sans_dossier_valide(administrateur):
    api = _client(administrateur)
    assert api.post("/api/v1/subventions/", {}, format="json").json()["errors"] == {
        "dossier": ["Indiquez l'identifiant du dossier retenu."]
    }
    assert api.post("/api/v1/subventions/", {"dossier": "12abc"}, format="json").status_code == 400
    assert api.post("/api/v1/subventions/", {"dossier": 999999}, format="json").status_code == 404


def test_rapport_avant_la_convention_refuse(administrateur, porteur):
    subvention = subvention_proposer(dossier=dossier_de(porteur), par=administrateur)
    subvention_notifier(subvention=subvention, par=administrateur)
    reponse = _client(porteur).post(
        f"/api/v1/subventions/{subvention.pk}/rapports/",
        {"annee": "1", "fichier": fc.fichier("rapport.pdf", fc.PDF_MINIMAL)},
        format="multipart",
    )
    assert reponse.status_code == 409 and "une fois la convention signée" in reponse.json()["detail"]
    assert not RapportActivite.objects.exists()
