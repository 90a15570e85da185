"""The demo loader creates a grant with a signed convention, a payment made and one due soon, once."""
import io

import pytest
from django.core.management import call_command

from financement.models import Subvention, Versement
from financement.selectors import versements_a_venir

pytestmark = pytest.mark.django_db(transaction=True)


def test_charger_demo_est_idempotent():
    call_command("charger_demo", stdout=io.StringIO())
    assert Subvention.objects.filter(statut=Subvention.Statut.CONVENTIONNEE).count() == 1
    assert Versement.objects.filter(statut=Versement.Statut.VERSE).exists()
    assert versements_a_venir().exists()
    _memes_totaux_partout()
    avant = (Subvention.objects.count(), Versement.objects.count())
    call_command("charger_demo", stdout=io.StringIO())
    assert (Subvention.objects.count(), Versement.objects.count()) == avant


def _memes_totaux_partout():
    """The committee, Financement and the directory show the same totals (stated in the README)."""
    from candidatures.models import Vague
    from candidatures.selectors_instruction import comite_de_la_vague
    from fabriques.selectors import fabriques_labellisees
    from financement.chiffres import chiffres_programme

    chiffres = chiffres_programme(cache=False)
    assert chiffres.fabriques.atteint == fabriques_labellisees().count() == chiffres.dans_l_annuaire
    assert chiffres.implantation_non_renseignee > 0  # the Fabriques of the published list, counted, not dropped
    assert chiffres.numerique.engage > 0 and chiffres.fonctionnement.engage > 0
    for vague in Vague.objects.all():
        comite = comite_de_la_vague(vague)
        if comite.grille.comite_clos:
            assert comite.chiffres == chiffres
        else:  # an open committee adds its provisional laureates to the same base
            assert comite.chiffres.fonctionnement.reste == chiffres.fonctionnement.reste
            assert comite.chiffres.fabriques.atteint == chiffres.fabriques.atteint
    ouvert = [v for v in Vague.objects.all() if comite_de_la_vague(v).retenus and not comite_de_la_vague(v).grille.comite_clos]
    assert ouvert and comite_de_la_vague(ouvert[0]).chiffres.numerique.a_engager > 0
