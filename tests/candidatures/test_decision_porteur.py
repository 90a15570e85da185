"""The applicant reads the committee's decision and its motivation once final, never before."""
import pytest

from candidatures.services.instruction import comite_clore, decision_enregistrer
from tests.candidatures import factories_instruction as fi

pytestmark = pytest.mark.django_db


def test_decision_visible_seulement_une_fois_le_comite_clos(client, administrateur):
    dossier = fi.dossier()
    porteur = dossier.cree_par
    dossier.tiers_lieu.gestionnaires.add(porteur)
    decision_enregistrer(dossier=dossier, resultat="non_retenu", motivation="Gouvernance encore floue.", par=administrateur)
    client.force_login(porteur)
    page = client.get(f"/candidatures/dossiers/{dossier.pk}/").content.decode()
    assert 'id="decision"' not in page and "Gouvernance encore floue." not in page
    comite_clore(vague=dossier.vague, par=administrateur)
    page = client.get(f"/candidatures/dossiers/{dossier.pk}/").content.decode()
    assert "Décision du comité de sélection : non retenu" in page
    assert "Gouvernance encore floue." in page
