"""Writes of the ``fabriques`` app. Every entry point (pages, commands, other apps) calls these."""
from .implantations import implantations_fixer
from .imports import ImportRefuse, RapportImport, fabriques_publiees_importer, qpv_importer
from .labels import label_attribuer, label_historique_enregistrer
from .tiers_lieux import (
    gestionnaire_inviter,
    gestionnaire_retirer,
    invitations_gestionnaire_accepter,
    localiser,
    tiers_lieu_creer,
    tiers_lieu_modifier,
)

__all__ = [
    "ImportRefuse",
    "RapportImport",
    "fabriques_publiees_importer",
    "gestionnaire_inviter",
    "gestionnaire_retirer",
    "implantations_fixer",
    "invitations_gestionnaire_accepter",
    "label_attribuer",
    "label_historique_enregistrer",
    "localiser",
    "qpv_importer",
    "tiers_lieu_creer",
    "tiers_lieu_modifier",
]
