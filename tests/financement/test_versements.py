"""Payments: one per tranche, yearly dates, explicit transitions, the activity report condition."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from commun.erreurs import AccesRefuse, ConflitEtat, ErreurMetier
from commun.models import Courriel
from financement.models import Subvention, Versement
from financement.selectors import etat_enveloppe, rapprochement, versements_a_venir
from financement.services import (
    rapport_deposer,
    subvention_notifier,
    subvention_proposer,
    subvention_resilier,
    subvention_signer_convention,
    versement_changer_statut,
)
from tests.fabriques import factories as fab

from .factories import dossier_de

pytestmark = pytest.mark.django_db
D = Decimal
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
S = Versement.Statut


@pytest.fixture
def subvention_signee(administrateur, porteur):
    dossier = dossier_de(porteur, tiers_lieu=fab.tiers_lieu(en_qpv=True), bonus_numerique=True)
    subvention = subvention_proposer(dossier=dossier, par=administrateur)
    subvention_notifier(subvention=subvention, par=administrateur)
    return subvention_signer_convention(subvention=subvention, date_signature=dt.date(2026, 6, 15), par=administrateur)


def _versement(subvention, annee, nature="fonctionnement"):
    return Versement.objects.get(tranche__subvention=subvention, tranche__annee=annee, tranche__nature=nature)


def _rapport(annee):
    return SimpleUploadedFile(f"rapport-{annee}.pdf", PDF, content_type="application/pdf")


def test_un_versement_par_tranche_annee_1_a_la_signature_puis_chaque_annee(subvention_signee):
    dates = {(v.tranche.annee, v.tranche.nature): v.date_prevue for v in Versement.objects.filter(tranche__subvention=subvention_signee)}
    assert dates == {
        (1, "fonctionnement"): dt.date(2026, 6, 15),
        (1, "investissement"): dt.date(2026, 6, 15),
        (2, "fonctionnement"): dt.date(2027, 6, 15),
        (3, "fonctionnement"): dt.date(2028, 6, 15),
    }


def test_les_totaux_se_rapprochent_de_la_subvention(subvention_signee):
    totaux = rapprochement(subvention_signee)
    assert totaux["subvention"] == totaux["planifie"] == D("220000.00")
    assert totaux["fonctionnement"] + totaux["investissement"] == totaux["subvention"]
    assert totaux["verse"] + totaux["reste_a_verser"] == totaux["planifie"]


@time_machine.travel("2026-07-01 10:00 +0200", tick=False)
def test_cycle_complet_d_un_versement(subvention_signee, administrateur):
    versement = _versement(subvention_signee, 1)
    for statut in (S.DEMANDE, S.MANDATE, S.VERSE):
        versement = versement_changer_statut(versement=versement, statut=statut, par=administrateur, reference_mandat="M-1")
    assert versement.date_versement == dt.date(2026, 7, 1)
    courriel = Courriel.objects.get(cle__startswith=f"versement-verse:{versement.pk}:")
    assert courriel.destinataire == "porteur@exemple.fr"
    assert "50 000,00 € au titre de la subvention" in courriel.texte
    assert "rapport d'activité de l'année 1" in courriel.texte
    assert versement.reference_mandat == "M-1"
    assert etat_enveloppe()["verse"] == D("50000.00")


def test_transition_interdite(subvention_signee, administrateur):
    with pytest.raises(ConflitEtat, match="« prévu » ne peut pas passer à « versé »"):
        versement_changer_statut(versement=_versement(subvention_signee, 1), statut=S.VERSE, par=administrateur)


def test_tranche_suivante_conditionnee_au_rapport_d_activite(subvention_signee, administrateur, porteur):
    versement = _versement(subvention_signee, 2)
    with pytest.raises(ErreurMetier, match="conditionné au rapport d'activité de l'année 1"):
        versement_changer_statut(versement=versement, statut=S.DEMANDE, par=administrateur)
    rapport_deposer(subvention=subvention_signee, annee=1, fichier=_rapport(1), par=porteur)
    assert versement_changer_statut(versement=versement, statut=S.DEMANDE, par=administrateur).statut == S.DEMANDE


def test_suspension_motivee_puis_levee(subvention_signee, administrateur):
    versement = _versement(subvention_signee, 1)
    with pytest.raises(ErreurMetier, match="motif"):
        versement_changer_statut(versement=versement, statut=S.SUSPENDU, par=administrateur)
    versement = versement_changer_statut(versement=versement, statut=S.SUSPENDU, par=administrateur, motif="Contrôle en cours")
    assert versement.motif_suspension == "Contrôle en cours"
    assert versement_changer_statut(versement=versement, statut=S.PREVU, par=administrateur).statut == S.PREVU


@time_machine.travel("2029-01-10 10:00 +0100", tick=False)
def test_subvention_soldee_quand_tout_est_verse(subvention_signee, administrateur, porteur):
    rapport_deposer(subvention=subvention_signee, annee=1, fichier=_rapport(1), par=porteur)
    rapport_deposer(subvention=subvention_signee, annee=2, fichier=_rapport(2), par=porteur)
    for versement in Versement.objects.filter(tranche__subvention=subvention_signee):
        for statut in (S.DEMANDE, S.MANDATE, S.VERSE):
            versement = versement_changer_statut(versement=versement, statut=statut, par=administrateur)
    subvention_signee.refresh_from_db()
    assert subvention_signee.statut == Subvention.Statut.SOLDEE


def test_seul_un_administrateur_fait_avancer_les_versements(subvention_signee, porteur):
    with pytest.raises(AccesRefuse):
        versement_changer_statut(versement=_versement(subvention_signee, 1), statut=S.DEMANDE, par=porteur)


def test_rapport_refuse_s_il_n_est_pas_un_pdf(subvention_signee, porteur):
    with pytest.raises(ErreurMetier, match="PDF"):
        rapport_deposer(subvention=subvention_signee, annee=1, fichier=SimpleUploadedFile("r.pdf", b"pas un pdf"), par=porteur)


def test_rapport_reserve_aux_gestionnaires(subvention_signee, autre_porteur):
    with pytest.raises(AccesRefuse):
        rapport_deposer(subvention=subvention_signee, annee=1, fichier=_rapport(1), par=autre_porteur)


@time_machine.travel("2027-04-01 10:00 +0200", tick=False)
def test_versements_a_venir_dans_90_jours(subvention_signee):
    assert [(v.tranche.annee, v.tranche.nature) for v in versements_a_venir()] == [
        (1, "fonctionnement"),
        (1, "investissement"),
        (2, "fonctionnement"),
    ]


def test_resiliation_suspend_les_versements_et_libere_l_enveloppe(subvention_signee, administrateur, settings):
    subvention_resilier(subvention=subvention_signee, motif="Structure dissoute", par=administrateur)
    assert set(Versement.objects.filter(tranche__subvention=subvention_signee).values_list("statut", flat=True)) == {S.SUSPENDU}
    assert etat_enveloppe()["engage"] == D("0")


def test_echeancier_fige_apres_signature(subvention_signee, administrateur):
    from financement.services import subvention_ajuster

    with pytest.raises(ConflitEtat, match="ne peut plus être modifié"):
        subvention_ajuster(
            subvention=subvention_signee, montants={"annee_1": D("50000"), "annee_2": D("50000"), "annee_3": D("50000")}, par=administrateur
        )


def test_rappel_du_rapport_avant_la_tranche_suivante_une_seule_fois(subvention_signee, porteur, time_machine):
    from financement.tasks import rapports_rappeler

    time_machine.move_to(dt.datetime(2027, 4, 1, 8, tzinfo=dt.UTC), tick=False)
    assert rapports_rappeler() == 0  # year 2 is due on 15/06/2027: too early
    time_machine.move_to(dt.datetime(2027, 5, 20, 8, tzinfo=dt.UTC), tick=False)
    assert rapports_rappeler() == 1
    rapports_rappeler()
    courriel = Courriel.objects.get(cle__startswith="rappel-rapport:")
    assert "rapport d'activité de l'année 1" in courriel.texte and "15/06/2027" in courriel.texte
    rapport_deposer(subvention=subvention_signee, annee=1, fichier=_rapport(1), par=porteur)
    time_machine.move_to(dt.datetime(2027, 6, 1, 8, tzinfo=dt.UTC), tick=False)
    rapports_rappeler()
    assert Courriel.objects.filter(cle__startswith="rappel-rapport:").count() == 1
