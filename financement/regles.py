"""Access rules about grants: administrateurs manage them; the porteur sees their own."""
from commun.politique import regle


def _gere_le_tiers_lieu(user, subvention) -> bool:
    return user.est_porteur and subvention.dossier.tiers_lieu.gestionnaires.filter(pk=user.pk).exists()


def _annoncee(subvention) -> bool:
    # A schedule still « proposée » is the committee's working draft: the laureate learns of it
    # through the notification, not before.
    return subvention.statut != subvention.Statut.PROPOSEE


@regle("financement.piloter")
def piloter(user, obj=None):
    return user.is_authenticated and user.est_administrateur


@regle("subvention.gerer")
def gerer(user, subvention=None):
    return user.is_authenticated and user.est_administrateur


@regle("subvention.voir")
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
