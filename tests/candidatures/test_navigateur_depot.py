"""In Chromium: a porteur fills a whole dossier over two sessions, uploads PDFs, deposits, downloads the proof."""

import datetime as dt
import hashlib
import re

import pytest
from pypdf import PdfReader

from candidatures.models import Dossier, Vague
from commun.models import Courriel
from commun.temps import aujourdhui_paris, en_paris
from comptes.roles import Role
from tests.conftest import MOT_DE_PASSE, creer_utilisateur

from . import factories as f

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def se_connecter(page, base, email):
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", MOT_DE_PASSE)
    page.click("form button[type=submit]")


def remplir_section(page, champs: dict):
    for nom, valeur in champs.items():
        page.fill(f"[name={nom}]", valeur)


@pytest.fixture
def contexte(transactional_db, tmp_path):
    aujourdhui = aujourdhui_paris()
    vague = Vague.objects.create(
        numero=7,
        titre="Vague de test",
        date_ouverture=aujourdhui - dt.timedelta(days=10),
        date_limite=aujourdhui + dt.timedelta(days=20),
        statut=Vague.Statut.OUVERTE,
    )
    porteur = creer_utilisateur("porteuse.navigateur@exemple.fr", Role.PORTEUR, first_name="Paula")
    lieu = f.tiers_lieu(porteur, nom="La Canopée", siret="88412345600011")
    statuts, budget = tmp_path / "Statuts signés.pdf", tmp_path / "budget.pdf"
    statuts.write_bytes(f.pdf(texte="Statuts").read())
    budget.write_bytes(f.pdf(texte="Budget détaillé").read())
    return {"vague": vague, "porteur": porteur, "lieu": lieu, "statuts": statuts, "budget": budget}


def test_dossier_complet_sur_deux_sessions_depot_et_accuse(page, live_server, contexte, browser):
    base = live_server.url
    # --- Session 1: start the dossier, fill the first sections ------------------------------
    page.goto(f"{base}/candidatures/mes-dossiers/")
    se_connecter(page, base, contexte["porteur"].email)
    page.wait_for_url(re.compile(r"/candidatures/mes-dossiers/"))
    page.select_option("select[name=tiers_lieu]", str(contexte["lieu"].pk))
    page.click("text=Commencer un dossier")
    page.wait_for_url(re.compile(r"/candidatures/dossiers/\d+/$"))
    dossier_id = int(re.search(r"/dossiers/(\d+)/", page.url).group(1))
    page.click("text=Compléter le dossier")
    for code in ("presentation", "ambition", "ancrage", "gouvernance"):
        assert f"/sections/{code}/" in page.url
        remplir_section(page, f.TEXTES[code])
        page.click("button[name=suivante]")
        page.wait_for_load_state()
    # Typing in « modèle économique », then the session expires before saving.
    assert "/sections/modele_economique/" in page.url
    remplir_section(page, f.TEXTES["modele_economique"])
    page.context.clear_cookies(name="sessionid")
    page.click("button[name=enregistrer]")
    # The login page sends the porteur back to the section, where the browser kept the text.
    page.wait_for_url(re.compile(r"/compte/login/"))
    se_connecter(page, base, contexte["porteur"].email)
    page.wait_for_url(re.compile(r"/sections/modele_economique/"))
    assert page.is_visible("#brouillon-restaure")
    assert page.input_value("[name=modele]") == f.TEXTES["modele_economique"]["modele"]
    page.click("button[name=suivante]")
    page.wait_for_url(re.compile(r"/sections/roles/"))
    page.context.clear_cookies()  # end of session 1

    # --- Session 2, another day: everything saved is there; finish and deposit ---------------
    page.goto(f"{base}/candidatures/dossiers/{dossier_id}/sections/roles/")
    se_connecter(page, base, contexte["porteur"].email)
    page.wait_for_url(re.compile(r"/sections/roles/"))
    page.goto(f"{base}/candidatures/dossiers/{dossier_id}/sections/ambition/")
    assert page.input_value("[name=essor_territoire]") == f.TEXTES["ambition"]["essor_territoire"]
    page.goto(f"{base}/candidatures/dossiers/{dossier_id}/sections/roles/")
    for code in ("roles", "partenaires", "budget"):
        remplir_section(page, f.TEXTES[code])
        page.click("button[name=suivante]")
        page.wait_for_load_state()
    assert "/sections/montants/" in page.url
    remplir_section(page, {"montant_annee_1": "50 000", "montant_annee_2": "40 000,00", "montant_annee_3": "30000"})
    page.click("button[name=suivante]")
    page.wait_for_url(re.compile(r"/pieces/"))
    for type_piece, chemin in (("statuts", contexte["statuts"]), ("budget", contexte["budget"])):
        page.select_option("#id_type", type_piece)
        page.set_input_files("#id_fichier", str(chemin))
        page.click("text=Ajouter la pièce")
        page.wait_for_load_state()
    assert page.is_visible("text=statuts-signes.pdf")
    page.goto(f"{base}/candidatures/dossiers/{dossier_id}/")
    assert page.is_visible("text=Le dossier est complet")
    page.click("text=Déposer le dossier")
    page.click("text=Je dépose mon dossier")
    page.wait_for_url(re.compile(rf"/candidatures/dossiers/{dossier_id}/$"))
    dossier = Dossier.objects.get(pk=dossier_id)
    assert dossier.statut == Dossier.Statut.DEPOSE
    assert page.is_visible(f"text=déposé sous le numéro {dossier.numero}")
    assert page.is_visible("text=il se consulte en lecture seule")

    with page.expect_download() as telechargement:
        page.click("text=Télécharger l'accusé de réception (PDF)")
    texte = "\n".join(p.extract_text() for p in PdfReader(telechargement.value.path()).pages)
    depose = en_paris(dossier.depose_le)
    assert dossier.numero in texte and re.fullmatch(r"FDT-\d{4}-V\d-00001", dossier.numero)
    assert f"{depose:%d/%m/%Y} à {depose:%H:%M:%S}" in texte
    assert "88412345600011" in texte and "La Canopée" in texte
    empreintes = texte.replace("\n", "")
    for chemin in (contexte["statuts"], contexte["budget"]):
        assert hashlib.sha256(chemin.read_bytes()).hexdigest() in empreintes
    assert Courriel.objects.filter(cle=f"accuse-depot:dossier-{dossier_id}", destinataire=contexte["porteur"].email).exists()
