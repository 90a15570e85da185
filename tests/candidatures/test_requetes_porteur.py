"""The applicant's pages run as many SQL queries with one dossier as with several: the timeline,
the attachments and the completeness of every dossier are read in batches, never per dossier.

(A network managing many tiers-lieux has one dossier per tiers-lieu and wave: a query per dossier
would make its dashboard grow with its history.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidatures.services.pieces import piece_ajouter
from tests.candidatures import factories as f

pytestmark = pytest.mark.django_db


def _porteur_avec(porteur, vague, nombre):
    """``nombre`` complete drafts of ``porteur``, each on its own tiers-lieu, with attachments (so a
    timeline of several events, one naming an attachment)."""
    for n in range(nombre):
        dossier = f.completer(f.brouillon(porteur, vague, f.tiers_lieu(porteur, nom=f"Lieu {n}")), porteur)
        piece_ajouter(dossier=dossier, type="autres", fichier=f.fichier(f"annexe-{n}.pdf", f.PDF_MINIMAL + b"annexe"), par=porteur)


def _requetes(client, url) -> tuple[list[str], bytes]:
    """The SQL of a second request to ``url`` (the first warms the session and caches), and the page."""
    client.get(url)
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url)
    assert reponse.status_code == 200
    return [q["sql"] for q in requetes.captured_queries], reponse.content


@pytest.mark.parametrize("nom", ["candidatures:mes_dossiers", "api-dossiers"])
def test_les_pages_du_porteur_font_autant_de_requetes_a_1_et_a_4_dossiers(client, porteur, autre_porteur, nom):
    vague = f.vague()
    _porteur_avec(porteur, vague, 1)
    _porteur_avec(autre_porteur, vague, 4)
    client.force_login(porteur)
    un, _ = _requetes(client, reverse(nom))
    client.force_login(autre_porteur)
    quatre, contenu = _requetes(client, reverse(nom))
    assert len(quatre) == len(un)
    # The batched reads still show each dossier's own events and attachments.
    if nom == "candidatures:mes_dossiers":
        for n in range(4):
            assert f"annexe-{n}.pdf".encode() in contenu
        assert contenu.count("Pièce jointe ajoutée".encode()) == 4 * 3


def test_la_page_du_dossier_lit_ses_pieces_une_fois(client, porteur):
    dossier = f.completer(f.brouillon(porteur), porteur)
    client.force_login(porteur)
    requetes, contenu = _requetes(client, reverse("candidatures:dossier", args=[dossier.pk]))
    assert sum("candidatures_piecejointe" in sql for sql in requetes) == 1
    assert b"statuts.pdf" in contenu and b"budget.pdf" in contenu
