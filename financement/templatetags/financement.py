"""Template helpers of the financement pages and documents."""

from django import template

from commun.montants import euros_texte as _euros_texte

register = template.Library()


@register.filter
def euros_texte(valeur) -> str:
    """Format an amount for plain text (e-mails, CSV): « 50 000,00 € »."""
    if valeur is None or valeur == "":
        return "—"
    return _euros_texte(valeur)
