"""The demo's committee wave shows a proposal with a dossier retained to cover its région and one
left out for the envelope, and the administrateur reads it on the page."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from candidatures.models import Vague
from comptes.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def test_la_vague_du_comite_de_demonstration_montre_couverture_et_enveloppe(client):
    call_command("charger_demo", stdout=io.StringIO())
    vague = Vague.objects.filter(statut=Vague.Statut.EN_INSTRUCTION, dossiers__isnull=False).distinct().order_by("-date_limite").first()
    client.force_login(User.objects.get(email="admin@demo.fabriques.anct.fr"))
    page = client.get(reverse("selection:proposition", args=[vague.pk]))
    assert page.status_code == 200
    lignes = page.context["p"].lignes
    assert any(ligne.retenu and ligne.raison.startswith("retenu pour couvrir la région") for ligne in lignes)
    assert any(not ligne.retenu and ligne.code == "enveloppe" for ligne in lignes)
    assert page.context["p"].conflit is None
