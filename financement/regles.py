"""Access rules about grants: administrateurs manage them; the porteur sees their own."""

from django.db.models import Q

from commun.politique import regle
from fabriques.regles import gere_le_tiers_lieu, q_gere


def _gere_le_tiers_lieu(user, subvention) -> bool:
    return gere_le_tiers_lieu(user, subvention.dossier.tiers_lieu)


def q_subventions_annoncees_gerees(user) -> Q:
    """The grants of the tiers-lieux ``user`` manages, once announced (a proposal is internal) and
    their wave's results published (``_annoncee``)."""
    return q_gere(user, "dossier__tiers_lieu__") & ~Q(statut="proposee") & Q(dossier__vague__statut="resultats_publies")


def _q_subventions_visibles(user) -> Q:
    if user.is_authenticated and user.est_administrateur:
        return Q()
    return q_subventions_annoncees_gerees(user)


def _annoncee(subvention) -> bool:
    # A schedule still « proposée » is the committee's working draft: the laureate learns of it
    # through the notification, not before — and never before the wave's results are published
    # (the service refuses to notify earlier; a grant notified before that rule stays hidden too).
    return subvention.statut != subvention.Statut.PROPOSEE and subvention.dossier.decision_publiee


@regle("financement.piloter")
def piloter(user, obj=None):
    return user.is_authenticated and user.est_administrateur


@regle("enveloppe.modifier")
def enveloppe_modifier(user, obj=None):
    """Set an envelope of the programme (e.g. raised by the recovery plan)."""
    return user.is_authenticated and user.est_administrateur


@regle("enveloppe.deroger")
def enveloppe_deroger(user, obj=None):
    """Authorise, with a reason, a decision or a committee going beyond an envelope."""
    return user.is_authenticated and user.est_administrateur


@regle("subvention.gerer")
def gerer(user, subvention=None):
    return user.is_authenticated and user.est_administrateur


@regle("subvention.voir", portee=_q_subventions_visibles)
def voir(user, subvention):
    if not user.is_authenticated:
        return False
    if user.est_administrateur:
        return True
    return _annoncee(subvention) and _gere_le_tiers_lieu(user, subvention)


@regle("subvention.deposer_rapport")
def deposer_rapport(user, subvention):
    return user.is_authenticated and _gere_le_tiers_lieu(user, subvention)


@regle("rapport.telecharger")
def telecharger_rapport(user, rapport):
    """An activity report is read by whoever may see its grant."""
    return voir(user, rapport.subvention)
