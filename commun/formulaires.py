"""Helpers shared by the forms of every app."""
from django import forms

from .erreurs import ErreurMetier


def erreur_metier_dans_formulaire(form: forms.BaseForm, erreur: ErreurMetier) -> None:
    """Show a domain error on the field it concerns, or at the top of the form."""
    champ = erreur.champ if erreur.champ in form.fields else None
    form.add_error(champ, erreur.message)


def executer_action(request, action, *, succes: str) -> bool:
    """Run ``action`` (a service call) for a POST view; flash its domain error or ``succes``.

    Return whether it succeeded. The caller redirects either way: the page shows the message.
    """
    from django.contrib import messages

    try:
        action()
    except ErreurMetier as erreur:
        messages.error(request, erreur.message)
        return False
    messages.success(request, succes)
    return True
