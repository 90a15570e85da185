"""The calls as the public and the programme team read them: the API (open data), the call named on
every wave, dossier and grant, the read-only page of the administrateurs, the public wave pages."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from appels.services import FICHIERS, appel_charger, appel_charger_fichier, appel_fabriques
from candidatures.models import Vague
from candidatures.services.vagues import vague_creer
from tests.financement.factories import dossier_de

from .appel_de_test import texte_appel_de_test

pytestmark = pytest.mark.django_db


def test_api_publique_des_appels(client):
    fabriques = appel_fabriques()
    numeriques = appel_charger_fichier(FICHIERS / "fabriques-numeriques-2019.toml").version.appel
    reponse = client.get(reverse("api-appels"))
    assert reponse.status_code == 200
    resultats = reponse.json()["results"]
    assert [a["slug"] for a in resultats] == ["fabriques-de-territoire", "fabriques-numeriques-2019"]
    fiche = client.get(reverse("api-appel", kwargs={"pk": numeriques.pk})).json()
    assert fiche["nom"] == "Fabriques numériques de territoire — appel 2019"
    assert fiche["calendrier"]["dates_limites"] == ["2019-10-15"]
    assert fiche["candidats"]["formes_juridiques"] == ["collectivite"]
    assert fiche["montants"] == {
        "nature": "investissement",
        "annees": 1,
        "plafond_annuel": "100000.00",
        "total_minimum": "1.00",
        "total_maximum": "100000.00",
        "bonus_maximum": None,
        "bonus_qpv": True,
    }
    fiche = client.get(reverse("api-appel", kwargs={"pk": fabriques.pk})).json()
    assert [c["libelle"] for c in fiche["criteres"]] == [
        "Ambition de soutenir l'essor du territoire et d'autres tiers-lieux",
        "Ancrage territorial fort et un porteur de projet bien identifié",
        "Gouvernance claire et contributive",
        "Modèle économique équilibré à terme",
    ]
    assert fiche["calendrier"]["echeances_annuelles"] == ["30/03", "30/06", "30/09", "30/12"]
    assert client.get(reverse("api-appel", kwargs={"pk": 999})).status_code == 404


def test_le_schema_openapi_decrit_les_appels(client):
    schema = client.get("/api/schema/?format=json").json()
    assert schema["paths"]["/api/v1/appels/"]["get"]["operationId"] == "appels_lister"
    assert schema["paths"]["/api/v1/appels/{id}/"]["get"]["operationId"] == "appels_lire"
    assert "appel" in schema["components"]["schemas"]["Vague"]["properties"]
    assert "appel" in schema["components"]["schemas"]["Subvention"]["properties"]


def test_l_appel_figure_sur_vagues_dossiers_et_subventions(client, porteur, administrateur):
    dossier = dossier_de(porteur)
    vague = client.get(reverse("api-vague", kwargs={"pk": dossier.vague_id})).json()
    assert vague["appel"] == {"id": appel_fabriques().pk, "slug": "fabriques-de-territoire", "nom": "Fabriques de territoire", "version": 1}
    client.force_login(porteur)
    lu = client.get(reverse("api-dossier", kwargs={"pk": dossier.pk})).json()
    assert lu["appel"]["slug"] == "fabriques-de-territoire" and lu["appel"]["version"] == 1
    # A new version of the call: the wave shows it, the deposited dossier keeps its own.
    appel_charger(texte=(FICHIERS / "fabriques-de-territoire.toml").read_text(encoding="utf-8").replace("note_max = 5", "note_max = 6"))
    assert client.get(reverse("api-vague", kwargs={"pk": dossier.vague_id})).json()["appel"]["version"] == 2
    assert client.get(reverse("api-dossier", kwargs={"pk": dossier.pk})).json()["appel"]["version"] == 1
    from financement.services import subvention_proposer
    from tests.financement.conftest import fixer_enveloppe

    fixer_enveloppe("45000000")
    subvention = subvention_proposer(dossier=dossier, par=administrateur)
    client.force_login(administrateur)
    grant = client.get(reverse("api-subvention", kwargs={"pk": subvention.pk})).json()
    assert grant["appel"] == {"id": appel_fabriques().pk, "slug": "fabriques-de-territoire", "nom": "Fabriques de territoire", "version": 1}


def test_la_page_des_appels_pour_les_administrateurs(client, administrateur, porteur):
    appel_fabriques()
    appel_charger(texte=texte_appel_de_test(), par=administrateur)
    client.force_login(porteur)
    assert client.get(reverse("appels:liste")).status_code == 403
    client.force_login(administrateur)
    page = client.get(reverse("appels:liste")).content.decode()
    assert "Tiers-lieux ruraux (appel de test)" in page and "Fabriques de territoire" in page
    assert "Utilité pour les habitants du bassin de vie" in page
    assert "chaque année les 31/05, 30/11" in page
    assert "pas de bonus" in page
    assert "3 années de fonctionnement" in page
    assert 'href="/appels/"' in page
    appel_charger_fichier(FICHIERS / "fabriques-numeriques-2019.toml")
    page = client.get(reverse("appels:liste")).content.decode()
    assert "1 année d&#x27;investissement" in page or "1 année d'investissement" in page
    assert "admin@anct.example.fr" in page  # who loaded the test call's version
    assert 'href="/appels/"' in page  # in the navigation of the administrateurs


def test_les_pages_publiques_des_vagues_disent_quel_appel(client):
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC), tick=False):
        vague_creer(titre="Vague 4 de 2026", date_ouverture=dt.date(2026, 10, 1), date_limite=dt.date(2026, 12, 30))
        Vague.objects.update(statut=Vague.Statut.OUVERTE)
        accueil = client.get(reverse("commun:accueil")).content.decode()
    assert "Appel « Fabriques de territoire »" in accueil


def test_un_administrateur_cree_une_vague_d_un_autre_appel(client, administrateur):
    appel = appel_charger(texte=texte_appel_de_test()).version.appel
    client.force_login(administrateur)
    reponse = client.post(
        reverse("candidatures:vagues_admin"),
        {
            "titre": "Vague rurale",
            "date_ouverture": "2027-01-01",
            "date_limite": "2027-05-31",
            "appel": appel.pk,
        },
    )
    assert reponse.status_code == 302
    assert Vague.objects.get(titre="Vague rurale").appel == appel
    page = client.get(reverse("candidatures:vagues_admin")).content.decode()
    assert "Appel « Tiers-lieux ruraux (appel de test) »" in page
    reponse = client.post(
        reverse("api-vagues"),
        {"titre": "Vague d'automne", "date_ouverture": "2027-06-01", "date_limite": "2027-11-30", "appel": appel.pk},
        content_type="application/json",
    )
    assert reponse.status_code == 201, reponse.content
    assert reponse.json()["appel"]["slug"] == "tiers-lieux-ruraux-test"
    # Without a call: the Fabriques one (its waves may run at the same time as another call's).
    reponse = client.post(
        reverse("api-vagues"),
        {"titre": "Vague Fabriques", "date_ouverture": "2027-06-01", "date_limite": "2027-06-30"},
        content_type="application/json",
    )
    assert reponse.json()["appel"]["slug"] == "fabriques-de-territoire"


def test_la_liste_des_laureats_d_une_vague_porte_le_titre_de_son_appel():
    from selection.services.publication import TITRE_LISTE, titre_liste

    numeriques = appel_charger_fichier(FICHIERS / "fabriques-numeriques-2019.toml").version.appel
    vague = vague_creer(titre="Appel 2019", date_ouverture=dt.date(2019, 7, 17), date_limite=dt.date(2019, 10, 15), appel=numeriques)
    assert titre_liste(vague) == "Liste des Fabriques numériques de territoire"
    fabriques = vague_creer(titre="Vague 1 de 2020", date_ouverture=dt.date(2019, 12, 31), date_limite=dt.date(2020, 3, 30))
    assert titre_liste(fabriques) == TITRE_LISTE == "Liste des Fabriques de territoire"


def test_deux_appels_ouverts_le_porteur_choisit_sa_vague(client, porteur):
    from candidatures.models import Dossier
    from tests.candidatures import factories as fc

    rural = appel_charger(texte=texte_appel_de_test()).version.appel
    with time_machine.travel(dt.datetime(2027, 5, 10, 10, tzinfo=dt.UTC), tick=False):
        fabriques = vague_creer(titre="Vague 2 de 2027", date_ouverture=dt.date(2027, 3, 31), date_limite=dt.date(2027, 6, 30))
        vague_rurale = vague_creer(titre="Vague rurale", date_ouverture=dt.date(2027, 1, 1), date_limite=dt.date(2027, 5, 31), appel=rural)
        lieu = fc.tiers_lieu(porteur)
        client.force_login(porteur)
        page = client.get(reverse("candidatures:mes_dossiers")).content.decode()
        assert "Appel « Tiers-lieux ruraux (appel de test) » — Associations et SCIC, hors des grands centres urbains." in page
        assert "Appel « Fabriques de territoire »" in page
        assert page.count("Commencer un dossier") == 2
        reponse = client.post(reverse("candidatures:dossier_creer"), {"tiers_lieu": lieu.pk, "vague": vague_rurale.pk})
        assert reponse.status_code == 302
        assert Dossier.objects.get(tiers_lieu=lieu).vague == vague_rurale
        client.post(reverse("candidatures:dossier_creer"), {"tiers_lieu": lieu.pk, "vague": fabriques.pk})
        assert sorted(Dossier.objects.filter(tiers_lieu=lieu).values_list("vague__appel__slug", flat=True)) == [
            "fabriques-de-territoire",
            "tiers-lieux-ruraux-test",
        ]


def test_l_api_du_porteur_suit_l_appel_du_dossier(client, porteur):
    from candidatures.models import Dossier
    from tests.candidatures import factories as fc

    rural = appel_charger(texte=texte_appel_de_test(sections_propres=True)).version.appel
    with time_machine.travel(dt.datetime(2027, 5, 10, 10, tzinfo=dt.UTC), tick=False):
        vague_creer(titre="Vague 2 de 2027", date_ouverture=dt.date(2027, 3, 31), date_limite=dt.date(2027, 6, 30))
        vague_rurale = vague_creer(titre="Vague rurale", date_ouverture=dt.date(2027, 1, 1), date_limite=dt.date(2027, 5, 31), appel=rural)
        lieu = fc.tiers_lieu(porteur)
        client.force_login(porteur)
        cree = client.post(reverse("api-dossiers"), {"tiers_lieu": lieu.pk, "vague": vague_rurale.pk}, content_type="application/json")
        assert cree.status_code == 201, cree.content
        assert cree.json()["appel"]["slug"] == "tiers-lieux-ruraux-test"
        pk = cree.json()["id"]
        url = reverse("api-dossier-section", kwargs={"pk": pk, "section": "presentation"})
        reponse = client.put(url, {"nom_projet": "La Grange", "commune_rurale": "Gahard"}, content_type="application/json")
        assert reponse.status_code == 200, reponse.content
        presentation = Dossier.objects.get(pk=pk).section("presentation")
        assert (presentation["nom_projet"], presentation["commune_rurale"]) == ("La Grange", "Gahard")
        roles = client.put(
            reverse("api-dossier-section", kwargs={"pk": pk, "section": "roles"}), {"ressources": "x"}, content_type="application/json"
        )
        assert roles.status_code == 404
