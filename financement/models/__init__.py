"""Models of the financement app, one module per concern."""

from .documents import DocumentSubvention, RapportActivite
from .enveloppe import Enveloppe
from .subventions import HistoriqueSubvention, Nature, Subvention, Tranche
from .versements import Versement

__all__ = [
    "DocumentSubvention",
    "Enveloppe",
    "HistoriqueSubvention",
    "Nature",
    "RapportActivite",
    "Subvention",
    "Tranche",
    "Versement",
]
