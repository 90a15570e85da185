"""Form widgets of the portal."""

import hashlib

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from commun.cache import INVALIDATIONS, LISTES, en_cache

# Models whose lists of choices are kept in commun.cache: those whose saves renew the family LISTES
# (the waves, régions, départements and reviewers of the filters and the assignment forms; a change
# of a user's groups renews it too). Lists of other models are read each time.
MODELES_DES_LISTES = {modele.lower() for modele, familles, _ in INVALIDATIONS if LISTES in familles}


class ListeRapide(forms.Select):
    """A ``<select>`` with the same markup and attributes as Django's, built in Python in one pass
    instead of one template per option: a list of the 334 waves or the 101 départements renders in
    about a millisecond instead of tens (the instruction list's filters, bench/). ``widget_dsfr``
    (commun/templatetags/portail.py) draws every plain ``Select`` of the portal's forms with it.

    The options of a list of waves, régions, départements or reviewers are also kept in the cache
    (``commun.cache``, family ``LISTES``): the page then neither queries nor builds them; the chosen
    option is marked on the cached markup."""

    def render(self, name, value, attrs=None, renderer=None):
        attributs = self.build_attrs(self.attrs, attrs)
        if not self.use_required_attribute(value):
            attributs.pop("required", None)
        options = self._options()
        for texte in self.format_value(value):
            # Django selects the first option of each chosen value (only one in a single select).
            cherche = f'<option value="{escape(texte)}">'
            if cherche in options:
                options = options.replace(cherche, f'<option value="{escape(texte)}" selected>', 1)
                if not self.allow_multiple_selected:
                    break
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attributs), mark_safe(options))

    def _options(self) -> str:
        choix = self.choices
        if isinstance(choix, ModelChoiceIterator) and choix.queryset.model._meta.label_lower in MODELES_DES_LISTES:
            champ = choix.field
            requete, parametres = choix.queryset.query.sql_with_params()
            empreinte = hashlib.sha256(
                repr(
                    (
                        requete,
                        parametres,
                        type(champ).__module__,
                        type(champ).__qualname__,
                        champ.empty_label,
                    )
                ).encode()
            ).hexdigest()
            return en_cache(LISTES, f"options:{empreinte}", lambda: self._construire(choix))
        return self._construire(choix)

    def _construire(self, choix) -> str:
        morceaux = []
        for valeur, libelle in choix:
            if isinstance(libelle, (list, tuple)):  # an optgroup: (group label, [(value, label), …])
                options = format_html_join("", "{}", ((self._option(v, lib),) for v, lib in libelle))
                morceaux.append(format_html('<optgroup label="{}">{}</optgroup>', valeur, options))
            else:
                morceaux.append(self._option(valeur, libelle))
        return "".join(morceaux)

    @staticmethod
    def _option(valeur, libelle) -> str:
        texte = "" if valeur is None else str(valeur)
        return format_html('<option value="{}">{}</option>', texte, libelle)
