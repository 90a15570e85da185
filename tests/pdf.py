"""Reading a PDF's accessibility as a screen reader would: tagged, in French, titled, structured."""

import io
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject


@dataclass
class Accessibilite:
    balise: bool
    langue: str
    titre: str
    titre_affiche: bool
    elements: set[str]


def accessibilite(pdf: bytes) -> Accessibilite:
    """Return what a PDF/UA reader relies on: the marked flag, /Lang, the title shown in the window
    bar, and the kinds of element of the structure tree (H1, P, Table, TH, TD…)."""
    lecteur = PdfReader(io.BytesIO(pdf))
    racine = lecteur.trailer["/Root"]
    elements: set[str] = set()

    def parcourir(noeud, profondeur=0):
        noeud = noeud.get_object() if hasattr(noeud, "get_object") else noeud
        if isinstance(noeud, ArrayObject):
            for enfant in noeud:
                parcourir(enfant, profondeur)
        elif isinstance(noeud, DictionaryObject) and profondeur < 60:
            if "/S" in noeud:
                elements.add(str(noeud["/S"]).lstrip("/"))
            if "/K" in noeud:
                parcourir(noeud["/K"], profondeur + 1)

    if "/StructTreeRoot" in racine:
        parcourir(racine["/StructTreeRoot"])
    preferences = racine.get("/ViewerPreferences", {})
    return Accessibilite(
        balise=bool(racine.get("/MarkInfo", {}).get("/Marked")),
        langue=str(racine.get("/Lang", "")),
        titre=str((lecteur.metadata or {}).get("/Title", "")),
        titre_affiche=bool(preferences.get("/DisplayDocTitle")),
        elements=elements,
    )


def texte(pdf: bytes) -> str:
    """Return the text of every page of a PDF, pages joined by a line break (as a reader copies it)."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
