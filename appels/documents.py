"""The wording of a call's documents (``[documents]`` of its file) for one dossier or one list.

A dossier reads the version of the call it keeps (set at its creation, fixed at its deposit), else
its wave's call as loaded now. A wording the file does not give is the portal's (the caller's
default): the « Fabriques de territoire » file words only what differs between calls.
"""

from .models import VersionAppel


def version_du_dossier(dossier) -> VersionAppel | None:
    if dossier.version_appel_id:
        return dossier.version_appel
    vague = getattr(dossier, "vague", None)
    return vague.appel.version_courante if vague is not None and vague.appel_id else None


def document_du_dossier(dossier, cle: str, defaut: str = "", **valeurs) -> str:
    """The call's wording ``cle`` for this dossier, ``{numero}``-like values filled in (``defaut`` if
    the call's file does not give it)."""
    version = version_du_dossier(dossier)
    texte = version.definition.documents.get(cle, "") if version is not None else ""
    if not texte:
        return defaut
    try:
        return texte.format(**valeurs)
    except (KeyError, IndexError, ValueError):
        return texte  # a value the file names but this document has not: the words as written
