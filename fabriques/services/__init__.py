"""Writes of the ``fabriques`` app. Every entry point (pages, commands, other apps) calls these."""

from .implantations import implantations_fixer
from .imports import ImportRefuse, RapportImport, fabriques_publiees_importer, qpv_importer
from .labels import label_attribuer, label_historique_enregistrer
from .tiers_lieux import (
    REPONSE_INVITATION,
    gestionnaire_invitation_accepter,
    gestionnaire_invitation_decliner,
    gestionnaire_inviter,
    gestionnaire_retirer,
    invitations_gestionnaire_en_attente,
    localiser,
    tiers_lieu_creer,
    tiers_lieu_modifier,
)

__all__ = [
    "REPONSE_INVITATION",
    "gestionnaire_invitation_accepter",
    "gestionnaire_invitation_decliner",
    "invitations_gestionnaire_en_attente",
    "ImportRefuse",
    "RapportImport",
    "fabriques_publiees_importer",
    "gestionnaire_inviter",
    "gestionnaire_retirer",
    "implantations_fixer",
    "label_attribuer",
    "label_historique_enregistrer",
    "localiser",
    "qpv_importer",
    "tiers_lieu_creer",
    "tiers_lieu_modifier",
]
