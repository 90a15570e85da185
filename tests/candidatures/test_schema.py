"""The sections of a dossier described once (candidatures/schema.py): the description drives the
applicant's form, the completeness checklist, the services' checks, the anonymous reading and the
comparison of versions; a new field is one line; the demo and the test factories write only fields of
the schema and fill the required ones."""

import ast
import dataclasses
import datetime as dt
import tomllib
from pathlib import Path

import pytest
import time_machine

from candidatures.demo import depot as demo
from candidatures.forms.depot import FORMULAIRES_SECTIONS, formulaire_de_section, formulaire_section
from candidatures.schema import (
    SECTIONS,
    SECTIONS_PAR_CODE,
    Champ,
    Type,
    comparer_sections,
    contenu_anonymise,
    sections_a_champs,
    sections_depuis_donnees,
)
from candidatures.services.accuse import accuse_contexte
from candidatures.services.completude import dossier_manques
from candidatures.services.dossiers import dossier_enregistrer_section
from candidatures.views.lecture import sections_lues
from commun.erreurs import ErreurMetier

from . import factories as fc

pytestmark = pytest.mark.django_db
EN_NOVEMBRE = dt.datetime(2026, 11, 23, 15, tzinfo=dt.UTC)
RACINE = Path(__file__).resolve().parents[2]

# The portal's schema with one more line: a required field in the presentation.
SITE = Champ(
    "site_internet", "Site internet du lieu", Type.LIGNE, longueur_max=300, obligatoire=True, aide="Adresse commençant par https://"
)
SCHEMA_ETENDU = [dataclasses.replace(s, champs=(*s.champs, SITE)) if s.code == "presentation" else s for s in SECTIONS]


@pytest.fixture
def dossier_complet(porteur):
    with time_machine.travel(EN_NOVEMBRE, tick=False):
        return fc.completer(fc.brouillon(porteur), porteur)


def test_un_champ_de_plus_dans_le_schema_apparait_dans_le_formulaire_de_la_section(dossier_complet):
    classe = formulaire_de_section(SCHEMA_ETENDU[0])
    form = classe(initial=dict(dossier_complet.section("presentation")))
    assert list(form.fields) == ["nom_projet", "resume", "publics", "site_internet"]
    html = form.as_div()
    assert "Site internet du lieu" in html and "Adresse commençant par https://" in html
    assert 'data-longueur-max="300"' in html  # the live count of the portal, not a silent cut

    trop_long = classe(data={"site_internet": "x" * 301})
    assert not trop_long.is_valid()
    assert "300 au maximum" in trop_long.errors["site_internet"][0]
    assert trop_long.donnees_valides() == {"nom_projet": "", "resume": "", "publics": ""}  # what was valid is still saved
    valide = classe(data={"site_internet": "https://fabrique.example"})
    assert valide.is_valid() and valide.donnees_valides()["site_internet"] == "https://fabrique.example"


def test_un_champ_obligatoire_de_plus_dans_le_schema_est_exige_au_depot(dossier_complet):
    assert dossier_manques(dossier_complet) == []  # the portal's schema: complete
    manques = dossier_manques(dossier_complet, sections=SCHEMA_ETENDU)
    assert [(m.section, m.message) for m in manques] == [("presentation", "Présentation du projet : 1 champ à compléter.")]

    dossier_complet.contenu["presentation"]["site_internet"] = "https://fabrique.example"
    assert dossier_manques(dossier_complet, sections=SCHEMA_ETENDU) == []


def test_le_schema_dit_les_champs_exiges_au_depot(dossier_complet, porteur):
    """Each field marked ``obligatoire`` of a text section, emptied, is named on the checklist."""
    generiques = [s for s in SECTIONS if s.champs and not s.controle]
    for section in generiques:
        for champ in section.obligatoires:
            with time_machine.travel(EN_NOVEMBRE, tick=False):
                dossier = dossier_enregistrer_section(dossier=dossier_complet, section=section.code, donnees={champ.code: ""}, par=porteur)
            assert [m.message for m in dossier_manques(dossier)] == [f"{section.titre} : 1 champ à compléter."], champ.code
            with time_machine.travel(EN_NOVEMBRE, tick=False):
                dossier_complet = dossier_enregistrer_section(
                    dossier=dossier, section=section.code, donnees={champ.code: fc.TEXTES[section.code][champ.code]}, par=porteur
                )
    facultatif = SECTIONS_PAR_CODE["partenaires"].champ("collectivites")
    assert not facultatif.obligatoire and dossier_manques(dossier_complet) == []


