"""The one check of the files people upload to the portal, and the one way they are served back.

Every upload — a dossier's attachments, a message's attachment, an activity report — goes through
``fichier_verifier``: the type is judged by the content (never by the name or the browser's word), the
extension written must announce that type, the size is bounded; the file is then stored and served
under a clean name (``nom_assaini``: no path, ASCII letters, digits and dashes, the extension of the
type detected). ``telechargement`` serves a stored file as an attachment that no browser runs or
sniffs. A name like ``rapport.hta`` or ``rapport.pdf.bat`` over PDF bytes is refused.

(The administrateurs' CSV import of the priority neighbourhoods is read in memory and neither stored
nor served: it is parsed, not checked here.)
"""

import hashlib
import os
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.core.files import File
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from .erreurs import ErreurMetier
from .poids import MO
from .poids import poids as taille_lisible

TAILLE_MAX_FICHIER = 10 * MO

PDF = "application/pdf"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Accepted formats: type → (extension given to the stored file, name shown to people).
FORMATS = {
    PDF: ("pdf", "PDF"),
    ODT: ("odt", "texte OpenDocument (ODT)"),
    DOCX: ("docx", "Word (DOCX)"),
    ODS: ("ods", "tableur OpenDocument (ODS)"),
    XLSX: ("xlsx", "Excel (XLSX)"),
    "image/png": ("png", "image PNG"),
    "image/jpeg": ("jpg", "image JPEG"),
}
# Extension written by the uploader → type it announces.
EXTENSIONS = {"pdf": PDF, "odt": ODT, "docx": DOCX, "ods": ODS, "xlsx": XLSX, "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}
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
    if genre.mime in (PDF, "image/png", "image/jpeg"):
        return genre.mime
    if genre.extension in ("zip", "docx", "xlsx", "odt", "ods", "pptx", "odp", "epub", "jar", "apk"):
        return _type_zip(fichier)
    return None


def nom_assaini(nom: str, type_mime: str, defaut: str = "piece-jointe") -> str:
    """Return a safe name: no path, ASCII letters, digits and dashes, the extension of ``type_mime``
    (whatever extensions the uploader wrote: « rapport.pdf.bat » → « rapport-pdf.pdf »)."""
    nom = (nom or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = nom.rsplit(".", 1)[0] if "." in nom else nom
    base = unicodedata.normalize("NFKD", base).replace(".", "-")
    base = slugify(base)[:100].strip("-") or defaut
    return f"{base}.{FORMATS[type_mime][0]}"


def empreinte(fichier) -> str:
    """The SHA-256 fingerprint of ``fichier`` (read in chunks, left at its start)."""
    condensat = hashlib.sha256()
    fichier.seek(0)
    for morceau in fichier.chunks() if hasattr(fichier, "chunks") else iter(lambda: fichier.read(65536), b""):
        condensat.update(morceau)
    fichier.seek(0)
    return condensat.hexdigest()


def verifier_fichier(fichier, *, formats=None, taille_max: int = TAILLE_MAX_FICHIER, nature: str = "une pièce jointe") -> str:
    """Return the type of an uploaded file, or raise ``ErreurMetier`` saying what is wrong with it.
    ``formats`` narrows the accepted types (an activity report is a PDF); ``nature`` names the file in
    the messages."""
    formats = tuple(formats or FORMATS)
    acceptes = ", ".join(FORMATS[t][1] for t in formats) if len(formats) < len(FORMATS) else FORMATS_ACCEPTES
    nom = os.path.basename(getattr(fichier, "name", "") or "fichier")
    if fichier.size > taille_max:
        raise ErreurMetier(
            f"« {nom} » fait {taille_lisible(fichier.size)} : {nature} ne peut pas dépasser {taille_lisible(taille_max)}.",
            champ="fichier",
        )
    if fichier.size == 0:
        raise ErreurMetier(f"« {nom} » est vide.", champ="fichier")
    extension = nom.rsplit(".", 1)[-1].lower() if "." in nom else ""
    if EXTENSIONS.get(extension) not in formats:
        raise ErreurMetier(f"« {nom} » n'est pas dans un format accepté ({acceptes}).", champ="fichier")
    type_reel = detecter_type(fichier)
    if type_reel is None or type_reel not in formats:
        raise ErreurMetier(
            f"Le contenu de « {nom} » ne correspond à aucun format accepté ({acceptes}), "
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


@dataclass(frozen=True)
class FichierVerifie:
    """What the portal stores about an accepted upload: its clean name, type, size and fingerprint."""

    nom: str
    type_mime: str
    taille: int
    sha256: str


def fichier_verifier(
    fichier, *, formats=None, taille_max: int = TAILLE_MAX_FICHIER, nature: str = "une pièce jointe", defaut: str = "piece-jointe"
) -> FichierVerifie:
    """Check ``fichier`` (``verifier_fichier``) and return the name, type, size and fingerprint it is
    stored and served under; the file is left at its start, ready to be saved."""
    type_mime = verifier_fichier(fichier, formats=formats, taille_max=taille_max, nature=nature)
    return FichierVerifie(
        nom=nom_assaini(getattr(fichier, "name", "") or "", type_mime, defaut),
        type_mime=type_mime,
        taille=fichier.size,
        sha256=empreinte(fichier),
    )


def nom_d_envoi(nom: str) -> str:
    """The name a private file is sent under: its last path segment, without control characters,
    quotes or separators (Django then writes it ASCII-safe, with ``filename*`` for accents)."""
    nom = nom.replace("\\", "/").rsplit("/", 1)[-1]
    nom = "".join(c for c in nom if unicodedata.category(c)[0] != "C" and c not in '"<>:|?*;')
    return nom.strip(" .") or "fichier"


def telechargement(fichier, nom: str, type_mime: str) -> HttpResponse | StreamingHttpResponse:
    """Serve a private file as a download under ``nom``: never shown inline, never sniffed, never
    run (sandboxed), never kept by a shared cache. The one way the portal sends a private file
    (attachments, proofs of deposit, grant documents, activity reports, exports, personal data).

    ``fichier`` is a stored file (``FieldFile``), an open binary file, ``bytes``, or an iterable of
    chunks (a streamed export, sent as it is written)."""
    nom = nom_d_envoi(nom)
    if isinstance(fichier, File):
        fichier = fichier.open("rb")
    if hasattr(fichier, "read"):
        reponse = FileResponse(fichier, as_attachment=True, filename=nom, content_type=type_mime)
    else:
        reponse = (HttpResponse if isinstance(fichier, (bytes, bytearray)) else StreamingHttpResponse)(fichier, content_type=type_mime)
        reponse["Content-Disposition"] = content_disposition_header(True, nom)
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Cache-Control"] = "private, no-store"
    reponse["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return reponse
