"""The one policy layer: who may see or do what.

Each app declares its rules in ``<app>/regles.py`` with ``@regle("dossier.voir")``; views, API
views, downloads and exports all ask ``peut(user, "dossier.voir", dossier)`` or ``exiger(...)``;
services ask ``verifier(user, "regle", objet)`` (a domain error, ``AccesRefuse``); templates ask
``{% peut "regle" objet as ok %}`` (``commun/templatetags/portail.py``).

A rule may also declare its queryset form, the same decision in SQL, next to its object form::

    @regle("dossier.voir", portee=lambda user: Q(...))
    def dossier_voir(user, dossier): ...

and lists ask ``filtrer(user, "dossier.voir", Dossier.objects.all())``. A rule name nobody
declared is a programming error: every call raises ``RegleInconnue``, whoever asks.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Q

_REGLES: dict[str, Callable] = {}
_PORTEES: dict[str, Callable] = {}


class RegleInconnue(KeyError):
    """A rule name no ``regles.py`` declares (a typo, or a rule never written)."""


def regle(nom: str, *, portee: Callable | None = None):
    """Register the function deciding permission ``nom``: ``f(user, obj=None) -> bool``, and, when
    given, its queryset form ``portee(user) -> Q`` (the objects ``user`` may ``nom``)."""

    def decorer(fonction):
        if nom in _REGLES and _REGLES[nom] is not fonction:
            raise ValueError(f"La règle {nom!r} est déjà déclarée.")
        _REGLES[nom] = fonction
        if portee is not None:
            _PORTEES[nom] = portee
        return fonction

    return decorer


def _regle(nom: str) -> Callable:
    try:
        return _REGLES[nom]
    except KeyError:
        raise RegleInconnue(f"Règle d'accès inconnue : {nom}") from None


def peut(user, nom: str, obj=None) -> bool:
    """Return whether ``user`` may do ``nom`` (on ``obj``). An unknown rule name raises."""
    fonction = _regle(nom)
    if user is None or not user.is_active:
        return False
    return bool(fonction(user, obj))


def exiger(user, nom: str, obj=None) -> None:
    """Raise ``PermissionDenied`` (403) unless ``user`` may do ``nom``."""
    if not peut(user, nom, obj):
        raise PermissionDenied("Vous n'avez pas accès à cette page ou à cette action.")


def verifier(user, nom: str, obj=None, message: str | None = None) -> None:
    """For services: raise ``AccesRefuse`` (a domain error, French message) unless ``user`` may do ``nom``."""
    if not peut(user, nom, obj):
        from commun.erreurs import AccesRefuse

        raise AccesRefuse(message or "Vous n'avez pas le droit de faire cette opération.")


def portee(user, nom: str) -> Q:
    """The queryset form of rule ``nom`` for ``user``: a ``Q`` selecting the objects they may ``nom``."""
    _regle(nom)
    if nom not in _PORTEES:
        raise RegleInconnue(f"La règle {nom} n'a pas de forme « queryset » (portee=).")
    if user is None or not user.is_active:
        return Q(pk__in=[])
    return _PORTEES[nom](user)


def filtrer(user, nom: str, queryset):
    """Keep, in ``queryset``, the objects ``user`` may ``nom`` (the rule's declared ``portee``). A
    ``portee`` joins so that each object stays one row (no ``distinct()``: lists annotate and paginate)."""
    return queryset.filter(portee(user, nom))


def regles_declarees() -> list[str]:
    return sorted(_REGLES)


def regles_avec_portee() -> list[str]:
    return sorted(_PORTEES)
