"""Tools of the demo loader (``manage.py charger_demo``): load what is missing, leave what people
changed, and say what was skipped rather than stop.

The demo is used: a porteur renames her tiers-lieu, withdraws a dossier, an administrator closes a
wave. Loading it again must complete what is missing and never fail on such data.
"""

from contextlib import contextmanager
from functools import lru_cache

from django.contrib.auth.hashers import make_password
from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction

from .erreurs import ErreurMetier

MOT_DE_PASSE_DEMO = "Fabriques-Demo-2026"

# What data changed by people can raise in a loader: a rule of the programme, a model check, a
# uniqueness, a row gone or doubled. A programming error still stops the load, as it should.
ERREURS_DE_DONNEES = (ErreurMetier, ValidationError, IntegrityError, ObjectDoesNotExist, MultipleObjectsReturned)


def _message(erreur: Exception) -> str:
    if isinstance(erreur, ErreurMetier):
        return erreur.message
    if isinstance(erreur, ValidationError):
        return " ".join(erreur.messages)
    return str(erreur) or type(erreur).__name__


@contextmanager
def etape(stdout, libelle: str):
    """Run one step of the demo in a savepoint; if the data it meets forbids it, undo the step, say
    « Ignoré : <libelle> — <why> » and go on with the next one."""
    try:
        with transaction.atomic():
            yield
    except ERREURS_DE_DONNEES as erreur:
        ignorer(stdout, libelle, _message(erreur))


def ignorer(stdout, libelle: str, raison: str) -> None:
    """Say that a step was skipped, and count it when the loader keeps the count."""
    stdout.write(f"  Ignoré : {libelle} — {raison}")
    ignores = getattr(stdout, "ignores", None)
    if ignores is not None:
        ignores.append(libelle)


@lru_cache(maxsize=1)
def mot_de_passe_demo_hache() -> str:
    """The demo password hashed once: each hash takes half a second by design (PBKDF2), and the
    demo creates about twenty accounts."""
    return make_password(MOT_DE_PASSE_DEMO)
