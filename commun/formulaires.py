"""Helpers shared by the forms of every app."""
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from .erreurs import ErreurMetier
from .montants import CENTIME, NombreIllisible, formater_euros, lire_decimal


class ChampMontant(forms.DecimalField):
    """An amount in euros typed the French way: « 50 000 », « 50 000,00 € » or « 50000.5 ».

    Read by ``commun.montants.lire_decimal``: « 50.000 » (a point for thousands) or « 1_000 » are
    refused with the reason, never read as another amount. A saved amount shows as « 45 000,00 »;
    what was typed and refused shows as typed.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            montant = Decimal(value)
        else:
            try:
                montant = lire_decimal(str(value))
            except NombreIllisible as erreur:
                raise ValidationError(str(erreur), code="invalid") from None
            if montant is None:
                return None
        if not montant.is_finite():
            raise ValidationError("Saisissez un montant en euros, par exemple 50 000 ou 49 999,50.", code="invalid")
        if montant != montant.quantize(CENTIME):
            raise ValidationError("Deux chiffres après la virgule au maximum (des centimes).", code="decimales")
        return montant.quantize(CENTIME)

    def prepare_value(self, value):
        if isinstance(value, str) and re.fullmatch(r"-?\d+\.\d{2}", value):  # as stored in a JSON content
            value = Decimal(value)
        if isinstance(value, Decimal) and value.is_finite():
            return formater_euros(value, espace=" ").removesuffix(" €")
        return value


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
