"""Closing an open wave before its deadline: a separate, explained action with a reason, the
drafts' managers told once after commit, an audit entry, the drafts' pages telling the truth."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from candidatures.models import Dossier, Vague
from candidatures.services.cloture import apercu_cloture, vague_cloturer_par_anticipation, vagues_cloturer_echues
from commun.erreurs import ConflitEtat, ErreurMetier
from commun.models import Courriel, EntreeJournal

from . import factories as fc
from . import factories_instruction as fi

pytestmark = pytest.mark.django_db
AVANT_LA_DATE = dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC)  # 26 days before the 30/12 deadline
MOTIF = "Enveloppe de l'année épuisée : décision du comité de pilotage du 3 décembre."


@pytest.fixture
def monde(porteur, autre_porteur):
    """An open wave (deadline 30/12/2026) with one deposited dossier and one draft managed by two people."""
    vague = fc.vague(ouverture=dt.date(2026, 10, 1), limite=dt.date(2026, 12, 30))
    depose = fi.dossier(vague_=vague, statut=Dossier.Statut.DEPOSE)
    brouillon = fc.brouillon(porteur, vague, fc.tiers_lieu(porteur, nom="Le Retardataire"))
    brouillon.tiers_lieu.gestionnaires.add(autre_porteur)
    return vague, depose, brouillon


@time_machine.travel(AVANT_LA_DATE, tick=False)
def test_l_apercu_compte_brouillons_courriels_et_deposes(monde):
    vague, _, _ = monde
    assert apercu_cloture(vague) == {"brouillons": 1, "courriels": 2, "porteurs": 2, "deposes": 1}


@time_machine.travel(AVANT_LA_DATE, tick=False)
def test_sans_motif_rien_n_est_fait(monde, administrateur):
    vague, depose, _ = monde
    for motif in ("", "   "):
        with pytest.raises(ErreurMetier, match="motif") as erreur:
            vague_cloturer_par_anticipation(vague_id=vague.pk, motif=motif, par=administrateur)
        assert erreur.value.champ == "motif"
    vague.refresh_from_db()
    assert vague.statut == Vague.Statut.OUVERTE and vague.cloturee_le is None
    assert Courriel.objects.count() == 0


@time_machine.travel(AVANT_LA_DATE, tick=False)
def test_cloture_anticipee_previent_chaque_gestionnaire_une_fois_apres_commit(
    monde, administrateur, porteur, autre_porteur, django_capture_on_commit_callbacks
):
    vague, depose, brouillon = monde
    with django_capture_on_commit_callbacks(execute=True) as rappels:
        bilan = vague_cloturer_par_anticipation(vague_id=vague.pk, motif=MOTIF, par=administrateur)
    assert rappels, "les courriels partent après la validation de la transaction"
    assert (bilan.brouillons, bilan.courriels, bilan.en_instruction) == (1, 2, 1)
    vague.refresh_from_db()
    assert vague.statut == Vague.Statut.EN_INSTRUCTION and vague.cloturee_par_anticipation
    assert not vague.accepte_les_depots()
    assert Dossier.objects.get(pk=depose.pk).statut == Dossier.Statut.EN_INSTRUCTION
    assert sorted(m.to[0] for m in mail.outbox) == sorted([porteur.email, autre_porteur.email])
    courriel = mail.outbox[0]
    assert "avant sa date limite" in courriel.subject
    assert MOTIF in courriel.body and "30 décembre 2026" in courriel.body and "Le Retardataire" in courriel.body
    entree = EntreeJournal.objects.get(action="vague.cloturee_par_anticipation")
    assert entree.acteur == administrateur
    assert entree.donnees["motif"] == MOTIF and entree.donnees["date_limite_prevue"] == "2026-12-30"
    assert entree.donnees["courriels"] == 2

    # Again, or the periodic job at the deadline: nothing more is done, no e-mail twice.
    with pytest.raises(ConflitEtat, match="déjà clôturée"):
        vague_cloturer_par_anticipation(vague_id=vague.pk, motif=MOTIF, par=administrateur)
    with time_machine.travel(dt.datetime(2026, 12, 31, 12, 0, tzinfo=dt.UTC), tick=False):
        assert vagues_cloturer_echues() == []
    assert Courriel.objects.count() == 2


@time_machine.travel(AVANT_LA_DATE, tick=False)
def test_seule_une_vague_ouverte_se_cloture_par_anticipation(administrateur):
    a_venir = fc.vague(numero=9, ouverture=dt.date(2027, 1, 1), limite=dt.date(2027, 3, 30), statut=Vague.Statut.A_VENIR)
    with pytest.raises(ConflitEtat, match="seule une vague ouverte"):
        vague_cloturer_par_anticipation(vague_id=a_venir.pk, motif=MOTIF, par=administrateur)


@time_machine.travel(AVANT_LA_DATE, tick=False)
def test_la_page_du_brouillon_montre_la_cloture_anticipee(monde, administrateur, client, porteur):
    vague, _, brouillon = monde
    client.force_login(porteur)
    assert "30 décembre 2026 à 23 h 59" in client.get(reverse("candidatures:dossier", args=[brouillon.pk])).content.decode()
    vague_cloturer_par_anticipation(vague_id=vague.pk, motif=MOTIF, par=administrateur)
    page = client.get(reverse("candidatures:dossier", args=[brouillon.pk])).content.decode()
    assert "clôturée par anticipation le vendredi 4 décembre 2026" in page
    assert "jours restants" not in page and "Date limite de dépôt" not in page
    assert "clôturée par anticipation" in client.get(reverse("candidatures:mes_dossiers")).content.decode()


@time_machine.travel(AVANT_LA_DATE, tick=False)
def test_la_page_de_confirmation_dit_ce_qui_va_se_passer_et_exige_un_motif(monde, administrateur, client):
    vague, _, _ = monde
    client.force_login(administrateur)
    liste = client.get(reverse("candidatures:vagues_admin")).content.decode()
    url = reverse("candidatures:vague_cloturer_anticipation", args=[vague.pk])
    assert url in liste and "Passer à « Clôturée »" not in liste
    page = client.get(url).content.decode()
    assert "1 brouillon ne pourra plus être déposé" in page
    assert "2 courriels partiront vers 2 porteurs" in page
    assert "1 dossier déposé passe en instruction" in page
    assert "mercredi 30 décembre 2026" in page
    reponse = client.post(url, {"motif": " "})
    assert reponse.status_code == 400 and "Indiquez le motif" in reponse.content.decode()
    assert Vague.objects.get(pk=vague.pk).statut == Vague.Statut.OUVERTE
    reponse = client.post(url, {"motif": MOTIF}, follow=True)
    assert "Les porteurs des brouillons sont prévenus" in reponse.content.decode()
    assert Vague.objects.get(pk=vague.pk).cloturee_par_anticipation
    assert "clôturée par anticipation le 04/12/2026" in client.get(reverse("candidatures:vagues_admin")).content.decode()


@time_machine.travel(AVANT_LA_DATE, tick=False)
def test_le_bouton_de_statut_ne_clot_plus_sans_motif(monde, administrateur, client):
    vague, _, _ = monde
    client.force_login(administrateur)
    reponse = client.post(reverse("candidatures:vague_statut", args=[vague.pk]), {"statut": "cloturee"}, follow=True)
    assert "indiquez le motif" in reponse.content.decode()
    assert Vague.objects.get(pk=vague.pk).statut == Vague.Statut.OUVERTE


@time_machine.travel(AVANT_LA_DATE, tick=False)
def test_l_api_exige_le_motif_avant_la_date_limite(monde, administrateur):
    vague, _, _ = monde
    api = APIClient()
    api.force_authenticate(administrateur)
    url = f"/api/v1/vagues/{vague.pk}/statut/"
    reponse = api.post(url, {"statut": "cloturee"}, format="json")
    assert reponse.status_code == 400
    assert "motif" in reponse.json()["errors"] and "avant sa date limite" in reponse.json()["detail"]
    assert Vague.objects.get(pk=vague.pk).statut == Vague.Statut.OUVERTE
    reponse = api.post(url, {"statut": "cloturee", "motif": MOTIF}, format="json")
    assert reponse.status_code == 200 and reponse.json()["statut"] == "en_instruction"
    assert EntreeJournal.objects.filter(action="vague.cloturee_par_anticipation", donnees__motif=MOTIF).exists()
    assert Courriel.objects.count() == 2


@pytest.mark.parametrize("jour", [AVANT_LA_DATE, dt.datetime(2026, 12, 31, 10, 0, tzinfo=dt.UTC)])
def test_la_demo_montre_une_vague_ouverte_a_cloturer_par_anticipation(client, jour):
    import io

    from candidatures.demo import depot as demo
    from comptes import demo as demo_comptes
    from comptes.models import User

    with time_machine.travel(jour, tick=False):
        demo_comptes.charger(io.StringIO())
        demo.charger(io.StringIO())
        client.force_login(User.objects.get(email="admin@demo.fabriques.anct.fr"))
        ouverte = Vague.objects.get(statut=Vague.Statut.OUVERTE)
        assert (
            reverse("candidatures:vague_cloturer_anticipation", args=[ouverte.pk])
            in client.get(reverse("candidatures:vagues_admin")).content.decode()
        )
        page = client.get(reverse("candidatures:vague_cloturer_anticipation", args=[ouverte.pk])).content.decode()
        assert "1 brouillon ne pourra plus être déposé" in page and "1 courriel partira vers 1 porteur" in page
