"""Access rules about accounts."""

from commun.politique import regle


@regle("admin.acceder")
def acceder_admin(user, obj=None):
    return user.is_authenticated and user.est_administrateur


@regle("compte.double_authentification_exigee")
def double_authentification_exigee(user, obj=None):
    """An administrateur signs in with a second factor (TOTP) before anything else."""
    return user.is_authenticated and user.est_administrateur


@regle("comptes.inviter")
def inviter(user, obj=None):
    return user.is_authenticated and user.est_administrateur


@regle("comptes.roles_modifier")
def roles_modifier(user, utilisateur=None):
    """Change a person's roles (the technical admin's user form calls ``services.roles_modifier``)."""
    return user.is_authenticated and user.est_administrateur


@regle("tableau_de_bord.porteur")
def tableau_porteur(user, obj=None):
    return user.is_authenticated and user.est_porteur


@regle("tableau_de_bord.instructeur")
def tableau_instructeur(user, obj=None):
    return user.is_authenticated and (user.est_instructeur or user.est_administrateur)


@regle("tableau_de_bord.administrateur")
def tableau_administrateur(user, obj=None):
    return user.is_authenticated and user.est_administrateur


@regle("journal.consulter")
def journal_consulter(user, obj=None):
    """The audit trail is read by administrateurs only (it names every actor)."""
    return user.is_authenticated and user.est_administrateur
