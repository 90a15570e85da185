"""Imports: the QPV reference list and the published list of Fabriques — all or nothing."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from commun.models import EntreeJournal
from fabriques.models import Label, Qpv, SourceTiersLieu, TiersLieu
from fabriques.services import ImportRefuse, fabriques_publiees_importer, qpv_importer

pytestmark = pytest.mark.django_db
DONNEES = Path(__file__).resolve().parents[2] / "fabriques" / "data"

ENTETE = "code_qp;nom_qp;commune_qp;departement\n"


def test_l_echantillon_livre_s_importe_et_une_deuxieme_fois_ne_change_rien():
    rapport = qpv_importer(contenu=(DONNEES / "qpv_echantillon.csv").read_bytes())
    assert rapport.crees == Qpv.objects.count() >= 20
    assert Qpv.objects.get(code="QN02A01M").departement.code == "2A"
    assert Qpv.objects.get(code="QN97401M").departement.region.nom == "La Réunion"
    again = qpv_importer(contenu=(DONNEES / "qpv_echantillon.csv").read_bytes())
    assert (again.crees, again.mis_a_jour) == (0, 0)


def test_fichier_valide_virgules_windows_1252_colonnes_en_plus_et_departement_deduit_du_code():
    contenu = "CODE_QP,NOM_QP,COMMUNE_QP,DEPARTEMENT,population\nQN05901M,Épeule,Roubaix,,12000\nQN09301M,Cité des Francs-Moisins,Saint-Denis,93,9000\n"
    rapport = qpv_importer(contenu=contenu.encode("cp1252"))
    assert rapport.crees == 2
    assert Qpv.objects.get(code="QN05901M").nom == "Épeule"
    assert Qpv.objects.get(code="QN05901M").departement.code == "59"


def test_mise_a_jour_d_un_quartier_existant():
    qpv_importer(contenu=ENTETE + "QN07501M;Ancien nom;Paris;75\n")
    rapport = qpv_importer(contenu=ENTETE + "QN07501M;Nouveau nom;Paris;75\n")
    assert rapport.mis_a_jour == 1
    assert Qpv.objects.get(code="QN07501M").nom == "Nouveau nom"


def test_lignes_fausses_signalees_par_numero_et_rien_n_est_importe():
    contenu = (
        ENTETE
        + "QN07501M;La Chapelle;Paris;75\n"  # ligne 2 : juste
        + "XX123;Sans code;Paris;75\n"  # ligne 3 : code mal formé
        + "QN07502M;;Paris;75\n"  # ligne 4 : nom vide
        + "QN07503M;Belleville;Paris;99\n"  # ligne 5 : département inconnu
        + "QN07501M;Doublon;Paris;75\n"  # ligne 6 : doublon de la ligne 2
    )
    with pytest.raises(ImportRefuse) as exc:
        qpv_importer(contenu=contenu)
    lignes = exc.value.lignes
    assert [ligne.split(" :")[0] for ligne in lignes] == ["Ligne 3", "Ligne 4", "Ligne 5", "Ligne 6"]
    assert "QN07501M" in lignes[0] and "nom_qp est vide" in lignes[1]
    assert "département « 99 » inconnu" in lignes[2]
    assert "figure déjà ligne 2" in lignes[3]
    assert "4 lignes à corriger" in exc.value.message
    assert Qpv.objects.count() == 0


def test_mauvaises_colonnes_refusees_avec_la_liste_attendue():
    with pytest.raises(ImportRefuse) as exc:
        qpv_importer(contenu="code;nom;ville\nQN07501M;La Chapelle;Paris\n")
    message = exc.value.message
    assert "Colonnes attendues : code_qp, nom_qp, commune_qp, departement" in message
    assert "Colonnes manquantes : code_qp, nom_qp, commune_qp, departement" in message
    assert "Colonnes trouvées : code, nom, ville" in message
    assert Qpv.objects.count() == 0


def test_commande_importer_qpv(tmp_path):
    bon = tmp_path / "qpv.csv"
    bon.write_text(ENTETE + "QN07501M;La Chapelle;Paris;75\n", encoding="utf-8")
    call_command("importer_qpv", str(bon))
    assert Qpv.objects.filter(code="QN07501M").exists()
    faux = tmp_path / "faux.csv"
    faux.write_text(ENTETE + "QN07509M;;Paris;75\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Ligne 2 : nom_qp est vide"):
        call_command("importer_qpv", str(faux))
    with pytest.raises(CommandError, match="introuvable"):
        call_command("importer_qpv", str(tmp_path / "absent.csv"))


# --- The published list ---------------------------------------------------------------------
def test_la_liste_publiee_livree_s_importe_par_region_sans_rien_inventer():
    rapport = fabriques_publiees_importer(contenu=(DONNEES / "fabriques_publiees.csv").read_bytes())
    assert rapport.crees == 171
    assert len(rapport.ignores) == 18
    assert all("illisible" in ligne for ligne in rapport.ignores)
    importes = TiersLieu.objects.filter(source=SourceTiersLieu.LISTE_PUBLIEE)
    assert importes.count() == 171
    assert not importes.exclude(siret="").exists()  # no placeholder SIRET
    corte = importes.get(structure_porteuse="Université de Corse Pascal Paoli")
    assert (corte.departement.code, corte.region.nom, corte.commune) == ("2B", "Corse", "Corte")
    assert importes.filter(region__code="84").count() == 23
    labels = Label.objects.filter(historique=True)
    assert labels.count() == 171
    assert not labels.exclude(date_obtention=None).exists()  # the decision date is not in the list
    assert not labels.exclude(nouvelle_fabrique=None).exists()  # the marker did not survive the OCR


def test_import_de_la_liste_publiee_idempotent_et_commande(capsys):
    call_command("importer_fabriques_publiees")
    call_command("importer_fabriques_publiees")
    assert TiersLieu.objects.count() == 171
    assert Label.objects.count() == 171
    assert "0 Fabrique(s) importée(s)" in capsys.readouterr().out


def test_les_fabriques_numeriques_que_les_documents_nomment():
    fabriques_publiees_importer(contenu=(DONNEES / "fabriques_publiees.csv").read_bytes())
    numeriques = Label.objects.filter(type=Label.Type.NUMERIQUE).select_related("tiers_lieu")
    lieux = {(label.tiers_lieu.structure_porteuse, label.tiers_lieu.commune) for label in numeriques}
    # The four of the Bas-Rhin (001), the Gare numérique (000), the names that say « Fabrique numérique » (003).
    assert {
        ("La Grange Numérique CSC du Neuhof", "Strasbourg"),
        ("Artefact PRL", "Strasbourg"),
        ("La Cabane des créateurs", "Schiltigheim"),
        ("Consortium TIX", "Bischwiller"),
        ("La Gare Numérique", "Carpentras"),
    } <= lieux
    assert {nom for nom, _ in lieux if "fabrique numérique" in nom.lower()} == {
        "Fabrique numérique 3C Positive Planet France",
        "Fabrique numérique de la Communauté de l'Ouest Rhodanien",
        "Fabrique Numérique VICHYCO",
        "Fabrique Numérique Grand Autunois…",
        "Consortium Fabrique Numérique Le Grand Périgueux",
    }
    assert len(lieux) == 10
    artefact = numeriques.get(tiers_lieu__structure_porteuse="Artefact PRL")
    assert artefact.tiers_lieu.departement.code == "67" and "seeds/001" in artefact.commentaire
    assert "seeds/000" in numeriques.get(tiers_lieu__structure_porteuse="La Gare Numérique").commentaire
    assert not Label.objects.filter(type=Label.Type.FABRIQUE, tiers_lieu__structure_porteuse="Artefact PRL").exists()


def test_un_import_ancien_tout_en_fabriques_est_corrige_et_journalise(administrateur):
    ancien = "region;structure_porteuse;departement;commune;nouvelle_fabrique;commentaire\nGrand Est;Consortium TIX;67;;;\n"
    fabriques_publiees_importer(contenu=ancien)
    assert Label.objects.get().type == Label.Type.FABRIQUE
    fabriques_publiees_importer(contenu=(DONNEES / "fabriques_publiees.csv").read_bytes(), par=administrateur)
    tix = Label.objects.get(tiers_lieu__structure_porteuse="Consortium TIX")
    assert tix.type == Label.Type.NUMERIQUE and Label.objects.filter(tiers_lieu=tix.tiers_lieu).count() == 1
    assert EntreeJournal.objects.filter(action="fabriques.label.type_corrige", acteur=administrateur, etat_apres="numerique").exists()


def test_un_label_numerique_sans_source_est_refuse():
    contenu = (
        "region;structure_porteuse;departement;commune;nouvelle_fabrique;label;source_label;commentaire\n"
        "Bretagne;Les Cols Verts;35;Rennes;;numerique;;\n"
        "Bretagne;La Machinerie;35;Rennes;;hybride;;\n"
    )
    with pytest.raises(ImportRefuse) as exc:
        fabriques_publiees_importer(contenu=contenu)
    assert "indiquez le document qui nomme cette Fabrique numérique" in exc.value.lignes[0]
    assert exc.value.lignes[1].startswith("Ligne 3 : label « hybride »")
    assert TiersLieu.objects.count() == 0


def test_liste_publiee_region_incoherente_refusee_en_entier():
    contenu = (
        "region;structure_porteuse;departement;commune;nouvelle_fabrique;commentaire\n"
        "Bretagne;Les Cols Verts;35;Rennes;oui;\n"
        "Bretagne;La Machinerie;80;Amiens;;\n"
        "Occitanie;Station A;12;Rodez;peut-être;\n"
    )
    with pytest.raises(ImportRefuse) as exc:
        fabriques_publiees_importer(contenu=contenu)
    assert exc.value.lignes[0].startswith("Ligne 3 : la région « Bretagne » n'est pas celle du département 80 (Hauts-de-France)")
    assert exc.value.lignes[1].startswith("Ligne 4 : nouvelle_fabrique « peut-être »")
    assert TiersLieu.objects.count() == 0


def test_page_d_import_reservee_aux_administrateurs_et_qui_dit_quoi_corriger(client, porteur, administrateur):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    url = reverse("fabriques:importer_qpv")
    client.force_login(porteur)
    assert client.get(url).status_code == 403
    client.force_login(administrateur)
    mauvais = SimpleUploadedFile("qpv.csv", b"code;nom;ville\nQN07501M;La Chapelle;Paris\n", content_type="text/csv")
    reponse = client.post(url, {"fichier": mauvais})
    assert reponse.status_code == 400
    html = reponse.content.decode()
    assert "n'a pas été importé" in html.replace("&#x27;", "'")
    assert "Colonnes attendues : code_qp, nom_qp, commune_qp, departement" in html
    lignes_fausses = SimpleUploadedFile(
        "qpv.csv", (ENTETE + "QN07501M;La Chapelle;Paris;75\nQN07502M;;Paris;75\n").encode(), content_type="text/csv"
    )
    assert "Ligne 3 : nom_qp est vide." in client.post(url, {"fichier": lignes_fausses}).content.decode()
    assert Qpv.objects.count() == 0
    bon = SimpleUploadedFile("qpv.csv", (DONNEES / "qpv_echantillon.csv").read_bytes(), content_type="text/csv")
    reponse = client.post(url, {"fichier": bon}, follow=True)
    assert "22 quartiers créés" in reponse.content.decode()
