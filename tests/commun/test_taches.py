"""Starting a task never fails the request: with the broker down the change stands, its row waits,
and the periodic job queues it again once the broker is back."""

import datetime as dt

import pytest
import time_machine
from celery.app.task import Task
from django.urls import reverse
from kombu.exceptions import OperationalError

from tests.candidatures import factories_instruction as f
from tests.conftest import MOT_DE_PASSE

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_coupe(monkeypatch):
    appels = []

    def injoignable(self, *args, **kwargs):
        appels.append(self.name)
        raise OperationalError("[Errno 111] Connection refused")

    monkeypatch.setattr(Task, "apply_async", injoignable)
    return appels


def test_export_demande_broker_coupe_la_page_repond_et_l_export_attend(
    client, administrateur, monkeypatch, broker_coupe, django_capture_on_commit_callbacks
):
    from candidatures.models import ExportInstruction
    from candidatures.services import exports as exports_differes

    monkeypatch.setattr(exports_differes, "SEUIL_EXPORT_IMMEDIAT", 1)
    vague = f.vague()
    for _ in range(3):
        f.dossier(vague, "84")
    client.login(email=administrateur.email, password=MOT_DE_PASSE)
    with time_machine.travel(dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            reponse = client.get(reverse("candidatures:instruction_export", args=["csv"]), {"vague": vague.pk}, follow=True)
    assert reponse.status_code == 200
    assert "est en préparation" in reponse.content.decode()
    assert broker_coupe == ["candidatures.tasks_instruction.generer_export"]
    export = ExportInstruction.objects.get()
    assert export.statut == ExportInstruction.Statut.EN_COURS

    # Still down five minutes later: the periodic job tries, logs, and leaves the row.
    with time_machine.travel(dt.datetime(2026, 12, 4, 10, 5, tzinfo=dt.UTC), tick=False):
        assert exports_differes.exports_relancer_en_attente() == 0
    assert ExportInstruction.objects.get().statut == ExportInstruction.Statut.EN_COURS

    # The broker is back (tasks run at once in the tests): the next run builds it.
    monkeypatch.undo()
    with time_machine.travel(dt.datetime(2026, 12, 4, 10, 10, tzinfo=dt.UTC), tick=False):
        assert exports_differes.exports_relancer_en_attente() == 1
    export.refresh_from_db()
    assert (export.statut, export.nb_lignes) == (ExportInstruction.Statut.PRET, 3)


def test_un_export_tout_juste_demande_n_est_pas_relance(administrateur):
    from candidatures.models import ExportInstruction
    from candidatures.services.exports import exports_relancer_en_attente

    with time_machine.travel(dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC), tick=False):
        ExportInstruction.objects.create(demandeur=administrateur, format="csv", parametres="")
    with time_machine.travel(dt.datetime(2026, 12, 4, 10, 4, tzinfo=dt.UTC), tick=False):
        assert exports_relancer_en_attente() == 0
    assert ExportInstruction.objects.get().statut == ExportInstruction.Statut.EN_COURS


def test_courriel_planifie_broker_coupe_reste_dans_la_boite_d_envoi(broker_coupe, django_capture_on_commit_callbacks):
    from commun.courriels import courriel_planifier
    from commun.models import Courriel

    with django_capture_on_commit_callbacks(execute=True):
        courriel_planifier(
            cle="essai-broker",
            destinataire="porteur@exemple.fr",
            gabarit="complement_repondu",
            contexte={"dossier": "FDT-2026-V4-00001", "url": "/instruction/1/"},
        )
    assert broker_coupe == ["commun.tasks.envoyer_courriel"]
    assert Courriel.objects.get().statut == Courriel.Statut.EN_ATTENTE
