"""In Chromium, on the demo: the pages each role works on pass axe-core (no serious or critical
violation) and never scroll sideways, at 1280 px and on a 375 px phone — the journeys' pages, the
committee and its proposal, Financement, the audit journal and the API's entry page included."""

import io

import pytest
from django.core.management import call_command

from candidatures.models import Affectation, Dossier, Vague
from comptes.demo import MOT_DE_PASSE
from financement.models import Subvention
from tests.navigateur import connecter, verifier_accessibilite

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def _pages_par_role() -> dict[str, list[str]]:
    comite = Vague.objects.filter(statut=Vague.Statut.EN_INSTRUCTION, dossiers__isnull=False).distinct().order_by("-date_limite").first()
    subvention = Subvention.objects.filter(statut=Subvention.Statut.CONVENTIONNEE).first()
    affectation = Affectation.objects.filter(instructeur__email="instructeur@demo.fabriques.anct.fr").first()
    depose = Dossier.objects.filter(tiers_lieu__gestionnaires__email="porteur@demo.fabriques.anct.fr", depose_le__isnull=False).first()
    return {
        "admin@demo.fabriques.anct.fr": [
            "/candidatures/vagues/",
            f"/candidatures/comite/vagues/{comite.pk}/",
            f"/selection/comite/vagues/{comite.pk}/proposition/",
            "/financement/",
            f"/financement/subventions/{subvention.pk}/",
            "/fabriques/implantations/",
            "/mon-compte/journal/",
            "/api/",
        ],
        "instructeur@demo.fabriques.anct.fr": [
            "/candidatures/instruction/",
            f"/candidatures/instruction/dossiers/{affectation.dossier_id}/",
        ],
        "porteur@demo.fabriques.anct.fr": [
            "/candidatures/mes-dossiers/",
            f"/candidatures/dossiers/{depose.pk}/",
            "/fabriques/mes-tiers-lieux/",
        ],
        "porteuse@demo.fabriques.anct.fr": ["/financement/ma-subvention/"],
    }


def _deborde(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") > page.viewport_size["width"]


def test_pages_de_chaque_role_accessibles_a_1280_et_375_px(page, live_server):
    call_command("charger_demo", stdout=io.StringIO())
    for email, adresses in _pages_par_role().items():
        page.context.clear_cookies()
        connecter(page, live_server.url, email, MOT_DE_PASSE)
        for largeur in (1280, 375):
            page.set_viewport_size({"width": largeur, "height": 900})
            for adresse in adresses:
                reponse = page.goto(f"{live_server.url}{adresse}")
                assert reponse.status == 200, f"{email} {adresse} : {reponse.status}"
                verifier_accessibilite(page)
                assert not _deborde(page), f"{adresse} déborde à {largeur} px"
