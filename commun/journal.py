"""Write the audit journal. Called by services inside their transaction.

The journal is immutable and outlives the objects it names (a purged dossier's entries stay):
put no personal data in ``donnees`` — no free text typed by an applicant, no file name — but
identifiers, codes, amounts and fingerprints (``empreinte_texte``).
"""

import hashlib

from .models import EntreeJournal


def empreinte_texte(texte: str) -> dict:
    """Return what the journal keeps of a free text: its SHA-256 and its length (not the text)."""
    texte = texte or ""
    return {"sha256": hashlib.sha256(texte.encode("utf-8")).hexdigest(), "caracteres": len(texte)}


def journaliser(*, acteur, action: str, objet, avant: str = "", apres: str = "", donnees: dict | None = None) -> EntreeJournal:
    """Record that ``acteur`` did ``action`` on ``objet`` (state ``avant`` → ``apres``)."""
    if acteur is not None and not getattr(acteur, "is_authenticated", False):
        acteur = None
    return EntreeJournal.objects.create(
        acteur=acteur,
        action=action,
        objet_type=objet._meta.label_lower,
        objet_id=str(objet.pk),
        objet_libelle=str(objet)[:255],
        etat_avant=avant or "",
        etat_apres=apres or "",
        donnees=donnees or {},
    )
