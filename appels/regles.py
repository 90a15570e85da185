"""Access rules about the calls: their files and versions are read by the programme team only
(the public reads a call through the API and the wave pages)."""

from commun.politique import regle


@regle("appel.consulter")
def consulter(user, appel=None):
    """The read-only page of the calls and their versions: administrateurs."""
    return bool(user.is_authenticated and user.est_administrateur)
