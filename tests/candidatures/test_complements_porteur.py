"""The applicant's side of requests for complements and of the message thread."""

import datetime as dt
import html

import pytest
import time_machine
from django.urls import reverse

from candidatures.models import DemandeComplement, Dossier, Message
from candidatures.services.dossiers import dossier_enregistrer_section
from candidatures.services.echanges import complement_demander, message_envoyer
from commun.erreurs import ConflitEtat
from commun.models import Courriel
from commun.temps import PARIS
from tests.candidatures import factories as fc
from tests.candidatures import factories_instruction as fi

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _heure_figee():
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=PARIS), tick=False):
        yield


@pytest.fixture
def monde(porteur):
    """A deposited dossier of ``porteur`` under instruction, assigned to Ivan."""
    ivan = fi.instructeur("ivan@anct.example.fr", national=True)
    lieu = fc.tiers_lieu(porteur)
    dossier = fc.completer(fc.brouillon(porteur, fc.vague(), lieu), porteur)
    Dossier.objects.filter(pk=dossier.pk).update(
        statut=Dossier.Statut.EN_INSTRUCTION,
        numero="FDT-2026-V4-00001",
        depose_le=dt.datetime(2026, 11, 2, 10, tzinfo=PARIS),
        depose_par=porteur,
    )
    dossier.refresh_from_db()
    fi.affecter(dossier, ivan)
    return dossier, ivan


def _demander(dossier, ivan, sections=("gouvernance", "pieces")):
    return complement_demander(
        dossier=dossier,
        par=ivan,
        sections=list(sections),
        message="Précisez la gouvernance et joignez les statuts signés.",
        date_limite=dt.date(2026, 12, 5),
    )


def test_le_porteur_voit_la_demande_sur_son_dossier_et_son_tableau_de_bord(client, porteur, monde):
    dossier, ivan = monde
    _demander(dossier, ivan)
    client.force_login(porteur)
    page = html.unescape(client.get(reverse("candidatures:dossier", args=[dossier.pk])).content.decode())
    assert "L'équipe d'instruction vous demande un complément" in page
    assert "Précisez la gouvernance et joignez les statuts signés." in page
    assert "samedi 5 décembre 2026" in page
    assert "Critère 3 — Gouvernance" in page and "Renvoyer les compléments" in page
    tableau = html.unescape(client.get(reverse("candidatures:mes_dossiers")).content.decode())
    assert "Compléments demandés par l'équipe d'instruction" in tableau
    assert "Critère 3 — Gouvernance claire et contributive, Pièces jointes" in tableau and "5 décembre 2026" in tableau


def test_seules_les_sections_demandees_sont_modifiables(client, porteur, monde):
    dossier, ivan = monde
    _demander(dossier, ivan)
    client.force_login(porteur)
    url = reverse("candidatures:dossier_section", args=[dossier.pk, "gouvernance"])
    assert client.get(url).status_code == 200
    reponse = client.post(url, {"instances": "Un conseil collégial de 12 membres.", "contribution": "Usagers au conseil."})
    assert reponse.status_code == 302
    dossier.refresh_from_db()
    assert dossier.section("gouvernance")["instances"] == "Un conseil collégial de 12 membres."

    ailleurs = reverse("candidatures:dossier_section", args=[dossier.pk, "ambition"])
    assert client.post(ailleurs, {"essor_territoire": "Changé en douce"}).status_code == 403
    assert client.get(ailleurs).status_code == 302  # back to the dossier, read-only
    assert (
        client.post(reverse("candidatures:dossier_section", args=[dossier.pk, "montants"]), {"montant_annee_1": "10000"}).status_code == 403
    )
    dossier.refresh_from_db()
    assert dossier.section("ambition")["essor_territoire"] == "Animer le réseau."
    # The service refuses too, whatever calls it.
    with pytest.raises(ConflitEtat, match="Seules les sections demandées"):
        dossier_enregistrer_section(dossier=dossier, section="ambition", donnees={"essor_territoire": "x"}, par=porteur)


def test_pieces_modifiables_seulement_si_demandees(client, porteur, monde):
    dossier, ivan = monde
    _demander(dossier, ivan, sections=["gouvernance"])
    client.force_login(porteur)
    piece = dossier.pieces.first()
    assert client.post(reverse("candidatures:piece_supprimer", args=[dossier.pk, piece.pk])).status_code == 403
    reponse = client.post(
        reverse("candidatures:dossier_pieces", args=[dossier.pk]), {"type": "autres", "fichier": fc.fichier("annexe.pdf", fc.PDF_MINIMAL)}
    )
    assert reponse.status_code == 403
    assert dossier.pieces.count() == 2


