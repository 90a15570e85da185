"""The programme envelope: the last euro passes, one more cent is refused unless an administrateur
records a reason; concurrent decisions cannot both pass."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from commun.erreurs import AccesRefuse
from commun.models import EntreeJournal
from fabriques.models import Implantation
from financement.models import HistoriqueSubvention, Subvention
from financement.selectors import etat_enveloppe, quotas, repartition_par_region, repartition_par_vague
from financement.services import subvention_ajuster, subvention_proposer
from financement.services.enveloppe import EnveloppeDepassee
from tests.fabriques import factories as fab
from tests.financement import factories as ff

from .conftest import fixer_enveloppe

D = Decimal


@pytest.mark.django_db
def test_etat_enveloppe_suit_les_subventions(administrateur, settings):
    assert etat_enveloppe() == {
        "enveloppe": settings.PROGRAMME_ENVELOPPE,
        "engage": D("0"),
        "verse": D("0"),
        "reste": settings.PROGRAMME_ENVELOPPE,
    }
    subvention_proposer(dossier=ff.dossier(), par=administrateur)  # 120 000 €
    etat = etat_enveloppe()
    assert etat["engage"] == D("120000.00")
    assert etat["reste"] == settings.PROGRAMME_ENVELOPPE - D("120000.00")


@pytest.mark.django_db
def test_le_dernier_euro_passe(administrateur):
    fixer_enveloppe("120000.00")
    subvention = subvention_proposer(dossier=ff.dossier(), par=administrateur)
    assert etat_enveloppe()["reste"] == D("0.00")
    assert not subvention.derogation_enveloppe


@pytest.mark.django_db
def test_un_centime_de_trop_est_refuse(administrateur):
    fixer_enveloppe("119999.99")
    with pytest.raises(EnveloppeDepassee) as erreur:
        subvention_proposer(dossier=ff.dossier(), par=administrateur)
    assert "dépasse l'enveloppe de fonctionnement du programme de 0,01 €" in erreur.value.message
    assert "reste disponible : 119 999,99 €" in erreur.value.message
    assert not Subvention.objects.exists()


@pytest.mark.django_db
def test_ajustement_au_dela_de_l_enveloppe_refuse(administrateur):
    fixer_enveloppe("120000.00")
    subvention = subvention_proposer(dossier=ff.dossier(), par=administrateur)
    with pytest.raises(EnveloppeDepassee, match="de 0,01 €"):
        subvention_ajuster(
            subvention=subvention, montants={"annee_1": D("50000"), "annee_2": D("40000"), "annee_3": D("30000.01")}, par=administrateur
        )
    # lowering is always possible
    subvention_ajuster(
        subvention=subvention, montants={"annee_1": D("50000"), "annee_2": D("40000"), "annee_3": D("29999.99")}, par=administrateur
    )


@pytest.mark.django_db
def test_derogation_motivee_par_un_administrateur_est_auditee(administrateur):
    fixer_enveloppe("100000.00")
    subvention = subvention_proposer(dossier=ff.dossier(), par=administrateur, derogation_motif="Plan de relance : enveloppe relevée")
    assert subvention.derogation_enveloppe
    assert subvention.derogation_motif == "Plan de relance : enveloppe relevée"
    journal = EntreeJournal.objects.pour_objet(subvention).get(action="financement.enveloppe.derogation")
    assert journal.acteur == administrateur
    assert journal.donnees == {"motif": "Plan de relance : enveloppe relevée", "depassement": "20000.00"}
    assert subvention.historique.filter(action=HistoriqueSubvention.Action.DEROGATION).exists()


@pytest.mark.django_db
def test_derogation_reservee_aux_administrateurs(instructeur):
    fixer_enveloppe("100000.00")
    with pytest.raises(AccesRefuse):
        subvention_proposer(dossier=ff.dossier(), par=instructeur, derogation_motif="Je le veux")


@pytest.mark.django_db
def test_derogation_sans_motif_refusee(administrateur):
    fixer_enveloppe("100000.00")
    with pytest.raises(EnveloppeDepassee):
        subvention_proposer(dossier=ff.dossier(), par=administrateur, derogation_motif="   ")


@pytest.mark.django_db
def test_repartitions_par_region_et_par_vague(administrateur):
    bretagne = fab.departement("29")
    rhone = subvention_proposer(dossier=ff.dossier(), par=administrateur).dossier.tiers_lieu.region
    subvention_proposer(dossier=ff.dossier(tiers_lieu=fab.tiers_lieu(departement=bretagne), vague=ff.vague(numero=2)), par=administrateur)
    regions = {ligne["libelle"]: ligne["engage"] for ligne in repartition_par_region()}
    assert regions == {rhone.nom: D("120000.00"), bretagne.region.nom: D("120000.00")}
    assert [ligne["libelle"] for ligne in repartition_par_vague()] == ["Vague 1", "Vague 2"]


@pytest.mark.django_db
def test_quotas_comptent_qpv_et_hors_grands_centres(administrateur, settings):
    subvention_proposer(dossier=ff.dossier(tiers_lieu=fab.tiers_lieu(en_qpv=True)), par=administrateur)
    subvention_proposer(dossier=ff.dossier(tiers_lieu=fab.tiers_lieu(implantation=Implantation.HORS_GRANDS_CENTRES)), par=administrateur)
    subvention_proposer(dossier=ff.dossier(), par=administrateur)
    par_code = {q["code"]: q for q in quotas()}
    assert (par_code["fabriques"]["atteint"], par_code["fabriques"]["objectif"]) == (3, settings.PROGRAMME_OBJECTIF_FABRIQUES)
    assert (par_code["qpv"]["atteint"], par_code["hors_grands_centres"]["atteint"]) == (1, 1)
    assert par_code["fabriques"]["pourcentage"] == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_deux_decisions_concurrentes_une_seule_passe(administrateur):
    """Two connections decide at the same time; the envelope only holds one grant."""
    if connection.vendor != "postgresql":
        pytest.skip("Verrou de ligne réel : ce test tourne sur PostgreSQL (CI).")
    fixer_enveloppe("150000.00")
    dossiers = [ff.dossier(), ff.dossier()]
    depart = threading.Barrier(2)
    resultats = []

    def decider(dossier):
        try:
            depart.wait(timeout=10)
            subvention_proposer(dossier=dossier, par=administrateur)
            resultats.append("acceptée")
        except EnveloppeDepassee:
            resultats.append("refusée")
        finally:
            connections.close_all()

    fils = [threading.Thread(target=decider, args=(d,)) for d in dossiers]
    for f in fils:
        f.start()
    for f in fils:
        f.join(timeout=60)
    assert sorted(resultats) == ["acceptée", "refusée"]
    assert Subvention.objects.count() == 1
    assert etat_enveloppe()["engage"] == D("120000.00")


@pytest.mark.django_db
def test_seul_un_administrateur_propose_une_subvention(instructeur, porteur):
    for user in (instructeur, porteur):
        with pytest.raises(AccesRefuse):
            subvention_proposer(dossier=ff.dossier(), par=user)


@pytest.mark.django_db
def test_enveloppe_relevee_par_un_administrateur_est_auditee(administrateur):
    from financement.services import enveloppe_modifier

    enveloppe_modifier(montant=D("60000000"), motif="Plan de relance", par=administrateur)
    assert etat_enveloppe()["enveloppe"] == D("60000000.00")
    entree = EntreeJournal.objects.get(action="financement.enveloppe.modifiee")
    assert (entree.etat_avant, entree.etat_apres, entree.donnees["motif"]) == ("45000000.00", "60000000.00", "Plan de relance")


@pytest.mark.django_db
def test_enveloppe_jamais_sous_l_engage(client, administrateur):
    subvention_proposer(dossier=ff.dossier(), par=administrateur)
    client.force_login(administrateur)
    reponse = client.post("/financement/enveloppe/", {"montant": "119 999,99", "motif": "Gel"})
    assert reponse.status_code == 400
    assert "ne peut pas être inférieure au montant déjà engagé (120 000,00 €) : il manque 0,01 €" in reponse.content.decode()
    assert etat_enveloppe()["enveloppe"] == D("45000000.00")


@pytest.mark.django_db
def test_lire_l_etat_de_l_enveloppe_n_ecrit_rien(settings):
    from financement.models import Enveloppe

    settings.PROGRAMME_ENVELOPPE = D("50000000.00")
    assert etat_enveloppe()["enveloppe"] == D("50000000.00")
    assert not Enveloppe.objects.exists()
