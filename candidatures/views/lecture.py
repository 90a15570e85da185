"""A dossier read, not edited: each section with its fields' labels and saved values, in the order of
the AMI. The applicant's page and the reviewer's page show the same reading."""
from commun.formulaires import ChampMontant
from commun.templatetags.portail import euros

from ..forms import formulaire_section
from ..models import Dossier
from ..sections import CHAMPS_IDENTIFIANTS
from ..services.completude import sections_avec_etat


def sections_lues(dossier: Dossier, etats: list[dict] | None = None, masquer_identite: bool = False) -> list[dict]:
    """Return each section (``sections_avec_etat``) with ``champs``: label, value as shown, amount or
    not, masked or not (``masquer_identite``: the fields that name the applicant, in an anonymous review)."""
    blocs = []
    for etat in etats if etats is not None else sections_avec_etat(dossier):
        code = etat["section"].code
        champs = []
        if code != "pieces":
            form = formulaire_section(code, dossier)
            for champ in form:
                valeur = form.initial.get(champ.name)
                montant = isinstance(champ.field, ChampMontant)
                if montant:
                    valeur = euros(valeur) if valeur not in (None, "") else ""
                elif isinstance(valeur, bool):
                    valeur = "Oui" if valeur else "Non"
                masque = masquer_identite and champ.name in CHAMPS_IDENTIFIANTS.get(code, ())
                champs.append({"label": champ.label, "valeur": "" if masque else valeur, "montant": montant, "masque": masque})
        blocs.append({**etat, "champs": champs})
    return blocs
