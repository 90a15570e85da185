"""The one base class of domain errors.

A service raises a ``ErreurMetier`` with a French message that says which rule was broken.
Views turn it into a form error or a flash message, the API into a 400/409 JSON body: never a 500.
"""


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
