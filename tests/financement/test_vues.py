"""Pages: the administrateurs' dashboard and grant page, the laureate's page, private files, open data."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from financement.models import RapportActivite, Subvention, Versement
from financement.opendata import COLONNES_SCDL
from financement.services import subvention_notifier, subvention_proposer, subvention_signer_convention
from tests.fabriques import factories as fab
from tests.financement import factories as ff

from .factories import dossier_de

pytestmark = pytest.mark.django_db
D = Decimal
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def subvention(administrateur, porteur, django_capture_on_commit_callbacks):
    dossier = dossier_de(porteur, tiers_lieu=fab.tiers_lieu(nom="La Fabrique du Lac", structure_porteuse="Association du Lac"))
    with django_capture_on_commit_callbacks(execute=True):
        return subvention_proposer(dossier=dossier, par=administrateur)


@pytest.fixture
def subvention_signee(subvention, administrateur, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subvention_notifier(subvention=subvention, par=administrateur)
        return subvention_signer_convention(subvention=subvention, date_signature=dt.date(2026, 6, 15), par=administrateur)


def test_tableau_de_bord_reserve_aux_administrateurs(client, porteur, instructeur):
    url = reverse("financement:tableau_de_bord")
    assert client.get(url).status_code == 302
    for user in (porteur, instructeur):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_tableau_de_bord_montre_enveloppe_quotas_et_graphiques(client, administrateur, subvention):
    client.force_login(administrateur)
    html = client.get(reverse("financement:tableau_de_bord")).content.decode()
    assert "120&nbsp;000,00&nbsp;€" in html  # engagé
    assert "44&nbsp;880&nbsp;000,00&nbsp;€" in html  # reste
    assert html.count("<svg") >= 4
    assert "Fabriques de territoire : <strong>1</strong> sur un objectif de 300" in html
    assert "<script" not in html.split('id="contenu"')[1].split("</main>")[0]
    assert "La Fabrique du Lac" in html
    # The charts add up both envelopes: the page says so, next to the envelopes read one by one.
    assert "additionnent les deux enveloppes (fonctionnement et bonus numérique en investissement)" in html


def test_accueil_administrateur_est_le_tableau_de_bord(client, administrateur):
    client.force_login(administrateur)
    assert client.get(reverse("commun:tableau_de_bord")).url == reverse("financement:tableau_de_bord")


def test_versements_a_90_jours_sur_le_tableau_de_bord(client, administrateur, subvention_signee, time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC), tick=False)
    client.force_login(administrateur)
    html = client.get(reverse("financement:tableau_de_bord")).content.decode()
    section = html.split('id="versements-a-venir"')[1].split("<h2")[0]
    assert "15/06/2026" in section and "15/06/2027" not in section


def test_dossier_retenu_sans_subvention_propose_puis_enregistre(client, administrateur):
    dossier = ff.dossier(montant_annee_1=D("50000"))
    client.force_login(administrateur)
    url = reverse("financement:subvention_proposer", args=[dossier.pk])
    html = client.get(url).content.decode()
    assert "50&nbsp;000,00&nbsp;€" in html
    reponse = client.post(url, {"derogation_motif": ""})
    assert reponse.status_code == 302
    assert Subvention.objects.get(dossier=dossier).total_fonctionnement == D("120000.00")


def test_ajustement_refuse_affiche_la_regle_et_garde_la_saisie(client, administrateur, subvention):
    client.force_login(administrateur)
    reponse = client.post(
        reverse("financement:subvention_ajuster", args=[subvention.pk]),
        {"annee_1": "50 000,00", "annee_2": "50000,01", "annee_3": "30000", "commentaire": "essai"},
    )
    assert reponse.status_code == 400
    html = reponse.content.decode()
    assert "L&#x27;année 2 dépasse le plafond annuel de 50 000,00 € de 0,01 €." in html
    assert 'value="50000,01"' in html


def test_ajustement_accepte_en_saisie_francaise(client, administrateur, subvention):
    client.force_login(administrateur)
    reponse = client.post(
        reverse("financement:subvention_ajuster", args=[subvention.pk]),
        {"annee_1": "50 000,00", "annee_2": "25 000,50", "annee_3": "", "commentaire": ""},
    )
    assert reponse.status_code == 302
    subvention.refresh_from_db()
    assert subvention.total_fonctionnement == D("75000.50")


def test_page_du_laureat_montre_son_echeancier_et_les_documents_a_fournir(client, porteur, subvention_signee):
    client.force_login(porteur)
    html = client.get(reverse("financement:mes_subventions")).content.decode()
    assert "La Fabrique du Lac" in html and "50&nbsp;000,00&nbsp;€" in html
    assert "Rapport d'activité de l'année 1" in html and "à déposer" in html
    assert "Convention de subventionnement" in html


def test_un_autre_porteur_ne_voit_ni_la_subvention_ni_ses_documents(client, autre_porteur, subvention_signee):
    client.force_login(autre_porteur)
    assert "La Fabrique du Lac" not in client.get(reverse("financement:mes_subventions")).content.decode()
    document = subvention_signee.documents.first()
    assert client.get(reverse("financement:document", args=[document.pk])).status_code == 404
    assert client.get(reverse("financement:subvention", args=[subvention_signee.pk])).status_code == 403


def test_le_porteur_telecharge_sa_convention(client, porteur, subvention_signee):
    client.force_login(porteur)
    document = subvention_signee.documents.filter(type="convention").order_by("-version").first()
    reponse = client.get(reverse("financement:document", args=[document.pk]))
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content).startswith(b"%PDF")


def test_depot_du_rapport_puis_telechargement_prive(client, porteur, autre_porteur, administrateur, subvention_signee):
    client.force_login(porteur)
    prefixe = f"rapport-{subvention_signee.pk}"
    reponse = client.post(
        reverse("financement:rapport_deposer", args=[subvention_signee.pk]),
        {f"{prefixe}-annee": "1", f"{prefixe}-fichier": SimpleUploadedFile("rapport 2026.pdf", PDF, content_type="application/pdf")},
    )
    assert reponse.status_code == 302
    rapport = RapportActivite.objects.get()
    assert "déposé" in client.get(reverse("financement:mes_subventions")).content.decode()
    url = reverse("financement:rapport", args=[rapport.pk])
    assert client.get(url).status_code == 200
    client.force_login(autre_porteur)
    assert client.get(url).status_code == 404
    client.force_login(administrateur)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


def test_versement_avance_depuis_la_page(client, administrateur, subvention_signee):
    client.force_login(administrateur)
    versement = Versement.objects.get(tranche__subvention=subvention_signee, tranche__annee=2)
    reponse = client.post(reverse("financement:versement_statut", args=[versement.pk]), {"statut": "demande"}, follow=True)
    assert "conditionné au rapport d&#x27;activité de l&#x27;année 1" in reponse.content.decode()
    versement.refresh_from_db()
    assert versement.statut == "prevu"


def test_donnees_ouvertes_csv_au_format_scdl_sans_connexion(client, subvention_signee, settings):
    reponse = client.get(reverse("financement:opendata_csv"))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    lignes = list(csv.reader(io.StringIO(reponse.content.decode("utf-8")), delimiter=";"))
    assert (
        lignes[0]
        == [
            "nomAttribuant",
            "idAttribuant",
            "dateConvention",
            "referenceDecision",
            "nomBeneficiaire",
            "idBeneficiaire",
            "objet",
            "montant",
            "nature",
            "conditionsVersement",
            "descriptionConditionsVersement",
            "datesPeriodeVersement",
            "idRAE",
            "notificationUE",
            "pourcentageSubvention",
            "dispositifAide",
        ]
        == COLONNES_SCDL
    )
    ligne = dict(zip(lignes[0], lignes[1], strict=True))
    assert ligne["idAttribuant"] == settings.ORGANISME_ATTRIBUTEUR_SIRET
    assert ligne["nomBeneficiaire"] == "Association du Lac"
    assert ligne["montant"] == "120000.00"
    assert ligne["dateConvention"] == "2026-06-15"
    assert ligne["datesPeriodeVersement"] == "2026-06-15_2028-06-15"
    assert ligne["conditionsVersement"] == "échelonné"


def test_donnees_ouvertes_ne_publient_que_les_conventions_signees(client, subvention):
    assert len(client.get(reverse("financement:opendata_csv")).content.decode().strip().splitlines()) == 1
    assert client.get(reverse("financement:opendata_json")).json()["data"] == []


def test_donnees_ouvertes_json(client, subvention_signee):
    donnees = client.get(reverse("financement:opendata_json")).json()
    assert list(donnees["data"][0]) == COLONNES_SCDL
    assert donnees["data"][0]["referenceDecision"] == subvention_signee.reference_convention


@pytest.mark.parametrize(
    ("fixture", "present", "absent"), [("administrateur", "Financement", "Ma subvention"), ("porteur", "Ma subvention", "Financement")]
)
def test_entrees_de_navigation(client, request, fixture, present, absent):
    client.force_login(request.getfixturevalue(fixture))
    nav = client.get("/accessibilite/").content.decode().split('id="navigation-principale"')[1].split("</nav>")[0]
    assert f">{present}</a>" in nav and f">{absent}</a>" not in nav


def test_documents_mis_a_jour_a_la_demande_sans_doublon(client, administrateur, subvention):
    client.force_login(administrateur)
    reponse = client.post(reverse("financement:subvention_documents", args=[subvention.pk]), follow=True)
    assert "déjà à jour" in reponse.content.decode()
    assert subvention.documents.count() == 2


def test_filtre_des_subventions_par_statut(client, administrateur, subvention_signee):
    subvention_proposer(dossier=ff.dossier(tiers_lieu=fab.tiers_lieu(nom="Le Moulin")), par=administrateur)
    client.force_login(administrateur)
    html = client.get(reverse("financement:tableau_de_bord"), {"statut": "conventionnee"}).content.decode()
    liste = html.split('id="subventions"')[1]
    assert "La Fabrique du Lac" in liste and "Le Moulin" not in liste
    assert "1 subvention." in liste


def test_le_porteur_ne_voit_pas_une_proposition_avant_la_notification(client, porteur, subvention, administrateur):
    client.force_login(porteur)
    assert "La Fabrique du Lac" not in client.get(reverse("financement:mes_subventions")).content.decode()
    document = subvention.documents.first()
    assert client.get(reverse("financement:document", args=[document.pk])).status_code == 404
    subvention_notifier(subvention=subvention, par=administrateur)
    assert "La Fabrique du Lac" in client.get(reverse("financement:mes_subventions")).content.decode()
    assert client.get(reverse("financement:document", args=[document.pk])).status_code == 200


def test_la_laureate_voit_les_dates_de_ses_versements(client, porteur, administrateur, subvention_signee):
    from financement.services import versement_changer_statut

    premier = Versement.objects.filter(tranche__subvention=subvention_signee).order_by("date_prevue").first()
    for statut in (Versement.Statut.DEMANDE, Versement.Statut.MANDATE, Versement.Statut.VERSE):
        premier = versement_changer_statut(
            versement=premier, statut=statut, par=administrateur, reference_mandat="MDT-1", date_versement=dt.date(2026, 7, 6)
        )
    suivant = Versement.objects.filter(tranche__subvention=subvention_signee, statut=Versement.Statut.PREVU).order_by("date_prevue").first()
    client.force_login(porteur)
    html = client.get(reverse("financement:mes_subventions")).content.decode()
    # The next payment first, with its date; each payment's date in the schedule (the actual one once paid).
    date_suivante = (
        f"{suivant.date_prevue.day} "
        + ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"][
            suivant.date_prevue.month - 1
        ]
        + f" {suivant.date_prevue.year}"
    )
    assert "Prochain versement : <strong>" in html and f"prévu le <strong>{date_suivante}</strong>" in html
    assert "versé le 06/07/2026" in html and suivant.date_prevue.strftime("%d/%m/%Y") in html
    assert "Il suit le dépôt du rapport d'activité de l'année 1." in html
