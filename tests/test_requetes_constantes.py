"""The main pages run the same number of SQL queries whatever the number of dossiers.

A small world is made by the benchmark's generator (bench/generer.py), the queries of each page are
counted, then 35 more dossiers are added with the test factories — in the wave under review,
assigned to the same reviewer, reviewed, with messages, decisions, grants and labels — and the
queries are counted again: every page must run exactly as many.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.generer import generer
from bench.mesurer import _pages
from candidatures.models import Affectation, Decision, Dossier, Message, Vague
from comptes.models import User
from fabriques.models import Label
from financement.models import Subvention, Tranche
from tests.candidatures import factories_instruction as fi

pytestmark = pytest.mark.django_db

PAGES_DU_PLANCHER = ("minimal (plancher)", "gabarit vide (référence)", "minimal, connecté (référence)")


def _compter() -> dict:
    comptes = {}
    for label, email, url in _pages():
        if label in PAGES_DU_PLANCHER:
            continue
        client = Client()
        if email:
            client.force_login(User.objects.get(email=email))
        client.get(url)  # warm-up: sessions, caches of the first request
        cache.clear()  # count the queries of a page computed, not of one served from commun.cache
        with CaptureQueriesContext(connection) as requetes:
            reponse = client.get(url)
        assert reponse.status_code == 200, (label, url, reponse.status_code)
        comptes[label] = len(requetes)
    return comptes


def _agrandir(nombre: int):
    """Add ``nombre`` dossiers of every kind the pages list, with what hangs on them."""
    admin = User.objects.get(email="admin.bench@exemple.fr")
    en_instruction = Vague.objects.get(statut=Vague.Statut.EN_INSTRUCTION)
    publiee = Vague.objects.filter(statut=Vague.Statut.RESULTATS_PUBLIES).first()
    affectation = (
        Affectation.objects.filter(dossier__vague=en_instruction, dossier__statut=Dossier.Statut.EN_INSTRUCTION)
        .order_by("dossier_id", "instructeur_id")
        .first()
    )
    relecteur, second = (
        affectation.instructeur,
        User.objects.filter(profil_instructeur__isnull=False).exclude(pk=affectation.instructeur_id).first(),
    )
    for n in range(nombre):
        if n % 3:
            dossier = fi.dossier(vague_=en_instruction, code_region=("84", "11", "53")[n % 3], statut=Dossier.Statut.EN_INSTRUCTION)
            fi.affecter(dossier, relecteur, par=admin)
            fi.affecter(dossier, second, par=admin)
            fi.evaluer(dossier, relecteur, valeurs=(n % 6, 3, 4, 2))
            Decision.objects.create(
                dossier=dossier,
                vague=en_instruction,
                resultat="retenu",
                decide_par=admin,
                decide_le=dossier.depose_le + dt.timedelta(days=30),
            )
        else:
            dossier = fi.dossier(vague_=publiee, statut=Dossier.Statut.RETENU)
            subvention = Subvention.objects.create(
                dossier=dossier, statut="notifiee", total_fonctionnement=Decimal("120000.00"), cree_par=admin
            )
            for annee, montant in enumerate(dossier.montants, start=1):
                Tranche.objects.create(subvention=subvention, annee=annee, nature="fonctionnement", montant=montant)
            Label.objects.create(tiers_lieu=dossier.tiers_lieu, type="fabrique", vague=publiee, date_obtention=dt.date(2026, 6, 1))
        Message.objects.create(dossier=dossier, auteur=dossier.cree_par, cote="porteur", texte="Une question.")


def test_les_pages_principales_font_autant_de_requetes_a_5_et_a_40_dossiers(settings):
    settings.ROOT_URLCONF = "bench.urls"
    generer(5, sortie=open("/dev/null", "w"))
    # The small world holds one of every kind too (a provisional laureate on the committee, a grant):
    # what generer() leaves on the committee varied in the full PostgreSQL suite (the committee's
    # figures then read 4 queries more with « some » laureates than with « none »), which is not volume.
    _agrandir(3)
    petit = _compter()
    _agrandir(32)
    assert Dossier.objects.count() == 40
    grand = _compter()
    assert grand == petit
