"""``{% document_appel dossier "cle" numero=… as texte %}``: a call's wording in a template (e-mail
subjects), empty when the dossier's call does not give it — the template then keeps its own words."""

from django import template

from ..documents import document_du_dossier

register = template.Library()


@register.simple_tag
def document_appel(dossier, cle, **valeurs):
    return document_du_dossier(dossier, cle, **valeurs) if dossier is not None else ""
