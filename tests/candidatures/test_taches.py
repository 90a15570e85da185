"""Periodic jobs: declared in one place and documented; reminders reach the right people once;
a closing and a publication run end to end through the real broker (tests marked « worker »)."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from candidatures.models import Decision, Dossier, GrilleVague, Publication, Vague
from candidatures.models.instruction import GRILLE_PAR_DEFAUT
from candidatures.services.rappels import evaluations_rappeler
from candidatures.tasks import cloturer_vague, rappeler_brouillons, rappeler_evaluations
from commun.models import Courriel
from commun.temps import aujourdhui_paris, maintenant
from selection.tasks import publier_resultats

from . import factories as fc
from . import factories_instruction as fi


def test_chaque_tache_planifiee_existe_et_figure_dans_le_readme():
    from config.celery_app import app

    app.loader.import_default_modules()
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    planifiees = settings.CELERY_BEAT_SCHEDULE
    assert planifiees["cloturer-vagues-echues"] == {"task": "candidatures.tasks.cloturer_vagues_echues", "schedule": 60.0}
    for nom, entree in planifiees.items():
        assert entree["task"] in app.tasks, f"{nom} : tâche {entree['task']} introuvable"
        assert f"`{entree['task']}`" in readme, f"{entree['task']} manque au tableau « Tâches planifiées » du README"


@pytest.mark.django_db
def test_rappel_des_evaluations_a_faire_une_fois_avant_le_comite(administrateur, django_capture_on_commit_callbacks):
    vague = fi.vague(date_comite=dt.date(2026, 5, 20))
    en_retard = fi.instructeur("en.retard@anct.example.fr", national=True)
    a_jour = fi.instructeur("a.jour@anct.example.fr", national=True)
    dossiers = [fi.dossier(vague_=vague) for _ in range(2)]
    for dossier in dossiers:
        fi.affecter(dossier, en_retard)
        fi.affecter(dossier, a_jour)
        fi.evaluer(dossier, a_jour)
    fi.evaluer(dossiers[0], en_retard)
    assert evaluations_rappeler(aujourdhui=dt.date(2026, 5, 12)) == 0  # J-8: not yet
    with django_capture_on_commit_callbacks(execute=True):
        assert evaluations_rappeler(aujourdhui=dt.date(2026, 5, 13)) == 1  # J-7
    assert evaluations_rappeler(aujourdhui=dt.date(2026, 5, 13)) == 0  # ran again: nothing new
    assert [m.to for m in mail.outbox] == [[en_retard.email]]
    message = mail.outbox[0]
    assert "Comité dans 7 jours : 1 évaluation à soumettre" in message.subject
    assert dossiers[1].numero in message.body and dossiers[0].numero not in message.body
    assert evaluations_rappeler(aujourdhui=dt.date(2026, 5, 18)) == 1  # J-2
    GrilleVague.objects.create(vague=vague, **GRILLE_PAR_DEFAUT, comite_clos_le=maintenant(), comite_clos_par=administrateur)
    Courriel.objects.filter(cle__startswith="rappel-evaluation-j2").delete()
    assert evaluations_rappeler(aujourdhui=dt.date(2026, 5, 18)) == 0  # committee closed: no reminder


@pytest.mark.django_db
def test_les_taches_de_rappel_appellent_les_services(porteur):
    import time_machine

    vague = fc.vague(limite=dt.date(2026, 12, 30))
    fc.brouillon(porteur, vague)
    with time_machine.travel(dt.datetime(2026, 12, 23, 8, tzinfo=dt.UTC), tick=False):
        assert rappeler_brouillons.delay().get() == 1
        assert rappeler_brouillons.delay().get() == 0
        assert rappeler_evaluations.delay().get() == 0


# --- End to end through the real broker (run by .ci/run with a worker) -------------------------
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_cloture_puis_publication_par_un_vrai_worker(celery_reel, administrateur, porteur):
    """The worker uses the same test database and MEDIA_ROOT; its clock is real, so the wave's
    deadline is put in the past of today."""
    aujourdhui = aujourdhui_paris()
    vague = Vague.objects.create(
        numero=91,
        titre="Vague du worker",
        date_ouverture=aujourdhui - dt.timedelta(days=60),
        date_limite=aujourdhui - dt.timedelta(days=2),
        statut=Vague.Statut.OUVERTE,
    )
    deposes = []
    for _ in range(3):
        lieu = fi.tiers_lieu()
        lieu.gestionnaires.add(porteur)
        deposes.append(fi.dossier(vague_=vague, tl=lieu, statut=Dossier.Statut.DEPOSE))
    brouillon = fc.brouillon(porteur, vague, fc.tiers_lieu(porteur, nom="Brouillon du worker"))

    # Closing: twice through the broker, the second run does nothing.
    assert "3 dossiers en instruction" in cloturer_vague.delay(vague.pk).get(timeout=60)
    assert "déjà clôturée" in cloturer_vague.delay(vague.pk).get(timeout=60)
    assert {d.statut for d in Dossier.objects.filter(pk__in=[d.pk for d in deposes])} == {Dossier.Statut.EN_INSTRUCTION}
    assert Dossier.objects.get(pk=brouillon.pk).statut == Dossier.Statut.BROUILLON
    avis = Courriel.objects.filter(cle__startswith=f"cloture:vague-{vague.pk}:")
    assert avis.count() == 1 and avis.get().destinataire == porteur.email

    # The committee decides (two laureates, one refusal) and closes.
    for dossier, resultat in zip(deposes, ["retenu", "retenu", "non_retenu"], strict=True):
        Decision.objects.create(
            dossier=dossier,
            vague=vague,
            resultat=resultat,
            definitive=True,
            decide_par=administrateur,
            decide_le=maintenant(),
            motivation="Projet à consolider." if resultat == "non_retenu" else "",
        )
        Dossier.objects.filter(pk=dossier.pk).update(statut=resultat)
    GrilleVague.objects.create(vague=vague, **GRILLE_PAR_DEFAUT, comite_clos_le=maintenant(), comite_clos_par=administrateur)

    # Publication: queued by the service after commit; the solo worker runs jobs in order, so the
    # second delivery below runs after the first one and finds it finished.
    from selection.services.publication import vague_publier

    publication = vague_publier(vague=vague, par=administrateur)
    assert publier_resultats.delay(publication.pk).get(timeout=180) == Publication.Statut.TERMINEE
    publication.refresh_from_db()
    assert (publication.statut, publication.progression, publication.nombre_laureats) == (Publication.Statut.TERMINEE, 100, 2)
    with publication.fichier.open("rb") as fichier:
        assert fichier.read(4) == b"%PDF"
    assert Vague.objects.get(pk=vague.pk).statut == Vague.Statut.RESULTATS_PUBLIES
    assert Courriel.objects.filter(cle__startswith="decision:").count() == 3
    assert not Courriel.objects.filter(statut=Courriel.Statut.ECHEC).exists()
