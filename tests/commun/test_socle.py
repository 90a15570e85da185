"""The foundation: French pages, role navigation, health, errors, admin for administrateurs only."""

import pytest
from django.core import mail
from django.urls import reverse

from commun.courriels import courriel_planifier
from commun.models import Courriel, EntreeJournal
from commun.temps import fin_de_journee_paris

pytestmark = pytest.mark.django_db


def test_accueil_en_francais_explique_l_ami(client):
    reponse = client.get("/")
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert '<html lang="fr"' in html
    for attendu in (
        "Ambition",
        "Ancrage territorial",
        "Gouvernance",
        "Modèle économique",
        "50 000 € par an",
        "75 000 € à 150 000 €",
        "100 000 €",
    ):
        assert attendu in html
    assert "Aller au contenu" in html or 'href="#contenu"' in html
    # French typography that holds on a phone: « » never left alone at the start of a line.
    assert "300\u00a0«\u00a0Fabriques de territoire\u00a0»" in html


@pytest.mark.parametrize(
    ("fixture", "visible", "absent"),
    [
        ("porteur", ["Mon espace", "Mes dossiers", "Mes tiers-lieux"], ["Invitations", "Instruction", "Financement"]),
        ("instructeur", ["Instruction"], ["Invitations", "Financement", "Mon espace"]),
        ("administrateur", ["Invitations", "Financement", "Comité de sélection"], ["Mon espace", "Mes dossiers"]),
    ],
)
def test_navigation_selon_le_role(client, request, fixture, visible, absent):
    client.force_login(request.getfixturevalue(fixture))
    html = client.get("/accessibilite/").content.decode()
    nav = html.split('id="navigation-principale"')[1].split("</nav>")[0]
    for libelle in visible:
        assert f">{libelle}</a>" in nav
    for libelle in absent:
        assert f">{libelle}</a>" not in nav


def test_page_inconnue_donne_un_404_en_francais(client):
    reponse = client.get("/cette-page-n-existe-pas/")
    assert reponse.status_code == 404
    assert "Page introuvable" in reponse.content.decode()


def test_une_action_ouverte_comme_une_page_repond_en_francais(client, administrateur):
    """A GET on a POST-only address (a bookmark, a reload) was Django's blank 405 page."""
    client.force_login(administrateur)
    reponse = client.get(reverse("candidatures:vagues_calendrier"))
    assert reponse.status_code == 405 and reponse["Allow"] == "POST"
    assert "Action à faire depuis sa page" in reponse.content.decode() and "Rien n'a été modifié" in reponse.content.decode()
    from tests.candidatures.factories import vague

    api = client.get(reverse("api-vague-statut", args=[vague().pk]))  # the API keeps DRF's JSON 405
    assert api.status_code == 405 and api["Content-Type"].startswith("application/json") and "detail" in api.json()


def test_sante_rapporte_base_et_file_de_taches(client):
    reponse = client.get("/sante/")
    assert reponse.status_code == 200
    assert reponse.json()["base_de_donnees"] == "ok"
    assert reponse.json()["statut"] == "ok"


def test_admin_technique_reservee_aux_administrateurs(client, porteur, instructeur, administrateur):
    assert client.get("/admin-technique/").status_code == 302
    for user in (porteur, instructeur):
        client.force_login(user)
        assert client.get("/admin-technique/").status_code == 403
    client.force_login(administrateur)
    assert client.get("/admin-technique/").status_code == 200


def test_mauvais_identifiants_message_clair(client, porteur):
    reponse = client.post(reverse("account_login"), {"login": porteur.email, "password": "pas-le-bon"})
    assert reponse.status_code == 200
    assert "L’adresse de courriel ou le mot de passe sont incorrects." in reponse.content.decode()


def test_delai_en_heure_de_paris_ete_et_hiver():
    import datetime as dt

    ete = fin_de_journee_paris(dt.date(2026, 6, 30))
    hiver = fin_de_journee_paris(dt.date(2026, 12, 30))
    assert ete.utcoffset() == dt.timedelta(hours=2)
    assert hiver.utcoffset() == dt.timedelta(hours=1)
    assert (ete.hour, ete.minute, ete.second, ete.microsecond) == (23, 59, 59, 999999)


def test_courriel_planifie_envoye_une_seule_fois(django_capture_on_commit_callbacks, porteur):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            courriel_planifier(
                cle="essai:1",
                destinataire="x@exemple.fr",
                gabarit="invitation",
                contexte={"invitation": _FausseInvitation(porteur), "lien": "/x/"},
            )
    assert Courriel.objects.count() == 1
    assert Courriel.objects.get().statut == Courriel.Statut.ENVOYE
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("[Fabriques de territoire]")


class _FausseInvitation:
    def __init__(self, user):
        self.invite_par = user
        self.expire_le = None

    def get_role_display(self):
        return "Instructeur"


def test_journal_non_modifiable(porteur):
    from commun.journal import journaliser

    entree = journaliser(acteur=porteur, action="essai", objet=porteur)
    with pytest.raises(ValueError):
        entree.save()
    with pytest.raises(ValueError):
        entree.delete()
    assert EntreeJournal.objects.count() == 1


def test_etat_du_service_en_page_lisible_et_json_pour_les_machines(client):
    page = client.get("/etat-du-service/")
    html = page.content.decode()
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert "<h1>État du service</h1>" in html and "Le portail fonctionne normalement" in html
    assert '<strong>Base de données</strong> : <span class="fr-badge fr-badge--success fr-badge--sm">opérationnelle</span>' in html
    assert 'href="/sante/"' in html
    # The footer of every page leads people to the page, not to the JSON.
    accueil = client.get("/").content.decode()
    assert 'href="/etat-du-service/">État du service</a>' in accueil and 'href="/api/">API</a>' in accueil


def test_etat_du_service_degrade_si_la_base_ne_repond_pas(client, monkeypatch):
    from commun import views

    monkeypatch.setattr(
        views, "_etat_du_service", lambda: ({"base_de_donnees": "injoignable", "file_de_taches": "ok", "statut": "degrade"}, False)
    )
    page = client.get("/etat-du-service/")
    assert page.status_code == 503 and "Le portail fonctionne en mode dégradé" in page.content.decode()
    assert client.get("/sante/").json()["statut"] == "degrade"


def test_accueil_de_l_api_en_francais(client):
    page = client.get("/api/")
    html = page.content.decode()
    assert page.status_code == 200 and '<html lang="fr"' in html and "<h1>API du portail</h1>" in html
    assert "Authorization: Token &lt;votre jeton&gt;" in html and 'href="/mon-compte/"' in html
    assert 'href="/api/schema/"' in html and 'href="/api/docs/"' in html
    assert "curl -H" in html and "http://127.0.0.1:8000/api/v1/dossiers/" in html
    # Every public endpoint is named, the programme's figures included (read without a token).
    for adresse in ("vagues/", "laureats/", "fabriques/", "opendata/subventions/", "programme/chiffres/"):
        assert f"<code>{adresse}</code>" in html, adresse
