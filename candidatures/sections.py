"""The sections of a dossier, in the order of the AMI: their description lives in ``schema.py``
(fields, labels, limits, required, identifying). This module keeps the names other modules import."""

from .schema import CHAMPS_IDENTIFIANTS, SECTIONS, SECTIONS_PAR_CODE, Section, contenu_anonymise

__all__ = ["CHAMPS_IDENTIFIANTS", "SECTIONS", "SECTIONS_PAR_CODE", "Section", "contenu_anonymise"]
