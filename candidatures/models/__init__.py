"""Models of the candidatures app, one module per concern."""

from .echanges import TRANSITIONS_COMPLEMENT, DemandeComplement, Message
from .instruction import (
    TRANSITIONS_EVALUATION,
    Affectation,
    ConflitInteret,
    Critere,
    Decision,
    Evaluation,
    ExportInstruction,
    GrilleVague,
    NoteCritere,
    ProfilInstructeur,
)
from .pieces import PieceJointe
from .publication import Publication
from .statistiques import StatistiqueAnonyme
from .vagues import TRANSITIONS_DOSSIER, TRANSITIONS_VAGUE, Dossier, Vague

__all__ = [
    "Vague",
    "Dossier",
    "PieceJointe",
    "TRANSITIONS_VAGUE",
    "TRANSITIONS_DOSSIER",
    "TRANSITIONS_COMPLEMENT",
    "TRANSITIONS_EVALUATION",
    "DemandeComplement",
    "Message",
    "Affectation",
    "ConflitInteret",
    "Critere",
    "Decision",
    "Evaluation",
    "ExportInstruction",
    "GrilleVague",
    "NoteCritere",
    "ProfilInstructeur",
    "Publication",
    "StatistiqueAnonyme",
]
