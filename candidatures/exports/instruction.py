"""Exports of the reviewers' list: exactly the filtered rows, with their scores, as CSV or XLSX.

Rows are read in chunks and written as they come (CSV is streamed; XLSX uses openpyxl's
write-only mode), so thousands of dossiers neither time out nor fill the memory.
"""

import json
from decimal import Decimal
from functools import lru_cache

from django.db import connections
from django.db.models import Aggregate, CharField, DecimalField, ExpressionWrapper, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Concat

from commun import exports as exports_communs
from commun.exports import EcrivainCsv
from commun.montants import arrondir
from fabriques.models import Implantation

from ..models import Critere
from ..regles.dossiers import identite_masquee
from ..selectors.instruction import colonnes_criteres, criteres_des_vagues, moyennes_en_colonnes

_AVANT = [
    "Numéro",
    "Vague",
    "Statut",
    "Tiers-lieu",
    "Structure porteuse",
    "Commune",
    "Département",
    "Région",
    "Implantation",
    "Bonus numérique demandé",
    "Montant demandé (€)",
    "Score pondéré (/100)",
]
_APRES = ["Évaluations soumises", "Évaluations attendues", "Désaccord", "Instructeurs"]
# The header of an export of Fabriques dossiers only (``entetes`` gives any export's).
ENTETES = [*_AVANT, *[f"Moyenne — {c.label}" for c in Critere], *_APRES]


def entetes(colonnes) -> list[str]:
    """The header: one « Moyenne — <libellé> » column per criterion of the exported waves' calls."""
    return [*_AVANT, *[f"Moyenne — {c.libelle}" for c in colonnes], *_APRES]


def criteres_de_l_export(qs):
    """The criteria of the calls of the exported waves (by wave) and the means' columns."""
    from ..models import Vague

    par_vague = criteres_des_vagues(Vague.objects.filter(pk__in=qs.order_by().values("vague_id")).values("pk"))
    return par_vague, colonnes_criteres(par_vague)


def _nombre(x):
    return None if x is None else round(float(x), 2)


@lru_cache(maxsize=8192)
def _virgule(x) -> str:
    """A number as French spreadsheet software reads it in a CSV: « 65,5 » (scores and means take
    few distinct values: each is formatted once)."""
    return "" if x is None else str(round(float(x), 2)).replace(".", ",")


