"""Writes of the ``appels`` app: loading a call's file (a new version when the file changed)."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from commun.journal import journaliser

from .format import FichierInvalide, Probleme, _lignes_des_champs, en_donnees, lire
from .models import Appel, VersionAppel
from .programme import conflits_d_enveloppes

FICHIERS = Path(__file__).resolve().parent / "fichiers"
FABRIQUES = "fabriques-de-territoire"  # the programme's permanent call, given to waves created without one


@dataclass(frozen=True)
class Chargement:
    version: VersionAppel
    nouvelle: bool  # False: the same file was already loaded (no version created)


@transaction.atomic
def appel_charger(*, texte: str, nom_fichier: str = "", par=None) -> Chargement:
    """Check a call's file and keep it as the call's new version; an unchanged file makes none.

    Raise ``appels.format.FichierInvalide`` (every problem, with its line and field) when the file
    cannot be read, or when it gives a shared envelope another amount than a call already loaded
    (``appels.programme``). The versions already loaded, and the dossiers deposited under them, never change."""
    definition = lire(texte)
    conflits = conflits_d_enveloppes(definition)
    if conflits:
        lignes = _lignes_des_champs(texte)
        raise FichierInvalide([Probleme(lignes.get(champ), champ, message) for champ, message in conflits])
    empreinte = hashlib.sha256(texte.encode()).hexdigest()
    appel, cree = Appel.objects.select_for_update().get_or_create(slug=definition.slug, defaults={"nom": definition.nom})
    if not cree:
        deja = appel.versions.filter(empreinte=empreinte).first()
        if deja is not None:
            return Chargement(deja, False)
    derniere = appel.versions.order_by("-numero").values_list("numero", flat=True).first() or 0
    version = VersionAppel.objects.create(
        appel=appel,
        numero=derniere + 1,
        source=texte,
        nom_fichier=nom_fichier[:255],
        definition_json=en_donnees(definition),
        empreinte=empreinte,
        charge_par=par if getattr(par, "is_authenticated", False) else None,
    )
    if appel.nom != definition.nom:
        appel.nom = definition.nom
        appel.save(update_fields=["nom"])
    journaliser(
        acteur=par,
        action="appel.version_chargee",
        objet=appel,
        apres=f"version {version.numero}",
        donnees={"version": version.numero, "empreinte": empreinte, "fichier": nom_fichier},
    )
    return Chargement(version, True)


def appel_charger_fichier(chemin, *, par=None) -> Chargement:
    chemin = Path(chemin)
    return appel_charger(texte=chemin.read_text(encoding="utf-8"), nom_fichier=chemin.name, par=par)


def appel_fabriques() -> Appel:
    """The « Fabriques de territoire » call, loaded from its shipped file the first time it is needed."""
    appel = Appel.objects.filter(slug=FABRIQUES).first()
    if appel is None or appel.version_courante is None:
        appel = appel_charger_fichier(FICHIERS / f"{FABRIQUES}.toml").version.appel
    return appel


def appel_fabriques_id() -> int:
    """The default call of a wave (``Vague.appel``): the Fabriques call, loaded if needed."""
    return appel_fabriques().pk
