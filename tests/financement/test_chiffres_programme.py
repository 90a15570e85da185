"""The programme's figures are read in one place (financement.chiffres): two envelopes, the
committee's preview equal to what closing checks, the same figures on the committee and Financement."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from candidatures.models import Dossier
from commun.models import EntreeJournal
from financement.chiffres import chiffres_programme
from financement.models import Enveloppe, Subvention
from financement.services import subvention_proposer
from financement.services.enveloppe import EnveloppeDepassee
from selection.selectors.comite import comite_de_la_vague
from selection.services.comite import comite_clore, decision_enregistrer
from tests.fabriques import factories as fab
from tests.financement import factories as ff

from .conftest import fixer_enveloppe

pytestmark = pytest.mark.django_db


def _comite(nombre=2, *, bonus=False):
    """A wave in instruction whose ``nombre`` dossiers (120 000 € asked each) are provisionally retained."""
    vague = ff.vague(numero=7)
    dossiers = [
        ff.dossier(
            vague=vague,
            statut=Dossier.Statut.EN_INSTRUCTION,
            bonus_numerique=bonus,
            tiers_lieu=fab.tiers_lieu(en_qpv=True) if bonus else fab.tiers_lieu(),
        )
        for _ in range(nombre)
    ]
    return vague, dossiers


def _retenir(dossiers, par):
    for d in dossiers:
        decision_enregistrer(dossier=d, resultat="retenu", par=par)


def test_le_bonus_ne_touche_jamais_l_enveloppe_de_fonctionnement(administrateur, dossier_qpv):
    subvention_proposer(dossier=dossier_qpv, par=administrateur)
    chiffres = chiffres_programme()
    assert chiffres.fonctionnement.engage == D("120000.00")
    assert chiffres.numerique.engage == D("100000.00")
    assert chiffres.numerique.montant == D("3000000.00")
    assert chiffres.numerique.reste == D("2900000.00")
    assert chiffres.fonctionnement.reste == D("45000000.00") - D("120000.00")


def test_le_bonus_est_controle_dans_l_enveloppe_numerique(administrateur, dossier_qpv):
    Enveloppe.objects.create(code="numerique", montant=D("99999.99"))
    with pytest.raises(EnveloppeDepassee) as erreur:
        subvention_proposer(dossier=dossier_qpv, par=administrateur)
    assert "l'enveloppe d'investissement des Fabriques numériques de 0,01 €" in erreur.value.message
    assert "fonctionnement" not in erreur.value.message.split("(")[0]
    subvention_proposer(dossier=dossier_qpv, par=administrateur, derogation_motif="Fabrique remarquable")
    assert Subvention.objects.get().derogation_enveloppe


def test_le_comite_et_le_financement_montrent_les_memes_chiffres_avant_et_apres_la_cloture(client, administrateur):
    ancien = ff.dossier()  # a laureate of an earlier wave, with its grant
    subvention_proposer(dossier=ancien, par=administrateur)
    vague, dossiers = _comite(2, bonus=True)
    _retenir(dossiers, administrateur)
    client.force_login(administrateur)

    avant = comite_de_la_vague(vague).chiffres
    assert avant.fonctionnement.engage == D("120000.00")
    assert avant.fonctionnement.a_engager == D("240000.00")
    assert avant.numerique.a_engager == D("200000.00")
    assert avant.fabriques.total == 3
    page = client.get(reverse("candidatures:comite", args=[vague.pk])).content.decode().replace("&nbsp;", " ")
    assert "Reste après ce comité" in page
    assert "44 640 000,00" in page  # 45 M€ − 120 000 − 240 000: what closing will commit

    comite_clore(vague=vague, par=administrateur)

    apres_comite = comite_de_la_vague(vague).chiffres
    financement = chiffres_programme()
    assert apres_comite == financement  # nothing counted twice once the laureates hold their grants
    assert financement.fonctionnement.engage == D("360000.00")
    assert financement.fonctionnement.reste == avant.fonctionnement.reste_apres
    assert financement.numerique.reste == avant.numerique.reste_apres
    assert financement.fabriques.total == avant.fabriques.total
    tableau = client.get("/financement/").content.decode().replace("&nbsp;", " ")
    comite_page = client.get(reverse("candidatures:comite", args=[vague.pk])).content.decode().replace("&nbsp;", " ")
    for texte in ("44 640 000,00", "2 800 000,00"):
        assert texte in tableau and texte in comite_page


def test_cloturer_au_bord_de_l_enveloppe_demande_un_motif(administrateur):
    vague, dossiers = _comite(2)
    _retenir(dossiers, administrateur)
    fixer_enveloppe("239999.99")  # one centime short of the two laureates' schedules
    assert comite_de_la_vague(vague).chiffres.fonctionnement.depassement == D("0.01")

    with pytest.raises(EnveloppeDepassee) as erreur:
        comite_clore(vague=vague, par=administrateur)
    assert "dépassent l'enveloppe fonctionnement de 0,01 €" in erreur.value.message
    assert not Subvention.objects.exists()
    assert not comite_de_la_vague(vague).grille.comite_clos

    comite_clore(vague=vague, par=administrateur, derogation_motif="Dernier comité de l'année : priorité territoriale")
    assert Subvention.objects.count() == 2
    assert Subvention.objects.filter(derogation_enveloppe=True).count() == 1
    entree = EntreeJournal.objects.get(action="comite.clos")
    assert entree.donnees["depassements"] == {"fonctionnement": "0.01"}
    assert EntreeJournal.objects.filter(action="financement.enveloppe.derogation").count() == 1


def test_cloturer_juste_a_l_enveloppe_ne_demande_rien(administrateur):
    vague, dossiers = _comite(2)
    _retenir(dossiers, administrateur)
    fixer_enveloppe("240000.00")
    comite_clore(vague=vague, par=administrateur)
    assert chiffres_programme().fonctionnement.reste == D("0.00")


def test_page_de_cloture_demande_le_motif_au_dela_de_l_enveloppe(client, administrateur):
    vague, dossiers = _comite(2)
    _retenir(dossiers, administrateur)
    fixer_enveloppe("239999.99")
    client.force_login(administrateur)
    page = client.get(reverse("candidatures:comite_clore", args=[vague.pk])).content.decode().replace("&nbsp;", " ")
    assert "2 dossiers retenus" in page and "240 000,00" in page
    assert "Motif du dépassement de l&#x27;enveloppe" in page or "Motif du dépassement de l'enveloppe" in page
    reponse = client.post(reverse("candidatures:comite_clore", args=[vague.pk]), {"derogation_motif": ""})
    assert reponse.status_code == 400
    assert "Indiquez le motif du dépassement pour clore le comité" in reponse.content.decode().replace("&#x27;", "'")
    reponse = client.post(reverse("candidatures:comite_clore", args=[vague.pk]), {"derogation_motif": "Priorité territoriale"})
    assert reponse.status_code == 302
    assert comite_de_la_vague(vague).grille.comite_clos


def test_api_cloture_avec_et_sans_motif(administrateur):
    from rest_framework.authtoken.models import Token

    vague, dossiers = _comite(2)
    _retenir(dossiers, administrateur)
    fixer_enveloppe("239999.99")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=administrateur).key}")
    reponse = api.post(f"/api/v1/comite/vagues/{vague.pk}/clore/", {}, format="json")
    assert reponse.status_code == 400
    assert "dépassent l'enveloppe fonctionnement de 0,01 €" in reponse.json()["detail"]
    reponse = api.post(f"/api/v1/comite/vagues/{vague.pk}/clore/", {"derogation_motif": "Priorité territoriale"}, format="json")
    assert reponse.status_code == 200
    assert Subvention.objects.count() == 2


def test_api_publique_des_chiffres(administrateur, dossier_qpv):
    subvention_proposer(dossier=dossier_qpv, par=administrateur)
    donnees = APIClient().get("/api/v1/programme/chiffres/").json()
    enveloppes = {e["code"]: e for e in donnees["enveloppes"]}
    assert enveloppes["fonctionnement"]["engage"] == "120000.00"
    assert enveloppes["numerique"]["engage"] == "100000.00"
    assert {o["code"] for o in donnees["objectifs"]} == {"fabriques", "qpv", "hors_grands_centres", "numeriques"}


def _historique(type_="fabrique", **extra):
    """A Fabrique imported from the published list: no SIRET, no implantation, a historical label."""
    from fabriques.models import Label, SourceTiersLieu

    tl = fab.tiers_lieu(**{"siret": "", "implantation": "", "source": SourceTiersLieu.LISTE_PUBLIEE, **extra})
    Label.objects.create(tiers_lieu=tl, type=type_, historique=True, nouvelle_fabrique=None)
    return tl


def test_les_objectifs_comptent_les_fabriques_historiques_et_les_numeriques(client, administrateur, dossier_qpv):
    for _ in range(3):
        _historique()
    _historique("numerique")
    _historique(implantation="hors_grands_centres")
    subvention_proposer(dossier=dossier_qpv, par=administrateur)  # retained, bonus: a numérique not yet labelled
    chiffres = chiffres_programme()
    assert chiffres.fabriques.atteint == 6
    assert chiffres.fabriques.reste == 300 - 6
    assert (chiffres.qpv.atteint, chiffres.hors_grands_centres.atteint) == (1, 1)
    assert chiffres.numeriques.atteint == 2
    assert chiffres.implantation_non_renseignee == 4  # counted towards 300, never silently dropped
    assert (chiffres.dans_l_annuaire, chiffres.retenues_non_publiees) == (5, 1)

    client.force_login(administrateur)
    page = client.get("/financement/").content.decode().replace("&nbsp;", " ")
    assert "Implantation non renseignée : 4" in page
    assert "Fabriques numériques de territoire" in page
    annuaire = client.get(reverse("fabriques:annuaire")).content.decode()
    assert '<strong id="total-fabriques">5</strong>' in annuaire  # the directory: the 5 labelled


def test_une_fabrique_labellisee_deux_fois_compte_une_fois(administrateur):
    from fabriques.models import Label

    tl = _historique()
    Label.objects.create(tiers_lieu=tl, type="numerique", historique=True, nouvelle_fabrique=None)
    chiffres = chiffres_programme()
    assert (chiffres.fabriques.atteint, chiffres.numeriques.atteint) == (1, 1)
