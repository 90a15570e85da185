"""The accompaniment by France Tiers-Lieux, the community of Fabriques (an offer, not a duty) and
the programme's contact (004) reach the applicant: home page, deposit (page, proof of deposit,
e-mail) and laureate e-mail."""

import datetime as dt
import html

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from candidatures.models import Dossier
from candidatures.services.dossiers import dossier_deposer
from tests.pdf import texte

from . import factories as f

pytestmark = pytest.mark.django_db
CONTACT = "nouveauxliens@anct.gouv.fr"


def _lisible(contenu: str) -> str:
    return " ".join(html.unescape(contenu).split())


def _offre_presente(lu: str):
    assert "France Tiers-Lieux" in lu
    assert "rencontres annuelles" in lu and "communauté" in lu
    assert "une offre, pas une obligation" in lu
    assert CONTACT in lu


def test_accueil(client):
    page = _lisible(client.get("/").content.decode())
    _offre_presente(page)
    assert f'href="mailto:{CONTACT}"' in client.get("/").content.decode()


def test_depot_page_accuse_et_courriel(client, porteur, django_capture_on_commit_callbacks):
    with time_machine.travel(dt.datetime(2026, 11, 23, 15, tzinfo=dt.UTC), tick=False):
        dossier = f.completer(f.brouillon(porteur), porteur)
        with django_capture_on_commit_callbacks(execute=True):
            dossier_deposer(dossier=dossier, par=porteur)
        client.force_login(porteur)
        page = client.get(reverse("candidatures:dossier", args=[dossier.pk]))
    _offre_presente(_lisible(page.content.decode()))
    dossier = Dossier.objects.get()
    with dossier.accuse_reception.open("rb") as pdf:
        _offre_presente(" ".join(texte(pdf.read()).split()))
    courriel = " ".join(mail.outbox[-1].body.split())
    _offre_presente(courriel)
    assert "animée par l'ANCT" in courriel  # plain text, not HTML-escaped


def test_le_contact_est_un_reglage(client, settings):
    settings.PROGRAMME_CONTACT = "contact@programme.example.fr"
    assert "contact@programme.example.fr" in client.get("/").content.decode()