def test_les_services_refusent_ce_que_le_schema_ne_decrit_pas(dossier_complet, porteur):
    with time_machine.travel(EN_NOVEMBRE, tick=False), pytest.raises(ErreurMetier) as inconnu:
        dossier_enregistrer_section(dossier=dossier_complet, section="presentation", donnees={"site_internet": "https://x"}, par=porteur)
    assert inconnu.value.message == "« site_internet » n'est pas un champ de la section « Présentation du projet »."
    with time_machine.travel(EN_NOVEMBRE, tick=False), pytest.raises(ErreurMetier) as trop_long:
        dossier_enregistrer_section(dossier=dossier_complet, section="presentation", donnees={"nom_projet": "x" * 201}, par=porteur)
    assert trop_long.value.champ == "nom_projet"
    assert trop_long.value.message == "Le champ « Nom du projet de Fabrique » compte 201 caractères : 200 au maximum."


def test_les_champs_identifiants_du_schema_sont_masques_a_la_lecture_anonyme(dossier_complet):
    assert {(s.code, c.code) for s in SECTIONS for c in s.champs if c.identifiant} == {("presentation", "nom_projet")}
    assert "nom_projet" not in contenu_anonymise(dossier_complet.contenu)["presentation"]
    presentation = sections_lues(dossier_complet, masquer_identite=True)[0]
    lu = {c["label"]: c for c in presentation["champs"]}
    assert lu["Nom du projet de Fabrique"]["masque"] and lu["Nom du projet de Fabrique"]["valeur"] == ""
    assert lu["Résumé du projet"]["valeur"] == "Un atelier partagé."


def test_la_lecture_et_la_comparaison_prennent_les_libelles_du_schema(dossier_complet):
    budget = next(b for b in sections_lues(dossier_complet) if b["section"].code == "budget")
    assert [c["label"] for c in budget["champs"]] == [c.libelle for c in SECTIONS_PAR_CODE["budget"].champs]
    assert budget["champs"][0]["montant"] and budget["champs"][0]["valeur"] == "100&nbsp;000,00&nbsp;€"
    montants = next(b for b in sections_lues(dossier_complet) if b["section"].code == "montants")
    assert {c["label"]: c["valeur"] for c in montants["champs"]}[SECTIONS_PAR_CODE["montants"].champ("bonus_numerique").libelle] == "Non"

    blocs = comparer_sections(["ancrage"], {"ancrage": {"porteur": "Avant."}}, {"ancrage": {"porteur": "Après."}})
    assert blocs == [
        {
            "code": "ancrage",
            "titre": SECTIONS_PAR_CODE["ancrage"].titre,
            "lignes": [
                {"label": "Le porteur de projet : structure, équipe, expérience", "avant": "Avant.", "apres": "Après.", "modifie": True}
            ],
        }
    ]


def test_l_accuse_de_reception_prend_ses_libelles_dans_le_schema(dossier_complet):
    dossier_complet.depose_le = EN_NOVEMBRE  # what the proof shows, read before the deposit
    contexte = accuse_contexte(dossier_complet)
    assert contexte["nom_projet"] == ("Nom du projet de Fabrique", "Fabrique des Communs")
    assert (contexte["titre_montants"], contexte["titre_pieces"]) == ("Montants demandés", "Pièces jointes")


def test_le_formulaire_d_une_section_reprend_les_valeurs_enregistrees(dossier_complet):
    form = formulaire_section("montants", dossier_complet)
    assert form.initial["montant_annee_1"] == dossier_complet.montant_annee_1
    assert form.initial["bonus_numerique"] is False
    assert list(FORMULAIRES_SECTIONS) == [s.code for s in sections_a_champs()]


