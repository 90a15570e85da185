"""The shapes of a dossier's sections, as plain data: a call's file describes its sections with them.

``candidatures.schema`` builds the Fabriques' sections with these shapes and holds what reads a
dossier (anonymisation, checks, comparison); a call's file (``appels.format``) builds the same
shapes with ``sections_depuis_donnees``.
"""

from collections.abc import Mapping
from dataclasses import dataclass

LONGUEUR_TEXTE = 5000  # a free text of the dossier, unless its field says otherwise


class Type:
    """The kinds of field a section may hold."""

    TEXTE = "texte"  # a free text on several lines (a count of characters shows as one types)
    LIGNE = "ligne"  # a text on one line
    MONTANT = "montant"  # an amount in euros, never negative, kept as a string « 120000.00 »
    CASE = "case"  # yes or no
    CHOIX = "choix"  # one of ``choix``

    TOUS = (TEXTE, LIGNE, MONTANT, CASE, CHOIX)


@dataclass(frozen=True)
class Champ:
    """One field of a section, stored under ``code`` in ``Dossier.contenu[section]`` (or in a
    column of the dossier when ``colonne``)."""

    code: str
    libelle: str
    type: str = Type.TEXTE
    longueur_max: int | None = None  # texts: LONGUEUR_TEXTE when not given
    obligatoire: bool = False  # needed before the deposit
    identifiant: bool = False  # names the applicant: hidden from reviewers of an anonymous wave
    aide: str = ""
    lignes: int = 6  # height of a free text's box
    choix: tuple[tuple[str, str], ...] = ()  # (value, label) of a ``Type.CHOIX``
    colonne: bool = False  # stored in a column of ``Dossier`` of the same name, not in its content

    def __post_init__(self):
        if self.type not in Type.TOUS:
            raise ValueError(f"Type de champ inconnu pour « {self.code} » : {self.type}.")
        if self.type == Type.TEXTE and self.longueur_max is None:
            object.__setattr__(self, "longueur_max", LONGUEUR_TEXTE)

    @property
    def est_texte(self) -> bool:
        return self.type in (Type.TEXTE, Type.LIGNE)


@dataclass(frozen=True)
class Section:
    """One section of the dossier, in the order of the AMI.

    ``controle`` names the section's own completeness rule (``completude.CONTROLES``), said instead
    of the generic « N champs à compléter » (the roles, the budget, the amounts, the attachments).
    """

    code: str
    titre: str
    aide: str = ""
    champs: tuple[Champ, ...] = ()
    controle: str = ""

    @property
    def champs_par_code(self) -> dict[str, Champ]:
        return {c.code: c for c in self.champs}

    @property
    def obligatoires(self) -> list[Champ]:
        return [c for c in self.champs if c.obligatoire]

    def champ(self, code: str) -> Champ:
        return self.champs_par_code[code]


def sections_depuis_donnees(donnees: list[Mapping]) -> list[Section]:
    """Build sections from plain data (as read from a TOML or YAML file): a list of
    ``{code, titre, aide?, controle?, champs: [{code, libelle, type?, longueur_max?, …}]}``."""
    sections = []
    for section in donnees:
        champs = tuple(Champ(**{**c, "choix": tuple(tuple(x) for x in c.get("choix", ()))}) for c in section.get("champs", ()))
        sections.append(Section(**{**section, "champs": champs}))
    return sections


TYPES_DE_CHAMP = Type.TOUS
