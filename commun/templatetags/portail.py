"""Template helpers of the portal: DSFR form fields with their accessible attributes, money, file weights."""

from decimal import InvalidOperation

from django import forms, template
from django.utils.safestring import mark_safe

from commun import politique
from commun.formulaires import nombre_de_caracteres
from commun.montants import formater_euros
from commun.poids import poids as _poids
from commun.textes import marque_pluriel
from commun.widgets import ListeRapide

register = template.Library()

_GROUPES = (forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def type_champ(champ) -> str:
    """Return how a bound field is drawn: « groupe » (fieldset), « case », « liste », « fichier » or « texte »."""
    widget = champ.field.widget
    if isinstance(widget, _GROUPES):
        return "groupe"
    if isinstance(widget, forms.CheckboxInput):
        return "case"
    if isinstance(widget, forms.Select):
        return "liste"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "fichier"
    return "texte"


@register.filter
def limite_caracteres(champ) -> str:
    """Return the hint of a field with a length limit, « 3 000 caractères au maximum. », or ""."""
    longueur = getattr(champ.field, "max_length", None)
    if not longueur or type_champ(champ) != "texte" or champ.field.widget.is_hidden:
        return ""
    if getattr(champ.field.widget, "input_type", "") == "email":  # 254 or 320 characters: no address comes near
        return ""
    return f"{nombre_de_caracteres(longueur)} caractères au maximum."


@register.filter
def avertissement(champ) -> str:
    """Return what the form says of a field that is valid but still to do (``form.avertissements``)."""
    return getattr(champ.form, "avertissements", {}).get(champ.name, "")


@register.simple_tag
def widget_dsfr(champ):
    """Render the widget with the DSFR class, ``aria-describedby`` on help and errors, ``aria-invalid``."""
    attrs = {}
    decrit_par = []
    if champ.help_text:
        decrit_par.append(f"{champ.auto_id}-aide")
    if limite_caracteres(champ):
        decrit_par.append(f"{champ.auto_id}-compteur")
    if avertissement(champ) and not champ.errors:
        decrit_par.append(f"{champ.auto_id}-avertissement")
    if champ.errors:
        decrit_par.append(f"{champ.auto_id}-erreurs")
        attrs["aria-invalid"] = "true"
    if decrit_par:
        attrs["aria-describedby"] = " ".join(decrit_par)
    genre = type_champ(champ)
    if type(champ.field.widget) is forms.Select:
        # Same markup as Django's, built in one pass instead of one template per option.
        champ.field.widget.__class__ = ListeRapide
    classe = {"texte": "fr-input", "liste": "fr-select", "fichier": "fr-upload", "case": "", "groupe": ""}[genre]
    if classe:
        existant = champ.field.widget.attrs.get("class", "")
        attrs["class"] = f"{classe} {existant}".strip()
    return champ.as_widget(attrs=attrs)


@register.filter
def explication_option(champ, option) -> str:
    """Return the hint a form field gives for one of its choices (``field.explications``), or ""."""
    return getattr(champ.field, "explications", {}).get(option.data["value"], "")


@register.inclusion_tag("commun/accompagnement/bloc.html")
def accompagnement(forme: str = "page", laureat: bool = False):
    """The accompaniment and the contact of the programme (commun.accompagnement), as a DSFR
    callout (``page``), a PDF section (``pdf``) or plain text for e-mails (``texte``)."""
    from commun import accompagnement as source

    return {**source.contexte(), "forme": forme, "laureat": laureat}


@register.filter
def chaine_css(valeur) -> str:
    """Write ``valeur`` inside a CSS string (``content: "…"`` of a PDF's running header): every
    character that could end the string, the ``<style>`` element or be read as an entity becomes a
    CSS escape (« \\27 » for an apostrophe). ``escapejs`` gives JavaScript escapes (« \\u0027 »),
    which CSS does not know: the laureate list's header read « jusquu0027au »."""
    sortie = []
    for caractere in str(valeur):
        if caractere in "\\\"'<>&" or ord(caractere) < 0x20:
            sortie.append(f"\\{ord(caractere):x} ")
        else:
            sortie.append(caractere)
    return mark_safe("".join(sortie))


@register.filter
def euros(valeur) -> str:
    """Format a Decimal amount in French: « 50 000,00 € » (no float on the way)."""
    if valeur is None or valeur == "":
        return "—"
    try:
        # Only digits, a comma and the entity: safe to mark as HTML.
        return mark_safe(formater_euros(valeur, espace="&nbsp;"))
    except (InvalidOperation, TypeError, ValueError):
        return str(valeur)


@register.filter
def poids(octets) -> str:
    """A file's weight as the whole portal writes it: « 37,3 Ko », « 10 Mo » (see commun.poids)."""
    try:
        return _poids(octets).replace(" ", "\u00a0")
    except (TypeError, ValueError):
        return ""


@register.simple_tag(takes_context=True)
def peut(context, nom: str, objet=None) -> bool:
    """Ask the access policy from a template, the one way templates decide what to show:
    ``{% peut "instruction.comite" as ok %}{% if ok %}…{% endif %}`` (``objet`` optional). An
    unknown rule name raises, as everywhere."""
    user = context.get("user")
    if user is None and context.get("request") is not None:
        user = context["request"].user
    return politique.peut(user, nom, objet)


@register.filter
def pluriel(nombre, formes: str = "s") -> str:
    """The French plural mark, the portal's only one in templates (Django's ``pluralize`` writes
    « 0 dossiers »; tests/commun/test_pluriel.py refuses it): 0 and 1 take the singular, « 0 dossier »,
    « 1 dossier », « 2 dossiers ». ``formes`` is the plural suffix (« s », « x », « nt ») or
    « singulier,pluriel » for irregular forms (« a,ont », « est,sont », « au,aux »). A list or a
    queryset counts by its length."""
    try:
        n = len(nombre) if hasattr(nombre, "__len__") and not isinstance(nombre, str) else int(nombre)
    except (TypeError, ValueError):
        return ""
    return marque_pluriel(n, formes)
