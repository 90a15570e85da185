"""The one way a service changes an object's status.

Each model with a life declares its table (from → allowed next statuses): ``TRANSITIONS_DOSSIER``,
``TRANSITIONS_VAGUE``, ``Subvention.TRANSITIONS``, ``Versement.TRANSITIONS``… The tables list
exactly what the services do (``tests/commun/test_transitions.py`` drives each one); a service
never assigns ``.statut`` itself (a guard test reads the service modules) but calls::

    transition(dossier, vers=Dossier.Statut.RETIRE, table=TRANSITIONS_DOSSIER, par=par,
               action="dossier.retire", champs={"retire_le": maintenant()})

inside its own transaction, after locking the row and checking its business rules: the table is
checked (``ConflitEtat`` with a French message otherwise), the status and ``champs`` are saved with
``update_fields``, and the audit entry is written (state before → after). Action names come from
``commun.actions.ACTIONS``.
"""

from collections.abc import Iterable, Mapping

from .erreurs import ConflitEtat
from .journal import journaliser


def libelle_statut(objet_ou_modele, statut) -> str:
    """Return the French label of ``statut`` for the model of ``objet_ou_modele``."""
    choix = dict(objet_ou_modele._meta.get_field("statut").choices or [])
    return str(choix.get(statut, statut))


def verifier_transition(table: Mapping, avant, vers, *, modele=None, message: str | None = None) -> None:
    """Raise ``ConflitEtat`` unless ``table`` allows ``avant`` → ``vers``."""
    if vers in table.get(avant, ()):
        return
    if message is None:
        nom = modele._meta.verbose_name if modele is not None else "objet"
        de = libelle_statut(modele, avant) if modele is not None else avant
        a = libelle_statut(modele, vers) if modele is not None else vers
        message = f"Changement impossible : {nom} « {de.lower()} » ne peut pas passer à « {a.lower()} »."
    raise ConflitEtat(message)


def transition(
    objet,
    *,
    vers,
    table: Mapping,
    par,
    action: str | None,
    champs: Mapping | None = None,
    donnees: dict | None = None,
    message: str | None = None,
    journal_objet=None,
):
    """Move ``objet`` to ``vers`` along ``table``; save the changed fields; journal ``action``.

    Call it inside the caller's transaction, on a row it has locked. ``champs`` are other fields
    set with the status (saved in the same UPDATE); ``modifie_le`` is saved too when the model has
    it. ``action=None`` writes no audit entry (the caller journals the change on another object,
    e.g. a complement request whose dossier's entry tells the story). ``message`` overrides the
    French refusal. ``vers`` equal to the current status is allowed (no move): the fields are saved
    and the entry written all the same. Returns the status before.
    """
    avant = objet.statut
    if vers != avant:  # staying in the same status is no move (an adjourned dossier adjourned again): nothing to check
        verifier_transition(table, avant, vers, modele=type(objet), message=message)
    objet.statut = vers
    for nom, valeur in (champs or {}).items():
        setattr(objet, nom, valeur)
    noms = ["statut", *(champs or {})]
    if any(f.name == "modifie_le" for f in objet._meta.concrete_fields):
        noms.append("modifie_le")
    objet.save(update_fields=list(dict.fromkeys(noms)))
    if action:
        journaliser(acteur=par, action=action, objet=journal_objet or objet, avant=avant, apres=vers, donnees=donnees)
    return avant


def transition_en_masse(queryset, *, de: Iterable, vers, table: Mapping, **champs) -> int:
    """Move every row of ``queryset`` whose status is in ``de`` to ``vers`` with one UPDATE (the
    caller journals them, e.g. with one INSERT … SELECT). Every ``de`` → ``vers`` must be in ``table``."""
    de = list(de)
    for avant in de:
        verifier_transition(table, avant, vers, modele=queryset.model)
    return queryset.filter(statut__in=de).update(statut=vers, **champs)
