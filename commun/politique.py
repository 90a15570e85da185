"""The one policy layer: who may see or do what.

Each app declares its rules in ``<app>/regles.py`` with ``@regle("dossier.voir")``; views, API
views, downloads and exports all ask ``peut(user, "dossier.voir", dossier)`` or ``exiger(...)``.
"""
from collections.abc import Callable

from django.core.exceptions import PermissionDenied

_REGLES: dict[str, Callable] = {}


def regle(nom: str):
    """Register the function deciding permission ``nom``: ``f(user, obj=None) -> bool``."""

    def decorer(fonction):
        if nom in _REGLES and _REGLES[nom] is not fonction:
            raise ValueError(f"La règle {nom!r} est déjà déclarée.")
        _REGLES[nom] = fonction
        return fonction

    return decorer


def peut(user, nom: str, obj=None) -> bool:
    """Return whether ``user`` may do ``nom`` (on ``obj``). Unknown rules deny."""
    if user is None or not user.is_active:
        return False
    fonction = _REGLES.get(nom)
    if fonction is None:
        raise KeyError(f"Règle d'accès inconnue : {nom}")
    return bool(fonction(user, obj))


def exiger(user, nom: str, obj=None) -> None:
    """Raise ``PermissionDenied`` (403) unless ``user`` may do ``nom``."""
    if not peut(user, nom, obj):
        raise PermissionDenied("Vous n'avez pas accès à cette page ou à cette action.")


def regles_declarees() -> list[str]:
    return sorted(_REGLES)
