"""The laureate list PDF follows the official layout and reads back to the same content twice."""

import datetime as dt
import io

from pypdf import PdfReader

from candidatures.documents import LigneLaureat, rendre_liste_laureats
from tests.pdf import accessibilite

LIGNES = [
    LigneLaureat("Provence-Alpes-Côte d'Azur", "La Gare Numérique", "84 - Vaucluse", "Avignon", True, True),
    LigneLaureat("Auvergne-Rhône-Alpes", "Zone d'Activité Numérique", "07 - Ardèche", "Privas", False, False),
    LigneLaureat("Occitanie", "Station A", "12 - Aveyron", "Rodez", False, True),
    LigneLaureat("Auvergne-Rhône-Alpes", "Association Tiers-Lieu du Livradois", "63 - Puy-de-Dôme", "Ambert", False, True),
]


def _texte(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _rendre(lignes):
    return rendre_liste_laureats(
        titre="Liste des Fabriques de territoire", sous_titre="Vague 4 — 2026", date_publication=dt.date(2026, 11, 23), lignes=lignes
    )


def test_regions_par_ordre_alphabetique_avec_leurs_fabriques_et_les_comptes():
    texte = _texte(_rendre(LIGNES))
    ara, occ, paca = (texte.index(r) for r in ("AUVERGNE-RHÔNE-ALPES", "OCCITANIE", "PROVENCE-ALPES-CÔTE D'AZUR"))
    assert ara < occ < paca
    assert texte.index("Association Tiers-Lieu du Livradois") < texte.index("Zone d'Activité Numérique") < occ
    assert "84 - Vaucluse" in texte and "AVIGNON" in texte
    assert "Auvergne-Rhône-Alpes : 2 Fabriques" in texte
    assert "Total : 4 Fabriques de territoire" in texte
    assert "dont 1 numérique" in texte
    assert "Nouvelle Fabrique" in texte


def test_date_vague_et_numero_sur_chaque_page():
    lignes = [LigneLaureat("Bretagne", f"Structure {i:03d}", "29 - Finistère", "Brest", False, False) for i in range(120)]
    lecteur = PdfReader(io.BytesIO(_rendre(lignes)))
    assert len(lecteur.pages) >= 3
    for numero, page in enumerate(lecteur.pages, start=1):
        texte = page.extract_text()
        assert "Vague 4 — 2026" in texte
        assert "23/11/2026" in texte
        assert f"Page {numero} sur {len(lecteur.pages)}" in texte


def test_reconstruite_deux_fois_meme_contenu():
    assert _texte(_rendre(LIGNES)) == _texte(_rendre(list(reversed(LIGNES))))


def test_le_rendu_ne_deverse_pas_le_journal_de_fonttools_dans_les_logs(caplog):
    """WeasyPrint subsets the fonts with fontTools, which logs each table it reads at DEBUG while
    WeasyPrint captures its warnings: none of that reaches the portal's (or the worker's) log."""
    import logging

    with caplog.at_level(logging.DEBUG):
        rendre_liste_laureats(
            lignes=[LigneLaureat("Bretagne", "Association Le Lieu", "35 - Ille-et-Vilaine", "Rennes", True, False)],
            titre="Liste",
            sous_titre="Vague 1",
            date_publication=dt.date(2026, 11, 23),
        )
    assert [r for r in caplog.records if r.name.startswith("fontTools")] == []


def test_liste_balisee_pour_les_lecteurs_d_ecran():
    """The published list is a tagged PDF/UA: in French, titled, with its table's headers and cells."""
    pdf = accessibilite(_rendre(LIGNES))
    assert pdf.balise and pdf.langue == "fr" and pdf.titre == "Liste des Fabriques de territoire" and pdf.titre_affiche
    assert {"H1", "H2", "Table", "TH", "TD"} <= pdf.elements


def test_l_en_tete_de_chaque_page_garde_les_apostrophes():
    lignes = [LigneLaureat("Bretagne", f"Structure {i:03d}", "29 - Finistère", "Brest", False, False) for i in range(120)]
    pdf = rendre_liste_laureats(
        titre="Liste des Fabriques de territoire",
        sous_titre="Vague 2 de 2026 — dépôt jusqu'au 30/06/2026",
        date_publication=dt.date(2026, 11, 23),
        lignes=lignes,
    )
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 3
    for page in pages:
        assert "Liste des Fabriques de territoire — Vague 2 de 2026 — dépôt jusqu'au 30/06/2026" in page.extract_text()
