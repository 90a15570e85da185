"""A call as a file: the two shipped calls say what the portal does, a broken file is refused with the
line and the field to fix, and loading makes an immutable version only when the file changed."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from appels.format import FichierInvalide, lire
from appels.models import Appel, VersionAppel
from appels.regles_financieres import REGLES_FABRIQUES
from appels.services import FICHIERS, appel_charger, appel_fabriques
from candidatures.models.instruction import GRILLE_PAR_DEFAUT, Critere
from candidatures.schema import SECTIONS
from candidatures.services.vagues import ECHEANCES_ANNUELLES
from commun.models import EntreeJournal

FABRIQUES = FICHIERS / "fabriques-de-territoire.toml"
NUMERIQUES = FICHIERS / "fabriques-numeriques-2019.toml"


def texte(chemin: Path) -> str:
    return chemin.read_text(encoding="utf-8")


def probleme(texte_fichier: str):
    with pytest.raises(FichierInvalide) as erreur:
        lire(texte_fichier)
    return erreur.value.problemes


# --- The shipped files --------------------------------------------------------------------------


def test_le_fichier_des_fabriques_dit_ce_que_fait_le_portail(settings):
    appel = lire(texte(FABRIQUES))
    assert appel.nom == "Fabriques de territoire"
    assert appel.regles == REGLES_FABRIQUES
    assert [(c.code, c.libelle) for c in appel.criteres] == [(c.value, c.label) for c in Critere]  # word for word (004)
    assert appel.poids == {c.value: GRILLE_PAR_DEFAUT[f"poids_{c.value}"] for c in Critere}
    assert (appel.note_min, appel.note_max) == (GRILLE_PAR_DEFAUT["note_min"], GRILLE_PAR_DEFAUT["note_max"])
    assert list(appel.sections) == SECTIONS
    assert appel.calendrier.echeances_annuelles == tuple(ECHEANCES_ANNUELLES)
    assert appel.calendrier.limites_de_l_annee(2021) == [
        dt.date(2021, 3, 30),
        dt.date(2021, 6, 30),
        dt.date(2021, 9, 30),
        dt.date(2021, 12, 30),
    ]
    assert appel.objectifs == {
        "fabriques": settings.PROGRAMME_OBJECTIF_FABRIQUES,
        "numeriques": settings.PROGRAMME_OBJECTIF_NUMERIQUES,
        "qpv": settings.PROGRAMME_OBJECTIF_QPV,
        "hors_grands_centres": settings.PROGRAMME_OBJECTIF_HORS_GRANDS_CENTRES,
    }
    assert appel.enveloppes == {
        "fonctionnement": str(settings.PROGRAMME_ENVELOPPE),
        "investissement": str(settings.PROGRAMME_ENVELOPPE_NUMERIQUE),
    }
    assert appel.document("titre_liste") == "Liste des Fabriques de territoire"
    assert appel.document("objet_courriel_depot", numero="FDT-2026-V1-00001") == "Accusé de réception de votre dossier FDT-2026-V1-00001"
    assert not appel.candidats.formes_juridiques and not appel.candidats.implantations


def test_le_fichier_des_fabriques_numeriques_2019_suit_l_annonce_de_l_ami():
    appel = lire(texte(NUMERIQUES))
    assert appel.nom == "Fabriques numériques de territoire — appel 2019"
    # « les collectivités intéressées », « situées en QPV ou à proximité immédiate » (002)
    assert appel.candidats.formes_juridiques == ("collectivite",)
    assert appel.candidats.implantations == ("qpv", "proximite_qpv")
    # « dossiers attendus pour le 15 octobre 2019 » (002)
    assert appel.calendrier.dates_limites == (dt.date(2019, 10, 15),)
    # « 100 000 euros de financement supplémentaires en investissement » (002)
    assert (appel.regles.nature, appel.regles.annees, appel.regles.plafond_annuel, appel.regles.total_maximum) == (
        "investissement",
        1,
        Decimal("100000.00"),
        Decimal("100000.00"),
    )
    assert not appel.regles.a_un_bonus
    assert appel.objectifs["numeriques"] == 30
    montants = next(s for s in appel.sections if s.code == "montants")
    assert [c.code for c in montants.champs if c.colonne] == ["montant_annee_1"]


# --- Errors a programme officer can fix ---------------------------------------------------------------


def test_une_erreur_de_syntaxe_donne_sa_ligne():
    [p] = probleme('format = 1\nslug = "x"\nnom = "Appel\n')
    assert p.ligne == 3 and p.champ == "syntaxe"
    assert "n'est pas du TOML valide" in p.message


def test_chaque_erreur_donne_sa_ligne_et_son_champ_en_francais():
    fichier = texte(FABRIQUES)
    fichier = fichier.replace("plafond_annuel = 50000", 'plafond_annuel = "cinquante mille"')
    fichier = fichier.replace('echeances_annuelles = ["30/03", "30/06", "30/09", "30/12"]', 'echeances_annuelles = ["30/03", "31/06"]')
    fichier = fichier.replace(
        'code = "gouvernance"\nlibelle = "Gouvernance claire et contributive"\npoids = 1',
        'code = "gouvernance"\nlibelle = "Gouvernance claire et contributive"\npoids = 0',
    )
    fichier = fichier.replace('code = "equilibre"', 'code = "equilibre"\nobligatoir = true')
    problemes = {p.champ: p for p in probleme(fichier)}
    lignes = fichier.splitlines()
    attendus = {
        "montants.plafond_annuel": "un montant en euros est attendu (lu : 'cinquante mille').",
        "calendrier.echeances_annuelles": "« 31/06 » n'est pas un jour de l'année écrit JJ/MM (29/02 exclu).",
        "criteres[2].poids": "0 n'est pas admis : entre 1 et 100.",
    }
    for champ, message in attendus.items():
        assert problemes[champ].message == message
        assert champ.rpartition(".")[2].partition("[")[0] in lignes[problemes[champ].ligne - 1]
    inconnu = problemes["sections[4].champs[1].obligatoir"]
    assert lignes[inconnu.ligne - 1] == "obligatoir = true"
    assert inconnu.message.startswith("champ inconnu ; champs admis ici : aide, choix, code, colonne, identifiant, libelle")
    assert str(inconnu) == f"ligne {inconnu.ligne}, « sections[4].champs[1].obligatoir » : {inconnu.message}"


def test_les_regles_incoherentes_sont_refusees():
    fichier = texte(NUMERIQUES).replace("total_minimum = 1\n", "total_minimum = 200000\n")
    maximum, minimum = probleme(fichier)
    assert (maximum.champ, minimum.champ) == ("montants.total_maximum", "montants.total_minimum")
    assert maximum.message == "le total maximum (100000.00 €) est inférieur au total minimum (200000.00 €)."
    assert minimum.message == "1 année(s) à 100000.00 € au plus n'atteignent jamais le minimum de 200000.00 €."
    fichier = texte(NUMERIQUES).replace('code = "projet_numerique"', 'code = "montant_annee_2"\ncolonne = true')
    assert [p.champ for p in probleme(fichier)] == ["sections[8].champs[1].code"]
    fichier = texte(NUMERIQUES).replace('formes_juridiques = ["collectivite"]', 'formes_juridiques = ["commune"]')
    [p] = probleme(fichier)
    assert p.message.startswith("« commune » est inconnu ; valeurs admises : association, scic")


# --- Versions ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_un_fichier_inchange_ne_cree_pas_de_version(administrateur):
    sortie = io.StringIO()
    call_command("charger_appel", str(FABRIQUES), stdout=sortie)
    call_command("charger_appel", str(FABRIQUES), stdout=sortie)
    assert sortie.getvalue().splitlines() == [
        "Appel « Fabriques de territoire » : version 1 chargée.",
        "Appel « Fabriques de territoire » : fichier inchangé, la version 1 reste la version en vigueur.",
    ]
    appel = Appel.objects.get(slug="fabriques-de-territoire")
    assert appel.versions.count() == 1
    modifie = texte(FABRIQUES).replace("plafond_annuel = 50000", "plafond_annuel = 45000")
    chargement = appel_charger(texte=modifie, nom_fichier="fabriques-de-territoire.toml", par=administrateur)
    assert chargement.nouvelle and chargement.version.numero == 2 and chargement.version.charge_par == administrateur
    appel = Appel.objects.get(pk=appel.pk)
    assert appel.version_courante.regles.plafond_annuel == Decimal("45000.00")
    # The first version is kept as it was loaded, source text included.
    premiere = appel.versions.get(numero=1)
    assert premiere.source == texte(FABRIQUES) and premiere.regles.plafond_annuel == Decimal("50000.00")
    assert EntreeJournal.objects.filter(action="appel.version_chargee", objet_id=str(appel.pk)).count() == 2


@pytest.mark.django_db
def test_une_version_ne_se_modifie_pas():
    version = appel_fabriques().version_courante
    version.source = "autre"
    with pytest.raises(ValueError, match="ne se modifie pas"):
        version.save()
    with pytest.raises(IntegrityError):
        VersionAppel.objects.create(appel=version.appel, numero=2, source="x", definition_json={}, empreinte=version.empreinte)


@pytest.mark.django_db
def test_la_commande_refuse_un_fichier_invalide_sans_rien_charger(tmp_path):
    fichier = tmp_path / "appel.toml"
    fichier.write_text(texte(NUMERIQUES).replace("dates_limites = [2019-10-15]", 'dates_limites = ["15/10/2019"]'), encoding="utf-8")
    with pytest.raises(CommandError) as erreur:
        call_command("charger_appel", str(fichier), stdout=io.StringIO())
    ligne = texte(NUMERIQUES).splitlines().index("dates_limites = [2019-10-15]") + 1
    assert str(erreur.value) == (
        "appel.toml ne peut pas être chargé :\n"
        f"  - ligne {ligne}, « calendrier.dates_limites » : une liste de dates est attendue, écrites AAAA-MM-JJ sans guillemets, "
        "par exemple [2019-10-15]."
    )
    assert not Appel.objects.exists()


@pytest.mark.django_db
def test_la_demonstration_charge_les_deux_appels():
    from appels import demo

    demo.charger(io.StringIO())
    demo.charger(io.StringIO())
    assert sorted(Appel.objects.values_list("slug", flat=True)) == ["fabriques-de-territoire", "fabriques-numeriques-2019"]
    assert VersionAppel.objects.count() == 2


@pytest.mark.django_db
def test_le_readme_montre_le_vrai_message_d_un_fichier_refuse(tmp_path):
    fichier = tmp_path / "fabriques-numeriques-2019.toml"
    fichier.write_text(
        texte(NUMERIQUES)
        .replace("dates_limites = [2019-10-15]", 'dates_limites = ["15/10/2019"]')
        .replace("\nannees = 1\n", "\nannees = 5\n"),
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as erreur:
        call_command("charger_appel", str(fichier), stdout=io.StringIO())
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"```\n{erreur.value}\n```" in readme
