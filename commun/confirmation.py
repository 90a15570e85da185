"""Confirmation pages: one step before an action with large effects, or an unusual one.

A view that guards an action renders ``commun/confirmation.html`` (or a template extending it)
through ``confirmation_rendre``: the page says in numbers what will happen (« 12 courriels
partiront »), warns when the action is unusual, and posts back with ``confirme=1``. An unusual
action asks the administrateur to tick a box, and its service raises ``ConfirmationRequise`` while
``confirme`` is not given: neither a page nor the API can skip it. No JavaScript: a real page,
usable with the keyboard alone.
"""

from dataclasses import dataclass, field

from django import forms
from django.shortcuts import render

CHAMP = "confirme"
# Sent by every confirmation page: a post without the box ticked is then told to tick it, while
# the first post of an unusual action (from its own page) is answered with the confirmation page.
ETAPE = "depuis_confirmation"
VALEURS_VRAIES = {"1", "on", "true", "oui", "True"}


def est_confirme(donnees) -> bool:
    """Return whether ``donnees`` (request.POST or the API's JSON) carries an explicit confirmation."""
    valeur = donnees.get(CHAMP) if hasattr(donnees, "get") else None
    return valeur is True or str(valeur) in VALEURS_VRAIES


def depuis_la_confirmation(donnees) -> bool:
    """Return whether ``donnees`` were posted by a confirmation page."""
    return donnees.get(ETAPE) == "1"


@dataclass
class Confirmation:
    """What a confirmation page shows and posts.

    ``effets`` are the consequences, each a sentence with its numbers; ``avertissement`` makes the
    page a warning (the action is unusual) and ``case`` the label of the box to tick then; ``form``
    holds fields to fill (a mandatory reason); ``champs`` are carried over as hidden inputs.
    """

    titre: str
    action: str
    retour: str
    bouton: str
    effets: list[str] = field(default_factory=list)
    introduction: str = ""
    avertissement: str = ""
    case: str = ""
    definitif: str = ""
    form: forms.Form | None = None
    champs: dict = field(default_factory=dict)
    erreur: str = ""
    libelle_retour: str = "Annuler"


def confirmation_rendre(
    request, confirmation: Confirmation, *, gabarit: str = "commun/confirmation.html", status: int | None = None, **contexte
):
    """Render the confirmation page (status 400 when it comes back with an error to fix)."""
    en_erreur = bool(confirmation.erreur or (confirmation.form is not None and confirmation.form.errors))
    return render(
        request,
        gabarit,
        {"title": confirmation.titre, "confirmation": confirmation, "CHAMP_CONFIRME": CHAMP, "CHAMP_ETAPE": ETAPE, **contexte},
        status=status or (400 if en_erreur else 200),
    )