class _Adresses(Aggregate):
    """The e-mail addresses of a group, joined by « , » (STRING_AGG / GROUP_CONCAT)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ', ' ORDER BY %(expressions)s)"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        # GROUP_CONCAT takes no ORDER BY before SQLite 3.44: lignes() sorts the addresses there.
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", template="%(function)s(%(expressions)s, ', ')", **extra)


# Rows fetched per round trip of the server-side cursor (a few MB at most).
LOT = 2000
TYPES_MIME = {"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

COLONNES = [
    "numero",
    "vague__numero",
    "statut",
    "tiers_lieu__nom",
    "tiers_lieu__structure_porteuse",
    "tiers_lieu__commune",
    "export_departement",
    "tiers_lieu__region__nom",
    "tiers_lieu__implantation",
    "bonus_numerique",
    "export_total",
    "score",
    "vague_id",
    "moyennes",
    "nb_evaluations",
    "nb_attendues",
    "ecart_max",
    "vague__grille__anonymiser",
    "export_instructeurs",
]


def requete(qs):
    """Return the query the export runs: plain tuples of the exported columns (the stored review
    synthesis, the reviewers' addresses by a correlated subquery on the assignments' index), no
    model built per row and no JSON answers read — what a database cursor fetches (bench/)."""
    from ..models import Affectation

    adresses = (
        Affectation.objects.filter(dossier=OuterRef("pk"))
        .order_by()
        .values("dossier")
        .annotate(adresses=_Adresses("instructeur__email"))
        .values("adresses")
    )
    zero = Value(Decimal("0"))
    return (
        qs.prefetch_related(None)
        .annotate(
            export_instructeurs=Subquery(adresses),
            export_departement=Concat(
                "tiers_lieu__departement__code", Value(" - "), "tiers_lieu__departement__nom", output_field=CharField()
            ),
            export_total=ExpressionWrapper(
                Coalesce("montant_annee_1", zero) + Coalesce("montant_annee_2", zero) + Coalesce("montant_annee_3", zero),
                output_field=DecimalField(max_digits=12, decimal_places=2),
            ),
        )
        .values_list(*COLONNES)
    )


def _lignes_brutes(qs):
    """Yield the rows of ``requete(qs)`` from a database cursor (server-side on PostgreSQL), in
    chunks: the ORM's per-row machinery cost half the export's time (bench/), and these columns
    need none of it but the amounts, made Decimal again below."""
    sql, parametres = requete(qs).query.sql_with_params()
    connexion = connections[qs.db]
    postgres = connexion.vendor == "postgresql"
    if postgres:
        # A server-side cursor is planned for its first rows (cursor_tuple_fraction = 0.1); the
        # export reads them all: plan for that.
        with connexion.cursor() as reglage:
            reglage.execute("SET cursor_tuple_fraction = 1.0")
    try:
        with connexion.chunked_cursor() as curseur:
            curseur.execute(sql, parametres)
            while lot := curseur.fetchmany(LOT):
                yield from lot
    finally:
        if postgres:
            with connexion.cursor() as reglage:
                reglage.execute("RESET cursor_tuple_fraction")


def _euros(total) -> Decimal:
    """The total asked: PostgreSQL returns Decimal; SQLite an integer or a float, made Decimal
    euros to the cent again."""
    return total if isinstance(total, Decimal) else arrondir(str(total))


def _moyennes(valeur) -> dict:
    """The stored means as the cursor returns them (JSON text, or already decoded)."""
    if not valeur:
        return {}
    return json.loads(valeur) if isinstance(valeur, str) else valeur


def lignes(user, qs, nombre=_nombre, criteres=None):
    """Yield one list of cells per dossier of ``qs`` (already filtered and ordered); ``nombre``
    formats the score and the means; ``criteres`` is ``criteres_de_l_export(qs)`` (read if not given)."""
    from ..models import Dossier
    from ..models.vagues import SEUIL_DESACCORD

    par_vague, colonnes = criteres or criteres_de_l_export(qs)
    statuts, implantations = dict(Dossier.Statut.choices), dict(Implantation.choices)
    trier = connections[qs.db].vendor != "postgresql"  # PostgreSQL orders the addresses itself
    for (
        numero,
        vague,
        statut,
        nom,
        structure,
        commune,
        departement,
        region,
        implantation,
        bonus,
        total,
        score,
        vague_id,
        moyennes,
        faites,
        attendues,
        ecart,
        anonymiser,
        adresses,
    ) in _lignes_brutes(qs):
        masque = identite_masquee(user, anonymiser)
        yield [
            numero,
            vague,
            statuts.get(statut, statut),
            "" if masque else nom,
            "" if masque else structure,
            "" if masque else commune,
            departement,
            region,
            implantations.get(implantation, implantation or ""),
            "oui" if bonus else "non",
            _euros(total),
            nombre(score),
            *[nombre(m) for m in moyennes_en_colonnes(_moyennes(moyennes), par_vague.get(vague_id, []), colonnes)],
            faites,
            attendues,
            "oui" if ecart >= SEUIL_DESACCORD else "non",
            (", ".join(sorted(adresses.split(", "))) if trier else adresses) if adresses else "",
        ]


def csv_flux(user, qs):
    """Yield the CSV (semicolon-separated, UTF-8 with BOM so that spreadsheet software reads accents),
    written by the portal's one export writer (cells neutralised against formula injection)."""
    ecrivain = EcrivainCsv()
    criteres = criteres_de_l_export(qs)
    yield "\ufeff" + ecrivain.ligne(entetes(criteres[1]))
    ecrire = ecrivain.ligne
    for ligne in lignes(user, qs, nombre=_virgule, criteres=criteres):
        yield ecrire(ligne)


def xlsx_octets(user, qs, suivi=None) -> bytes:
    """Return the XLSX file; ``suivi(n)`` is told the number of rows written, every ``LOT`` rows."""
    criteres = criteres_de_l_export(qs)
    return exports_communs.xlsx_octets(entetes(criteres[1]), lignes(user, qs, criteres=criteres), titre="Dossiers", suivi=suivi, lot=LOT)


def reponse_fichier(user, qs, format: str):
    """Return the HTTP answer carrying the export as a file: streamed CSV, or XLSX."""
    from commun.fichiers import telechargement
    from commun.temps import aujourdhui_paris

    contenu = csv_flux(user, qs) if format == "csv" else xlsx_octets(user, qs)
    return telechargement(contenu, f"dossiers-instruction-{aujourdhui_paris():%Y-%m-%d}.{format}", TYPES_MIME[format])
