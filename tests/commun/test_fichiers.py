"""The one check of uploaded files (commun.fichiers): the unit rules, and that no upload escapes it.
The attack uploads on every site (pages and API) are in tests/api/test_matrice_permissions.py."""

import pathlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from commun.erreurs import ErreurMetier
from commun.fichiers import PDF, fichier_verifier, nom_assaini
from tests.candidatures import factories as fc


@pytest.mark.parametrize("nom", ["rapport.hta", "rapport.pdf.bat", "rapport.exe", "rapport.html", "rapport.svg", "rapport"])
def test_des_octets_pdf_sous_un_nom_qui_s_executerait_sont_refuses(nom):
    with pytest.raises(ErreurMetier, match="format accepté"):
        fichier_verifier(SimpleUploadedFile(nom, fc.PDF_MINIMAL))


def test_une_extension_qui_ment_sur_le_contenu_est_refusee():
    with pytest.raises(ErreurMetier, match="porte l'extension .png mais son contenu est au format PDF"):
        fichier_verifier(SimpleUploadedFile("photo.png", fc.PDF_MINIMAL))


def test_un_format_accepte_ailleurs_est_refuse_la_ou_seul_le_pdf_l_est():
    with pytest.raises(ErreurMetier, match=r"format accepté \(PDF\)"):
        fichier_verifier(SimpleUploadedFile("rapport.png", fc.PNG_MINIMAL), formats=[PDF])


@pytest.mark.parametrize(
    "nom, attendu",
    [
        ("../../etc/Rapport d'activité (v2).PDF", "rapport-dactivite-v2.pdf"),
        ("C:\\Documents\\statuts.final.pdf", "statuts-final.pdf"),
        ("rapport.pdf.bat", "rapport-pdf.pdf"),
        (".pdf", "piece-jointe.pdf"),
    ],
)
def test_le_nom_stocke_et_servi_est_propre_avec_l_extension_du_type_detecte(nom, attendu):
    assert nom_assaini(nom, PDF) == attendu


def test_un_fichier_accepte_dit_son_nom_propre_son_type_sa_taille_et_son_empreinte():
    verifie = fichier_verifier(SimpleUploadedFile("Budget 2027.pdf", fc.PDF_MINIMAL))
    assert (verifie.nom, verifie.type_mime, verifie.taille, len(verifie.sha256)) == ("budget-2027.pdf", PDF, len(fc.PDF_MINIMAL), 64)


def test_aucun_televersement_ne_contourne_le_controle_commun():
    """Types are detected in commun/fichiers.py only: an upload site that judged files itself (by their
    name or by its own look at the bytes) would be found here."""
    racine = pathlib.Path(__file__).resolve().parents[2]
    fautifs = []
    for fichier in racine.glob("*/**/*.py"):
        relatif = fichier.relative_to(racine).as_posix()
        if relatif.startswith((".venv/", "tests/", "bench/", "scripts/")) or relatif == "commun/fichiers.py":
            continue
        texte = fichier.read_text(encoding="utf-8")
        fautifs += [
            f"{relatif} : {motif}" for motif in ("import filetype", "filetype.guess", "nom_original=fichier.name") if motif in texte
        ]
    assert not fautifs
