"""Access rules of the decision aid: only administrateurs, who hold the committee, ask for a
proposal and apply it."""

from commun.politique import regle


@regle("selection.proposer")
def proposer(user, obj=None):
    """Ask for a proposal of selection for a wave and apply it as provisional decisions."""
    return user.is_authenticated and user.est_administrateur
