"""Attachments: formats recognised by content, size limits, private download for allowed people only."""

import datetime as dt
import hashlib

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.urls import reverse

from candidatures.models import PieceJointe
from candidatures.services.dossiers import dossier_deposer
from candidatures.services.pieces import TAILLE_MAX_PIECE, piece_ajouter, piece_remplacer, piece_supprimer
from commun.erreurs import ConflitEtat, ErreurMetier

from . import factories as f

pytestmark = pytest.mark.django_db
ODT = "application/vnd.oasis.opendocument.text"


@pytest.fixture
def dossier(porteur):
    return f.brouillon(porteur)


def ajouter(dossier, porteur, nom, contenu, type_piece=PieceJointe.Type.AUTRES):
    return piece_ajouter(dossier=dossier, type=type_piece, fichier=f.fichier(nom, contenu), par=porteur)


def test_pdf_accepte_avec_empreinte_taille_et_nom_assaini(dossier, porteur):
    piece = ajouter(dossier, porteur, "../../Statuts signés 2024.PDF", f.PDF_MINIMAL, PieceJointe.Type.STATUTS)
    assert piece.nom == "statuts-signes-2024.pdf"
    assert piece.type_mime == "application/pdf"
    assert piece.taille == len(f.PDF_MINIMAL)
    assert piece.sha256 == hashlib.sha256(f.PDF_MINIMAL).hexdigest()
    # Stored under a random name, in private storage (MEDIA_ROOT is not served).
    assert piece.fichier.name.startswith(f"candidatures/pieces/{dossier.pk}/") and "statuts" not in piece.fichier.name
    assert default_storage.exists(piece.fichier.name)


