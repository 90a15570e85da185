"""Access rules about tiers-lieux."""
from commun.politique import regle


@regle("tiers_lieu.creer")
def creer(user, obj=None):
    return user.is_authenticated and user.est_porteur


@regle("tiers_lieu.voir")
def voir(user, tiers_lieu):
    if not user.is_authenticated:
        return False
    if user.est_administrateur or user.est_instructeur:
        return True
    return tiers_lieu.gestionnaires.filter(pk=user.pk).exists()


@regle("tiers_lieu.modifier")
def modifier(user, tiers_lieu):
    if not user.is_authenticated:
        return False
    if user.est_administrateur:
        return True
    return user.est_porteur and tiers_lieu.gestionnaires.filter(pk=user.pk).exists()


@regle("tiers_lieu.invitation_repondre")
def invitation_repondre(user, invitation):
    """Only the person the invitation was sent to answers it (signed in with that address)."""
    return user.is_authenticated and invitation.email.lower() == (user.email or "").lower()


@regle("label.enregistrer_historique")
def enregistrer_label_historique(user, obj=None):
    return user.is_authenticated and user.est_administrateur


@regle("implantation.fixer")
def fixer_implantation(user, obj=None):
    return user.is_authenticated and user.est_administrateur


@regle("qpv.importer")
def importer_qpv(user, obj=None):
    return user.is_authenticated and user.est_administrateur
