"""The audit journal as a person reads it: French labels for the actions and states, formatted
values; the raw record stays one click away (``comptes/journal.html``).

Only the reading changes: entries are stored as the services write them (``commun.journal``).
"""

import datetime as dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats
from django.utils.dateparse import parse_date, parse_datetime

from .actions import ACTIONS as ACTIONS_AUDITEES
from .temps import en_paris

ACTIONS = ACTIONS_AUDITEES  # the one list, with its French labels (commun/actions.py)

CLES = {
    "automatique": "automatique",
    "avis": "avis",
    "bonus": "bonus numérique",
    "brouillons": "brouillons",
    "commentaire": "commentaire",
    "courriels": "courriels",
    "date_limite": "date limite",
    "date_versement": "date du versement",
    "departement": "département",
    "en_instruction": "en instruction",
    "explication": "explication",
    "instructeur": "instructeur",
    "montant": "montant",
    "montants": "montants",
    "motif": "motif",
    "numero": "numéro",
    "reference_mandat": "référence du mandat",
    "resultat": "décision",
    "role": "rôle",
    "section": "section",
    "sections": "sections",
    "siret": "SIRET",
    "type": "type",
    "vague": "vague",
    "affectations": "affectations",
    "recus": "courriels reçus",
    "coupes": "courriels coupés",
    "laureats": "lauréats",
    "sha256": "empreinte SHA-256",
    "tiers_lieu": "tiers-lieu",
    "publication": "publication",
}
# States of objects whose model has no « statut » field: the field that holds them instead.
CHAMPS_ETAT = {"fabriques.label": "type", "fabriques.tierslieu": "implantation"}
ETATS_HORS_CHOIX = {"non_renseignee": "Non renseignée"}
_MONTANT = re.compile(r"-?\d+\.\d{2}")


@dataclass(frozen=True)
class EntreeLisible:
    action: str
    etat: str
    donnees: list[tuple[str, str]]
    brut: str


def libelle_action(code: str) -> str:
    """Return the French label of an audited action (the code, made readable, if unknown)."""
    if code in ACTIONS:
        return ACTIONS[code]
    famille, _, suite = code.partition(".")
    if famille in ("versement", "subvention") and suite:
        modele = "versement" if famille == "versement" else "historiquesubvention"
        champ = "statut" if famille == "versement" else "action"
        libelle = _choix("financement", modele, champ).get(suite, suite.replace("_", " "))
        return f"{famille.capitalize()} : {libelle[0].lower()}{libelle[1:]}"
    return code.replace(".", " · ").replace("_", " ")


def _choix(app_label: str, modele: str, champ: str = "statut") -> dict[str, str]:
    try:
        field = apps.get_model(app_label, modele)._meta.get_field(champ)
    except (LookupError, ValueError, FieldDoesNotExist):  # no such model or field: the code is shown
        return {}
    return {str(valeur): str(libelle) for valeur, libelle in (field.flatchoices or [])}


def libelle_etat(objet_type: str, code: str) -> str:
    """Return the French label of a state of ``objet_type`` (« candidatures.dossier »), as its model names it."""
    if not code:
        return "—"
    app_label, _, modele = objet_type.partition(".")
    choix = _choix(app_label, modele, CHAMPS_ETAT.get(objet_type, "statut"))
    return choix.get(code) or ETATS_HORS_CHOIX.get(code) or code.replace("_", " ")


def valeur_lisible(valeur, cle: str = "") -> str:
    """Format a value of an entry's data: oui/non, dates in French, amounts in euros, lists joined."""
    from .montants import formater_euros

    if valeur is None or valeur == "":
        return "—"
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, list | tuple):
        return ", ".join(valeur_lisible(v, cle) for v in valeur) or "aucun"
    if isinstance(valeur, dict):
        return " ; ".join(f"{cle_lisible(k)} : {valeur_lisible(v, k)}" for k, v in valeur.items()) or "—"
    if isinstance(valeur, str):
        moment = parse_datetime(valeur) if "T" in valeur else None
        if moment is not None and moment.tzinfo is not None:
            return formats.date_format(en_paris(moment), "j F Y à H:i")
        jour = parse_date(valeur) if len(valeur) == 10 else None
        if isinstance(jour, dt.date):
            return formats.date_format(jour, "j F Y")
        if _MONTANT.fullmatch(valeur) and "montant" in cle:
            return formater_euros(Decimal(valeur))
    return str(valeur)


def cle_lisible(cle) -> str:
    cle = str(cle)
    return CLES.get(cle, cle.replace("_", " "))


def entree_lisible(entree) -> EntreeLisible:
    """Return what the journal page shows of ``entree`` (a ``commun.models.EntreeJournal``)."""
    etat = ""
    if entree.etat_avant or entree.etat_apres:
        etat = f"{libelle_etat(entree.objet_type, entree.etat_avant)} → {libelle_etat(entree.objet_type, entree.etat_apres)}"
    donnees = [(cle_lisible(cle), valeur_lisible(valeur, str(cle))) for cle, valeur in (entree.donnees or {}).items()]
    brut = "\n".join(
        [
            f"action : {entree.action}",
            f"objet : {entree.objet_type} n° {entree.objet_id}",
            *([f"état : {entree.etat_avant or '—'} → {entree.etat_apres or '—'}"] if etat else []),
            f"données : {json.dumps(entree.donnees, ensure_ascii=False, indent=2, sort_keys=True)}",
        ]
    )
    return EntreeLisible(action=libelle_action(entree.action), etat=etat, donnees=donnees, brut=brut)
