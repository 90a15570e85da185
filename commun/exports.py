"""The one writer of the portal's spreadsheet files: every CSV and XLSX export goes through it.

Text a porteur controls (tiers-lieu, structure, commune, project…) ends up in the instruction exports
and in the public open-data files, which anyone opens in a spreadsheet. A cell beginning with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is read there as a formula (``=HYPERLINK(…)``,
``=cmd|…``): formula injection. Following OWASP (« CSV Injection »), such a text cell is prefixed with
a single quote, in CSV and XLSX alike, and XLSX cells holding text are written as strings (type ``s``),
never as formulas.

Numbers are not text: ``int``, ``Decimal``, ``float`` cells pass unchanged, and so does a string that
is only a number (``-1250.00``, ``+3``) — an amount written as text is not a formula.
"""

import csv
import io
import re

DEBUTS_DANGEREUX = ("=", "+", "-", "@", "\t", "\r")
_NOMBRE = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def neutraliser(valeur):
    """Return ``valeur`` safe for a spreadsheet cell: a text beginning like a formula gets a leading
    single quote; anything else is returned as is."""
    if isinstance(valeur, str) and valeur.startswith(DEBUTS_DANGEREUX) and not _NOMBRE.fullmatch(valeur):
        return "'" + valeur
    return valeur


class _Echo:
    """A file that returns what is written: ``csv.writer`` then gives each line, for streaming."""

    def write(self, valeur):
        return valeur


class EcrivainCsv:
    """A CSV writer whose every cell is neutralised.

    Without ``sortie``, ``ligne`` returns the line written (to stream it); with one (an ``HttpResponse``,
    a ``StringIO``), lines are written there. Semicolon-separated by default (French spreadsheets).
    """

    def __init__(self, sortie=None, *, delimiter: str = ";", lineterminator: str = "\r\n"):
        self._ecrivain = csv.writer(sortie if sortie is not None else _Echo(), delimiter=delimiter, lineterminator=lineterminator)

    def ligne(self, cellules):
        return self._ecrivain.writerow([neutraliser(c) for c in cellules])

    def ligne_dict(self, donnees: dict, colonnes):
        """Write the values of ``donnees`` in the order of ``colonnes`` (missing ones empty)."""
        return self.ligne([donnees.get(c, "") for c in colonnes])


def _cellule_xlsx(feuille, valeur):
    if not isinstance(valeur, str):
        return valeur
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cellule = WriteOnlyCell(feuille, value=ILLEGAL_CHARACTERS_RE.sub("", neutraliser(valeur)))
    cellule.data_type = "s"  # text, never a formula
    return cellule


def xlsx_octets(entetes, lignes, *, titre: str = "Feuille 1", suivi=None, lot: int = 1000) -> bytes:
    """Return an XLSX file of one sheet: ``entetes`` then each row of ``lignes`` (an iterable, read once,
    written as it comes). ``suivi(n)`` is told the number of rows written every ``lot`` rows."""
    from openpyxl import Workbook

    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet(titre)
    feuille.append([_cellule_xlsx(feuille, e) for e in entetes])
    for n, ligne in enumerate(lignes, start=1):
        feuille.append([_cellule_xlsx(feuille, v) for v in ligne])
        if suivi is not None and n % lot == 0:
            suivi(n)
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()
