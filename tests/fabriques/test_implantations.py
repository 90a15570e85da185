"""The administrateur sets the implantation of the Fabriques imported from the published list, in
bulk, through a journalled service; what is left « non renseignée » is counted where he looks."""

import html
import re
from pathlib import Path

import pytest
from django.urls import reverse

from commun.erreurs import ErreurMetier
from commun.models import EntreeJournal
from fabriques.models import Implantation, Qpv, TiersLieu
from fabriques.selectors import implantations_non_renseignees
from fabriques.services import fabriques_publiees_importer, implantations_fixer
from tests.fabriques import factories as fab

from .factories import departement

pytestmark = pytest.mark.django_db
DONNEES = Path(__file__).resolve().parents[2] / "fabriques" / "data"


@pytest.fixture
def historiques():
    fabriques_publiees_importer(contenu=(DONNEES / "fabriques_publiees.csv").read_bytes())
    return TiersLieu.objects.filter(source="liste_publiee")


def _texte(reponse) -> str:
    return " ".join(html.unescape(reponse.content.decode()).split())


def test_en_masse_hors_qpv_journalise_et_compte(historiques, administrateur):
    assert implantations_non_renseignees() == 171
    bretons = list(historiques.filter(departement__code="29").values_list("pk", flat=True))
    assert implantations_fixer(tiers_lieux_ids=bretons, implantation=Implantation.HORS_GRANDS_CENTRES, par=administrateur) == len(bretons)
    assert implantations_non_renseignees() == 171 - len(bretons)
    assert set(historiques.filter(pk__in=bretons).values_list("implantation", flat=True)) == {"hors_grands_centres"}
    entrees = EntreeJournal.objects.filter(action="fabriques.tiers_lieu.implantation_fixee", acteur=administrateur)
    assert entrees.count() == len(bretons) and entrees.first().etat_avant == "non_renseignee"
    # Again: nothing changes, nothing journalled twice.
    assert implantations_fixer(tiers_lieux_ids=bretons, implantation="hors_grands_centres", par=administrateur) == 0


def test_qpv_exige_un_quartier_du_departement(historiques, administrateur):
    strasbourg = departement("67")
    neuhof = Qpv.objects.create(code="QN06701M", nom="Neuhof-Meinau", commune="Strasbourg", departement=strasbourg)
    grange = historiques.get(structure_porteuse="La Grange Numérique CSC du Neuhof")
    vichy = historiques.get(structure_porteuse="Fabrique Numérique VICHYCO")
    with pytest.raises(ErreurMetier, match="Indiquez le quartier prioritaire"):
        implantations_fixer(tiers_lieux_ids=[grange.pk], implantation=Implantation.QPV, par=administrateur)
    with pytest.raises(ErreurMetier, match="QN99999M est inconnu"):
        implantations_fixer(tiers_lieux_ids=[grange.pk], implantation=Implantation.QPV, qpv="QN99999M", par=administrateur)
    with pytest.raises(ErreurMetier, match="pas « Fabrique Numérique VICHYCO » \\(03\\)"):
        implantations_fixer(tiers_lieux_ids=[grange.pk, vichy.pk], implantation=Implantation.QPV, qpv="QN06701M", par=administrateur)
    grange.refresh_from_db()
    assert grange.implantation == ""  # all or nothing
    implantations_fixer(tiers_lieux_ids=[grange.pk], implantation=Implantation.QPV, qpv="qn06701m", par=administrateur)
    grange.refresh_from_db()
    assert (grange.implantation, grange.qpv) == ("qpv", neuhof)
    # Near a quartier of another département is allowed (« à proximité immédiate »).
    implantations_fixer(tiers_lieux_ids=[vichy.pk], implantation=Implantation.PROXIMITE_QPV, qpv=neuhof, par=administrateur)


def test_une_fiche_de_porteur_ne_se_change_pas_ici(historiques, administrateur):
    saisie = fab.tiers_lieu(nom="Lieu saisi")
    with pytest.raises(ErreurMetier, match="« Lieu saisi » n'est pas une Fabrique importée"):
        implantations_fixer(tiers_lieux_ids=[saisie.pk], implantation="grand_centre", par=administrateur)
    with pytest.raises(ErreurMetier, match="Cochez au moins une Fabrique"):
        implantations_fixer(tiers_lieux_ids=[], implantation="grand_centre", par=administrateur)


