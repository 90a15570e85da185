"""The public directory: filters, counts by région, exports that agree with the page, constant SQL."""

import csv
import io
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from fabriques.models import Label
from tests.fabriques import factories as fab

from .factories import fabrique

pytestmark = pytest.mark.django_db


@pytest.fixture
def reseau():
    """Seven Fabriques in three régions, and a tiers-lieu without label (never listed)."""
    qpv = fab.qpv(code="QN06901M", commune="Vénissieux")
    return {
        "lyon": fabrique(nom="Fablab de Lyon", code_postal="69001", commune="Lyon", types_lieu=["fablab"]),
        "venissieux": fabrique(
            nom="La Ruche des Minguettes",
            code_postal="69200",
            commune="Vénissieux",
            implantation="qpv",
            qpv=qpv,
            label_type=Label.Type.NUMERIQUE,
            types_lieu=["coworking", "fablab"],
        ),
        "grenoble": fabrique(nom="La Machinerie", code_postal="38000", commune="Grenoble", implantation="hors_grands_centres"),
        "ajaccio": fabrique(nom="Casa di i Mestieri", code_postal="20000", commune="Ajaccio", implantation="hors_grands_centres"),
        "bastia": fabrique(nom="Bastia Lab", code_postal="20200", commune="Bastia"),
        "amiens": fabrique(
            nom="La Machinerie",
            structure_porteuse="Machinerie d'Amiens",
            code_postal="80000",
            commune="Amiens",
            implantation="proximite_qpv",
            qpv=qpv,
        ),
        "roubaix": fabrique(nom="La Condition Publique", code_postal="59100", commune="Roubaix", types_lieu=["friche_culturelle"]),
        "sans_label": fab.tiers_lieu(nom="Pas encore labellisé", code_postal="69003"),
    }


def _noms_page(client, params):
    html = client.get(reverse("fabriques:annuaire"), params).content.decode()
    return html


def _export_csv(client, params):
    reponse = client.get(reverse("fabriques:export_csv"), params)
    assert reponse["Content-Type"].startswith("text/csv")
    contenu = b"".join(reponse.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(contenu), delimiter=";"))


def _export_json(client, params):
    reponse = client.get(reverse("fabriques:export_json"), params)
    import json

    return json.loads(b"".join(reponse.streaming_content))["fabriques"]


def test_annuaire_public_groupe_par_region_avec_les_comptes(client, reseau):
    reponse = client.get(reverse("fabriques:annuaire"))
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert 'id="total-fabriques">7<' in html
    assert 'data-region="Auvergne-Rhône-Alpes">3<' in html
    assert 'data-region="Corse">2<' in html
    assert 'data-region="Hauts-de-France">2<' in html
    assert "Pas encore labellisé" not in html
    assert html.index("Auvergne-Rhône-Alpes") < html.index("Corse") < html.index("Hauts-de-France")


@pytest.mark.parametrize(
    ("params", "attendus"),
    [
        ({}, {"lyon", "venissieux", "grenoble", "ajaccio", "bastia", "amiens", "roubaix"}),
        ({"region": "94"}, {"ajaccio", "bastia"}),
        ({"departement": "2B"}, {"bastia"}),
        ({"departement": "69"}, {"lyon", "venissieux"}),
        ({"type_lieu": "fablab"}, {"lyon", "venissieux"}),
        ({"label": "numerique"}, {"venissieux"}),
        ({"label": "fabrique"}, {"lyon", "grenoble", "ajaccio", "bastia", "amiens", "roubaix"}),
        ({"implantation": "qpv"}, {"venissieux", "amiens"}),
        ({"implantation": "hors_grands_centres"}, {"grenoble", "ajaccio"}),
        ({"q": "machinerie"}, {"grenoble", "amiens"}),
        ({"q": "Roubaix"}, {"roubaix"}),
        ({"q": "machinerie", "region": "32"}, {"amiens"}),
    ],
)
def test_filtres_page_csv_et_json_donnent_exactement_les_memes_fabriques(client, reseau, params, attendus):
    pks = {str(reseau[cle].pk) for cle in attendus}
    html = _noms_page(client, params)
    sur_la_page = {pk for pk in (str(t.pk) for t in reseau.values()) if f'href="/fabriques/annuaire/{pk}/"' in html}
    assert sur_la_page == pks
    assert f'id="total-fabriques">{len(attendus)}<' in html
    if params:  # the export links carry the same filters
        assert f'/fabriques/annuaire/export.csv?{urlencode(params)}"' in html.replace("&amp;", "&")
    lignes_csv = _export_csv(client, params)
    assert {ligne["fiche"].rstrip("/").rsplit("/", 1)[1] for ligne in lignes_csv} == pks
    lignes_json = _export_json(client, params)
    assert {ligne["fiche"].rstrip("/").rsplit("/", 1)[1] for ligne in lignes_json} == pks
    assert len(lignes_csv) == len(lignes_json) == len(attendus)