def test_aller_retour_complet_avec_les_deux_versions(client, porteur, monde):
    dossier, ivan = monde
    demande = _demander(dossier, ivan)
    client.force_login(porteur)
    client.post(
        reverse("candidatures:dossier_section", args=[dossier.pk, "gouvernance"]),
        {"instances": "Un conseil collégial de 12 membres.", "contribution": "Usagers au conseil."},
    )
    reponse = client.post(
        reverse("candidatures:dossier_pieces", args=[dossier.pk]),
        {"type": "statuts", "fichier": fc.fichier("statuts-signes.pdf", fc.PDF_MINIMAL + b"signes")},
    )
    assert reponse.status_code == 302
    reponse = client.post(reverse("candidatures:dossier_complements_renvoyer", args=[dossier.pk]), follow=True)
    assert "Vos compléments sont transmis" in html.unescape(reponse.content.decode())

    dossier.refresh_from_db()
    demande.refresh_from_db()
    assert dossier.statut == Dossier.Statut.EN_INSTRUCTION
    assert demande.statut == DemandeComplement.Statut.REPONDUE
    assert demande.versions["avant"]["gouvernance"]["instances"] == "Collèges."
    assert demande.versions["apres"]["gouvernance"]["instances"] == "Un conseil collégial de 12 membres."
    assert len(demande.versions["avant"]["pieces"]) == 2 and len(demande.versions["apres"]["pieces"]) == 3
    assert Courriel.objects.filter(destinataire=ivan.email, cle=f"complement-repondu-{demande.pk}").exists()
    # Read-only again.
    assert client.post(reverse("candidatures:dossier_section", args=[dossier.pk, "gouvernance"]), {"instances": "x"}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.section("gouvernance")["instances"] == "Un conseil collégial de 12 membres."

    client.force_login(ivan)
    page = html.unescape(client.get(reverse("candidatures:instruction_dossier", args=[dossier.pk])).content.decode())
    assert "Versions avant et après le complément" in page
    assert "Collèges." in page and "Un conseil collégial de 12 membres." in page
    assert "statuts-signes.pdf" in page


def test_renvoi_refuse_si_une_section_demandee_est_incomplete(client, porteur, monde):
    dossier, ivan = monde
    _demander(dossier, ivan, sections=["gouvernance"])
    client.force_login(porteur)
    client.post(reverse("candidatures:dossier_section", args=[dossier.pk, "gouvernance"]), {"instances": "", "contribution": "Usagers."})
    reponse = client.post(reverse("candidatures:dossier_complements_renvoyer", args=[dossier.pk]), follow=True)
    assert "encore incomplètes" in html.unescape(reponse.content.decode())
    dossier.refresh_from_db()
    assert dossier.statut == Dossier.Statut.COMPLEMENT_DEMANDE


def test_montants_completes_restent_dans_la_fourchette(client, porteur, monde):
    dossier, ivan = monde
    _demander(dossier, ivan, sections=["montants"])
    client.force_login(porteur)
    url = reverse("candidatures:dossier_section", args=[dossier.pk, "montants"])
    reponse = client.post(url, {"montant_annee_1": "10 000", "montant_annee_2": "10000", "montant_annee_3": "10000"})
    assert reponse.status_code == 200
    page = html.unescape(reponse.content.decode())
    assert "Rien n'a été modifié" in page and 'value="10 000"' in page  # what was typed is kept
    dossier.refresh_from_db()
    assert dossier.montant_annee_1 == 50000
    assert client.post(url, {"montant_annee_1": "45000", "montant_annee_2": "40000", "montant_annee_3": "30000"}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.montant_annee_1 == 45000


def test_un_autre_porteur_ne_complete_ni_n_ecrit(client, autre_porteur, monde):
    dossier, ivan = monde
    _demander(dossier, ivan)
    client.force_login(autre_porteur)
    assert client.get(reverse("candidatures:dossier", args=[dossier.pk])).status_code == 403
    assert client.post(reverse("candidatures:dossier_section", args=[dossier.pk, "gouvernance"]), {"instances": "x"}).status_code == 403
    assert client.post(reverse("candidatures:dossier_complements_renvoyer", args=[dossier.pk])).status_code == 403
    assert client.post(reverse("candidatures:dossier_message_envoyer", args=[dossier.pk]), {"texte": "Bonjour"}).status_code == 403
    assert not Message.objects.exists()


def test_messages_dans_les_deux_sens(client, porteur, monde):
    dossier, ivan = monde
    message_envoyer(dossier=dossier, auteur=ivan, texte="Pouvez-vous préciser le nombre d'adhérents ?")
    client.force_login(porteur)
    tableau = html.unescape(client.get(reverse("candidatures:mes_dossiers")).content.decode())
    assert "1 message non lu de l'équipe d'instruction" in tableau and "1 non lu" in tableau
    page = html.unescape(client.get(reverse("candidatures:dossier", args=[dossier.pk])).content.decode())
    assert "Pouvez-vous préciser le nombre d'adhérents ?" in page
    assert Message.objects.get().lu_le is not None  # read once viewed
    assert "non lu" not in html.unescape(client.get(reverse("candidatures:mes_dossiers")).content.decode())

    reponse = client.post(
        reverse("candidatures:dossier_message_envoyer", args=[dossier.pk]),
        {"texte": "Nous comptons 240 adhérents.", "fichier": fc.fichier("liste.pdf", fc.PDF_MINIMAL)},
    )
    assert reponse.status_code == 302
    message = Message.objects.get(cote=Message.Cote.PORTEUR)
    assert message.fichier_nom == "liste.pdf" and message.fichier_type == "application/pdf"
    assert Courriel.objects.filter(destinataire=ivan.email, cle__startswith=f"message-{message.pk}-").exists()

    client.force_login(ivan)
    page = html.unescape(client.get(reverse("candidatures:instruction_dossier", args=[dossier.pk])).content.decode())
    assert "Nous comptons 240 adhérents." in page and "liste.pdf" in page
    fichier = client.get(reverse("candidatures:message_fichier", args=[dossier.pk, message.pk]))
    assert fichier.status_code == 200 and b"".join(fichier.streaming_content).startswith(b"%PDF")


def test_piece_jointe_de_message_verifiee_et_saisie_conservee(client, porteur, autre_porteur, monde):
    dossier, ivan = monde
    client.force_login(porteur)
    reponse = client.post(
        reverse("candidatures:dossier_message_envoyer", args=[dossier.pk]),
        {"texte": "Voici le document demandé.", "fichier": fc.fichier("faux.pdf", b"MZ\x90\x00 pas un pdf")},
    )
    assert reponse.status_code == 400
    page = html.unescape(reponse.content.decode())
    assert "ne correspond à aucun format accepté" in page and "Voici le document demandé." in page
    assert not Message.objects.exists()
    reponse = client.post(reverse("candidatures:dossier_message_envoyer", args=[dossier.pk]), {"texte": "   "})
    assert reponse.status_code == 400 and "Écrivez votre message" in html.unescape(reponse.content.decode())

    message = message_envoyer(dossier=dossier, auteur=ivan, texte="Pièce", fichier=fc.fichier("note.pdf", fc.PDF_MINIMAL))
    client.force_login(autre_porteur)
    assert client.get(reverse("candidatures:message_fichier", args=[dossier.pk, message.pk])).status_code == 403
    assert client.get(reverse("candidatures:message_fichier", args=[dossier.pk + 1, message.pk])).status_code == 404


def test_pas_de_message_sur_un_brouillon(client, porteur):
    brouillon = fc.brouillon(porteur)
    client.force_login(porteur)
    assert "Échanges avec l'équipe" not in html.unescape(client.get(reverse("candidatures:dossier", args=[brouillon.pk])).content.decode())
    assert client.post(reverse("candidatures:dossier_message_envoyer", args=[brouillon.pk]), {"texte": "x"}).status_code == 403


def test_l_instructeur_joint_un_fichier_au_message(client, porteur, monde):
    dossier, ivan = monde
    client.force_login(ivan)
    reponse = client.post(
        reverse("candidatures:instruction_dossier", args=[dossier.pk]),
        {
            "formulaire": "message",
            "message-texte": "Voici le modèle de budget.",
            "message-fichier": fc.fichier("modele-budget.pdf", fc.PDF_MINIMAL),
        },
    )
    assert reponse.status_code == 302
    message = Message.objects.get()
    assert message.cote == Message.Cote.EQUIPE and message.fichier_nom == "modele-budget.pdf"
    reponse = client.post(
        reverse("candidatures:instruction_dossier", args=[dossier.pk]),
        {"formulaire": "message", "message-texte": "Et un faux.", "message-fichier": fc.fichier("faux.png", fc.PDF_MINIMAL)},
    )
    assert reponse.status_code == 400 and "Et un faux." in html.unescape(reponse.content.decode())
    client.force_login(porteur)
    page = html.unescape(client.get(reverse("candidatures:dossier", args=[dossier.pk])).content.decode())
    assert "modele-budget.pdf" in page and "Voici le modèle de budget." in page


def test_date_depassee_signalee_mais_renvoi_accepte(client, porteur, monde):
    dossier, ivan = monde
    _demander(dossier, ivan, sections=["gouvernance"])
    with time_machine.travel(dt.datetime(2026, 12, 6, 9, tzinfo=PARIS), tick=False):
        client.force_login(porteur)
        page = html.unescape(client.get(reverse("candidatures:dossier", args=[dossier.pk])).content.decode())
        assert "Cette date est passée" in page
        client.post(reverse("candidatures:dossier_complements_renvoyer", args=[dossier.pk]))
    dossier.refresh_from_db()
    assert dossier.statut == Dossier.Statut.EN_INSTRUCTION