def _contenu_conforme(contenu: dict) -> list[str]:
    """What in ``contenu`` (section → field → value) is not a field of the schema, too long, or a
    required field left empty."""
    ecarts = []
    for code, champs in contenu.items():
        section = SECTIONS_PAR_CODE.get(code)
        if section is None or not section.champs:
            ecarts.append(f"section inconnue : {code}")
            continue
        for nom, valeur in champs.items():
            champ = section.champs_par_code.get(nom)
            if champ is None or champ.colonne:
                ecarts.append(f"champ inconnu : {code}.{nom}")
            elif champ.longueur_max and len(valeur) > champ.longueur_max:
                ecarts.append(f"trop long : {code}.{nom}")
        if not section.controle:
            ecarts += [f"champ exigé vide : {code}.{c.code}" for c in section.obligatoires if not champs.get(c.code)]
    manquantes = [s.code for s in SECTIONS if s.champs and not s.controle and s.code not in contenu]
    return ecarts + [f"section non remplie : {code}" for code in manquantes]


@pytest.mark.parametrize("contenu", [demo.TEXTE, fc.TEXTES], ids=["demo", "fabriques-de-test"])
def test_la_demo_et_les_fabriques_de_test_remplissent_les_sections_du_schema(contenu):
    assert _contenu_conforme(contenu) == []
    for nature in ("charges", "ressources"):  # the budget: its own rule, every year filled
        assert all(contenu["budget"].get(f"{nature}_{annee}") for annee in (1, 2, 3))
    assert any(contenu["roles"].values())


def test_un_schema_se_lit_depuis_un_fichier():
    """Plain data: the same sections can be built from a file (TOML here), and round-trip."""
    assert sections_depuis_donnees([dataclasses.asdict(s) for s in SECTIONS]) == SECTIONS
    fichier = tomllib.loads("""
        [[sections]]
        code = "lieu"
        titre = "Le lieu"
        [[sections.champs]]
        code = "surface"
        libelle = "Surface du lieu (m²)"
        type = "ligne"
        longueur_max = 20
        obligatoire = true
        [[sections.champs]]
        code = "statut_occupation"
        libelle = "Le lieu est"
        type = "choix"
        choix = [["proprietaire", "en propriété"], ["locataire", "loué"]]
    """)
    (lieu,) = sections_depuis_donnees(fichier["sections"])
    form = formulaire_de_section(lieu)(data={"surface": "120", "statut_occupation": "loué"})
    assert not form.is_valid() and list(form.errors) == ["statut_occupation"]
    assert formulaire_de_section(lieu)(data={"surface": "120", "statut_occupation": "locataire"}).is_valid()
    with pytest.raises(ValueError, match="Type de champ inconnu"):
        sections_depuis_donnees([{"code": "x", "titre": "X", "champs": [{"code": "y", "libelle": "Y", "type": "date"}]}])


def _imports(chemin: Path) -> set[str]:
    modules = set()
    for noeud in ast.walk(ast.parse(chemin.read_text())):
        if isinstance(noeud, ast.ImportFrom):
            modules.add(("." * noeud.level) + (noeud.module or ""))
        elif isinstance(noeud, ast.Import):
            modules.update(a.name for a in noeud.names)
    return modules


def test_ni_les_services_ni_les_modeles_ne_valident_par_les_formulaires():
    """Services check input with the schema (a neutral module); no model reaches the forms or a selector."""
    fautifs = []
    for dossier, interdits in (
        ("services", {"..forms", "..forms.depot", "candidatures.forms.depot"}),
        ("models", {"..forms", "..forms.depot", "candidatures.forms.depot", "..selectors.porteur", "candidatures.selectors.porteur"}),
    ):
        for chemin in sorted((RACINE / "candidatures" / dossier).glob("*.py")):
            fautifs += [f"{dossier}/{chemin.name} → {m}" for m in _imports(chemin) & interdits]
    assert fautifs == []
