"""Exports of the reviewers' list: exactly the filtered rows, with their scores, as CSV or XLSX.

Rows are read in chunks and written as they come (CSV is streamed; XLSX uses openpyxl's
write-only mode), so thousands of dossiers neither time out nor fill the memory.
"""
import csv
import io

from .models import Critere
from .selectors_instruction import grille_de

ENTETES = [
    "Numéro", "Vague", "Statut", "Tiers-lieu", "Structure porteuse", "Commune", "Département", "Région", "Implantation",
    "Bonus numérique demandé", "Montant demandé (€)", "Score pondéré (/100)",
    *[f"Moyenne — {c.label}" for c in Critere],
    "Évaluations soumises", "Évaluations attendues", "Désaccord", "Instructeurs",
]


def _nombre(x):
    return None if x is None else round(float(x), 2)


def requete(qs):
    """Return the query the export runs: the dossiers' answers (``contenu``, several kB of JSON
    each) are not exported, so they are not read — a third of the export's time at 100 000 rows."""
    return qs.defer("contenu")


def lignes(user, qs):
    """Yield one list of cells per dossier of ``qs`` (already filtered and annotated)."""
    for d in requete(qs).iterator(chunk_size=500):
        masque = not user.est_administrateur and grille_de(d.vague).anonymiser
        tl = d.tiers_lieu
        yield [
            d.numero, d.vague.numero, d.get_statut_display(),
            "" if masque else tl.nom, "" if masque else tl.structure_porteuse, "" if masque else tl.commune,
            str(tl.departement), tl.region.nom, tl.get_implantation_display(), "oui" if d.bonus_numerique else "non",
            d.montant_total_demande, _nombre(d.score), *[_nombre(getattr(d, f"moy_{c.value}")) for c in Critere],
            d.nb_evaluations, d.nb_attendues, "oui" if d.desaccord else "non",
            ", ".join(a.instructeur.email for a in d.affectations.all()),
        ]


class _Echo:
    def write(self, valeur):
        return valeur


def csv_flux(user, qs):
    """Yield the CSV (semicolon-separated, UTF-8 with BOM so that spreadsheet software reads accents)."""
    ecrivain = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + ecrivain.writerow(ENTETES)
    for ligne in lignes(user, qs):
        yield ecrivain.writerow([str(x).replace(".", ",") if isinstance(x, float) else x for x in ligne])


def xlsx_octets(user, qs) -> bytes:
    from openpyxl import Workbook

    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet("Dossiers")
    feuille.append(ENTETES)
    for ligne in lignes(user, qs):
        feuille.append(ligne)
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def reponse_fichier(user, qs, format: str):
    """Return the HTTP answer carrying the export as a file: streamed CSV, or XLSX."""
    from django.http import HttpResponse, StreamingHttpResponse

    from commun.temps import aujourdhui_paris

    if format == "csv":
        reponse = StreamingHttpResponse(csv_flux(user, qs), content_type="text/csv; charset=utf-8")
    else:
        reponse = HttpResponse(xlsx_octets(user, qs), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    reponse["Content-Disposition"] = f'attachment; filename="dossiers-instruction-{aujourdhui_paris():%Y-%m-%d}.{format}"'
    return reponse
