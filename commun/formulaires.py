"""Helpers shared by the forms of every app."""

import re
from decimal import Decimal

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates

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


def nombre_de_caracteres(nombre: int) -> str:
    """Write a count the French way, with a narrow no-break space: « 3 000 »."""
    return f"{nombre:,}".replace(",", "\u202f")


class RenduPortail(DjangoTemplates):
    """The form renderer of the whole portal (``FORM_RENDERER``): every widget of every form goes
    through it, the portal's own and allauth's.

    A field with ``max_length`` never carries the HTML ``maxlength``: with it the browser cuts a
    pasted text at the limit without a word, and the cut text is what gets saved. The limit travels
    as ``data-longueur-max`` instead: ``static/portail/formulaires.js`` shows the count and the limit as
    one types (the hint says the limit without JavaScript), and the server refuses an over-long text
    with a message that keeps it in the field (Django's ``MaxLengthValidator``).
    """

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if isinstance(widget, dict) and isinstance(widget.get("attrs"), dict):
            attrs = widget["attrs"]  # built afresh by Widget.get_context for this rendering
            longueur = attrs.pop("maxlength", None)
            if longueur is not None:
                attrs["data-longueur-max"] = str(longueur)
        return super().render(template_name, context, request=request)


class ChampTexte(forms.CharField):
    """A free text with a limit, counted as the person sees it: a line break is one character.

    Browsers send a textarea's line breaks as CRLF; Django would count each as two characters and
    refuse a text the counter showed within its limit.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The limit is checked by ``validate``, with the numbers written the French way.
        self.validators = [v for v in self.validators if not isinstance(v, validators.MaxLengthValidator)]

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\r\n", "\n")
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if self.max_length is not None and value and len(value) > self.max_length:
            raise ValidationError(
                f"Ce texte compte {nombre_de_caracteres(len(value))} caractères : "
                f"{nombre_de_caracteres(self.max_length)} au maximum. Il est conservé ci-dessous : "
                "raccourcissez-le puis enregistrez.",
                code="max_length",
            )


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
