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
        widget = self.get_context(name, value, attrs)["widget"]
        morceaux = []
        for groupe, options, _index in widget["optgroups"]:
            html = format_html_join(
                "", "<option value=\"{}\"{}>{}</option>",
                (("" if o["value"] is None else o["value"], flatatt(o["attrs"]), o["label"]) for o in options),
            )
            morceaux.append(format_html("<optgroup label=\"{}\">{}</optgroup>", groupe, html) if groupe else html)
        return format_html("<select name=\"{}\"{}>{}</select>", widget["name"], flatatt(widget["attrs"]), mark_safe("".join(morceaux)))


def listes_rapides(form: forms.Form) -> None:
    """Render every plain single ``<select>`` of ``form`` with ``ListeRapide``."""
    for champ in form.fields.values():
        if type(champ.widget) is forms.Select:
            champ.widget.__class__ = ListeRapide
