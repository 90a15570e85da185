"""The demo loader creates a grant with a signed convention, a payment made and one due soon, once."""

import io
from pathlib import Path

import pytest
from django.conf import settings
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
    from fabriques.selectors import fabriques_labellisees
    from financement.chiffres import chiffres_programme
    from selection.selectors.comite import comite_de_la_vague

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
    _le_readme_dit_ces_chiffres(chiffres, comite_de_la_vague(ouvert[0]).chiffres)


def _euros(montant) -> str:
    return f"{int(montant):,}".replace(",", " ")


def _le_readme_dit_ces_chiffres(chiffres, apres_le_comite):
    """The README's demo totals are the ones the pages show after a fresh charger_demo."""
    readme = " ".join((Path(settings.BASE_DIR) / "README.md").read_text().split())
    attendus = [
        f"**{chiffres.fabriques.atteint} Fabriques** labellisées sur un objectif de {chiffres.fabriques.objectif}",
        f"dont {chiffres.implantation_non_renseignee} importées de la liste publiée",
        f"{chiffres.qpv.atteint} en QPV ou à proximité",
        f"{chiffres.hors_grands_centres.atteint} hors des grands centres urbains",
        f"**{chiffres.numeriques.atteint} Fabriques numériques** sur {chiffres.numeriques.objectif}",
        f"engagé {_euros(chiffres.fonctionnement.engage)} €, versé {_euros(chiffres.fonctionnement.verse)} €, reste **{_euros(chiffres.fonctionnement.reste)} €**",
        f"engagé {_euros(chiffres.numerique.engage)} €, versé {_euros(chiffres.numerique.verse)} €, reste **{_euros(chiffres.numerique.reste)} €**",
        f"({_euros(apres_le_comite.fonctionnement.a_engager)} € de fonctionnement, {_euros(apres_le_comite.numerique.a_engager)} € de bonus",
        f"resteraient **{_euros(apres_le_comite.fonctionnement.reste_apres)} €** et **{_euros(apres_le_comite.numerique.reste_apres)} €**",
        f"**{apres_le_comite.fabriques.atteint + apres_le_comite.fabriques.a_venir} Fabriques**).",
    ]
    manquants = [texte for texte in attendus if texte not in readme]
    assert not manquants, f"Le README ne dit pas les chiffres de la démonstration : {manquants}"
