"""Writes of the financement app. Every entry point (pages, admin, commands, tasks) calls these."""

from .documents import documents_generer, notification_envoyer, rapport_deposer
from .enveloppe import enveloppe_modifier
from .subventions import (
    exiger_resultats_publies,
    subvention_ajuster,
    subvention_notifier,
    subvention_proposer,
    subvention_resilier,
    subvention_signer_convention,
)
from .versements import versement_changer_statut

__all__ = [
    "documents_generer",
    "enveloppe_modifier",
    "exiger_resultats_publies",
    "notification_envoyer",
    "rapport_deposer",
    "subvention_ajuster",
    "subvention_notifier",
    "subvention_proposer",
    "subvention_resilier",
    "subvention_signer_convention",
    "versement_changer_statut",
]
