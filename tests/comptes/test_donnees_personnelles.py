"""RGPD: an applicant downloads everything the portal holds about them from « Mon compte »."""

import datetime as dt
import io
import json
import zipfile

import pytest
import time_machine
from django.urls import reverse

from candidatures.models import Dossier, Vague
from candidatures.services.echanges import complement_demander, message_envoyer
from commun.models import EntreeJournal
from commun.temps import PARIS
from tests.candidatures import factories as fc
from tests.candidatures import factories_instruction as fi

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _heure_figee():
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=PARIS), tick=False):
        yield


def _archive(client):
    reponse = client.get(reverse("comptes:mes_donnees"))
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/zip"
    assert "mes-donnees-fabriques-de-territoire-2026-11-20.zip" in reponse["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(reponse.streaming_content)))


def test_archive_complete_du_porteur(client, porteur, autre_porteur):
    ivan = fi.instructeur("ivan@anct.example.fr", national=True)
    lieu = fc.tiers_lieu(porteur, nom="La Fabrique des Communs")
    dossier = fc.completer(fc.brouillon(porteur, fc.vague(), lieu), porteur)
    Dossier.objects.filter(pk=dossier.pk).update(
        statut=Dossier.Statut.EN_INSTRUCTION,
        numero="FDT-2026-V4-00001",
        depose_le=dt.datetime(2026, 11, 2, tzinfo=PARIS),
        depose_par=porteur,
    )
    complement_demander(dossier=dossier, par=ivan, sections=["budget"], message="Détaillez l'année 3.", date_limite=dt.date(2026, 12, 1))
    message_envoyer(dossier=dossier, auteur=ivan, texte="Bonjour, une question.", fichier=fc.fichier("note.pdf", fc.PDF_MINIMAL))
    message_envoyer(dossier=dossier, auteur=porteur, texte="Voici notre réponse.")
    fc.brouillon(autre_porteur, fc.vague(numero=5), fc.tiers_lieu(autre_porteur, nom="Le lieu d'un autre"))

    client.force_login(porteur)
    assert "Télécharger mes données (ZIP)" in client.get(reverse("comptes:mon_compte")).content.decode()
    archive = _archive(client)
    donnees = json.loads(archive.read("donnees.json"))
    assert donnees["compte"]["email"] == porteur.email and "password" not in donnees["compte"]
    assert [t["nom"] for t in donnees["tiers_lieux"]] == ["La Fabrique des Communs"]
    [d] = donnees["dossiers"]
    assert d["numero"] == "FDT-2026-V4-00001" and d["montant_annee_1"] == "50000.00"
    assert d["contenu"]["gouvernance"]["instances"] == "Collèges."
    assert d["demandes_de_complement"][0]["message"] == "Détaillez l'année 3."
    assert [m["texte"] for m in d["messages"]] == ["Bonjour, une question.", "Voici notre réponse."]
    assert d["messages"][0]["auteur"] == "Équipe d'instruction"  # team members are not named
    assert "ivan@anct.example.fr" not in archive.read("donnees.json").decode()
    # Every listed file is in the archive, with its content.
    assert set(donnees["fichiers"]) <= set(archive.namelist())
    assert len(d["pieces_jointes"]) == 2
    assert archive.read(d["pieces_jointes"][0]["fichier"]).startswith(b"%PDF")
    assert archive.read(d["messages"][0]["piece_jointe"]).startswith(b"%PDF")
    assert "Le lieu d'un autre" not in archive.read("donnees.json").decode()
    assert EntreeJournal.objects.filter(action="comptes.donnees_exportees", acteur=porteur).exists()


def test_archive_d_un_compte_sans_dossier(client, instructeur):
    client.force_login(instructeur)
    donnees = json.loads(_archive(client).read("donnees.json"))
    assert donnees["compte"]["email"] == instructeur.email and donnees["dossiers"] == [] and donnees["tiers_lieux"] == []


def test_anonyme_redirige_vers_la_connexion(client):
    assert client.get(reverse("comptes:mes_donnees")).status_code == 302


def test_la_subvention_notifiee_figure_dans_l_archive(client, porteur, administrateur):
    from financement.models import Subvention
    from financement.services import subvention_proposer

    dossier = fi.dossier(tl=fc.tiers_lieu(porteur), statut=Dossier.Statut.RETENU)
    subvention = subvention_proposer(dossier=dossier, par=administrateur)
    client.force_login(porteur)
    assert json.loads(_archive(client).read("donnees.json"))["subventions"] == []  # a proposal is internal
    Subvention.objects.filter(pk=subvention.pk).update(statut=Subvention.Statut.NOTIFIEE)
    assert json.loads(_archive(client).read("donnees.json"))["subventions"] == []  # results not published yet
    Vague.objects.filter(pk=dossier.vague_id).update(statut=Vague.Statut.RESULTATS_PUBLIES)
    [ligne] = json.loads(_archive(client).read("donnees.json"))["subventions"]
    assert ligne["dossier"] == dossier.numero and ligne["statut"] == "notifiee" and ligne["tranches"]
