"""What a dossier still lacks before it can be deposited (the completeness checklist).

Drafts accept anything valid, even incomplete; completeness is judged here, at deposit time and
on the checklist the applicant sees: the fields the schema marks ``obligatoire`` (``schema.py``), and
the rules a section names in ``Section.controle`` (roles, budget, amounts, attachments).
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings

from appels.regles_financieres import NOMBRE_ANNEES, verifier_montants

from ..models import Dossier, PieceJointe
from ..schema import (  # noqa: F401  (sections_du_dossier: read here by the services)
    SECTIONS,
    SECTIONS_PAR_CODE,
    Section,
    sections_du_dossier,
)

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


def _manques_budget(section: Section, dossier: Dossier) -> list[Manque]:
    """Charges and resources of each year, and the explanation of a budget out of balance."""
    contenu = dossier.section(section.code)
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


def _manques_roles(section: Section, dossier: Dossier) -> list[Manque]:
    """The roles of a Fabrique: at least one described, or all when the portal asks for them."""
    contenu = dossier.section(section.code)
    titre = section.titre
    vides = [c.code for c in section.champs if _vide(contenu.get(c.code))]
    if quatre_roles_obligatoires():
        if vides:
            return [
                Manque(
                    "roles",
                    f"{titre} : {len(vides)} rôle{'s' if len(vides) > 1 else ''} à décrire "
                    "(ce portail demande les quatre rôles, choix du programme).",
                )
            ]
        return []
    if len(vides) == len(section.champs):
        return [Manque("roles", f"{titre} : décrivez au moins l'un des quatre rôles.")]
    return []


def _manques_montants(section: Section, dossier: Dossier) -> list[Manque]:
    """The amounts within the grant rules, and the investment project when the bonus is asked."""
    manques = [
        Manque("montants", ecart.message)
        for ecart in verifier_montants(
            dossier.montants,
            bonus_numerique=dossier.bonus_numerique,
            en_qpv_ou_proximite=dossier.tiers_lieu.en_qpv_ou_proximite,
            complet=True,
            regles=dossier.regles,
        )
    ]
    if dossier.bonus_numerique and _vide(dossier.section("montants").get("projet_numerique")):
        manques.append(Manque("montants", "Décrivez le projet d'investissement numérique financé par le bonus."))
    return manques


def _manques_pieces(section: Section, dossier: Dossier) -> list[Manque]:
    if "pieces" in getattr(dossier, "_prefetched_objects_cache", {}):
        presentes = {piece.type for piece in dossier.pieces.all()}
    else:
        presentes = set(dossier.pieces.values_list("type", flat=True))
    return [
        Manque("pieces", f"Pièce manquante : {PieceJointe.Type(type_piece).label}.")
        for type_piece in PIECES_OBLIGATOIRES
        if type_piece not in presentes
    ]


def _manques_champs(section: Section, dossier: Dossier) -> list[Manque]:
    """The generic rule: every field the schema marks ``obligatoire`` is filled."""
    contenu = dossier.section(section.code)
    vides = [c for c in section.obligatoires if _vide(contenu.get(c.code))]
    if vides:
        return [Manque(section.code, f"{section.titre} : {len(vides)} champ{'s' if len(vides) > 1 else ''} à compléter.")]
    return []


# The sections' own rules, named by ``Section.controle`` in the schema; the others use ``_manques_champs``.
CONTROLES = {"roles": _manques_roles, "budget": _manques_budget, "montants": _manques_montants, "pieces": _manques_pieces}
# Checked first: the fields of the text sections, then the sections' own rules, in the schema's order.
_ORDRE = ("", "roles", "budget", "montants", "pieces")


def dossier_manques(dossier: Dossier, sections: list[Section] | None = None) -> list[Manque]:
    """Return everything that prevents ``dossier`` from being deposited (empty: it is complete),
    section by section as the schema (``sections``, the portal's by default) describes them."""
    sections = SECTIONS if sections is None else sections
    manques: list[Manque] = []
    for section in sorted(sections, key=lambda s: _ORDRE.index(s.controle) if s.controle in _ORDRE else 0):
        controle = CONTROLES[section.controle] if section.controle else _manques_champs
        manques += controle(section, dossier)
    return manques


def sections_avec_etat(dossier: Dossier) -> list[dict]:
    """Return each section with its missing items and whether the applicant started it."""
    sections = list(sections_du_dossier(dossier).values())
    manques = dossier_manques(dossier, sections)
    etat = []
    for section in sections:
        siens = [m for m in manques if m.section == section.code]
        if section.code == "pieces":
            commencee = dossier.pieces.exists()
        elif section.code == "montants":
            commencee = any(m is not None for m in dossier.montants) or bool(dossier.section("montants"))
        else:
            commencee = any(not _vide(v) for v in dossier.section(section.code).values())
        etat.append({"section": section, "manques": siens, "complete": not siens, "commencee": commencee})
    return etat
