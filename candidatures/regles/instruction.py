"""Access rules of the instruction: reviewers see only the dossiers assigned to them and never one
they declared a conflict of interest with; administrateurs see everything."""

from django.db.models import Q

from commun.politique import regle


def _est_admin(user) -> bool:
    return user.is_authenticated and user.est_administrateur


def _est_instructeur(user) -> bool:
    return user.is_authenticated and user.est_instructeur


def _affecte_sans_conflit(user, dossier) -> bool:
    """Whether ``user`` is assigned to ``dossier`` and not in conflict with it, read once per dossier
    instance and user: a page asks several rules that all need it. (Services that guard a write
    read it afresh, inside their transaction: ``services.instruction._evaluation_modifiable``.)"""
    memo = dossier.__dict__.setdefault("_droit_instruction", {})
    if user.pk not in memo:
        from ..selectors.instruction import en_conflit, est_affecte

        memo[user.pk] = est_affecte(user, dossier) and not en_conflit(user, dossier)
    return memo[user.pk]


@regle("instruction.acceder")
def acceder(user, obj=None):
    """Open the reviewers' dossier list."""
    return _est_admin(user) or _est_instructeur(user)


def _q_instruction(user) -> Q:
    """The queryset form of « instruction.dossier »: every dossier for an administrateur; for a
    reviewer, those assigned to them and not in conflict. A join on the assignments, not ``pk__in``
    a subquery: PostgreSQL then starts from the reviewer's assignments (index on instructeur_id) —
    0.46 s instead of 2.5–4.4 s for a reviewer's list at 100 000 dossiers (bench/). One row per
    dossier at most (affectation_unique), so aggregates are not multiplied."""
    if _est_admin(user):
        return Q()
    if not _est_instructeur(user):
        return Q(pk__in=[])
    from ..models import ConflitInteret
    from ..selectors.instruction import q_conflits

    conflits = q_conflits(list(ConflitInteret.objects.filter(instructeur=user)))
    affecte = Q(affectations__instructeur=user)
    return affecte & ~conflits if conflits is not None else affecte


@regle("instruction.dossier", portee=_q_instruction)
def instruire_dossier(user, dossier):
    """Open a dossier's review page: assigned and not in conflict (or administrateur)."""
    if _est_admin(user):
        return True
    if not _est_instructeur(user) or dossier is None:
        return False
    return _affecte_sans_conflit(user, dossier)


@regle("instruction.evaluer")
def evaluer(user, dossier):
    """Score a dossier: only an assigned reviewer, never in conflict (administrateurs do not score)."""
    if not _est_instructeur(user) or dossier is None:
        return False
    return _affecte_sans_conflit(user, dossier)


@regle("instruction.voir_evaluations")
def voir_evaluations(user, dossier):
    """See the other reviews of a dossier: blind review hides them until one's own is submitted."""
    if _est_admin(user):
        return True
    if not instruire_dossier(user, dossier):
        return False
    from ..selectors.instruction import grille_de

    if not grille_de(dossier.vague).evaluation_aveugle:
        return True
    return dossier.evaluations.filter(instructeur=user, statut="soumise").exists()


@regle("instruction.recevoir_affectation")
def recevoir_affectation(user, obj=None):
    """Be given dossiers to review and a scope (régions or national): a reviewer."""
    return _est_instructeur(user)


def q_relecteurs(chemin: str = "") -> Q:
    """The users « instruction.recevoir_affectation » allows, in SQL (lists of reviewers to assign,
    to filter by, to spread dossiers over); ``chemin`` reaches the user, e.g. ``"user__"``."""
    from comptes.roles import Role, q_a_le_role

    return q_a_le_role(Role.INSTRUCTEUR, chemin) & Q(**{f"{chemin}is_active": True})


@regle("instruction.liste_relecteur")
def liste_relecteur(user, obj=None):
    """Read the dossier list as a reviewer (one's own review in each row), not as an administrateur."""
    return _est_instructeur(user) and not _est_admin(user)


@regle("instruction.conflit_retirer")
def conflit_retirer(user, conflit):
    """Withdraw a declaration of conflict of interest: its reviewer, or an administrateur."""
    return _est_admin(user) or (user.is_authenticated and conflit.instructeur_id == user.pk)


@regle("instruction.declarer_conflits")
def declarer_conflits(user, obj=None):
    return _est_instructeur(user)


@regle("instruction.affecter")
def affecter(user, obj=None):
    """Assign reviewers (one by one, in bulk, automatically) and set their scope."""
    return _est_admin(user)


@regle("instruction.comite")
def comite(user, obj=None):
    """Hold the selection committee: decisions and closing."""
    return _est_admin(user)


@regle("instruction.exporter")
def exporter(user, obj=None):
    return _est_admin(user) or _est_instructeur(user)
