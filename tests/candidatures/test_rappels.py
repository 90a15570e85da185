"""Reminders: a draft is not a deposit — its managers are told at J-7 and J-2, once each."""

import datetime as dt

import pytest
from django.core import mail

from candidatures.services.dossiers import dossier_deposer
from candidatures.services.rappels import brouillons_rappeler
from commun.models import Courriel

from . import factories as f

pytestmark = pytest.mark.django_db


def test_rappel_j7_puis_j1_une_seule_fois_et_pas_pour_un_dossier_depose(porteur, autre_porteur, django_capture_on_commit_callbacks):
    import time_machine

    vague = f.vague()
    brouillon = f.brouillon(porteur, vague, f.tiers_lieu(porteur, nom="En retard"))
    brouillon.tiers_lieu.gestionnaires.add(autre_porteur)
    with time_machine.travel(dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC), tick=False):
        depose = f.completer(f.brouillon(porteur, vague, f.tiers_lieu(porteur, nom="À l'heure")), porteur)
        dossier_deposer(dossier=depose, par=porteur)
    assert brouillons_rappeler(aujourdhui=dt.date(2026, 12, 22)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert brouillons_rappeler(aujourdhui=dt.date(2026, 12, 23)) == 2  # both managers of the draft
    assert brouillons_rappeler(aujourdhui=dt.date(2026, 12, 23)) == 0  # ran again: nothing new
    assert brouillons_rappeler(aujourdhui=dt.date(2026, 12, 29)) == 0  # J-1: no reminder
    assert brouillons_rappeler(aujourdhui=dt.date(2026, 12, 28)) == 2
    assert Courriel.objects.filter(cle__startswith="rappel-").count() == 4
    message = mail.outbox[-1]
    assert "J-7 : votre dossier « En retard » n'est pas encore déposé" in message.subject
    assert "BROUILLON" in message.body and "il n'a pas été déposé" in message.body
    assert "Pièce manquante : Statuts de la structure porteuse." in message.body


def test_un_gestionnaire_qui_a_coupe_les_rappels_n_en_recoit_pas(porteur, autre_porteur):
    """Switched off on « Mon compte »: no reminder for them, and they are not counted; the other
    manager of the draft still gets one."""
    from comptes.notifications import Categorie

    vague = f.vague()
    brouillon = f.brouillon(porteur, vague, f.tiers_lieu(porteur, nom="En retard"))
    brouillon.tiers_lieu.gestionnaires.add(autre_porteur)
    autre_porteur.courriels_coupes = [Categorie.RAPPELS_DEPOT]
    autre_porteur.save()
    assert brouillons_rappeler(aujourdhui=dt.date(2026, 12, 23)) == 1
    assert list(Courriel.objects.values_list("destinataire", flat=True)) == [porteur.email]
    assert brouillons_rappeler(aujourdhui=dt.date(2026, 12, 23)) == 0
