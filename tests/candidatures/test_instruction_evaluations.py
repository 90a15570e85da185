"""Reviews: drafts, submission checks with precise French messages, lock, blind review."""

import pytest

from candidatures.models import Evaluation
from candidatures.services.instruction import ErreursGrille, evaluation_enregistrer, evaluation_soumettre, grille_enregistrer
from commun.erreurs import ConflitEtat, ErreurMetier
from commun.politique import peut
from tests.candidatures import factories_instruction as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier_affecte():
    ivan = f.instructeur(regions=["84"])
    d = f.dossier()
    f.affecter(d, ivan)
    return d, ivan


def test_un_brouillon_peut_etre_incomplet(dossier_affecte):
    d, ivan = dossier_affecte
    ev = evaluation_enregistrer(dossier=d, instructeur=ivan, notes={"ambition": {"note": 4, "commentaire": ""}})
    assert ev.statut == Evaluation.Statut.BROUILLON
    assert ev.notes.get(critere="ambition").note == 4


def test_soumission_exige_notes_commentaires_et_avis(dossier_affecte):
    d, ivan = dossier_affecte
    notes = f.notes((4, 3, 2, 1))
    notes["gouvernance"]["commentaire"] = "  "
    notes["ambition"]["note"] = 6
    notes["ancrage"]["note"] = "2,5"
    del notes["modele_economique"]
    with pytest.raises(ErreursGrille) as erreur:
        evaluation_soumettre(dossier=d, instructeur=ivan, notes=notes, avis="")
    messages = dict(erreur.value.erreurs)
    assert messages["note_ambition"] == (
        "La note du critère « Ambition de soutenir l'essor du territoire et d'autres tiers-lieux » doit être comprise entre 0 et 5 (vous avez saisi 6)."
    )
    assert "nombre entier de points" in messages["note_ancrage"]
    assert messages["commentaire_gouvernance"].startswith(
        "Le commentaire du critère « Gouvernance claire et contributive » est obligatoire"
    )
    assert "Notez le critère « Modèle économique" in messages["note_modele_economique"]
    assert messages["avis"] == "Indiquez votre avis global : favorable, réservé ou défavorable."
    assert not Evaluation.objects.filter(statut="soumise").exists()


def test_l_echelle_vient_de_la_vague(dossier_affecte, administrateur):
    d, ivan = dossier_affecte
    grille_enregistrer(vague=d.vague, par=administrateur, note_min=1, note_max=10)
    with pytest.raises(ErreurMetier, match="entre 1 et 10"):
        evaluation_soumettre(dossier=d, instructeur=ivan, notes=f.notes((0, 5, 5, 5)), avis="favorable")
    ev = evaluation_soumettre(dossier=d, instructeur=ivan, notes=f.notes((10, 5, 5, 5)), avis="favorable")
    assert ev.est_soumise


def test_une_evaluation_soumise_est_verrouillee(dossier_affecte):
    d, ivan = dossier_affecte
    f.evaluer(d, ivan)
    with pytest.raises(ConflitEtat, match="verrouillée"):
        evaluation_enregistrer(dossier=d, instructeur=ivan, notes=f.notes((1, 1, 1, 1)))
    with pytest.raises(ConflitEtat, match="verrouillée"):
        f.evaluer(d, ivan, (1, 1, 1, 1))
    assert list(Evaluation.objects.get().notes.values_list("note", flat=True)) == [3, 3, 3, 3]


def test_un_instructeur_non_affecte_ne_peut_pas_evaluer():
    d = f.dossier()
    autre = f.instructeur(regions=["84"])
    with pytest.raises(ErreurMetier, match="pas affecté"):
        f.evaluer(d, autre)


def test_evaluation_a_l_aveugle(dossier_affecte, administrateur):
    d, ivan = dossier_affecte
    ines = f.instructeur(regions=["84"])
    f.affecter(d, ines)
    f.evaluer(d, ines)
    assert not peut(ivan, "instruction.voir_evaluations", d)
    evaluation_enregistrer(dossier=d, instructeur=ivan, notes=f.notes())
    assert not peut(ivan, "instruction.voir_evaluations", d)
    f.evaluer(d, ivan)
    assert peut(ivan, "instruction.voir_evaluations", d)
    assert peut(administrateur, "instruction.voir_evaluations", d)


def test_sans_aveugle_les_evaluations_sont_visibles(dossier_affecte, administrateur):
    d, ivan = dossier_affecte
    grille_enregistrer(vague=d.vague, par=administrateur, evaluation_aveugle=False)
    assert peut(ivan, "instruction.voir_evaluations", d)


@pytest.mark.parametrize(
    "notes",
    [
        "16",
        ["ambition", 4],
        4,
        {"ambition": "4"},
        {"ambition": [4, "Argumenté."]},
        {"ambition": 4},
        {"ambition": {"note": [4], "commentaire": "Argumenté."}},
        {"ambition": {"note": {"valeur": 4}, "commentaire": "x"}},
        {"ambition": {"note": True, "commentaire": "x"}},
        {"ambition": {"note": 4, "commentaire": ["Argumenté."]}},
        {"ambition": {"note": 4, "commentaire": 12}},
        {"ambition": {"note": 4, "commentaire": "nul\x00"}},
    ],
    ids=repr,
)
def test_une_valeur_seule_au_lieu_d_un_objet_est_une_erreur_de_champ(dossier_affecte, notes):
    """Regression: ``_ecrire`` called ``.get()``/``.strip()`` on whatever it was given (500)."""
    d, ivan = dossier_affecte
    avant = evaluation_enregistrer(dossier=d, instructeur=ivan, notes=f.notes((1, 2, 3, 4)), avis="reserve", note_comite="Avant.")
    for service in (evaluation_enregistrer, evaluation_soumettre):
        with pytest.raises(ErreursGrille) as erreur:
            service(dossier=d, instructeur=ivan, notes=notes, avis="favorable")
        assert all(champ and message.endswith(".") for champ, message in erreur.value.erreurs)
    apres = Evaluation.objects.get(pk=avant.pk)
    assert (apres.statut, apres.avis, apres.note_comite) == (Evaluation.Statut.BROUILLON, "reserve", "Avant.")
    assert {n.critere: n.note for n in apres.notes.all()} == {"ambition": 1, "ancrage": 2, "gouvernance": 3, "modele_economique": 4}


@pytest.mark.parametrize(
    "champs", [{"avis": ["favorable"]}, {"avis": {"x": 1}}, {"note_comite": 3}, {"note_comite": ["a"]}, {"note_comite": "a\x00b"}], ids=repr
)
def test_avis_et_note_au_comite_d_un_autre_type_sont_refuses(dossier_affecte, champs):
    d, ivan = dossier_affecte
    with pytest.raises(ErreursGrille) as erreur:
        evaluation_soumettre(dossier=d, instructeur=ivan, notes=f.notes(), **{"avis": "favorable", **champs})
    assert [champ for champ, _m in erreur.value.erreurs] == list(champs)
    assert not Evaluation.objects.exists()
