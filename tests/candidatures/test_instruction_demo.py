"""The instruction demo loads and can run twice."""

import io

import pytest

from candidatures.demo import instruction as demo_instruction
from candidatures.models import Affectation, Evaluation, ProfilInstructeur
from comptes import demo as demo_comptes
from tests.candidatures import factories_instruction as f

pytestmark = pytest.mark.django_db


def test_demo_idempotente():
    demo_comptes.charger(io.StringIO())
    v = f.vague()
    for _ in range(4):
        f.dossier(v, "84")
    f.dossier(v, "11")
    for _ in range(2):
        demo_instruction.charger(io.StringIO())
    assert ProfilInstructeur.objects.get(user__email="instructeur@demo.fabriques.anct.fr").national
    assert ProfilInstructeur.objects.get(user__email="instructrice.ara@demo.fabriques.anct.fr").regions.get().code == "84"
    assert Affectation.objects.count() == 10  # 5 dossiers × 2 reviewers (two national, one for ARA)
    # Each reviewer has submitted every review but two, which stay « à faire » in the demo.
    for profil in ProfilInstructeur.objects.all():
        affectees = Affectation.objects.filter(instructeur=profil.user).count()
        soumises = Evaluation.objects.filter(instructeur=profil.user, statut="soumise").count()
        assert soumises == max(0, affectees - 2)
    assert Evaluation.objects.filter(statut="soumise").exists()
