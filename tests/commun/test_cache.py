"""The server cache of public pages and of the financement dashboard: served again without the
database, never after a change, never to a signed-in user; and the fast select widget."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.db import connection
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidatures.models import Vague
from commun.templatetags.portail import widget_dsfr
from commun.widgets import ListeRapide
from financement.services import subvention_proposer
from financement.services.enveloppe import enveloppe_modifier
from tests.fabriques import factories as fab
from tests.fabriques.factories import fabrique
from tests.financement.factories import dossier_de

pytestmark = pytest.mark.django_db


def _requetes(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url)
    assert reponse.status_code == 200
    return len(requetes), reponse.content.decode()


def test_annuaire_anonyme_servi_du_cache_puis_renouvele_par_un_label(client):
    fabrique(nom="La Fabrique du Lac")
    url = reverse("fabriques:annuaire")
    premiere, html = _requetes(client, url)
    assert premiere > 0 and "La Fabrique du Lac" in html
    seconde, html = _requetes(client, url)
    assert seconde == 0 and "La Fabrique du Lac" in html

    fabrique(nom="Le Garage Solidaire")  # a new label: the directory changes at once
    _n, html = _requetes(client, url)
    assert "Le Garage Solidaire" in html


def test_une_fiche_modifiee_n_est_plus_servie_du_cache(client):
    lieu = fabrique(nom="Ancien nom")
    url = reverse("fabriques:annuaire")
    assert "Ancien nom" in _requetes(client, url)[1]
    lieu.nom = "Nouveau nom"
    lieu.save(update_fields=["nom"])
    html = _requetes(client, url)[1]
    assert "Nouveau nom" in html and "Ancien nom" not in html


def test_un_utilisateur_connecte_n_est_jamais_servi_du_cache(client, porteur):
    fabrique(nom="La Fabrique du Lac")
    url = reverse("fabriques:annuaire")
    anonyme = _requetes(client, url)[1]  # cached for anonymous visitors
    assert "Se déconnecter" not in anonyme
    client.force_login(porteur)
    _n, html = _requetes(client, url)
    assert "Se déconnecter" in html  # their own page (their name, their links), not the cached one


def test_api_publique_en_cache_et_renouvelee(client):
    fabrique(nom="La Fabrique du Lac")
    url = "/api/v1/fabriques/"
    premiere = client.get(url)
    with CaptureQueriesContext(connection) as requetes:
        seconde = client.get(url)
    assert seconde.json() == premiere.json() and premiere.json()["count"] == 1
    assert not [q for q in requetes.captured_queries if "fabriques_tierslieu" in q["sql"]]
    fabrique(nom="Le Garage Solidaire")
    assert client.get(url).json()["count"] == 2


def test_tableau_de_bord_du_financement_renouvele_apres_chaque_changement(client, administrateur, porteur):
    client.force_login(administrateur)
    url = reverse("financement:tableau_de_bord")
    avant, html = _requetes(client, url)
    assert "45&nbsp;000&nbsp;000,00&nbsp;€" in html
    apres, _html = _requetes(client, url)
    assert apres < avant  # the programme's aggregates come from the cache

    enveloppe_modifier(montant=Decimal("46000000.00"), motif="Abondement 2027", par=administrateur)
    assert "46&nbsp;000&nbsp;000,00&nbsp;€" in _requetes(client, url)[1]

    dossier = dossier_de(porteur, tiers_lieu=fab.tiers_lieu(nom="La Fabrique du Lac"))
    subvention_proposer(dossier=dossier, par=administrateur)
    html = _requetes(client, url)[1]
    assert "45&nbsp;880&nbsp;000,00&nbsp;€" in html  # 46 M€ − the 120 000 € engaged
    # The charts (their HTML is cached with the aggregates) show the new grant too.
    graphiques = html[html.index("Objectifs du programme") : html.index('id="versements-a-venir"')]
    assert "120&nbsp;000,00&nbsp;€" in graphiques and "120&nbsp;000,00&nbsp;€" not in _html


def test_une_vague_publiee_renouvelle_les_pages_publiques(client):
    url = reverse("candidatures:laureats")
    _requetes(client, url)
    Vague.objects.create(
        numero=97,
        titre="Vague publiée",
        date_ouverture=dt.date(2026, 1, 1),
        date_limite=dt.date(2026, 3, 30),
        statut=Vague.Statut.RESULTATS_PUBLIES,
    )
    assert "Vague publiée" in _requetes(client, url)[1]


class _Formulaire(forms.Form):
    choix = forms.ChoiceField(choices=[("", "Toutes"), ("a", "Alpha & co"), ("b", "Bêta <b>")], required=False)
    groupe = forms.ChoiceField(choices=[("Métropole", [("11", "Île-de-France")]), ("Outre-mer", [("01", "Guadeloupe")])])
    region = forms.ModelChoiceField(queryset=None, required=False, empty_label="Toutes")

    def __init__(self, *args, **kwargs):
        from fabriques.models import Region

        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.order_by("nom")


@pytest.mark.parametrize("valeur", [{}, {"choix": "b", "groupe": "01", "region": "__occitanie__"}])
def test_la_liste_rapide_produit_le_meme_html_que_django(valeur):
    from fabriques.models import Region

    if valeur:
        valeur = {**valeur, "region": str(Region.objects.get(nom="Occitanie").pk)}
    normal = _Formulaire(valeur or None)
    rapide = _Formulaire(valeur or None)
    for champ in rapide.fields.values():
        champ.widget.__class__ = ListeRapide
    assert isinstance(rapide.fields["choix"].widget, ListeRapide)
    for nom in ("choix", "groupe", "region"):
        attendu, obtenu = str(normal[nom]), str(rapide[nom])
        assert parse_html(obtenu) == parse_html(attendu), (attendu, obtenu)
    assert "Bêta &lt;b&gt;" in str(rapide["choix"])


def test_les_listes_des_formulaires_du_portail_sont_rendues_par_la_liste_rapide():
    """Every plain select drawn by the portal's field template goes through ListeRapide, with the
    DSFR class and the same markup Django would give."""
    valeur = {"choix": "a", "groupe": "11"}
    rapide = _Formulaire(valeur)
    obtenu = widget_dsfr(rapide["choix"])
    assert type(rapide.fields["choix"].widget) is ListeRapide
    attendu = _Formulaire(valeur)["choix"].as_widget(attrs={"class": "fr-select"})
    assert parse_html(obtenu) == parse_html(attendu)
    assert '<option value="a" selected>Alpha &amp; co</option>' in obtenu


def test_le_comite_compte_les_laureats_des_autres_vagues_a_jour(administrateur):
    """The committee page's programme totals are cached for display, and renewed by a laureate."""
    from candidatures.models import Dossier
    from selection.selectors.comite import comite_de_la_vague
    from tests.candidatures import factories_instruction as fi

    vague, autre = fi.vague(), fi.vague()
    fi.dossier(vague)
    laureat = fi.dossier(autre)
    assert comite_de_la_vague(vague).chiffres.fabriques.atteint == 0
    assert comite_de_la_vague(vague).chiffres.fabriques.atteint == 0  # from the cache
    laureat.statut = Dossier.Statut.RETENU
    laureat.save(update_fields=["statut"])
    assert comite_de_la_vague(vague).chiffres.fabriques.atteint == 1


