"""The demo tells a story whose dates follow each other, whatever day it is loaded: a wave's
committee meets after its deadline and publishes after that; a grant is notified and its convention
signed only after its wave's results are published; payments follow the signature; a wave « en
instruction » has dossiers to instruct. Checked over every wave, dossier, grant and payment, so that
a later edit of a demo module (*/demo*.py) cannot make the story incoherent again."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from candidatures.models import Dossier, Vague
from commun.temps import PARIS, aujourdhui_paris
from financement.models import RapportActivite, Subvention, Versement

pytestmark = pytest.mark.django_db(transaction=True)


def _incoherences() -> list[str]:
    aujourdhui = aujourdhui_paris()
    fautes = []
    for v in Vague.objects.order_by("date_limite"):
        if not v.date_ouverture <= v.date_limite:
            fautes.append(f"{v} : ouverte le {v.date_ouverture} après sa date limite {v.date_limite}")
        if v.date_comite and v.date_comite <= v.date_limite:
            fautes.append(f"{v} : comité le {v.date_comite}, pas après la date limite {v.date_limite}")
        if v.date_publication and (v.date_publication <= v.date_limite or (v.date_comite and v.date_publication < v.date_comite)):
            fautes.append(f"{v} : résultats publiés le {v.date_publication}, avant le comité ou la date limite")
        if v.statut == Vague.Statut.RESULTATS_PUBLIES and not (v.date_publication and v.date_publication <= aujourdhui):
            fautes.append(f"{v} : « résultats publiés » sans date de publication passée ({v.date_publication})")
        if v.statut in (Vague.Statut.CLOTUREE, Vague.Statut.EN_INSTRUCTION, Vague.Statut.RESULTATS_PUBLIES) and v.date_limite >= aujourdhui:
            fautes.append(f"{v} : « {v.get_statut_display()} » avant sa date limite {v.date_limite}")
        a_instruire = Dossier.objects.filter(vague=v).exclude(statut__in=[Dossier.Statut.BROUILLON, Dossier.Statut.RETIRE])
        if v.statut == Vague.Statut.EN_INSTRUCTION and not a_instruire.exists():
            fautes.append(f"{v} : « en instruction » avec 0 dossier")
    for d in Dossier.objects.filter(depose_le__isnull=False).select_related("vague"):
        if not d.vague.ouverture <= d.depose_le <= d.vague.cloture:
            fautes.append(f"dossier {d.numero} : déposé le {d.depose_le:%d/%m/%Y} hors de la période de dépôt de sa vague")
    for s in Subvention.objects.select_related("dossier__vague"):
        vague = s.dossier.vague
        if s.statut != Subvention.Statut.PROPOSEE and vague.statut != Vague.Statut.RESULTATS_PUBLIES:
            fautes.append(
                f"subvention {s.reference_convention} : « {s.get_statut_display()} » avant la publication des résultats de sa vague"
            )
        if s.date_convention is not None:
            if vague.date_publication is None or s.date_convention < vague.date_publication:
                fautes.append(
                    f"subvention {s.reference_convention} : convention signée le {s.date_convention}, "
                    f"avant la publication des résultats ({vague.date_publication})"
                )
            if s.date_convention > aujourdhui:
                fautes.append(f"subvention {s.reference_convention} : convention signée dans le futur ({s.date_convention})")
    for v in Versement.objects.select_related("tranche__subvention"):
        signature = v.tranche.subvention.date_convention
        if signature is None or v.date_prevue < signature:
            fautes.append(f"versement {v.pk} : prévu le {v.date_prevue}, avant la signature ({signature})")
        if v.date_versement is not None and (signature is None or not signature <= v.date_versement <= aujourdhui):
            fautes.append(f"versement {v.pk} : versé le {v.date_versement}, hors de [signature {signature}, aujourd'hui]")
    for r in RapportActivite.objects.select_related("subvention"):
        if r.subvention.date_convention is None or r.depose_le.astimezone(PARIS).date() < r.subvention.date_convention:
            fautes.append(f"rapport {r.pk} : déposé avant la signature de la convention")
    return fautes


@pytest.mark.parametrize(
    "jour",
    [
        dt.datetime(2026, 12, 5, 10, tzinfo=PARIS),  # the fourth wave open, the third under instruction, the second published
        dt.datetime(2027, 4, 2, 10, tzinfo=PARIS),  # just past a deadline: last year's fourth wave is the published one
    ],
)
def test_les_dates_de_la_demo_se_suivent(jour):
    with time_machine.travel(jour, tick=False):
        call_command("charger_demo", stdout=io.StringIO())
        assert _incoherences() == []
        # The story is all there: a published wave, a wave under instruction, a signed convention, a payment made.
        assert Vague.objects.filter(statut=Vague.Statut.RESULTATS_PUBLIES).exists()
        assert Vague.objects.filter(statut=Vague.Statut.EN_INSTRUCTION).exists()
        assert Subvention.objects.filter(statut=Subvention.Statut.CONVENTIONNEE).count() == 1
        assert Versement.objects.filter(statut=Versement.Statut.VERSE).exists()
