"""The one base class of domain errors.

A service raises a ``ErreurMetier`` with a French message that says which rule was broken.
Views turn it into a form error or a flash message, the API into a 400/409 JSON body: never a 500.
"""

from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse


class ErreurMetier(Exception):
    """A rule of the programme forbids the operation."""

    code = "regle_metier"
    statut_http = 400

    def __init__(self, message: str, *, champ: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.champ = champ
        if code:
            self.code = code


class ConflitEtat(ErreurMetier):
    """The object is not in a state that allows the operation (e.g. already deposited)."""

    code = "conflit_etat"
    statut_http = 409


class AccesRefuse(ErreurMetier):
    """The user may not do this."""

    code = "acces_refuse"
    statut_http = 403


class ConfirmationRequise(ErreurMetier):
    """The operation is unusual (a payment before its date, a grant above the amount asked): the
    caller must confirm it explicitly. Pages answer with a confirmation page, the API with a 400 on
    the field ``confirme``."""

    code = "confirmation_requise"
    statut_http = 400

    def __init__(self, message: str, *, champ: str = "confirme", code: str | None = None):
        super().__init__(message, champ=champ, code=code)


def erreur_en_message(vers=None, *arguments: str, ancre: str = ""):
    """Decorate a view so that a domain error becomes a French flash message and a redirect.

    For the plain « try the service, say why it failed, go back » views; a view that shows the
    error on a form field (``commun.formulaires.erreur_metier_dans_formulaire``) or on a
    confirmation page keeps its own ``except``. The redirect goes to:

    - ``vers=None``: the same page (the request's path and query string), for a page answering GET;
    - ``vers="app:nom"``: that URL, reversed with the view's keyword arguments named in ``arguments``
      (``@erreur_en_message("candidatures:dossier", "pk")``);
    - ``vers`` a callable: ``vers(request, *args, **kwargs)`` returns the URL;

    followed by ``ancre`` (« #versements »). Put it right above the ``def``, under ``login_required``
    and ``require_POST``: it catches what the view's body raises, nothing else.
    """

    def decorer(vue):
        @wraps(vue)
        def enveloppe(request, *args, **kwargs):
            try:
                return vue(request, *args, **kwargs)
            except ErreurMetier as erreur:
                messages.error(request, erreur.message)
                if vers is None:
                    url = request.get_full_path()
                elif callable(vers):
                    url = vers(request, *args, **kwargs)
                else:
                    url = reverse(vers, kwargs={nom: kwargs[nom] for nom in arguments})
                return redirect(url + ancre)

        return enveloppe

    return decorer
