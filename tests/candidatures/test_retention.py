"""Retention: dossiers that led to nothing are deleted after the period, files included, leaving
anonymous counts and an audit journal free of personal data."""

import datetime as dt
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings

from candidatures.models import Decision, Dossier, Message, PieceJointe, StatistiqueAnonyme
from candidatures.services.echanges import message_envoyer
from commun.models import EntreeJournal
from commun.temps import PARIS
from selection.services.comite import decision_enregistrer
from selection.services.retention import dossiers_a_purger
from tests.candidatures import factories as fc
from tests.candidatures import factories_instruction as fi

pytestmark = pytest.mark.django_db
DEPOT = dt.datetime(2026, 11, 20, 10, tzinfo=PARIS)


def _depose(dossier, porteur, statut, numero):
    Dossier.objects.filter(pk=dossier.pk).update(statut=statut, numero=numero, depose_le=DEPOT, depose_par=porteur)
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def monde(porteur, administrateur):
    with time_machine.travel(DEPOT, tick=False):
        vague = fc.vague(numero=4, ouverture=dt.date(2026, 10, 1), limite=dt.date(2026, 12, 30))
        refuse = fc.completer(fc.brouillon(porteur, vague, fc.tiers_lieu(porteur, nom="Atelier Jeanne Martin")), porteur)
        refuse = _depose(refuse, porteur, Dossier.Statut.NON_RETENU, "FDT-2026-V4-00001")
        Decision.objects.create(
            dossier=refuse,
            vague=vague,
            resultat="non_retenu",
            motivation="Gouvernance de Mme Martin trop floue.",
            definitive=True,
            decide_par=administrateur,
            decide_le=dt.datetime(2027, 2, 1, 10, tzinfo=PARIS),
        )
        message_envoyer(
            dossier=refuse,
            auteur=porteur,
            texte="Je suis Jeanne Martin, voici mon CV.",
            fichier=fc.fichier("cv-jeanne-martin.pdf", fc.PDF_MINIMAL),
        )
        retenu = _depose(
            fc.completer(fc.brouillon(porteur, vague, fc.tiers_lieu(porteur, nom="Lieu retenu")), porteur),
            porteur,
            Dossier.Statut.RETENU,
            "FDT-2026-V4-00002",
        )
        abandonne = fc.brouillon(porteur, vague, fc.tiers_lieu(porteur, nom="Brouillon oublié"))
    return {"vague": vague, "refuse": refuse, "retenu": retenu, "abandonne": abandonne}


def test_purge_apres_le_delai_en_gardant_des_statistiques(monde, porteur, django_capture_on_commit_callbacks):
    refuse = monde["refuse"]
    fichiers = [p.fichier for p in refuse.pieces.all()] + [Message.objects.get(dossier=refuse).fichier]
    noms = [(f.storage, f.name) for f in fichiers]
    assert all(stockage.exists(nom) for stockage, nom in noms)

    with time_machine.travel(dt.datetime(2030, 3, 1, 3, tzinfo=PARIS), tick=False):
        sortie = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("purger_dossiers_non_retenus", "--apres-jours", "1095", stdout=sortie)
    assert "2 dossier(s) supprimé(s)" in sortie.getvalue()
    assert not Dossier.objects.filter(pk__in=[refuse.pk, monde["abandonne"].pk]).exists()
    assert Dossier.objects.filter(pk=monde["retenu"].pk).exists()
    assert not PieceJointe.objects.filter(dossier_id=refuse.pk).exists() and not Message.objects.filter(dossier_id=refuse.pk).exists()
    assert not any(stockage.exists(nom) for stockage, nom in noms)

    stats = {(s.vague.numero, s.region.code, s.statut): s.nombre for s in StatistiqueAnonyme.objects.all()}
    assert stats == {(4, "53", "non_retenu"): 1, (4, "53", "brouillon"): 1}

    # The journal keeps its entries about the purged dossier, without personal data.
    entrees = list(EntreeJournal.objects.filter(objet_type="candidatures.dossier", objet_id=str(refuse.pk)))
    assert {"piece.ajoutee", "dossier.message.envoye", "dossier.purge"} <= {e.action for e in entrees}
    texte = json.dumps([[e.objet_libelle, e.donnees] for e in entrees], ensure_ascii=False).lower()
    for personnel in ("jeanne", "martin", porteur.email, "cv-", "statuts.pdf", "budget.pdf", "atelier"):
        assert personnel not in texte, personnel