def test_un_serveur_de_cache_injoignable_ne_bloque_ni_les_pages_ni_les_enregistrements(client, monkeypatch):
    """Redis down (CACHE_URL): pages are computed without the cache, saves go through."""
    from django.core.cache import cache

    def panne(*args, **kwargs):
        raise ConnectionError("cache injoignable")

    for methode in ("get", "set", "add", "get_many", "set_many"):
        monkeypatch.setattr(cache, methode, panne)
    lieu = fabrique(nom="La Fabrique du Lac")  # the save's invalidation meets the dead cache
    lieu.nom = "La Fabrique du Lac et des Bois"
    lieu.save(update_fields=["nom"])
    assert "La Fabrique du Lac et des Bois" in client.get(reverse("fabriques:annuaire")).content.decode()
    assert client.get("/api/v1/fabriques/").json()["count"] == 1


def _options(html: str, nom: str) -> str:
    """The markup of the ``<select name=nom>`` of a page."""
    debut = html.index(f'<select name="{nom}"')
    return html[debut : html.index("</select>", debut)]


def test_les_listes_de_choix_sont_servies_du_cache_et_suivent_chaque_changement(client, administrateur, instructeur):
    """The waves, départements and reviewers offered by the instruction list's filters and the bulk
    assignment are read once, then served from the cache; a new wave, a renamed reviewer, a reviewer
    who loses the role, show at the next page. The chosen option stays marked."""
    from comptes.roles import Role
    from tests.candidatures import factories_instruction as fi
    from tests.conftest import creer_utilisateur

    vague = fi.vague(titre="Vague du printemps")
    client.force_login(administrateur)
    url = reverse("candidatures:instruction") + f"?vague={vague.pk}"
    client.get(url)
    nombre, page = _requetes(client, url)
    assert f'<option value="{vague.pk}" selected>' in _options(page, "vague")
    assert "Instructeur (instructeur@anct.example.fr)" in _options(page, "instructeur")
    with CaptureQueriesContext(connection) as requetes:
        client.get(url)
    lues = " ".join(q["sql"] for q in requetes.captured_queries)
    # (The chosen wave is still looked up by its id to filter: only the lists come from the cache.)
    assert 'ORDER BY "candidatures_vague"."date_limite" DESC' not in lues
    assert 'FROM "fabriques_departement"' not in lues and 'FROM "fabriques_region"' not in lues
    assert 'ORDER BY "comptes_user"."last_name"' not in lues
    assert len(requetes) == nombre

    nouvelle = fi.vague(titre="Vague de l'automne")
    instructeur.last_name = "Renommé"
    instructeur.save()
    recrue = creer_utilisateur("recrue@anct.example.fr", Role.INSTRUCTEUR, first_name="Rita", last_name="Recrue")
    _, page = _requetes(client, url)
    assert f'<option value="{nouvelle.pk}">' in _options(page, "vague")
    assert f'<option value="{vague.pk}" selected>' in _options(page, "vague")
    assert "Ivan Renommé (instructeur@anct.example.fr)" in _options(page, "instructeur")
    assert "Rita Recrue (recrue@anct.example.fr)" in _options(page, "instructeur")

    recrue.groups.clear()
    _, page = _requetes(client, url)
    assert "recrue@anct.example.fr" not in _options(page, "instructeur")
