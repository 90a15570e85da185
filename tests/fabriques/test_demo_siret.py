"""The demo's tiers-lieux have valid SIRETs, so their managers can save a change (issue 17: 20 of 27
had a SIREN with a wrong check digit — siret_fictif computed only the SIRET's key — and their
managers got « Ce SIRET n'est pas valide » on every save)."""

import io

import pytest
import time_machine
from django.core.management import call_command

from commun.temps import PARIS
from fabriques.identifiants import siret_fictif, siret_normaliser
from fabriques.models import TiersLieu
from fabriques.services import tiers_lieu_modifier

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefixe", "0123456789")
def test_siret_fictif_valide_pour_chaque_rang(prefixe):
    sirets = [siret_fictif(prefixe, rang) for rang in range(2000)]
    assert all(siret_normaliser(siret) == siret for siret in sirets)
    assert len(set(sirets)) == len(sirets)


def test_chaque_tiers_lieu_de_la_demonstration_a_un_siret_valide_et_s_enregistre():
    import datetime as dt

    with time_machine.travel(dt.datetime(2026, 11, 15, 10, tzinfo=PARIS), tick=False):
        call_command("charger_demo", stdout=io.StringIO())
        lieux = list(TiersLieu.objects.exclude(siret="").prefetch_related("gestionnaires"))
        assert len(lieux) >= 25
        invalides = []
        for lieu in lieux:
            try:
                siret_normaliser(lieu.siret)
            except Exception:
                invalides.append(f"{lieu.nom} ({lieu.siret})")
        assert not invalides, "SIRET invalides dans la démonstration : " + ", ".join(invalides)
        geres = [lieu for lieu in lieux if lieu.gestionnaires.all()]
        assert len(geres) >= 15
        for lieu in geres:  # what the manager does on the page: change a field, save
            modifie = tiers_lieu_modifier(tiers_lieu=lieu, par=lieu.gestionnaires.all()[0], horaires="Du mardi au samedi, 10 h – 19 h")
            assert modifie.horaires == "Du mardi au samedi, 10 h – 19 h"


def test_la_demonstration_rechargee_repare_les_siret_sans_doublon():
    import datetime as dt

    with time_machine.travel(dt.datetime(2026, 11, 15, 10, tzinfo=PARIS), tick=False):
        call_command("charger_demo", stdout=io.StringIO())
        # A demo loaded before the fix: a wrong SIREN key on a tiers-lieu of the committee's demo.
        lieu = TiersLieu.objects.get(siret=siret_fictif("9", 1))
        TiersLieu.objects.filter(pk=lieu.pk).update(siret="90010000000018")
        avant = TiersLieu.objects.count()
        call_command("charger_demo", stdout=io.StringIO())
    assert TiersLieu.objects.count() == avant
    lieu.refresh_from_db()
    assert lieu.siret == siret_fictif("9", 1)
