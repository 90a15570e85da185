"""A dossier read, not edited: each section with its fields' labels and saved values, in the order of
the AMI. The applicant's page and the reviewer's page show the same reading, from the sections' schema."""

from ..models import Dossier
from ..schema import Type, valeur_lisible, valeurs_section
from ..services.completude import sections_avec_etat


def sections_lues(dossier: Dossier, etats: list[dict] | None = None, masquer_identite: bool = False) -> list[dict]:
    """Return each section (``sections_avec_etat``) with ``champs``: label, value as shown, amount or
    not, masked or not (``masquer_identite``: the fields that name the applicant, in an anonymous review)."""
    blocs = []
    for etat in etats if etats is not None else sections_avec_etat(dossier):
        section = etat["section"]
        valeurs = valeurs_section(dossier, section)
        champs = []
        for champ in section.champs:
            valeur = valeurs.get(champ.code)
            if champ.type in (Type.MONTANT, Type.CASE, Type.CHOIX):
                valeur = valeur_lisible(champ, valeur)
            masque = masquer_identite and champ.identifiant
            champs.append(
                {"label": champ.libelle, "valeur": "" if masque else valeur, "montant": champ.type == Type.MONTANT, "masque": masque}
            )
        blocs.append({**etat, "champs": champs})
    return blocs
