"""Closing a wave at its deadline: exactly once, whoever triggers it and whatever happens."""

import datetime as dt
import threading

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse

from candidatures.models import Affectation, Dossier, GrilleVague, Vague
from candidatures.models.instruction import GRILLE_PAR_DEFAUT
from candidatures.services import cloture
from candidatures.services.cloture import vague_cloturer, vagues_cloturer_echues
from candidatures.services.dossiers import dossier_deposer, dossier_reporter
from candidatures.tasks import cloturer_vagues_echues
from commun.erreurs import ConflitEtat, ErreurMetier
from commun.models import Courriel, EntreeJournal

from . import factories as fc
from . import factories_instruction as fi

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def _monde(porteur, autre_porteur, *, limite=dt.date(2026, 12, 30), ouverture=dt.date(2026, 10, 1)):
    """A wave with two deposited dossiers and one draft managed by two people."""
    vague = fc.vague(ouverture=ouverture, limite=limite)
    deposes = [fi.dossier(vague_=vague, statut=Dossier.Statut.DEPOSE) for _ in range(2)]
    brouillon = fc.brouillon(porteur, vague, fc.tiers_lieu(porteur, nom="Le Retardataire"))
    brouillon.tiers_lieu.gestionnaires.add(autre_porteur)
    return vague, deposes, brouillon


def _statuts(dossiers):
    return [Dossier.objects.get(pk=d.pk).statut for d in dossiers]


@pytest.mark.parametrize(
    ("limite", "derniere_seconde_utc", "premiere_seconde_apres_utc"),
    [
        # Summer (CEST, UTC+2) and winter (CET, UTC+1): the deadline is 23:59:59 in Paris either way.
        (dt.date(2026, 6, 30), dt.datetime(2026, 6, 30, 21, 59, 59, tzinfo=UTC), dt.datetime(2026, 6, 30, 22, 0, 0, 1, tzinfo=UTC)),
        (dt.date(2026, 12, 30), dt.datetime(2026, 12, 30, 22, 59, 59, tzinfo=UTC), dt.datetime(2026, 12, 30, 23, 0, 0, 1, tzinfo=UTC)),
    ],
)
def test_la_tache_periodique_clot_a_la_date_limite_heure_de_paris(
    porteur, autre_porteur, limite, derniere_seconde_utc, premiere_seconde_apres_utc
):
    vague, deposes, brouillon = _monde(porteur, autre_porteur, limite=limite, ouverture=limite - dt.timedelta(days=60))
    with time_machine.travel(derniere_seconde_utc, tick=False):
        assert cloturer_vagues_echues.delay().get() == []
        with pytest.raises(ConflitEtat, match="accepte les dépôts jusqu'au"):
            vague_cloturer(vague_id=vague.pk)
    assert _statuts(deposes) == [Dossier.Statut.DEPOSE] * 2
    with time_machine.travel(premiere_seconde_apres_utc, tick=False):
        assert len(cloturer_vagues_echues.delay().get()) == 1
    vague.refresh_from_db()
    assert vague.statut == Vague.Statut.EN_INSTRUCTION and vague.cloturee_le is not None
    assert _statuts(deposes) == [Dossier.Statut.EN_INSTRUCTION] * 2
    assert _statuts([brouillon]) == [Dossier.Statut.BROUILLON]


