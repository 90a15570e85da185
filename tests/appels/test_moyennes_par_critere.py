"""The « moyenne par critère » columns and the ranking's tie-break read the criteria of the wave's call:
the test call (tests/appels/appel_de_test.py: three criteria weighted 3, 2, 1 on a scale of 1 to 10)
shows its three criteria word for word and their means on the reviewers' list, the committee page,
the CSV export and the API; two dossiers of equal score are ranked by the mean of its first criterion."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape
from rest_framework.test import APIClient

from appels.services import appel_charger
from candidatures.models import Dossier, GrilleVague
from candidatures.selectors.instruction import grille_par_defaut
from candidatures.services.instruction import evaluation_soumettre
from tests.candidatures import factories_instruction as fi

from .appel_de_test import texte_appel_de_test

pytestmark = pytest.mark.django_db

UTILITE, COOPERATION, SOBRIETE = (
    "Utilité pour les habitants du bassin de vie",
    "Coopération avec les communes voisines",
    "Sobriété du projet",
)
AMBITION = "Ambition de soutenir l'essor du territoire et d'autres tiers-lieux"


def _notes(utilite, cooperation, sobriete):
    return {
        code: {"note": note, "commentaire": "Argumenté."}
        for code, note in (("utilite", utilite), ("cooperation", cooperation), ("sobriete", sobriete))
    }


@pytest.fixture
def vague_de_test(administrateur):
    """A wave of the test call with two dossiers of the same score (52,78 / 100): « Le Fournil »,
    deposited first, scores low on the call's first criterion; « La Grange » high."""
    appel = appel_charger(texte=texte_appel_de_test(), par=administrateur).version.appel
    vague = fi.vague(appel=appel)
    GrilleVague.objects.create(vague=vague, **grille_par_defaut(vague))  # the call's scale, 1 to 10
    montants = {"montant_annee_1": Decimal("20000.00"), "montant_annee_2": Decimal("20000.00"), "montant_annee_3": None}
    fournil = fi.dossier(vague, tl=fi.tiers_lieu(nom="Le Fournil"), **montants)
    grange = fi.dossier(vague, tl=fi.tiers_lieu(nom="La Grange"), **montants)
    assert fournil.depose_le < grange.depose_le
    premier, second = fi.instructeur(national=True), fi.instructeur(national=True)
    for dossier in (fournil, grange):
        fi.affecter(dossier, premier)
        fi.affecter(dossier, second)
    # Means: La Grange 10 / 1,5 / 1,5 and Le Fournil 1,5 / 10 / 10 — both 3×9 + 2×0,5 + 1×0,5 = 3×0,5 + 2×9 + 1×9 = 28,5 points of 54.
    evaluation_soumettre(dossier=grange, instructeur=premier, notes=_notes(10, 2, 1), avis="favorable")
    evaluation_soumettre(dossier=grange, instructeur=second, notes=_notes(10, 1, 2), avis="favorable")
    evaluation_soumettre(dossier=fournil, instructeur=premier, notes=_notes(1, 10, 10), avis="favorable")
    evaluation_soumettre(dossier=fournil, instructeur=second, notes=_notes(2, 10, 10), avis="favorable")
    return vague


def test_synthese_garde_les_moyennes_par_code_et_le_premier_critere_pour_departager(vague_de_test):
    grange, fournil = Dossier.objects.get(tiers_lieu__nom="La Grange"), Dossier.objects.get(tiers_lieu__nom="Le Fournil")
    assert grange.score == fournil.score == round(100 * 28.5 / 54, 2)
    assert grange.moyennes == {"utilite": 10, "cooperation": 1.5, "sobriete": 1.5}
    assert fournil.moyennes == {"utilite": 1.5, "cooperation": 10, "sobriete": 10}
    assert (grange.moy_departage, fournil.moy_departage) == (10, 1.5)


def test_liste_d_instruction_montre_les_trois_criteres_et_departage_sur_le_premier(client, administrateur, vague_de_test):
    client.force_login(administrateur)
    page = client.get(reverse("candidatures:instruction")).content.decode()
    for libelle in (UTILITE, COOPERATION, SOBRIETE):
        assert f"Moyenne — {libelle}" in page
    assert f"Moyenne — {escape(AMBITION)}" not in page
    # Equal scores: La Grange (10 on « Utilité ») before Le Fournil, deposited earlier.
    assert page.index("La Grange") < page.index("Le Fournil")
    assert "<td>10,00</td><td>1,50</td><td>1,50</td>" in page
    assert "<td>1,50</td><td>10,00</td><td>10,00</td>" in page