def test_rien_avant_la_fin_du_delai(monde):
    with time_machine.travel(dt.datetime(2029, 12, 1, tzinfo=PARIS), tick=False):
        # Decision on 01/02/2027 + 1095 days = 01/02/2030: the refused dossier stays; the draft
        # (deadline 30/12/2026 + 1095 = 29/12/2029) too.
        assert dossiers_a_purger(apres_jours=1095) == []
        call_command("purger_dossiers_non_retenus", "--apres-jours", "1095", stdout=StringIO())
    assert Dossier.objects.count() == 3


def test_un_brouillon_d_une_vague_ouverte_n_est_pas_abandonne(porteur):
    with time_machine.travel(DEPOT, tick=False):
        brouillon = fc.brouillon(porteur, fc.vague(limite=dt.date(2031, 12, 30)))
        assert dossiers_a_purger(apres_jours=0) == []
    assert Dossier.objects.filter(pk=brouillon.pk).exists()


def test_jamais_un_dossier_avec_subvention(monde, administrateur):
    from financement.services import subvention_proposer

    retenu = monde["retenu"]
    subvention_proposer(dossier=retenu, par=administrateur)
    Dossier.objects.filter(pk=retenu.pk).update(statut=Dossier.Statut.NON_RETENU)  # even if its status were wrong
    with time_machine.travel(dt.datetime(2035, 1, 1, tzinfo=PARIS), tick=False):
        call_command("purger_dossiers_non_retenus", "--apres-jours", "0", stdout=StringIO())
    assert Dossier.objects.filter(pk=retenu.pk).exists()


def test_simulation_et_reglage_par_defaut(monde):
    with time_machine.travel(dt.datetime(2035, 1, 1, tzinfo=PARIS), tick=False):
        sortie = StringIO()
        call_command("purger_dossiers_non_retenus", "--simulation", stdout=sortie)
        assert "À supprimer : FDT-2026-V4-00001" in sortie.getvalue() and "2 dossier(s) seraient supprimés" in sortie.getvalue()
        assert Dossier.objects.count() == 3
        with override_settings(RETENTION_DOSSIERS_NON_RETENUS_JOURS=5000):
            call_command("purger_dossiers_non_retenus", stdout=StringIO())
        assert Dossier.objects.count() == 3


def test_un_retrait_compte_a_partir_de_la_date_limite(porteur):
    with time_machine.travel(DEPOT, tick=False):
        vague = fc.vague(limite=dt.date(2026, 12, 30))
        retire = fc.brouillon(porteur, vague)
        Dossier.objects.filter(pk=retire.pk).update(statut=Dossier.Statut.RETIRE, retire_le=DEPOT)
    with time_machine.travel(dt.datetime(2027, 1, 5, tzinfo=PARIS), tick=False):
        assert [d.pk for d in dossiers_a_purger(apres_jours=3)] == [retire.pk]
        assert dossiers_a_purger(apres_jours=10) == []


def test_la_motivation_n_entre_pas_dans_le_journal(administrateur):
    with time_machine.travel(DEPOT, tick=False):
        dossier = fi.dossier()
        decision_enregistrer(dossier=dossier, resultat="non_retenu", motivation="M. Dupont n'a pas convaincu.", par=administrateur)
    entree = EntreeJournal.objects.get(action="comite.decision.provisoire")
    assert "Dupont" not in json.dumps(entree.donnees) and entree.donnees["motivation"]["caracteres"] == 28
