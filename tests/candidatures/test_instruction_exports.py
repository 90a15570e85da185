"""Exports: exactly the filtered rows (all pages), with scores, in CSV and XLSX."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.candidatures import factories_instruction as f
from tests.conftest import MOT_DE_PASSE

pytestmark = pytest.mark.django_db


@pytest.fixture
def donnees():
    v = f.vague()
    ara = [f.dossier(v, "84") for _ in range(55)]
    f.dossier(v, "11")
    ivan, ines = f.instructeur(national=True), f.instructeur(national=True)
    for u, notes in ((ivan, (5, 4, 3, 2)), (ines, (3, 4, 3, 2))):
        f.affecter(ara[0], u)
        f.evaluer(ara[0], u, notes)
    return v, ara


def test_export_csv_des_lignes_filtrees(client, administrateur, donnees):
    v, ara = donnees
    client.login(email=administrateur.email, password=MOT_DE_PASSE)
    reponse = client.get(reverse("candidatures:instruction_export", args=["csv"]), {"vague": v.pk, "region": ara[0].tiers_lieu.region_id})
    contenu = b"".join(reponse.streaming_content).decode("utf-8-sig").splitlines()
    assert reponse["Content-Disposition"].startswith('attachment; filename="dossiers-instruction-')
    assert len(contenu) == 1 + 55
    premiere = contenu[1].split(";")
    assert premiere[0] == ara[0].numero
    assert premiere[11] == "65,0" and premiere[12] == "4,0" and premiere[-2] == "oui"


def test_export_xlsx(client, administrateur, donnees):
    v, ara = donnees
    client.login(email=administrateur.email, password=MOT_DE_PASSE)
    reponse = client.get(reverse("candidatures:instruction_export", args=["xlsx"]), {"vague": v.pk, "desaccord": "oui"})
    feuille = load_workbook(io.BytesIO(reponse.content)).active
    lignes = list(feuille.iter_rows(values_only=True))
    assert lignes[0][0] == "Numéro" and len(lignes) == 2
    assert lignes[1][0] == ara[0].numero and lignes[1][11] == 65.0


def test_un_porteur_ne_peut_pas_exporter(client, porteur):
    client.login(email=porteur.email, password=MOT_DE_PASSE)
    assert client.get(reverse("candidatures:instruction_export", args=["csv"])).status_code == 403


def test_gros_export_prepare_en_arriere_plan(client, administrateur, donnees, monkeypatch, django_capture_on_commit_callbacks):
    from candidatures.models import ExportInstruction
    from candidatures.services import exports as exports_differes

    monkeypatch.setattr(exports_differes, "SEUIL_EXPORT_IMMEDIAT", 10)
    v, ara = donnees
    client.login(email=administrateur.email, password=MOT_DE_PASSE)
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.get(reverse("candidatures:instruction_export", args=["xlsx"]), {"vague": v.pk}, follow=True)
    assert "est en préparation" in reponse.content.decode()
    export = ExportInstruction.objects.get()
    assert (export.statut, export.nb_lignes) == ("pret", 56)
    assert "Télécharger" in client.get(reverse("candidatures:instruction_exports")).content.decode()
    fichier = client.get(reverse("candidatures:instruction_export_telecharger", args=[export.pk]))
    lignes = list(load_workbook(io.BytesIO(b"".join(fichier.streaming_content))).active.iter_rows(values_only=True))
    assert len(lignes) == 57

    # Nobody else downloads it.
    client.logout()
    autre = f.instructeur(national=True)
    client.login(email=autre.email, password=MOT_DE_PASSE)
    assert client.get(reverse("candidatures:instruction_export_telecharger", args=[export.pk])).status_code == 404


def test_export_csv_colonnes_et_anonymat_pour_un_instructeur(client, administrateur, donnees):
    from candidatures.exports.instruction import csv_flux
    from candidatures.selectors.instruction import liste_instruction
    from candidatures.services.instruction import grille_enregistrer

    v, ara = donnees
    lignes = "".join(csv_flux(administrateur, liste_instruction(administrateur).filter(pk=ara[0].pk))).lstrip("\ufeff").splitlines()
    cellules = lignes[1].split(";")
    tl = ara[0].tiers_lieu
    assert cellules[3] == tl.nom and cellules[6] == f"{tl.departement.code} - {tl.departement.nom}"
    assert cellules[-1].count("@") == 2 and cellules[-3:-1] == ["2", "oui"]  # two reviewers expected, disagreement

    grille_enregistrer(vague=v, par=administrateur, anonymiser=True)
    instructeur = ara[0].affectations.first().instructeur
    lignes = "".join(csv_flux(instructeur, liste_instruction(instructeur))).lstrip("\ufeff").splitlines()
    cellules = lignes[1].split(";")
    assert cellules[0] == ara[0].numero and cellules[3:6] == ["", "", ""]  # the applicant's identity is hidden


@pytest.mark.parametrize("format_", ["csv", "xlsx"])
def test_un_export_en_preparation_montre_sa_progression(client, administrateur, donnees, monkeypatch, format_):
    """The worker reports its progress every LOT rows; « Mes exports » shows it as a progress bar
    and follows it; the finished export is at 100 %."""
    from candidatures.exports import instruction as exports
    from candidatures.models import ExportInstruction
    from candidatures.services.exports import export_generer

    v, ara = donnees
    monkeypatch.setattr(exports, "LOT", 20)
    export = ExportInstruction.objects.create(demandeur=administrateur, format=format_, parametres=f"vague={v.pk}")
    with CaptureQueriesContext(connection) as requetes:
        export_generer(export_id=export.pk)
    avancement = [
        re.search(r'"progression" = (\d+)', q["sql"]).group(1)
        for q in requetes.captured_queries
        if q["sql"].startswith("UPDATE") and '"progression" =' in q["sql"] and '"statut" =' not in q["sql"].split("WHERE")[0]
    ]
    assert avancement == ["35", "71"]  # 20 and 40 rows written out of 56
    export.refresh_from_db()
    assert (export.statut, export.progression) == ("pret", 100)

    ExportInstruction.objects.create(demandeur=administrateur, format=format_, progression=42)
    client.login(email=administrateur.email, password=MOT_DE_PASSE)
    html = client.get(reverse("candidatures:instruction_exports")).content.decode()
    assert '<progress id="progression-' in html and 'value="42"' in html and "data-actualiser" in html