def test_export_dit_le_label_et_la_region(client, reseau):
    (ligne,) = _export_csv(client, {"label": "numerique"})
    assert ligne["label"] == "Fabrique numérique de territoire"
    assert (ligne["region"], ligne["departement_code"], ligne["commune"]) == ("Auvergne-Rhône-Alpes", "69", "Vénissieux")
    assert ligne["types_lieu"] == "Espace de coworking, Fablab"
    assert ligne["nouvelle_fabrique"] == "oui"


def test_filtre_inconnu_explique_sans_erreur_500(client, reseau):
    reponse = client.get(reverse("fabriques:annuaire"), {"region": "99"})
    assert reponse.status_code == 200
    assert "Un filtre n'est pas valable" in reponse.content.decode().replace("&#x27;", "'")


def test_fiche_publique_d_une_fabrique_et_404_sans_label(client, reseau):
    reponse = client.get(reverse("fabriques:fiche", args=[reseau["venissieux"].pk]))
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert "Fabrique numérique de territoire" in html and "Vénissieux" in html and "QN06901M" in html
    assert client.get(reverse("fabriques:fiche", args=[reseau["sans_label"].pk])).status_code == 404


def test_pagination_garde_les_filtres_et_les_comptes_par_region(client):
    for i in range(55):
        fabrique(nom=f"Fabrique {i:02d}", code_postal="35000", commune="Rennes")
    fabrique(nom="Autre", code_postal="13001", commune="Marseille")
    page1 = client.get(reverse("fabriques:annuaire"), {"region": "53"}).content.decode()
    assert "Page 1 sur 2" in page1
    assert "region=53&amp;page=2" in page1
    assert "55 Fabriques" in page1  # the région's count, not the page's
    page2 = client.get(reverse("fabriques:annuaire"), {"region": "53", "page": 2}).content.decode()
    assert "Fabrique 54" in page2 and "Marseille" not in page2


@pytest.mark.parametrize("nombre", [3, 60])
def test_nombre_de_requetes_constant(client, django_assert_max_num_queries, nombre):
    for i in range(nombre):
        fabrique(code_postal=["69001", "20000", "75011", "97400"][i % 4], types_lieu=["fablab"])
    with django_assert_max_num_queries(5):
        assert client.get(reverse("fabriques:annuaire"), {"type_lieu": "fablab"}).status_code == 200
    with django_assert_max_num_queries(3):
        reponse = client.get(reverse("fabriques:export_csv"))
        assert len(b"".join(reponse.streaming_content).splitlines()) == nombre + 1
    with django_assert_max_num_queries(3):
        b"".join(client.get(reverse("fabriques:export_json")).streaming_content)


def test_recherche_sans_accents_ni_majuscules(client):
    besancon = fabrique(nom="La Planoise", code_postal="25000", commune="Besançon")
    fabrique(nom="Cœur de Bastide", code_postal="33000", commune="Bordeaux")
    for saisie in ("besancon", "BESANÇON", "planoise"):
        html = client.get(reverse("fabriques:annuaire"), {"q": saisie}).content.decode()
        assert 'id="total-fabriques">1<' in html and f"/fabriques/annuaire/{besancon.pk}/" in html
    assert 'id="total-fabriques">1<' in client.get(reverse("fabriques:annuaire"), {"q": "coeur"}).content.decode()
