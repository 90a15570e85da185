"""Access rules about tiers-lieux.

« Manages this tiers-lieu » is written here once, object and queryset forms: every rule about a
dossier, a grant or a tiers-lieu of a porteur asks ``gere_le_tiers_lieu`` / ``q_gere``.
"""

from django.db.models import Q

from commun.politique import regle


def gere_le_tiers_lieu(user, tiers_lieu) -> bool:
    """Whether ``user`` is a porteur managing ``tiers_lieu`` (one of its ``gestionnaires``)."""
    return bool(user.is_authenticated and user.est_porteur and tiers_lieu.gestionnaires.filter(pk=user.pk).exists())


def q_gere(user, chemin: str = "") -> Q:
    """The same in SQL: the rows whose tiers-lieu (reached by ``chemin``, e.g. ``"tiers_lieu__"``)
    ``user`` manages. One row per object: a person is once among a tiers-lieu's managers."""
    if not (user.is_authenticated and user.est_porteur):
        return Q(pk__in=[])
    return Q(**{f"{chemin}gestionnaires": user})


@regle("tiers_lieu.gerer", portee=q_gere)
def gerer(user, tiers_lieu):
    """The tiers-lieux a porteur manages (« Mes tiers-lieux »)."""
    return gere_le_tiers_lieu(user, tiers_lieu)


@regle("tiers_lieu.creer")
def creer(user, obj=None):
    return user.is_authenticated and user.est_porteur


@regle("tiers_lieu.voir")
def voir(user, tiers_lieu):
    if not user.is_authenticated:
        return False
    if user.est_administrateur or user.est_instructeur:
        return True
    return gere_le_tiers_lieu(user, tiers_lieu)


@regle("tiers_lieu.modifier")
def modifier(user, tiers_lieu):
    if not user.is_authenticated:
        return False
    if user.est_administrateur:
        return True
    return gere_le_tiers_lieu(user, tiers_lieu)


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
