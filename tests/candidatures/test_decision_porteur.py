"""The applicant reads the committee's decision and its motivation with the published results,
never before: closing the committee e-mails nobody, and its confirmation page says so."""

import pytest
from rest_framework.test import APIClient

from selection.services.comite import comite_clore, decision_enregistrer
from selection.services.publication import vague_publier
from tests.candidatures import factories_instruction as fi

pytestmark = pytest.mark.django_db


def test_decision_lue_par_le_porteur_a_la_publication_des_resultats(client, administrateur, django_capture_on_commit_callbacks):
    dossier = fi.dossier()
    porteur = dossier.cree_par
    dossier.tiers_lieu.gestionnaires.add(porteur)
    api = APIClient()
    api.force_authenticate(porteur)
    decision_enregistrer(dossier=dossier, resultat="non_retenu", motivation="Gouvernance encore floue.", par=administrateur)
    client.force_login(porteur)
    page = client.get(f"/candidatures/dossiers/{dossier.pk}/").content.decode()
    assert 'id="decision"' not in page and "Gouvernance encore floue." not in page
    comite_clore(vague=dossier.vague, par=administrateur)
    # Closed: the decision is final, but the applicant learns it with the published results.
    for adresse in (f"/candidatures/dossiers/{dossier.pk}/", "/candidatures/mes-dossiers/"):
        page = client.get(adresse).content.decode()
        assert "Non retenu" not in page and "Gouvernance encore floue." not in page and "En instruction" in page, adresse
    assert api.get(f"/api/v1/dossiers/{dossier.pk}/").json()["statut"] == "en_instruction"
    assert {d["statut"] for d in api.get("/api/v1/dossiers/").json()["results"]} == {"en_instruction"}
    # Staff read the outcome at once.
    admin = APIClient()
    admin.force_authenticate(administrateur)
    assert admin.get(f"/api/v1/dossiers/{dossier.pk}/").json()["statut"] == "non_retenu"
    with django_capture_on_commit_callbacks(execute=True):
        vague_publier(vague=dossier.vague, par=administrateur)
    page = client.get(f"/candidatures/dossiers/{dossier.pk}/").content.decode()
    assert "Décision du comité de sélection : non retenu" in page
    assert "Gouvernance encore floue." in page and "Non retenu" in page
    assert api.get(f"/api/v1/dossiers/{dossier.pk}/").json()["statut"] == "non_retenu"
