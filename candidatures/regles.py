"""Access rules about waves, dossiers and their attachments.

A porteur sees and edits the dossiers of the tiers-lieux they manage (``tiers_lieu.gestionnaires``);
administrateurs see every dossier; an instructeur reads a dossier (and its attachments) only when
the rule « instruction.dossier » lets them open it: assigned to it and not in conflict.
"""
from commun.politique import peut, regle


def gere_le_tiers_lieu(user, tiers_lieu) -> bool:
    return user.is_authenticated and user.est_porteur and tiers_lieu.gestionnaires.filter(pk=user.pk).exists()


@regle("vague.gerer")
def vague_gerer(user, obj=None):
    return user.is_authenticated and user.est_administrateur


@regle("dossier.creer")
def dossier_creer(user, tiers_lieu=None):
    if tiers_lieu is None:
        return user.is_authenticated and user.est_porteur
    return gere_le_tiers_lieu(user, tiers_lieu)


@regle("dossier.voir")
def dossier_voir(user, dossier):
    if not user.is_authenticated:
        return False
    if user.est_administrateur or gere_le_tiers_lieu(user, dossier.tiers_lieu):
        return True
    return user.est_instructeur and peut(user, "instruction.dossier", dossier)


@regle("dossier.modifier")
def dossier_modifier(user, dossier):
    """Only the applicant edits, and only a draft (a deposited dossier is read-only)."""
    return dossier.statut == dossier.Statut.BROUILLON and gere_le_tiers_lieu(user, dossier.tiers_lieu)


@regle("dossier.completer")
def dossier_completer(user, dossier):
    """While a request for complements is open, the applicant completes the sections it names."""
    return dossier.statut == dossier.Statut.COMPLEMENT_DEMANDE and gere_le_tiers_lieu(user, dossier.tiers_lieu)


def sections_editables(user, dossier) -> set[str]:
    """Return the section codes ``user`` may edit now: all of a draft they manage, only the
    requested ones while a request for complements is open, none otherwise."""
    from .sections import SECTIONS_PAR_CODE
    from .selectors_instruction import sections_modifiables

    if peut(user, "dossier.modifier", dossier):
        return set(SECTIONS_PAR_CODE)
    if peut(user, "dossier.completer", dossier):
        return sections_modifiables(dossier)
    return set()


@regle("dossier.echanger")
def dossier_echanger(user, dossier):
    """The applicant writes to the instructing team once the dossier is deposited."""
    return dossier.a_ete_depose and gere_le_tiers_lieu(user, dossier.tiers_lieu)


@regle("dossier.deposer")
def dossier_deposer(user, dossier):
    return dossier.statut == dossier.Statut.BROUILLON and gere_le_tiers_lieu(user, dossier.tiers_lieu)


@regle("dossier.retirer")
def dossier_retirer(user, dossier):
    return dossier.peut_passer_a(dossier.Statut.RETIRE) and gere_le_tiers_lieu(user, dossier.tiers_lieu)


@regle("dossier.pieces_voir")
def dossier_pieces_voir(user, dossier):
    """The applicant, an administrateur, or a reviewer who may see who applies: statutes, accounts and
    letters of support name the applicant (their file names too), so an anonymous review does not list
    or open them."""
    if not dossier_voir(user, dossier):
        return False
    return gere_le_tiers_lieu(user, dossier.tiers_lieu) or peut(user, "instruction.voir_identite", dossier)


@regle("piece.telecharger")
def piece_telecharger(user, piece):
    return dossier_pieces_voir(user, piece.dossier)


@regle("dossier.accuse_telecharger")
def accuse_telecharger(user, dossier):
    return dossier.a_ete_depose and dossier_voir(user, dossier)
