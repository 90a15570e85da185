"""Aggregation (weighted score on 100, means, disagreement) and ranking with its tie-break."""

from datetime import timedelta

import pytest

from candidatures.models import Dossier
from candidatures.selectors.instruction import classement, score_du_dossier
from candidatures.services.instruction import grille_enregistrer
from commun.temps import maintenant
from tests.candidatures import factories_instruction as f

pytestmark = pytest.mark.django_db


def _evalue(v, *grilles, **extra):
    d = f.dossier(v, **extra)
    for valeurs in grilles:
        user = f.instructeur(national=True)
        f.affecter(d, user)
        f.evaluer(d, user, valeurs)
    return d


def test_score_pondere_sur_100_moyennes_et_desaccord(administrateur):
    v = f.vague()
    grille_enregistrer(vague=v, par=administrateur, poids_ambition=2)
    d = _evalue(v, (5, 4, 3, 2), (3, 4, 3, 2))
    f.affecter(d, f.instructeur(national=True))  # a third reviewer who has not submitted yet
    s = score_du_dossier(d)
    assert (s.moy_ambition, s.moy_ancrage, s.moy_gouvernance, s.moy_modele_economique) == (4, 4, 3, 2)
    assert s.score == 68.0  # 100 × (2×4 + 4 + 3 + 2) / (5 × 5)
    assert (s.nb_evaluations, s.nb_attendues) == (2, 3)
    assert s.desaccord is True


def test_pas_de_desaccord_sous_deux_points():
    v = f.vague()
    d = _evalue(v, (5, 4, 3, 2), (4, 3, 2, 1))
    s = score_du_dossier(d)
    assert s.desaccord is False and s.ecart_max == 1
    assert s.score == 60.0  # equal weights: 100 × (4.5 + 3.5 + 2.5 + 1.5) / 20


def test_les_brouillons_ne_comptent_pas():
    v = f.vague()
    d = f.dossier(v)
    s = score_du_dossier(d)
    assert s.score is None and s.nb_evaluations == 0 and s.desaccord is False


def test_classement_et_departage(administrateur):
    v = f.vague()
    grille_enregistrer(vague=v, par=administrateur, poids_ambition=2)
    t0 = maintenant() - timedelta(days=10)
    d2 = _evalue(v, (3, 4, 3, 3), depose_le=t0 + timedelta(hours=2))  # 64, ambition 3, later
    d3 = _evalue(v, (3, 4, 3, 3), depose_le=t0 + timedelta(hours=1))  # 64, ambition 3, earlier
    d1 = _evalue(v, (4, 2, 3, 3), depose_le=t0 + timedelta(hours=3))  # 64, ambition 4
    haut = _evalue(v, (5, 5, 5, 5), depose_le=t0 + timedelta(hours=4))  # 100
    sans = f.dossier(v, depose_le=t0)  # no review: last
    rangs = list(classement(Dossier.objects.filter(vague=v)))
    assert [d.pk for d in rangs] == [haut.pk, d1.pk, d3.pk, d2.pk, sans.pk]
    assert [d.score for d in rangs[:4]] == [100.0, 64.0, 64.0, 64.0]