def test_page_du_comite_montre_les_trois_criteres_et_sa_regle_de_departage(client, administrateur, vague_de_test):
    client.force_login(administrateur)
    page = client.get(reverse("candidatures:comite", args=[vague_de_test.pk])).content.decode()
    assert [f"Moyenne — {escape(libelle)}" in page for libelle in (UTILITE, COOPERATION, SOBRIETE, AMBITION)] == [True, True, True, False]
    # Short headers keep the table readable; the legend above it names each criterion word for word.
    assert ">Moy. C3</span>" in page and ">Moy. C4</span>" not in page
    assert f"<strong>C1</strong> {escape(UTILITE)} ; <strong>C2</strong> {escape(COOPERATION)}" in page
    assert f"puis moyenne du critère « {UTILITE} » décroissante" in page
    assert page.index("La Grange") < page.index("Le Fournil")
    assert "<td>10,00</td><td>1,50</td><td>1,50</td>" in page
    assert "<td>1,50</td><td>10,00</td><td>10,00</td>" in page


def test_export_csv_a_une_colonne_par_critere_de_l_appel(client, administrateur, vague_de_test):
    client.force_login(administrateur)
    reponse = client.get(reverse("candidatures:instruction_export", args=["csv"]))
    lignes = list(csv.reader(io.StringIO(b"".join(reponse.streaming_content).decode("utf-8-sig")), delimiter=";"))
    entete = lignes[0]
    assert [c for c in entete if c.startswith("Moyenne — ")] == [f"Moyenne — {libelle}" for libelle in (UTILITE, COOPERATION, SOBRIETE)]
    debut = entete.index(f"Moyenne — {UTILITE}")
    par_lieu = {ligne[entete.index("Tiers-lieu")]: ligne[debut : debut + 3] for ligne in lignes[1:]}
    assert par_lieu == {"La Grange": ["10,0", "1,5", "1,5"], "Le Fournil": ["1,5", "10,0", "10,0"]}
    assert [ligne[entete.index("Tiers-lieu")] for ligne in lignes[1:]] == ["La Grange", "Le Fournil"]


def test_liste_et_export_de_deux_appels_ont_les_criteres_des_deux(client, administrateur, vague_de_test):
    """A Fabriques dossier next to the test call's: the columns of both calls, each dossier's means
    under its own call's criteria only."""
    fabriques = fi.dossier(tl=fi.tiers_lieu(nom="La Fabrique"))
    relecteur = fi.instructeur(national=True)
    fi.affecter(fabriques, relecteur)
    fi.evaluer(fabriques, relecteur, valeurs=(4, 3, 2, 5))
    client.force_login(administrateur)
    reponse = client.get(reverse("candidatures:instruction_export", args=["csv"]))
    lignes = list(csv.reader(io.StringIO(b"".join(reponse.streaming_content).decode("utf-8-sig")), delimiter=";"))
    entete = lignes[0]
    moyennes = [c.removeprefix("Moyenne — ") for c in entete if c.startswith("Moyenne — ")]
    assert sorted(moyennes) == sorted(
        [
            AMBITION,
            "Ancrage territorial fort et un porteur de projet bien identifié",
            "Gouvernance claire et contributive",
            "Modèle économique équilibré à terme",
            UTILITE,
            COOPERATION,
            SOBRIETE,
        ]
    )
    par_lieu = {
        ligne[entete.index("Tiers-lieu")]: dict(zip(moyennes, ligne[entete.index(f"Moyenne — {moyennes[0]}") :], strict=False))
        for ligne in lignes[1:]
    }
    assert par_lieu["La Fabrique"][AMBITION] == "4,0" and par_lieu["La Fabrique"][UTILITE] == ""
    assert par_lieu["La Grange"][UTILITE] == "10,0" and par_lieu["La Grange"][AMBITION] == ""
    page = client.get(reverse("candidatures:instruction")).content.decode()
    assert f"Moyenne — {escape(AMBITION)}" in page and f"Moyenne — {UTILITE}" in page


def test_api_donne_les_moyennes_des_criteres_de_l_appel(administrateur, vague_de_test):
    api = APIClient()
    api.force_authenticate(administrateur)
    resultats = api.get(reverse("api-instruction-dossiers")).json()["results"]
    grange = next(d for d in resultats if d["id"] == Dossier.objects.get(tiers_lieu__nom="La Grange").pk)
    assert grange["moyennes"] == [
        {"code": "utilite", "libelle": UTILITE, "moyenne": 10.0},
        {"code": "cooperation", "libelle": COOPERATION, "moyenne": 1.5},
        {"code": "sobriete", "libelle": SOBRIETE, "moyenne": 1.5},
    ]


def test_export_xlsx_a_une_colonne_par_critere_de_l_appel(client, administrateur, vague_de_test):
    from openpyxl import load_workbook

    client.force_login(administrateur)
    reponse = client.get(reverse("candidatures:instruction_export", args=["xlsx"]))
    contenu = b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
    lignes = list(load_workbook(io.BytesIO(contenu), read_only=True).active.iter_rows(values_only=True))
    entete = list(lignes[0])
    assert [c for c in entete if c.startswith("Moyenne — ")] == [f"Moyenne — {libelle}" for libelle in (UTILITE, COOPERATION, SOBRIETE)]
    debut = entete.index(f"Moyenne — {UTILITE}")
    assert {ligne[entete.index("Tiers-lieu")]: list(ligne[debut : debut + 3]) for ligne in lignes[1:]} == {
        "La Grange": [10, 1.5, 1.5],
        "Le Fournil": [1.5, 10, 10],
    }