def test_page_filtre_coche_et_compte(client, historiques, administrateur):
    client.force_login(administrateur)
    page = _texte(client.get(reverse("fabriques:implantations")))
    assert "Implantation non renseignée : 171 Fabriques labellisées" in page
    page = client.get(reverse("fabriques:implantations"), {"departement": "67", "implantation": "non_renseignee"})
    assert "Artefact PRL" in _texte(page) and "Vichy" not in _texte(page)
    tix = historiques.get(structure_porteuse="Consortium TIX")
    url = reverse("fabriques:implantations") + "?departement=67&implantation=non_renseignee"
    sans_quartier = client.post(url, {"tiers_lieux": [tix.pk], "implantation": "qpv", "qpv": ""})
    assert sans_quartier.status_code == 400
    lu = _texte(sans_quartier)
    assert "Indiquez le quartier prioritaire" in lu and f'value="{tix.pk}" id="lieu-{tix.pk}" checked' in sans_quartier.content.decode()
    reponse = client.post(url, {"tiers_lieux": [tix.pk], "implantation": "hors_grands_centres"}, follow=True)
    assert "Implantation « Hors des grands centres urbains » renseignée pour 1 Fabrique." in _texte(reponse)
    assert "Implantation non renseignée : 170 Fabriques" in _texte(reponse)
    tix.refresh_from_db()
    assert tix.implantation == "hors_grands_centres"


def test_page_toutes_les_fabriques_filtrees(client, historiques, administrateur):
    client.force_login(administrateur)
    corses = historiques.filter(region__nom="Corse").count()
    reponse = client.post(
        reverse("fabriques:implantations") + "?region=94", {"toutes": "on", "implantation": "hors_grands_centres"}, follow=True
    )
    assert f"renseignée pour {corses} Fabrique" in _texte(reponse)
    assert implantations_non_renseignees() == 171 - corses


def test_reservee_aux_administrateurs(client, porteur, instructeur):
    for user in (porteur, instructeur):
        client.force_login(user)
        assert client.get(reverse("fabriques:implantations")).status_code == 403
        assert client.post(reverse("fabriques:implantations"), {"toutes": "on", "implantation": "grand_centre"}).status_code == 403


def test_la_page_des_labels_historiques_le_rappelle(client, historiques, administrateur):
    client.force_login(administrateur)
    page = _texte(client.get(reverse("fabriques:label_historique")))
    assert "Implantation non renseignée : 171 Fabriques labellisées" in page
    assert f'href="{reverse("fabriques:implantations")}"' in page


def test_l_annuaire_montre_ce_qui_reste_a_renseigner(client, historiques, administrateur):
    page = re.sub(r"</?strong>", "", _texte(client.get(reverse("fabriques:annuaire"))))
    assert "Implantation non renseignée : 171 Fabriques de l'annuaire" in page
    filtre = re.sub(r"<[^>]+>", "", _texte(client.get(reverse("fabriques:annuaire"), {"implantation": "non_renseignee"})))
    assert "171 Fabriques correspondent" in filtre


def test_api_par_lignes_ou_par_filtre(historiques, administrateur, porteur):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(porteur)
    assert (
        api.post("/api/v1/tiers-lieux/implantations/", {"toutes": True, "implantation": "grand_centre"}, format="json").status_code == 403
    )
    api.force_authenticate(administrateur)
    tix = historiques.get(structure_porteuse="Consortium TIX")
    sans_quartier = api.post("/api/v1/tiers-lieux/implantations/", {"tiers_lieux": [tix.pk], "implantation": "qpv"}, format="json")
    assert sans_quartier.status_code == 400 and "Indiquez le quartier prioritaire" in str(sans_quartier.json())
    reponse = api.post(
        "/api/v1/tiers-lieux/implantations/", {"tiers_lieux": [tix.pk], "implantation": "hors_grands_centres"}, format="json"
    )
    assert reponse.status_code == 200 and reponse.json() == {"modifiees": 1, "non_renseignees": 170}
    corses = historiques.filter(region__code="94").count()
    reponse = api.post(
        "/api/v1/tiers-lieux/implantations/", {"toutes": True, "filtres": "region=94", "implantation": "hors_grands_centres"}, format="json"
    )
    assert reponse.json() == {"modifiees": corses, "non_renseignees": 170 - corses}
    assert EntreeJournal.objects.filter(action="fabriques.tiers_lieu.implantation_fixee").count() == 1 + corses
