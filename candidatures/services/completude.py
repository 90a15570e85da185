"""What a dossier still lacks before it can be deposited (the completeness checklist).

Drafts accept anything valid, even incomplete; completeness is judged here, at deposit time and
on the checklist the applicant sees.
"""
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings

from ..models import Dossier, PieceJointe
from ..regles_financieres import NOMBRE_ANNEES, verifier_montants
from ..sections import SECTIONS, SECTIONS_PAR_CODE

# Fields each text section must fill (keys of ``Dossier.contenu[section]``).
CHAMPS_OBLIGATOIRES = {
    "presentation": ["nom_projet", "resume", "publics"],
    "ambition": ["essor_territoire", "autres_tiers_lieux"],
    "ancrage": ["diagnostic", "porteur"],
    "gouvernance": ["instances", "contribution"],
    "modele_economique": ["modele", "equilibre"],
    "partenaires": ["partenaires"],
}
# The four roles of a Fabrique described by the AMI (002). How many must be described is the
# portal's choice (setting PROGRAMME_QUATRE_ROLES_OBLIGATOIRES), never a rule of the AMI.
CHAMPS_ROLES = ["ressources", "formation", "creation", "inclusion_numerique"]
PIECES_OBLIGATOIRES = [PieceJointe.Type.STATUTS, PieceJointe.Type.BUDGET]


@dataclass(frozen=True)
class Manque:
    """One missing or wrong element, in the section where the applicant fixes it."""

    section: str
    message: str

    @property
    def titre_section(self) -> str:
        return SECTIONS_PAR_CODE[self.section].titre


def _vide(valeur) -> bool:
    return valeur is None or (isinstance(valeur, str) and not valeur.strip())


def _decimal(valeur):
    try:
        return None if _vide(valeur) else Decimal(str(valeur))
    except InvalidOperation:
        return None


def budget_a_expliquer(contenu: dict) -> str | None:
    """Return why the budget section ``contenu`` needs its explanation before the deposit, or None:
    charges and resources of a year differ and the explanation is empty. Said on saving the section,
    next to the explanation field, and again on the checklist."""
    desequilibres = []
    for annee in range(1, NOMBRE_ANNEES + 1):
        charges, ressources = _decimal(contenu.get(f"charges_{annee}")), _decimal(contenu.get(f"ressources_{annee}"))
        if charges is not None and ressources is not None and charges != ressources:
            desequilibres.append(annee)
    if not desequilibres or not _vide(contenu.get("explication")):
        return None
    annees = ", ".join(str(a) for a in desequilibres)
    return f"Le budget n'est pas équilibré (année {annees}) : expliquez l'écart."


def _manques_budget(contenu: dict) -> list[Manque]:
    manques = []
    for annee in range(1, NOMBRE_ANNEES + 1):
        charges, ressources = _decimal(contenu.get(f"charges_{annee}")), _decimal(contenu.get(f"ressources_{annee}"))
        if charges is None or ressources is None:
            manques.append(Manque("budget", f"Année {annee} : indiquez le total des charges et celui des ressources."))
    if explication := budget_a_expliquer(contenu):
        manques.append(Manque("budget", explication))
    return manques


def quatre_roles_obligatoires() -> bool:
    """Whether the portal asks for all four roles (its own choice: the AMI does not)."""
    return settings.PROGRAMME_QUATRE_ROLES_OBLIGATOIRES


def _manques_roles(contenu: dict) -> list[Manque]:
    titre = SECTIONS_PAR_CODE["roles"].titre
    vides = [c for c in CHAMPS_ROLES if _vide(contenu.get(c))]
    if quatre_roles_obligatoires():
        if vides:
            return [Manque("roles", f"{titre} : {len(vides)} rôle{'s' if len(vides) > 1 else ''} à décrire "
                                    "(ce portail demande les quatre rôles, choix du programme).")]
        return []
    if len(vides) == len(CHAMPS_ROLES):
        return [Manque("roles", f"{titre} : décrivez au moins l'un des quatre rôles.")]
    return []


def dossier_manques(dossier: Dossier) -> list[Manque]:
    """Return everything that prevents ``dossier`` from being deposited (empty: it is complete)."""
    manques: list[Manque] = []
    for code, champs in CHAMPS_OBLIGATOIRES.items():
        contenu = dossier.section(code)
        titre = SECTIONS_PAR_CODE[code].titre
        vides = [c for c in champs if _vide(contenu.get(c))]
        if vides:
            manques.append(Manque(code, f"{titre} : {len(vides)} champ{'s' if len(vides) > 1 else ''} à compléter."))
    manques += _manques_roles(dossier.section("roles"))
    manques += _manques_budget(dossier.section("budget"))
    for ecart in verifier_montants(
        dossier.montants, bonus_numerique=dossier.bonus_numerique,
        en_qpv_ou_proximite=dossier.tiers_lieu.en_qpv_ou_proximite, complet=True,
    ):
        manques.append(Manque("montants", ecart.message))
    if dossier.bonus_numerique and _vide(dossier.section("montants").get("projet_numerique")):
        manques.append(Manque("montants", "Décrivez le projet d'investissement numérique financé par le bonus."))
    if "pieces" in getattr(dossier, "_prefetched_objects_cache", {}):
        presentes = {piece.type for piece in dossier.pieces.all()}
    else:
        presentes = set(dossier.pieces.values_list("type", flat=True))
    for type_piece in PIECES_OBLIGATOIRES:
        if type_piece not in presentes:
            manques.append(Manque("pieces", f"Pièce manquante : {PieceJointe.Type(type_piece).label}."))
    return manques


def sections_avec_etat(dossier: Dossier) -> list[dict]:
    """Return each section with its missing items and whether the applicant started it."""
    manques = dossier_manques(dossier)
    etat = []
    for section in SECTIONS:
        siens = [m for m in manques if m.section == section.code]
        if section.code == "pieces":
            commencee = dossier.pieces.exists()
        elif section.code == "montants":
            commencee = any(m is not None for m in dossier.montants) or bool(dossier.section("montants"))
        else:
            commencee = any(not _vide(v) for v in dossier.section(section.code).values())
        etat.append({"section": section, "manques": siens, "complete": not siens, "commencee": commencee})
    return etat
