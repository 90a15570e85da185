"""Properties of a review, whatever it is given: a score outside the wave's scale, not a whole
number, a missing comment, a bare value instead of an object give field errors and change nothing;
a submitted review is locked; the weighted score on 100 stays within [0, 100] and grows with each
criterion."""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from candidatures.models import Critere, Evaluation, GrilleVague
from candidatures.models.instruction import GRILLE_PAR_DEFAUT
from candidatures.selectors.instruction import score_du_dossier
from candidatures.services.instruction import ErreursGrille, evaluation_enregistrer, evaluation_soumettre
from commun.erreurs import ConflitEtat

from . import factories as fc
from . import factories_instruction as fi

pytestmark = pytest.mark.django_db
CODES = [c.value for c in Critere]

bruts = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-50, max_value=50),
    st.floats(),
    st.text(max_size=6),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.lists(st.integers(), max_size=2),
    st.sampled_from(["2,5", "3.0", " 4 ", "1e1", "sNaN", "\x00", "٣"]),
)
saisies = st.one_of(bruts, st.fixed_dictionaries({}, optional={"note": bruts, "commentaire": st.one_of(bruts, st.text(max_size=10))}))
notes = st.one_of(bruts, st.dictionaries(st.sampled_from([*CODES, "autre"]), saisies, max_size=5))


@pytest.fixture
def affecte():
    ivan = fi.instructeur(national=True)
    dossier = fi.dossier()
    GrilleVague.objects.create(vague=dossier.vague, **{**GRILLE_PAR_DEFAUT, "note_min": 1, "note_max": 10})
    fi.affecter(dossier, ivan)
    return dossier, ivan


def _entier_dans_l_echelle(valeur) -> bool:
    if isinstance(valeur, bool) or not isinstance(valeur, (int, float, Decimal, str)):
        return False
    if isinstance(valeur, str):  # written as an amount is (see test_proprietes_depot._nombre)
        valeur = fc.nombre_ecrit(valeur)
        if valeur is None:
            return False
    try:
        nombre = Decimal(repr(valeur) if isinstance(valeur, float) else valeur)
    except ArithmeticError:
        return False
    return nombre.is_finite() and nombre == nombre.to_integral_value() and 1 <= nombre <= 10


def _soumettable(notes_, avis) -> bool:
    if not isinstance(notes_, dict) or avis not in Evaluation.Avis.values:
        return False
    for code in CODES:
        saisie = notes_.get(code)
        if not isinstance(saisie, dict) or not _entier_dans_l_echelle(saisie.get("note")):
            return False
        commentaire = saisie.get("commentaire")
        if not isinstance(commentaire, str) or not commentaire.strip() or "\x00" in commentaire:
            return False
    return True


def _etat(dossier):
    return list(
        Evaluation.objects.filter(dossier=dossier)
        .values_list("statut", "avis", "note_comite", "notes__critere", "notes__note", "notes__commentaire")
        .order_by("notes__critere")
    )


@settings(max_examples=150)
@given(notes_=notes, avis=st.one_of(st.sampled_from(["", "favorable", "reserve", "defavorable", "oui"]), bruts), soumettre=st.booleans())
def test_une_saisie_invalide_donne_des_erreurs_de_champ_et_ne_change_rien(affecte, notes_, avis, soumettre):
    dossier, ivan = affecte
    service = evaluation_soumettre if soumettre else evaluation_enregistrer
    with transaction.atomic():
        avant = _etat(dossier)
        try:
            evaluation = service(dossier=dossier, instructeur=ivan, notes=notes_, avis=avis)
        except ErreursGrille as erreur:
            assert erreur.erreurs and all(champ and message.endswith((".", ")")) for champ, message in erreur.erreurs)
            assert not (soumettre and _soumettable(notes_, avis))
            assert _etat(dossier) == avant
        else:
            assert not soumettre or _soumettable(notes_, avis)
            assert evaluation.statut == (Evaluation.Statut.SOUMISE if soumettre else Evaluation.Statut.BROUILLON)
            for n in evaluation.notes.all():
                assert n.note is None or 1 <= n.note <= 10
        transaction.set_rollback(True)


@settings(max_examples=30)
@given(notes_=notes, avis=st.sampled_from(["", "favorable", "defavorable"]))
def test_une_evaluation_soumise_est_verrouillee(affecte, notes_, avis):
    dossier, ivan = affecte
    if not Evaluation.objects.filter(dossier=dossier, statut=Evaluation.Statut.SOUMISE).exists():
        evaluation_soumettre(dossier=dossier, instructeur=ivan, notes=fi.notes((7, 8, 9, 10)), avis="favorable")
    avant = _etat(dossier)
    for service in (evaluation_enregistrer, evaluation_soumettre):
        with pytest.raises(ConflitEtat, match="verrouillée"):
            service(dossier=dossier, instructeur=ivan, notes=notes_, avis=avis)
    assert _etat(dossier) == avant


echelles = st.tuples(st.integers(0, 20), st.integers(1, 20)).filter(lambda e: e[0] < e[1])
poids = st.tuples(*[st.integers(0, 5)] * 4).filter(any)


@settings(max_examples=25)
@given(echelle=echelles, poids_=poids, data=st.data())
def test_le_score_sur_100_reste_dans_0_100_et_croit_avec_chaque_critere(echelle, poids_, data):
    bas, haut = echelle
    with transaction.atomic():
        vague = fi.vague()
        GrilleVague.objects.create(
            vague=vague,
            **{**GRILLE_PAR_DEFAUT, "note_min": bas, "note_max": haut, **{f"poids_{c}": p for c, p in zip(CODES, poids_, strict=True)}},
        )
        valeurs = data.draw(st.tuples(*[st.integers(bas, haut)] * 4), label="notes")
        critere = data.draw(st.sampled_from(range(4)), label="critère augmenté")
        plus = list(valeurs)
        plus[critere] = data.draw(st.integers(valeurs[critere], haut), label="note augmentée")
        scores = []
        for jeu in (valeurs, tuple(plus)):
            dossier = fi.dossier(vague_=vague)
            ivan = fi.instructeur(national=True)
            fi.affecter(dossier, ivan)
            fi.evaluer(dossier, ivan, valeurs=jeu)
            scores.append(score_du_dossier(dossier).score)
        assert all(0 <= s <= 100 for s in scores)
        assert scores[1] >= scores[0]
        if valeurs == (bas,) * 4:
            assert scores[0] == 0
        if valeurs == (haut,) * 4:
            assert scores[0] == 100
        transaction.set_rollback(True)
