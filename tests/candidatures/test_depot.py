"""Deposit: complete, on time (checked on the server, to the microsecond), numbered, read-only, proved."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from pypdf import PdfReader

from candidatures.models import Dossier
from candidatures.services.dossiers import (
    dossier_creer,
    dossier_deposer,
    dossier_enregistrer_montants,
    dossier_enregistrer_section,
    dossier_retirer,
)
from commun.erreurs import ConflitEtat, ErreurMetier
from commun.models import Courriel, EntreeJournal
from commun.temps import fin_de_journee_paris
from tests.pdf import accessibilite

from . import factories as f

pytestmark = pytest.mark.django_db
DERNIER_INSTANT = fin_de_journee_paris(dt.date(2026, 12, 30))  # 23:59:59.999999, Paris
EN_NOVEMBRE = dt.datetime(2026, 11, 23, 15, tzinfo=dt.UTC)


@pytest.fixture
def dossier_complet(porteur):
    with time_machine.travel(EN_NOVEMBRE, tick=False):
        return f.completer(f.brouillon(porteur), porteur)


def test_depot_une_microseconde_avant_la_limite_accepte(dossier_complet, porteur):
    with time_machine.travel(DERNIER_INSTANT, tick=False):
        dossier = dossier_deposer(dossier=dossier_complet, par=porteur)
    dossier.refresh_from_db()
    assert dossier.statut == Dossier.Statut.DEPOSE
    assert dossier.depose_le == DERNIER_INSTANT
    assert dossier.numero == "FDT-2026-V1-00001"


def test_depot_a_23_59_59_9_accepte(dossier_complet, porteur):
    with time_machine.travel(DERNIER_INSTANT - dt.timedelta(microseconds=99999), tick=False):
        dossier_deposer(dossier=dossier_complet, par=porteur)
    assert Dossier.objects.get().statut == Dossier.Statut.DEPOSE


def test_depot_a_minuit_refuse_et_brouillon_conserve(dossier_complet, porteur):
    minuit = DERNIER_INSTANT + dt.timedelta(microseconds=1)
    assert (minuit.hour, minuit.minute, minuit.second, minuit.microsecond) == (0, 0, 0, 0)
    with time_machine.travel(minuit, tick=False), pytest.raises(ErreurMetier) as erreur:
        dossier_deposer(dossier=dossier_complet, par=porteur)
    assert (
        "La date limite de dépôt de la vague 4 était le mercredi 30 décembre 2026 à 23 h 59 min 59 s (heure de Paris)"
        in erreur.value.message
    )
    assert "reste enregistré en brouillon" in erreur.value.message
    dossier = Dossier.objects.get()
    assert dossier.statut == Dossier.Statut.BROUILLON and dossier.numero is None
    assert dossier.section("presentation")["resume"] == "Un atelier partagé."
    assert not EntreeJournal.objects.filter(action="dossier.depose").exists()


def test_depot_incomplet_refuse_avec_ce_qui_manque(porteur):
    with time_machine.travel(EN_NOVEMBRE, tick=False):
        dossier = f.brouillon(porteur)
        dossier_enregistrer_section(dossier=dossier, section="presentation", donnees={"resume": "Début"}, par=porteur)
        with pytest.raises(ErreurMetier) as erreur:
            dossier_deposer(dossier=dossier, par=porteur)
    assert erreur.value.message.startswith("Le dossier est incomplet : Présentation du projet : 2 champs à compléter")
    assert Dossier.objects.get().statut == Dossier.Statut.BROUILLON


def test_depot_sans_pieces_obligatoires_refuse(porteur):
    with time_machine.travel(EN_NOVEMBRE, tick=False):
        dossier = f.completer(f.brouillon(porteur), porteur, pieces=False)
        with pytest.raises(ErreurMetier, match="Pièce manquante : Statuts de la structure porteuse"):
            dossier_deposer(dossier=dossier, par=porteur)


def test_budget_desequilibre_doit_etre_explique(porteur):
    with time_machine.travel(EN_NOVEMBRE, tick=False):
        dossier = f.completer(f.brouillon(porteur), porteur)
        dossier_enregistrer_section(dossier=dossier, section="budget", donnees={"charges_2": "110000.00"}, par=porteur)
        with pytest.raises(ErreurMetier, match=r"Le budget n'est pas équilibré \(année 2\) : expliquez l'écart"):
            dossier_deposer(dossier=dossier, par=porteur)
        dossier_enregistrer_section(
            dossier=dossier, section="budget", donnees={"explication": "Recettes de formation attendues."}, par=porteur
        )
        assert dossier_deposer(dossier=dossier, par=porteur).statut == Dossier.Statut.DEPOSE


def test_montant_total_hors_fourchette_bloque_le_depot(porteur):
    with time_machine.travel(EN_NOVEMBRE, tick=False):
        dossier = f.completer(f.brouillon(porteur), porteur, montants=(Decimal("20000"), Decimal("20000"), Decimal("20000")))
        with pytest.raises(ErreurMetier, match="en dessous du minimum de 75"):
            dossier_deposer(dossier=dossier, par=porteur)


def test_montant_annuel_au_dela_de_50_000_refuse_le_reste_enregistre(porteur):
    dossier = f.brouillon(porteur)
    resultat = dossier_enregistrer_montants(dossier=dossier, montants={1: Decimal("50000"), 2: Decimal("50000.01")}, par=porteur)
    assert [e.regle for e in resultat.refus] == ["plafond_annuel"]
    dossier.refresh_from_db()
    assert dossier.montant_annee_1 == Decimal("50000.00") and dossier.montant_annee_2 is None


def test_bonus_numerique_hors_qpv_refuse(porteur):
    dossier = f.brouillon(porteur, lieu=f.tiers_lieu(porteur, qpv=False))
    resultat = dossier_enregistrer_montants(dossier=dossier, montants={}, bonus_numerique=True, par=porteur)
    assert [e.regle for e in resultat.refus] == ["bonus_hors_qpv"]
    dossier.refresh_from_db()
    assert dossier.bonus_numerique is False


def test_bonus_numerique_en_qpv_accepte(porteur):
    dossier = f.brouillon(porteur, lieu=f.tiers_lieu(porteur, qpv=True))
    resultat = dossier_enregistrer_montants(dossier=dossier, montants={}, bonus_numerique=True, par=porteur)
    assert resultat.refus == []
    dossier.refresh_from_db()
    assert dossier.bonus_numerique is True


def test_un_seul_dossier_par_tiers_lieu_et_par_vague(porteur):
    lieu = f.tiers_lieu(porteur)
    vague = f.vague()
    with time_machine.travel(EN_NOVEMBRE, tick=False):
        premier = dossier_creer(tiers_lieu=lieu, vague=vague, par=porteur)
        with pytest.raises(ErreurMetier, match="a déjà un dossier dans la vague 4"):
            dossier_creer(tiers_lieu=lieu, vague=vague, par=porteur)
        # After a withdrawal, the tiers-lieu may start again in the same wave.
        dossier_retirer(dossier=premier, par=porteur)
        assert dossier_creer(tiers_lieu=lieu, vague=vague, par=porteur).statut == Dossier.Statut.BROUILLON


def test_dossier_d_un_tiers_lieu_que_l_on_ne_gere_pas(porteur, autre_porteur):
    lieu = f.tiers_lieu(porteur)
    with time_machine.travel(EN_NOVEMBRE, tick=False), pytest.raises(ErreurMetier, match="Vous ne gérez pas ce tiers-lieu"):
        dossier_creer(tiers_lieu=lieu, vague=f.vague(), par=autre_porteur)


def test_numeros_uniques_et_sequentiels_dans_la_vague(porteur):
    vague = f.vague()
    numeros = []
    with time_machine.travel(EN_NOVEMBRE, tick=False):
        for nom in ("Un", "Deux"):
            dossier = f.completer(f.brouillon(porteur, vague, f.tiers_lieu(porteur, nom=nom)), porteur)
            numeros.append(dossier_deposer(dossier=dossier, par=porteur).numero)
    assert numeros == ["FDT-2026-V1-00001", "FDT-2026-V1-00002"]


def test_dossier_depose_en_lecture_seule(dossier_complet, porteur):
    with time_machine.travel(EN_NOVEMBRE, tick=False):
        dossier_deposer(dossier=dossier_complet, par=porteur)
        with pytest.raises(ConflitEtat, match="il n'est plus modifiable"):
            dossier_enregistrer_section(dossier=dossier_complet, section="presentation", donnees={"resume": "Autre"}, par=porteur)
        with pytest.raises(ConflitEtat):
            dossier_deposer(dossier=dossier_complet, par=porteur)
    assert Dossier.objects.get().section("presentation")["resume"] == "Un atelier partagé."


def test_desistement_avant_la_limite_puis_plus_apres(dossier_complet, porteur):
    with time_machine.travel(EN_NOVEMBRE, tick=False):
        dossier = dossier_deposer(dossier=dossier_complet, par=porteur)
    with (
        time_machine.travel(DERNIER_INSTANT + dt.timedelta(seconds=1), tick=False),
        pytest.raises(ErreurMetier, match="ne peut plus être retiré"),
    ):
        dossier_retirer(dossier=dossier, par=porteur)
    with time_machine.travel(DERNIER_INSTANT, tick=False):
        dossier = dossier_retirer(dossier=dossier, par=porteur)
    assert dossier.statut == Dossier.Statut.RETIRE
    entree = EntreeJournal.objects.pour_objet(dossier).filter(action="dossier.retire").get()
    assert (entree.etat_avant, entree.etat_apres, entree.acteur) == ("depose", "retire", porteur)


def test_chaque_changement_d_etat_est_journalise(dossier_complet, porteur):
    with time_machine.travel(EN_NOVEMBRE, tick=False):
        dossier_deposer(dossier=dossier_complet, par=porteur)
    entree = EntreeJournal.objects.pour_objet(dossier_complet).get(action="dossier.depose")
    assert (entree.acteur, entree.etat_avant, entree.etat_apres) == (porteur, "brouillon", "depose")
    assert entree.donnees["numero"] == "FDT-2026-V1-00001"


def test_accuse_de_reception_pdf_stocke_et_envoye_par_courriel(dossier_complet, porteur, django_capture_on_commit_callbacks):
    depot = dt.datetime(2026, 12, 30, 22, 59, 58, tzinfo=dt.UTC)  # 23:59:58 in Paris
    with time_machine.travel(depot, tick=False), django_capture_on_commit_callbacks(execute=True):
        dossier_deposer(dossier=dossier_complet, par=porteur)
    dossier = Dossier.objects.get()
    assert dossier.accuse_reception.name.endswith("accuse-reception-FDT-2026-V1-00001.pdf")
    with dossier.accuse_reception.open("rb") as pdf:
        contenu = pdf.read()
    texte = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(contenu)).pages)
    lisible = accessibilite(contenu)  # a tagged PDF/UA, in French, titled with its number
    assert (
        lisible.balise
        and lisible.langue == "fr"
        and lisible.titre == "Accusé de réception — FDT-2026-V1-00001"
        and "Table" in lisible.elements
    )
    assert "FDT-2026-V1-00001" in texte
    assert "30/12/2026 à 23:59:58" in texte
    assert dossier.tiers_lieu.siret in texte
    for piece in dossier.pieces.all():
        assert piece.sha256 in texte.replace("\n", "")
    assert "120" in texte and "000,00" in texte
    courriel = Courriel.objects.get(cle=f"accuse-depot:dossier-{dossier.pk}")
    assert courriel.destinataire == porteur.email
    assert courriel.pieces_jointes[0]["nom"] == "accuse-reception-FDT-2026-V1-00001.pdf"
    envoye = mail.outbox[-1]
    assert "FDT-2026-V1-00001" in envoye.subject
    assert envoye.attachments[0][0] == "accuse-reception-FDT-2026-V1-00001.pdf"


def test_brouillon_laisse_a_la_cloture_reporte_a_la_vague_ouverte(porteur, client):
    from django.urls import reverse

    ancienne = f.vague(numero=3, ouverture=dt.date(2026, 7, 1), limite=dt.date(2026, 9, 30))
    nouvelle = f.vague(numero=4)
    dossier = f.completer(f.brouillon(porteur, ancienne), porteur)
    with time_machine.travel(EN_NOVEMBRE, tick=False):
        client.force_login(porteur)
        html = client.get(reverse("candidatures:dossier", args=[dossier.pk])).content.decode()
        assert "La date limite de la vague 3 est passée" in html and "Reporter à la vague 4" in html
        reponse = client.post(reverse("candidatures:dossier_reporter", args=[dossier.pk]), follow=True)
        assert "Tout ce que vous aviez saisi est conservé" in reponse.content.decode()
        dossier.refresh_from_db()
        assert dossier.vague == nouvelle and dossier.pieces.count() == 2
        assert dossier.section("presentation")["resume"] == "Un atelier partagé."
        assert dossier_deposer(dossier=dossier, par=porteur).numero == "FDT-2026-V2-00001"


def test_file_de_taches_coupee_le_depot_tient_et_l_accuse_suit(dossier_complet, porteur, django_capture_on_commit_callbacks, monkeypatch):
    """Redis down at the deadline: the deposit is recorded; the proof and its e-mail come later."""
    from candidatures.tasks.depot import produire_accuse, produire_accuses_manquants

    def broker_coupe(*args, **kwargs):
        raise ConnectionError("broker injoignable")

    monkeypatch.setattr(produire_accuse, "delay", broker_coupe)
    with time_machine.travel(DERNIER_INSTANT, tick=False), django_capture_on_commit_callbacks(execute=True):
        dossier_deposer(dossier=dossier_complet, par=porteur)
    dossier = Dossier.objects.get()
    assert dossier.statut == Dossier.Statut.DEPOSE and not dossier.accuse_reception
    assert not Courriel.objects.filter(cle=f"accuse-depot:dossier-{dossier.pk}").exists()
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert produire_accuses_manquants() == 1
    dossier.refresh_from_db()
    assert dossier.accuse_reception.name.endswith(f"accuse-reception-{dossier.numero}.pdf")
    assert Courriel.objects.filter(cle=f"accuse-depot:dossier-{dossier.pk}").count() == 1
    assert produire_accuses_manquants() == 0


@pytest.mark.parametrize(("prenom", "attendu"), [("", "autre.porteur@exemple.fr"), ("Alice", "Alice Martin (autre.porteur@exemple.fr)")])
def test_accuse_nomme_le_deposant_sans_repeter_son_adresse(autre_porteur, prenom, attendu):
    """A porteur who never gave a name (the sign-up form asks only for an e-mail) reads her address
    once on the proof of deposit, not « adresse (adresse) »."""
    from django.template.loader import render_to_string

    from candidatures.services.accuse import accuse_contexte

    autre_porteur.first_name, autre_porteur.last_name = (prenom, "Martin") if prenom else ("", "")
    autre_porteur.save()
    with time_machine.travel(EN_NOVEMBRE, tick=False):
        dossier = f.completer(f.brouillon(autre_porteur), autre_porteur)
        dossier_deposer(dossier=dossier, par=autre_porteur)
    html = render_to_string("candidatures/porteur/accuse_reception.html", accuse_contexte(Dossier.objects.get()))
    ligne = " ".join(html.split("Déposé par</th><td>")[1].split("</td>")[0].split())
    assert ligne == attendu
