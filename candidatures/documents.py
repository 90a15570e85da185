"""PDF documents of the candidatures app: the laureate list, in the layout of the official list.

Building the rows (a read of the database) is separate from rendering (template → bytes), so the
renderer can be measured and tested on its own and rerun to the same content.
"""

from collections import OrderedDict
from dataclasses import dataclass

from commun.documents import rendre_pdf


@dataclass(frozen=True)
class LigneLaureat:
    region: str
    structure_porteuse: str
    departement: str  # « 84 - Vaucluse »
    commune: str
    numerique: bool
    nouvelle: bool
    ordre_selection: tuple = ()  # wave of selection (historical first): rows follow it, then the name


def grouper_par_region(lignes: list[LigneLaureat]) -> "OrderedDict[str, list[LigneLaureat]]":
    """Group rows by région in alphabetical order; within a région, by wave of selection, then name."""
    groupes: OrderedDict[str, list[LigneLaureat]] = OrderedDict()
    for ligne in sorted(lignes, key=lambda x: (_cle(x.region), x.ordre_selection, _cle(x.structure_porteuse), x.commune)):
        groupes.setdefault(ligne.region, []).append(ligne)
    return groupes


def _cle(texte: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", texte.casefold()) if not unicodedata.combining(c))


def contexte_liste(*, titre: str, sous_titre: str, date_publication, lignes: list[LigneLaureat], legende_nouvelle: str = "") -> dict:
    groupes = grouper_par_region(lignes)
    return {
        "titre": titre,
        "sous_titre": sous_titre,
        "date_publication": date_publication,
        "groupes": [
            {"region": region, "lignes": rangs, "nombre": len(rangs), "numeriques": sum(1 for r in rangs if r.numerique)}
            for region, rangs in groupes.items()
        ],
        "total": len(lignes),
        "total_numeriques": sum(1 for r in lignes if r.numerique),
        "total_nouvelles": sum(1 for r in lignes if r.nouvelle),
        "legende_nouvelle": legende_nouvelle,
    }


def rendre_liste_laureats(
    *, titre: str, sous_titre: str, date_publication, lignes: list[LigneLaureat], legende_nouvelle: str = ""
) -> bytes:
    """Return the PDF of the laureate list (grouped by région, counts, date and wave on every page)."""
    return rendre_pdf(
        "candidatures/pdf/liste_laureats.html",
        contexte_liste(
            titre=titre,
            sous_titre=sous_titre,
            date_publication=date_publication,
            lignes=lignes,
            legende_nouvelle=legende_nouvelle,
        ),
    )


def legende_nouvelle(vague, *, cumulee: bool) -> str:
    """What the marker « Nouvelle Fabrique » means on a list: selected in that wave (the latest
    published one on the cumulative list)."""
    if vague is None:
        return "« Nouvelle Fabrique » : Fabrique nouvellement sélectionnée dans la liste publiée." if cumulee else ""
    if cumulee:
        return f"« Nouvelle Fabrique » : Fabrique sélectionnée lors de la dernière vague publiée (vague {vague.numero})."
    return f"« Nouvelle Fabrique » : Fabrique sélectionnée lors de la vague {vague.numero}."
