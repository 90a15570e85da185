"""Form widgets of the portal."""
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class ListeRapide(forms.Select):
    """A ``<select>`` with the same markup and attributes as Django's, built in Python in one pass
    instead of one template per option: a list of the 334 waves or the 101 départements renders in
    about a millisecond instead of tens (the instruction list's filters, bench/)."""

    def render(self, name, value, attrs=None, renderer=None):
        attributs = self.build_attrs(self.attrs, attrs)
        if not self.use_required_attribute(value):
            attributs.pop("required", None)
        choisies = set(self.format_value(value))
        morceaux = []
        for valeur, libelle in self.choices:
            if isinstance(libelle, (list, tuple)):  # an optgroup: (group label, [(value, label), …])
                options = format_html_join("", "{}", ((self._option(v, lib, choisies),) for v, lib in libelle))
                morceaux.append(format_html("<optgroup label=\"{}\">{}</optgroup>", valeur, options))
            else:
                morceaux.append(self._option(valeur, libelle, choisies))
        return format_html("<select name=\"{}\"{}>{}</select>", name, flatatt(attributs), mark_safe("".join(morceaux)))

    def _option(self, valeur, libelle, choisies: set) -> str:
        texte = "" if valeur is None else str(valeur)
        choisie = texte in choisies and (self.allow_multiple_selected or not choisies.discard(texte))
        return format_html("<option value=\"{}\"{}>{}</option>", texte, " selected" if choisie else "", libelle)


def listes_rapides(form: forms.Form) -> None:
    """Render every plain single ``<select>`` of ``form`` with ``ListeRapide``."""
    for champ in form.fields.values():
        if type(champ.widget) is forms.Select:
            champ.widget.__class__ = ListeRapide
