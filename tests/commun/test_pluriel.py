"""French plurals: 0 and 1 take the singular (« 0 dossier », « 1 dossier », « 2 dossiers »), which
Django's ``pluralize`` gets wrong at 0. The portal writes every plural of its templates with
``pluriel`` (commun/templatetags/portail.py)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.template.loader import render_to_string

from commun.templatetags.portail import pluriel


@pytest.mark.parametrize("nombre, attendu", [(0, ""), (1, ""), (2, "s"), (12, "s"), (-1, ""), (-3, "s"), ("2", "s")])
def test_zero_et_un_au_singulier(nombre, attendu):
    assert pluriel(nombre) == attendu


@pytest.mark.parametrize(
    "formes, un, deux",
    [
        ("x", "", "x"),  # « 1 bureau », « 2 bureaux »
        ("nt", "", "nt"),  # « qui ne compte », « qui ne comptent »
        ("a,ont", "a", "ont"),  # « n'a », « n'ont »
        ("est,sont", "est", "sont"),
        ("al,aux", "al", "aux"),  # « 1 local », « 2 locaux »
    ],
)
def test_formes_irregulieres(formes, un, deux):
    assert pluriel(0, formes) == un and pluriel(1, formes) == un and pluriel(2, formes) == deux


def test_une_liste_compte_par_sa_longueur_et_une_valeur_illisible_ne_casse_rien():
    assert pluriel([]) == "" and pluriel(["a"]) == "" and pluriel(["a", "b"]) == "s"
    assert pluriel(None) == "" and pluriel("abc") == ""


def test_dans_un_gabarit():
    gabarit = engines["django"].from_string(
        "{% load portail %}{{ n }} bur{{ n|pluriel:'eau,eaux' }} : {{ n }} dossier{{ n|pluriel }} n'{{ n|pluriel:'a,ont' }} pas de décision"
    )
    assert gabarit.render({"n": 0}) == "0 bureau : 0 dossier n'a pas de décision"
    assert gabarit.render({"n": 1}) == "1 bureau : 1 dossier n'a pas de décision"
    assert gabarit.render({"n": 2}) == "2 bureaux : 2 dossiers n'ont pas de décision"


def test_courriel_de_rappel_au_singulier_pour_un_dossier():
    contexte = {"jours": 7, "vague": {"numero": 1, "titre": "vague 1"}}
    assert "1 évaluation à soumettre" in render_to_string("courriels/rappel_evaluation.sujet.txt", {**contexte, "dossiers": ["a"]})
    assert "2 évaluations à soumettre" in render_to_string("courriels/rappel_evaluation.sujet.txt", {**contexte, "dossiers": ["a", "b"]})


def _gabarits():
    dossiers = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    dossiers += [p for p in Path(settings.BASE_DIR).glob("*/templates") if ".venv" not in p.parts]
    for dossier in dossiers:
        yield from (f for f in dossier.rglob("*") if f.is_file() and f.suffix in {".html", ".txt", ".xml", ".md"})


def test_aucun_gabarit_n_utilise_pluralize():
    """Django's ``pluralize`` writes « 0 dossiers »: every template goes through ``pluriel``."""
    fautifs = [str(f.relative_to(settings.BASE_DIR)) for f in _gabarits() if re.search(r"\|\s*pluralize\b", f.read_text(errors="ignore"))]
    assert list(_gabarits()), "aucun gabarit trouvé : le garde-fou ne regarde nulle part"
    assert fautifs == []


def test_les_messages_ecrits_en_python_suivent_la_meme_regle():
    from commun.textes import compter, marque_pluriel

    assert compter(0, "dossier", "écarté") == "0 dossier écarté"
    assert compter(1, "ligne") == "1 ligne"
    assert compter(12, "courriel", "planifié") == "12 courriels planifiés"
    assert marque_pluriel(1, "a,ont") == "a" and marque_pluriel(3, "a,ont") == "ont"


def test_bilan_de_cloture_au_singulier_et_au_pluriel():
    from candidatures.services.cloture import BilanCloture

    texte = str(BilanCloture(vague_id=1, numero=4, en_instruction=0, brouillons=1, courriels=2))
    assert texte == "Vague 4 clôturée : 0 dossier en instruction, 1 brouillon non déposé, 2 courriels planifiés."
