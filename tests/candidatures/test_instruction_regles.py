"""Who sees which dossier in the instruction."""

import pytest

from candidatures.models import ConflitInteret
from candidatures.selectors.instruction import dossiers_visibles
from commun.politique import peut
from tests.candidatures import factories_instruction as f

pytestmark = pytest.mark.django_db


def test_un_instructeur_ne_voit_que_ses_dossiers(administrateur):
    ivan = f.instructeur(regions=["84"])
    a, b = f.dossier(), f.dossier()
    f.affecter(a, ivan)
    assert list(dossiers_visibles(ivan)) == [a]
    assert peut(ivan, "instruction.dossier", a)
    assert not peut(ivan, "instruction.dossier", b)
    assert set(dossiers_visibles(administrateur)) == {a, b}
    assert peut(administrateur, "instruction.dossier", b)


def test_un_conflit_cache_le_dossier_meme_affecte():
    ivan = f.instructeur(regions=["84"])
    d = f.dossier()
    f.affecter(d, ivan)
    ConflitInteret.objects.create(instructeur=ivan, commune=d.tiers_lieu.commune.upper(), motif="J'y habite.")
    assert not peut(ivan, "instruction.dossier", d)
    assert list(dossiers_visibles(ivan)) == []


def test_un_porteur_n_accede_pas_a_l_instruction(porteur):
    d = f.dossier()
    assert not peut(porteur, "instruction.acceder")
    assert not peut(porteur, "instruction.dossier", d)
    assert list(dossiers_visibles(porteur)) == []


def test_les_brouillons_ne_sont_pas_instruits(administrateur):
    f.dossier(statut="brouillon")
    assert list(dossiers_visibles(administrateur)) == []
