"""Access rules about waves, dossiers and their attachments.

A porteur sees and edits the dossiers of the tiers-lieux they manage (``tiers_lieu.gestionnaires``);
administrateurs see every dossier; an instructeur reads a dossier (and its attachments) only when
the rule « instruction.dossier » lets them open it: assigned to it and not in conflict.
"""

from django.db.models import Q

from commun.politique import peut, regle
from fabriques.regles import gere_le_tiers_lieu, q_gere


def _q_dossiers_geres(user) -> Q:
    return q_gere(user, "tiers_lieu__")


@regle("dossier.gerer", portee=_q_dossiers_geres)
def dossier_gerer(user, dossier):
    """The dossiers of the tiers-lieux a porteur manages (« Mes dossiers », whatever their status)."""
    return gere_le_tiers_lieu(user, dossier.tiers_lieu)


@regle("pieces.modifier")
def pieces_modifier(user, dossier):
    """Replace or delete an attachment: on a draft the porteur manages, or while a request for
    complements names the attachments."""
    return dossier_pieces_voir(user, dossier) and "pieces" in sections_editables(user, dossier)


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
    from ..schema import sections_du_dossier
    from ..selectors.instruction import sections_modifiables

    if peut(user, "dossier.modifier", dossier):
        return set(sections_du_dossier(dossier))
    if peut(user, "dossier.completer", dossier):
        return sections_modifiables(dossier)
    return set()


@regle("dossier.echanger")
def dossier_echanger(user, dossier):
    """The applicant writes to the instructing team once the dossier is deposited."""
    return dossier.a_ete_depose and gere_le_tiers_lieu(user, dossier.tiers_lieu)


@regle("dossier.message_ecrire")
def dossier_message_ecrire(user, dossier):
    """Post in a dossier's thread (pages and API alike): the applicant once the dossier is deposited
    (« dossier.echanger »: never on a draft), or the instructing team on a dossier it may open."""
    if dossier_echanger(user, dossier):
        return True
    return dossier.a_ete_depose and peut(user, "instruction.dossier", dossier)


@regle("dossier.deposer")
def dossier_deposer(user, dossier):
    return dossier.statut == dossier.Statut.BROUILLON and gere_le_tiers_lieu(user, dossier.tiers_lieu)


@regle("dossier.retirer")
def dossier_retirer(user, dossier):
    return dossier.peut_passer_a(dossier.Statut.RETIRE) and gere_le_tiers_lieu(user, dossier.tiers_lieu)


# --- Anonymous review: the one rule ------------------------------------------------------------
# With « Masquer l'identité des porteurs aux instructeurs » on for a wave, a reviewer reads the
# dossier without who applies: no tiers-lieu, structure, SIRET, commune or project name, no attachment
# (statutes, accounts, letters of support and their file names name the applicant), no proof of
# deposit (structure, address, depositor), no applicant's page. Every page, download, PDF, export and
# API endpoint asks ``dossier.identite_voir`` (one dossier), ``identite_masquee`` (a row already read)
# or ``q_identite_visible`` (a queryset): the three say the same thing.
def identite_masquee(user, anonymiser: bool) -> bool:
    """Whether ``user`` (staff, reading a dossier of the instruction) reads it without the applicant's
    identity, given its wave's « anonymiser » setting: everyone but administrateurs."""
    return bool(anonymiser) and not (user.is_authenticated and user.est_administrateur)


def q_identite_visible(user) -> Q:
    """The dossiers whose applicant ``user`` may see named (for searches by name): the same rule in SQL."""
    if user.is_authenticated and user.est_administrateur:
        return Q()
    return Q(vague__grille__isnull=True) | Q(vague__grille__anonymiser=False)


@regle("dossier.decision_voir")
def dossier_decision_voir(user, dossier):
    """The committee's outcome on ``dossier``: staff who may open it at once; its applicant once the
    wave's results are published (closing the committee tells nobody; the publication does)."""
    if not dossier_voir(user, dossier):
        return False
    return not gere_le_tiers_lieu(user, dossier.tiers_lieu) or user.est_administrateur or dossier.decision_publiee


@regle("dossier.identite_voir")
def dossier_identite_voir(user, dossier):
    """See who applies for ``dossier``: its managers and administrateurs always; a reviewer who may
    open it, unless its wave anonymises dossiers."""
    if not dossier_voir(user, dossier):
        return False
    if gere_le_tiers_lieu(user, dossier.tiers_lieu):
        return True
    from ..selectors.instruction import grille_de

    return not identite_masquee(user, grille_de(dossier.vague).anonymiser)


@regle("dossier.pieces_voir")
def dossier_pieces_voir(user, dossier):
    """List and open the attachments: they name the applicant (their file names too)."""
    return dossier_identite_voir(user, dossier)


@regle("piece.telecharger")
def piece_telecharger(user, piece):
    return dossier_pieces_voir(user, piece.dossier)


@regle("message.fichier_telecharger")
def message_fichier_telecharger(user, message):
    """A message's attachment: like the dossier's attachments (an anonymous review opens none)."""
    return dossier_identite_voir(user, message.dossier)


@regle("dossier.messages_lire")
def dossier_messages_lire(user, dossier):
    """Read the thread's texts (not its attachments): whoever may see the dossier, as on the pages."""
    return dossier_voir(user, dossier)


@regle("dossier.accuse_telecharger")
def accuse_telecharger(user, dossier):
    """The proof of deposit names the structure, its address and the depositor."""
    return dossier.a_ete_depose and dossier_identite_voir(user, dossier)