def test_deposes_en_instruction_avec_journal_et_brouillon_prevenu_une_fois_par_gestionnaire(
    porteur, autre_porteur, django_capture_on_commit_callbacks
):
    vague, deposes, brouillon = _monde(porteur, autre_porteur)
    suivante = fc.vague(numero=5, ouverture=dt.date(2026, 12, 31), limite=dt.date(2027, 3, 30), statut=Vague.Statut.A_VENIR)
    with time_machine.travel(dt.datetime(2026, 12, 31, 8, tzinfo=UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            bilan = vague_cloturer(vague_id=vague.pk)
    assert (bilan.en_instruction, bilan.brouillons, bilan.courriels) == (2, 1, 2)
    for dossier in deposes:
        entree = EntreeJournal.objects.pour_objet(dossier).get(action="dossier.en_instruction")
        assert (entree.etat_avant, entree.etat_apres) == ("depose", "en_instruction")
    assert sorted(m.to[0] for m in mail.outbox) == [autre_porteur.email, porteur.email]
    message = mail.outbox[0]
    assert "Vague 4 clôturée : votre brouillon « Le Retardataire » n'a pas été déposé" in message.subject
    assert "BROUILLON" in message.body and "Rien de ce que vous avez saisi n'est perdu" in message.body
    assert f"/dossiers/{brouillon.pk}/#reporter" in message.body and suivante.titre in message.body
    assert message.alternatives and "Reporter mon brouillon à la vague 5" in message.alternatives[0][0]


def test_un_brouillon_de_vague_close_ne_se_depose_plus_mais_se_reporte(porteur, autre_porteur):
    vague, _deposes, brouillon = _monde(porteur, autre_porteur)
    brouillon = fc.completer(brouillon, porteur)
    suivante = fc.vague(numero=5, ouverture=dt.date(2026, 12, 31), limite=dt.date(2027, 3, 30), statut=Vague.Statut.OUVERTE)
    with time_machine.travel(dt.datetime(2027, 1, 2, 8, tzinfo=UTC), tick=False):
        vague_cloturer(vague_id=vague.pk)
        with pytest.raises(ErreurMetier, match="date limite de dépôt de la vague 4"):
            dossier_deposer(dossier=brouillon, par=porteur)
        dossier_reporter(dossier=brouillon, vague=suivante, par=porteur)
        dossier_deposer(dossier=Dossier.objects.get(pk=brouillon.pk), par=porteur)
    assert Dossier.objects.get(pk=brouillon.pk).vague == suivante


def test_deux_fois_de_suite_meme_resultat_et_chaque_courriel_une_fois(porteur, autre_porteur, django_capture_on_commit_callbacks):
    vague, deposes, _brouillon = _monde(porteur, autre_porteur)
    with time_machine.travel(dt.datetime(2027, 1, 2, 8, tzinfo=UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            vague_cloturer(vague_id=vague.pk)
            second = vague_cloturer(vague_id=vague.pk)
            assert vagues_cloturer_echues() == []
    assert second.deja_cloturee
    assert len(mail.outbox) == 2 and Courriel.objects.filter(cle__startswith="cloture:").count() == 2
    assert EntreeJournal.objects.filter(action="dossier.en_instruction").count() == 2
    assert EntreeJournal.objects.filter(action="vague.cloturee").count() == 1


def test_une_panne_au_milieu_annule_tout_et_la_reprise_termine(porteur, autre_porteur, monkeypatch, django_capture_on_commit_callbacks):
    vague, deposes, _brouillon = _monde(porteur, autre_porteur)
    vrai = cloture.courriel_planifier
    appels = []

    def planifier_puis_tomber(**kwargs):
        vrai(**kwargs)
        appels.append(kwargs["cle"])
        raise RuntimeError("le worker s'arrête net")

    monkeypatch.setattr(cloture, "courriel_planifier", planifier_puis_tomber)
    with time_machine.travel(dt.datetime(2027, 1, 2, 8, tzinfo=UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
            vague_cloturer(vague_id=vague.pk)
        # Part of the work had been done (the UPDATE, one e-mail): all of it was rolled back.
        assert len(appels) == 1
        assert _statuts(deposes) == [Dossier.Statut.DEPOSE] * 2
        assert not Courriel.objects.exists() and not mail.outbox
        assert Vague.objects.get(pk=vague.pk).cloturee_le is None
        monkeypatch.setattr(cloture, "courriel_planifier", vrai)
        with django_capture_on_commit_callbacks(execute=True):
            assert len(vagues_cloturer_echues()) == 1
    assert _statuts(deposes) == [Dossier.Statut.EN_INSTRUCTION] * 2
    assert len(mail.outbox) == 2
    assert EntreeJournal.objects.filter(action="dossier.en_instruction").count() == 2


def test_affectation_automatique_a_la_cloture_si_la_grille_le_demande(porteur, autre_porteur):
    vague, deposes, _brouillon = _monde(porteur, autre_porteur)
    fi.instructeur("a@anct.example.fr", national=True)
    fi.instructeur("b@anct.example.fr", national=True)
    GrilleVague.objects.create(vague=vague, **{**GRILLE_PAR_DEFAUT, "affectation_automatique": True})
    with time_machine.travel(dt.datetime(2027, 1, 2, 8, tzinfo=UTC), tick=False):
        bilan = vague_cloturer(vague_id=vague.pk)
    assert bilan.affectations == 4
    assert Affectation.objects.filter(dossier__in=deposes, mode=Affectation.Mode.AUTOMATIQUE).count() == 4


def test_sans_reglage_pas_d_affectation_automatique(porteur, autre_porteur):
    vague, deposes, _brouillon = _monde(porteur, autre_porteur)
    fi.instructeur("a@anct.example.fr", national=True)
    with time_machine.travel(dt.datetime(2027, 1, 2, 8, tzinfo=UTC), tick=False):
        vague_cloturer(vague_id=vague.pk)
    assert not Affectation.objects.exists()


def test_commande_de_gestion(porteur, autre_porteur, capsys):
    vague, deposes, _brouillon = _monde(porteur, autre_porteur)
    with time_machine.travel(dt.datetime(2027, 1, 2, 8, tzinfo=UTC), tick=False):
        call_command("cloturer_vagues")
        call_command("cloturer_vagues", "--vague", "4")
    sortie = capsys.readouterr().out
    assert "2 dossiers en instruction" in sortie and "déjà clôturée" in sortie
    assert _statuts(deposes) == [Dossier.Statut.EN_INSTRUCTION] * 2


def test_bouton_de_l_administrateur(client, administrateur, porteur, autre_porteur):
    vague, deposes, _brouillon = _monde(porteur, autre_porteur)
    url = reverse("candidatures:vague_cloturer", kwargs={"pk": vague.pk})
    with time_machine.travel(dt.datetime(2026, 12, 1, 8, tzinfo=UTC), tick=False):
        client.force_login(administrateur)
        page = client.get(reverse("candidatures:vagues_admin"))
        assert url not in page.content.decode()  # not offered before the deadline
        reponse = client.post(url, follow=True)
        assert "elle ne peut pas encore être clôturée" in reponse.content.decode()
    with time_machine.travel(dt.datetime(2027, 1, 2, 8, tzinfo=UTC), tick=False):
        client.force_login(administrateur)
        page = client.get(reverse("candidatures:vagues_admin"))
        assert url in page.content.decode()
        reponse = client.post(url, follow=True)
    assert "2 dossiers en instruction" in reponse.content.decode()
    assert _statuts(deposes) == [Dossier.Statut.EN_INSTRUCTION] * 2


def test_un_porteur_ne_clot_pas_une_vague(client, porteur, autre_porteur):
    vague, _deposes, _brouillon = _monde(porteur, autre_porteur)
    with time_machine.travel(dt.datetime(2027, 1, 2, 8, tzinfo=UTC), tick=False):
        client.force_login(porteur)
        assert client.post(reverse("candidatures:vague_cloturer", kwargs={"pk": vague.pk})).status_code == 403
    assert Vague.objects.get(pk=vague.pk).cloturee_le is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_deux_executions_concurrentes_une_seule_cloture(porteur, autre_porteur):
    """Two workers close the same wave at the same instant: the row lock serialises them."""
    if connection.vendor != "postgresql":
        pytest.skip("Verrou de ligne réel : ce test tourne sur PostgreSQL (CI).")
    vague, deposes, _brouillon = _monde(porteur, autre_porteur)
    depart = threading.Barrier(2)
    bilans, erreurs = [], []

    def cloturer():
        try:
            depart.wait(timeout=10)
            bilans.append(vague_cloturer(vague_id=vague.pk, moment=dt.datetime(2027, 1, 2, 8, tzinfo=UTC)))
        except Exception as exc:  # pragma: no cover - reported by the assertion below
            erreurs.append(exc)
        finally:
            connections.close_all()

    fils = [threading.Thread(target=cloturer) for _ in range(2)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(timeout=60)
    assert not erreurs
    assert sorted(b.deja_cloturee for b in bilans) == [False, True]
    assert _statuts(deposes) == [Dossier.Statut.EN_INSTRUCTION] * 2
    assert Courriel.objects.filter(cle__startswith="cloture:").count() == 2
    assert EntreeJournal.objects.filter(action="dossier.en_instruction").count() == 2


def test_les_resultats_ne_se_publient_pas_par_un_simple_changement_de_statut(administrateur):
    from candidatures.services.vagues import vague_changer_statut

    vague = fi.vague(statut=Vague.Statut.EN_INSTRUCTION)
    with pytest.raises(ConflitEtat, match="se publient depuis sa page « Publication des résultats »"):
        vague_changer_statut(vague=vague, statut=Vague.Statut.RESULTATS_PUBLIES, par=administrateur)
    assert Vague.objects.get(pk=vague.pk).statut == Vague.Statut.EN_INSTRUCTION


def test_une_vague_sans_depot_reste_cloturee_et_ne_s_annonce_pas_en_instruction(porteur):
    """« En instruction » with 0 dossiers would announce work that does not exist: a wave where
    nobody deposited (drafts only) stays « clôturée »; one deposit is enough to move it on."""
    vague = fc.vague(ouverture=dt.date(2026, 10, 1), limite=dt.date(2026, 12, 30))
    fc.brouillon(porteur, vague, fc.tiers_lieu(porteur, nom="Le Retardataire"))
    with time_machine.travel(dt.datetime(2027, 1, 2, 9, tzinfo=UTC), tick=False):
        vague_cloturer(vague_id=vague.pk)
    vague.refresh_from_db()
    assert vague.statut == Vague.Statut.CLOTUREE and vague.cloturee_le is not None

    autre = fc.vague(numero=5, ouverture=dt.date(2027, 1, 1), limite=dt.date(2027, 3, 30))
    fi.dossier(vague_=autre, statut=Dossier.Statut.DEPOSE)
    with time_machine.travel(dt.datetime(2027, 4, 2, 9, tzinfo=UTC), tick=False):
        vague_cloturer(vague_id=autre.pk)
    autre.refresh_from_db()
    assert autre.statut == Vague.Statut.EN_INSTRUCTION