@pytest.mark.parametrize(
    ("nom", "contenu", "type_mime"),
    [
        ("projet.odt", f.zip_bureautique({"content.xml": b"<x/>"}, mimetype=ODT), ODT),
        (
            "projet.docx",
            f.zip_bureautique({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"}),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "budget.xlsx",
            f.zip_bureautique({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("photo.jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 50, "image/jpeg"),
        ("plan.png", f.PNG_MINIMAL, "image/png"),
    ],
    ids=["odt", "docx", "xlsx", "jpeg", "png"],
)
def test_formats_bureautiques_et_images_reconnus_par_le_contenu(dossier, porteur, nom, contenu, type_mime):
    assert ajouter(dossier, porteur, nom, contenu).type_mime == type_mime


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [
        ("budget.pdf", f.PNG_MINIMAL, "porte l'extension .pdf mais son contenu est au format image PNG"),
        ("statuts.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 100, "ne correspond à aucun format accepté"),
        ("lettre.docx", f.zip_bureautique({"script.sh": b"rm -rf /"}), "ne correspond à aucun format accepté"),
        (
            "tableau.xlsx",
            f.zip_bureautique({"content.xml": b"<x/>"}, mimetype=ODT),
            r"son contenu est au format texte OpenDocument \(ODT\)",
        ),
        ("programme.exe", f.PDF_MINIMAL, "n'est pas dans un format accepté"),
    ],
    ids=["png-en-pdf", "exe-en-pdf", "zip-en-docx", "odt-en-xlsx", "pdf-en-exe"],
)
def test_extension_qui_ment_refusee(dossier, porteur, nom, contenu, message):
    with pytest.raises(ErreurMetier, match=message):
        ajouter(dossier, porteur, nom, contenu)
    assert not PieceJointe.objects.exists()


def test_fichier_au_dela_de_10_mo_refuse(dossier, porteur):
    with pytest.raises(ErreurMetier, match="fait 10,1 Mo : une pièce jointe ne peut pas dépasser 10 Mo"):
        ajouter(dossier, porteur, "gros.pdf", f.PDF_MINIMAL + b"0" * (TAILLE_MAX_PIECE + 1 - len(f.PDF_MINIMAL)))


def test_total_du_dossier_au_dela_de_50_mo_refuse(dossier, porteur):
    for i in range(5):
        ajouter(dossier, porteur, f"{i}.pdf", f.PDF_MINIMAL)
    PieceJointe.objects.update(taille=TAILLE_MAX_PIECE)  # five pieces of 10 Mo: the dossier is full
    with pytest.raises(ErreurMetier, match="ne peuvent pas dépasser 50 Mo au total"):
        ajouter(dossier, porteur, "b.pdf", f.PDF_MINIMAL)


def test_remplacer_et_supprimer_en_brouillon(dossier, porteur, django_capture_on_commit_callbacks):
    piece = ajouter(dossier, porteur, "v1.pdf", f.PDF_MINIMAL)
    ancien = piece.fichier.name
    with django_capture_on_commit_callbacks(execute=True):
        piece = piece_remplacer(piece=piece, fichier=f.fichier("v2.pdf", f.PDF_MINIMAL + b"v2"), par=porteur)
    assert piece.nom == "v2.pdf" and piece.sha256 == hashlib.sha256(f.PDF_MINIMAL + b"v2").hexdigest()
    assert not default_storage.exists(ancien)
    with django_capture_on_commit_callbacks(execute=True):
        piece_supprimer(piece=piece, par=porteur)
    assert not PieceJointe.objects.exists()
    assert not default_storage.exists(piece.fichier.name)


def test_pieces_figees_apres_depot(porteur):
    with time_machine.travel(dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC), tick=False):
        dossier = f.completer(f.brouillon(porteur), porteur)
        dossier_deposer(dossier=dossier, par=porteur)
    piece = dossier.pieces.first()
    with pytest.raises(ConflitEtat):
        piece_supprimer(piece=piece, par=porteur)
    with pytest.raises(ConflitEtat):
        ajouter(dossier, porteur, "tard.pdf", f.PDF_MINIMAL)


def test_telechargement_reserve_aux_personnes_autorisees(client, dossier, porteur, autre_porteur, instructeur, administrateur):
    piece = ajouter(dossier, porteur, "statuts.pdf", f.PDF_MINIMAL)
    url = reverse("candidatures:piece_telecharger", args=[dossier.pk, piece.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(porteur)
    reponse = client.get(url)
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content) == f.PDF_MINIMAL
    assert reponse["Content-Disposition"].startswith('attachment; filename="statuts.pdf"')
    assert reponse["X-Content-Type-Options"] == "nosniff"
    assert reponse["Content-Type"] == "application/pdf"
    for intrus in (autre_porteur, instructeur):  # an instructeur sees only dossiers assigned to them
        client.force_login(intrus)
        assert client.get(url).status_code == 403
        assert client.get(reverse("candidatures:dossier", args=[dossier.pk])).status_code == 403
    client.force_login(administrateur)
    assert client.get(url).status_code == 200
    # A piece asked through another dossier's address does not exist there.
    autre = f.brouillon(autre_porteur, dossier.vague)
    client.force_login(autre_porteur)
    assert client.get(reverse("candidatures:piece_telecharger", args=[autre.pk, piece.pk])).status_code == 404


def test_envoi_par_la_page_avec_extension_mensongere(client, dossier, porteur):
    client.force_login(porteur)
    url = reverse("candidatures:dossier_pieces", args=[dossier.pk])
    reponse = client.post(url, {"type": "statuts", "fichier": f.fichier("statuts.pdf", f.PNG_MINIMAL)})
    assert reponse.status_code == 400
    assert "son contenu est au format image PNG" in reponse.content.decode()
    reponse = client.post(url, {"type": "statuts", "fichier": f.fichier("statuts.pdf", f.PDF_MINIMAL)}, follow=True)
    assert "« statuts.pdf » ajouté" in reponse.content.decode()
    assert dossier.pieces.count() == 1


def test_autre_porteur_ne_peut_pas_ajouter_de_piece(client, dossier, autre_porteur):
    client.force_login(autre_porteur)
    reponse = client.post(
        reverse("candidatures:dossier_pieces", args=[dossier.pk]), {"type": "statuts", "fichier": f.fichier("s.pdf", f.PDF_MINIMAL)}
    )
    assert reponse.status_code == 403
    assert not PieceJointe.objects.exists()
