"""A real Celery worker consumes the real Redis broker (run by .ci/run with PostgreSQL + Redis)."""

import pytest
from django.db import transaction

from commun.models import Courriel
from commun.tasks import envoyer_courriel, ping

pytestmark = pytest.mark.worker


def test_une_tache_passe_par_le_broker_et_un_vrai_worker(celery_reel):
    resultat = ping.delay()
    assert resultat.get(timeout=30) == "pong"


@pytest.mark.django_db(transaction=True)
def test_le_worker_envoie_un_courriel_de_la_boite_d_envoi(celery_reel):
    with transaction.atomic():
        courriel = Courriel.objects.create(cle="worker:1", destinataire="x@exemple.fr", sujet="Essai", texte="Bonjour")
    assert envoyer_courriel.delay(courriel.pk).get(timeout=30) is True
    courriel.refresh_from_db()
    assert courriel.statut == Courriel.Statut.ENVOYE
    # A second delivery of the same task does nothing: exactly once.
    assert envoyer_courriel.delay(courriel.pk).get(timeout=30) is False
