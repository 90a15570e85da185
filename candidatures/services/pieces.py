"""Attachments: accepted formats recognised by content, size limits, private storage, fingerprints."""
import hashlib
import os
import unicodedata
import zipfile

import filetype
from django.db import transaction
from django.db.models import Sum
from django.utils.text import slugify

from commun.erreurs import ErreurMetier
from commun.journal import journaliser
from commun.poids import MO
from commun.poids import poids as taille_lisible  # « 2,4 Mo », « 812 Ko », « 35 octets »

from ..models import Dossier, PieceJointe
from .dossiers import _modifiable_verrouille, _verifier_gestionnaire

TAILLE_MAX_PIECE = 10 * MO
TAILLE_MAX_DOSSIER = 50 * MO

ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Accepted formats: type → (extension given to the stored file, name shown to people).
FORMATS = {
    "application/pdf": ("pdf", "PDF"),
    ODT: ("odt", "texte OpenDocument (ODT)"),
    DOCX: ("docx", "Word (DOCX)"),
    ODS: ("ods", "tableur OpenDocument (ODS)"),
    XLSX: ("xlsx", "Excel (XLSX)"),
    "image/png": ("png", "image PNG"),
    "image/jpeg": ("jpg", "image JPEG"),
}
# Extension written by the applicant → type it announces.
EXTENSIONS = {"pdf": "application/pdf", "odt": ODT, "docx": DOCX, "ods": ODS, "xlsx": XLSX,
              "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}
FORMATS_ACCEPTES = "PDF, ODT, DOCX, ODS, XLSX, PNG ou JPEG"


def _type_zip(fichier) -> str | None:
    """Return ODT/ODS/DOCX/XLSX if the zip archive is one of them (read only its small index)."""
    try:
        fichier.seek(0)
        with zipfile.ZipFile(fichier) as archive:
            noms = set(archive.namelist())
            if "mimetype" in noms:
                with archive.open("mimetype") as entree:
                    declare = entree.read(100).decode("ascii", "replace").strip()
                return declare if declare in (ODT, ODS) else None
            if "[Content_Types].xml" in noms:
                if "word/document.xml" in noms:
                    return DOCX
                if "xl/workbook.xml" in noms:
                    return XLSX
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    finally:
        fichier.seek(0)
    return None


def detecter_type(fichier) -> str | None:
    """Return the accepted type of ``fichier`` judged by its content, or None."""
    fichier.seek(0)
    tete = fichier.read(8192)
    fichier.seek(0)
    genre = filetype.guess(tete)
    if genre is None:
        return None
    if genre.mime in ("application/pdf", "image/png", "image/jpeg"):
        return genre.mime
    if genre.extension in ("zip", "docx", "xlsx", "odt", "ods", "pptx", "odp", "epub", "jar", "apk"):
        return _type_zip(fichier)
    return None


def nom_assaini(nom: str, type_mime: str) -> str:
    """Return a safe display name: no path, ASCII letters, digits and dashes, the right extension."""
    nom = nom.replace("\\", "/").rsplit("/", 1)[-1]
    base = nom.rsplit(".", 1)[0] if "." in nom else nom
    base = unicodedata.normalize("NFKD", base)
    base = slugify(base)[:100].strip("-") or "piece-jointe"
    return f"{base}.{FORMATS[type_mime][0]}"


def verifier_fichier(fichier) -> str:
    """Return the type of an uploaded file, or raise ``ErreurMetier`` saying what is wrong with it."""
    nom = os.path.basename(getattr(fichier, "name", "") or "fichier")
    if fichier.size > TAILLE_MAX_PIECE:
        raise ErreurMetier(
            f"« {nom} » fait {taille_lisible(fichier.size)} : une pièce jointe ne peut pas dépasser {taille_lisible(TAILLE_MAX_PIECE)}.",
            champ="fichier",
        )
    if fichier.size == 0:
        raise ErreurMetier(f"« {nom} » est vide.", champ="fichier")
    extension = nom.rsplit(".", 1)[-1].lower() if "." in nom else ""
    if extension not in EXTENSIONS:
        raise ErreurMetier(f"« {nom} » n'est pas dans un format accepté ({FORMATS_ACCEPTES}).", champ="fichier")
    type_reel = detecter_type(fichier)
    if type_reel is None:
        raise ErreurMetier(
            f"Le contenu de « {nom} » ne correspond à aucun format accepté ({FORMATS_ACCEPTES}), "
            "bien que son nom se termine par ." + extension + ".",
            champ="fichier",
        )
    if type_reel != EXTENSIONS[extension]:
        raise ErreurMetier(
            f"« {nom} » porte l'extension .{extension} mais son contenu est au format {FORMATS[type_reel][1]} : "
            "renommez-le ou enregistrez-le au bon format.",
            champ="fichier",
        )
    return type_reel


def _empreinte(fichier) -> str:
    condensat = hashlib.sha256()
    fichier.seek(0)
    for morceau in fichier.chunks() if hasattr(fichier, "chunks") else iter(lambda: fichier.read(65536), b""):
        condensat.update(morceau)
    fichier.seek(0)
    return condensat.hexdigest()


def _verifier_total(dossier: Dossier, taille: int, sauf: PieceJointe | None = None) -> None:
    pieces = dossier.pieces.all()
    if sauf is not None:
        pieces = pieces.exclude(pk=sauf.pk)
    deja = pieces.aggregate(total=Sum("taille"))["total"] or 0
    if deja + taille > TAILLE_MAX_DOSSIER:
        raise ErreurMetier(
            f"Les pièces jointes d'un dossier ne peuvent pas dépasser {taille_lisible(TAILLE_MAX_DOSSIER)} au total : "
            f"le dossier en compte déjà {taille_lisible(deja)} et ce fichier fait {taille_lisible(taille)}.",
            champ="fichier",
        )


def _supprimer_apres_commit(stockage, nom: str) -> None:
    transaction.on_commit(lambda: stockage.delete(nom), robust=True)


# The journal keeps no file name (it may name a person and outlives the dossier, see
# services/retention.py): the type, the size and the SHA-256 fingerprint identify the file.
def piece_ajouter(*, dossier: Dossier, type: str, fichier, par) -> PieceJointe:
    """Attach ``fichier`` to a draft after checking its format (by content) and the size limits."""
    if type not in PieceJointe.Type.values:
        raise ErreurMetier("Choisissez le type de la pièce (statuts, budget, lettres de soutien, comptes annuels, autres).", champ="type")
    type_mime = verifier_fichier(fichier)
    with transaction.atomic():
        dossier = _modifiable_verrouille(dossier, "pieces")
        _verifier_gestionnaire(dossier.tiers_lieu, par)
        _verifier_total(dossier, fichier.size)
        piece = PieceJointe(dossier=dossier, type=type, ajoute_par=par)
        _stocker(piece, fichier, type_mime)
        journaliser(acteur=par, action="piece.ajoutee", objet=dossier, donnees={
            "piece": piece.pk, "type": type, "taille": piece.taille, "sha256": piece.sha256,
        })
    return piece


def piece_remplacer(*, piece: PieceJointe, fichier, par) -> PieceJointe:
    """Replace the file of an attachment of a draft (the old file is deleted after commit)."""
    type_mime = verifier_fichier(fichier)
    with transaction.atomic():
        dossier = _modifiable_verrouille(piece.dossier, "pieces")
        _verifier_gestionnaire(dossier.tiers_lieu, par)
        piece = PieceJointe.objects.select_for_update().get(pk=piece.pk, dossier=dossier)
        _verifier_total(dossier, fichier.size, sauf=piece)
        ancien = (piece.fichier.storage, piece.fichier.name, piece.nom, piece.sha256)
        piece.ajoute_par = par
        _stocker(piece, fichier, type_mime)
        _supprimer_apres_commit(ancien[0], ancien[1])
        journaliser(acteur=par, action="piece.remplacee", objet=dossier, donnees={
            "piece": piece.pk, "type": piece.type, "ancien_sha256": ancien[3], "taille": piece.taille, "sha256": piece.sha256,
        })
    return piece


def piece_supprimer(*, piece: PieceJointe, par) -> None:
    """Delete an attachment of a draft (its file is deleted after commit)."""
    with transaction.atomic():
        dossier = _modifiable_verrouille(piece.dossier, "pieces")
        _verifier_gestionnaire(dossier.tiers_lieu, par)
        piece = PieceJointe.objects.select_for_update().get(pk=piece.pk, dossier=dossier)
        stockage, nom_stocke = piece.fichier.storage, piece.fichier.name
        donnees = {"piece": piece.pk, "type": piece.type, "sha256": piece.sha256}
        piece.delete()
        _supprimer_apres_commit(stockage, nom_stocke)
        journaliser(acteur=par, action="piece.supprimee", objet=dossier, donnees=donnees)


def _stocker(piece: PieceJointe, fichier, type_mime: str) -> None:
    """Write the file to private storage and save the row; remove the file if the row fails."""
    piece.nom = nom_assaini(getattr(fichier, "name", "") or "", type_mime)
    piece.type_mime = type_mime
    piece.taille = fichier.size
    piece.sha256 = _empreinte(fichier)
    fichier.seek(0)
    piece.fichier.save(piece.nom, fichier, save=False)
    nom_stocke, stockage = piece.fichier.name, piece.fichier.storage
    try:
        piece.save()
    except Exception:
        stockage.delete(nom_stocke)
        raise
    # If the surrounding transaction rolls back later, the stored file would be orphaned: a
    # rollback is rare here (the journal write follows) and the orphan is harmless (private).
