"""A dossier is judged by its call's rules, the ones of the version it was deposited under: in the
services, in the database, and for its grant. A third call, from a file only, runs with no code of its own."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from appels.models import Appel
from appels.services import appel_charger, appel_fabriques
from candidatures.models import Dossier, PieceJointe
from candidatures.services.completude import dossier_manques
from candidatures.services.dossiers import dossier_creer, dossier_deposer, dossier_enregistrer_montants, dossier_enregistrer_section
from candidatures.services.pieces import piece_ajouter
from candidatures.services.vagues import vague_creer, vagues_creer_annee
from commun.erreurs import ErreurMetier
from financement.echeancier import EcheancierInvalide
from financement.models import Nature, Tranche
from financement.services import subvention_ajuster, subvention_proposer
from tests.candidatures import factories as f

from .appel_de_test import texte_appel_de_test

pytestmark = pytest.mark.django_db
D = Decimal
EN_MAI = dt.datetime(2027, 5, 10, 10, tzinfo=dt.UTC)


@pytest.fixture
def appel_test():
    return appel_charger(texte=texte_appel_de_test(), nom_fichier="tiers-lieux-ruraux.toml").version.appel


@pytest.fixture
def vague_test(appel_test):
    with time_machine.travel(EN_MAI, tick=False):
        return vague_creer(
            titre="Vague de printemps", date_ouverture=dt.date(2027, 1, 1), date_limite=dt.date(2027, 5, 31), appel=appel_test
        )


QUARANTE_MILLE = (D("40000"), D("40000"))


def deposer(porteur, vague, montants=QUARANTE_MILLE) -> Dossier:
    with time_machine.travel(EN_MAI, tick=False):
        dossier = dossier_creer(tiers_lieu=f.tiers_lieu(porteur), vague=vague, par=porteur)
        dossier = f.completer(dossier, porteur, montants=montants)
        return dossier_deposer(dossier=dossier, par=porteur)


def test_les_vagues_d_un_appel_suivent_son_calendrier(appel_test):
    vagues = vagues_creer_annee(annee=2028, appel=appel_test)
    assert [(v.date_ouverture, v.date_limite) for v in vagues] == [
        (dt.date(2027, 12, 1), dt.date(2028, 5, 31)),
        (dt.date(2028, 6, 1), dt.date(2028, 11, 30)),
    ]
    assert {v.appel for v in vagues} == {appel_test}
    # Two calls run side by side: a Fabriques wave may cover the same days.
    fabriques = vague_creer(titre="Vague Fabriques", date_ouverture=dt.date(2028, 1, 1), date_limite=dt.date(2028, 3, 30))
    assert fabriques.appel == appel_fabriques()


def test_un_dossier_est_juge_par_les_regles_de_son_appel(porteur, vague_test):
    with time_machine.travel(EN_MAI, tick=False):
        dossier = dossier_creer(tiers_lieu=f.tiers_lieu(porteur), vague=vague_test, par=porteur)
        assert dossier.version_appel == vague_test.appel.version_courante
        resultat = dossier_enregistrer_montants(dossier=dossier, montants={1: "45000", 2: "20000"}, par=porteur)
        assert [e.message for e in resultat.refus] == [
            "Année 1 : 45\u00a0000,00\u00a0€ demandés, au-delà du plafond de 40\u00a0000,00\u00a0€ par an (dépassement de 5\u00a0000,00\u00a0€)."
        ]
        resultat = dossier_enregistrer_montants(dossier=dossier, montants={1: "5000", 3: "40000"}, par=porteur)
        assert [e.regle for e in resultat.refus] == ["annee_hors_appel"]
        assert [e.message for e in resultat.avertissements] == [
            "Total sur deux ans : 25\u00a0000,00\u00a0€, en dessous du minimum de 30\u00a0000,00\u00a0€ (il manque 5\u00a0000,00\u00a0€)."
        ]
        resultat = dossier_enregistrer_montants(dossier=dossier, montants={}, bonus_numerique=True, par=porteur)
        assert [e.message for e in resultat.refus] == ["Cet appel ne prévoit pas de bonus."]


def test_un_appel_reserve_refuse_les_autres_candidats(porteur):
    numeriques = appel_charger(
        texte=(
            appel_fabriques()
            .version_courante.source.replace("formes_juridiques = []", 'formes_juridiques = ["collectivite"]')
            .replace('slug = "fabriques-de-territoire"', 'slug = "reserve-aux-collectivites"')
        )
    ).version.appel
    with time_machine.travel(EN_MAI, tick=False):
        vague = vague_creer(titre="Vague réservée", date_ouverture=dt.date(2027, 5, 1), date_limite=dt.date(2027, 5, 31), appel=numeriques)
        with pytest.raises(ErreurMetier) as erreur:
            dossier_creer(tiers_lieu=f.tiers_lieu(porteur), vague=vague, par=porteur)
    assert erreur.value.message.startswith("L'appel « Fabriques de territoire » ne s'adresse pas à « La Fabrique des Communs »")


def test_un_dossier_depose_garde_ses_regles_quand_le_fichier_de_son_appel_change(porteur, autre_porteur, vague_test, appel_test):
    dossier = deposer(porteur, vague_test)
    version_du_depot = dossier.version_appel
    # The programme officer lowers the caps: a new version of the call.
    chargement = appel_charger(texte=texte_appel_de_test(plafond_annuel=20000, total_minimum=10000, total_maximum=40000))
    assert chargement.nouvelle and chargement.version.numero == 2
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.version_appel == version_du_depot
    assert (dossier.plafond_annuel, dossier.total_minimum, dossier.total_maximum) == (D("40000.00"), D("30000.00"), D("80000.00"))
    assert dossier_manques(dossier) == []
    dossier.save()  # the row still holds against the database's checks
    # A new dossier of the same wave is judged by the new version.
    with time_machine.travel(EN_MAI, tick=False):
        nouveau = dossier_creer(tiers_lieu=f.tiers_lieu(autre_porteur, nom="Le Relais"), vague=vague_test, par=autre_porteur)
        resultat = dossier_enregistrer_montants(dossier=nouveau, montants={1: "40000", 2: "20000"}, par=autre_porteur)
    assert nouveau.version_appel == chargement.version
    assert [e.message for e in resultat.refus] == [
        "Année 1 : 40\u00a0000,00\u00a0€ demandés, au-delà du plafond de 20\u00a0000,00\u00a0€ par an (dépassement de 20\u00a0000,00\u00a0€)."
    ]


def test_la_base_refuse_un_montant_hors_des_regles_copiees_sur_le_dossier(porteur, vague_test):
    dossier = deposer(porteur, vague_test)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Dossier.objects.filter(pk=dossier.pk).update(montant_annee_1=D("45000"))  # above this call's 40 000 €
    with transaction.atomic(), pytest.raises(IntegrityError):
        Dossier.objects.filter(pk=dossier.pk).update(montant_annee_1=D("35000"), montant_annee_2=D("40000"), montant_annee_3=D("1"))
    with transaction.atomic(), pytest.raises(IntegrityError):
        Dossier.objects.filter(pk=dossier.pk).update(bonus_numerique=True)
    # The same amounts stand in a Fabriques dossier (50 000 € a year).
    fabriques = f.completer(f.brouillon(porteur, f.vague(numero=9)), porteur, montants=(D("45000"), D("40000"), D("30000")))
    assert fabriques.version_appel.appel == appel_fabriques() and fabriques.montant_annee_1 == D("45000.00")


def test_la_subvention_suit_les_regles_de_l_appel_du_dossier(porteur, administrateur, vague_test):
    dossier = deposer(porteur, vague_test, montants=(D("20000"), D("15000")))
    Dossier.objects.filter(pk=dossier.pk).update(statut=Dossier.Statut.RETENU)
    subvention = subvention_proposer(dossier=dossier, par=administrateur)
    assert subvention.montants() == {"annee_1": D("20000.00"), "annee_2": D("15000.00"), "annee_3": None, "bonus": None}
    assert {t.plafond for t in subvention.tranches.all()} == {D("40000.00")}
    with pytest.raises(EcheancierInvalide) as refus:
        subvention_ajuster(
            subvention=subvention, montants={"annee_1": D("45000"), "annee_2": D("30000"), "annee_3": 0, "bonus": 0}, par=administrateur
        )
    assert refus.value.erreurs == [("annee_1", "L'année 1 dépasse le plafond annuel de 40 000,00 € de 5 000,00 €.")]
    with pytest.raises(EcheancierInvalide) as refus:
        subvention_ajuster(
            subvention=subvention,
            montants={"annee_1": D("40000"), "annee_2": D("30000"), "annee_3": D("10000"), "bonus": 0},
            par=administrateur,
        )
    assert refus.value.erreurs == [("annee_3", "L'appel de ce dossier finance deux ans : pas de montant en année 3.")]
    with pytest.raises(EcheancierInvalide) as refus:
        subvention_ajuster(
            subvention=subvention,
            montants={"annee_1": D("40000"), "annee_2": D("30000"), "annee_3": 0, "bonus": D("5000")},
            par=administrateur,
            reconnaissance_motif="Lieu remarquable",
        )
    assert refus.value.erreurs == [("bonus", "L'appel de ce dossier ne prévoit pas de bonus.")]
    subvention_ajuster(
        subvention=subvention, montants={"annee_1": D("40000"), "annee_2": D("40000"), "annee_3": 0, "bonus": 0}, par=administrateur
    )
    # The database holds the call's caps copied on the grant and its tranches.
    with transaction.atomic(), pytest.raises(IntegrityError):
        Tranche.objects.filter(subvention=subvention, nature=Nature.FONCTIONNEMENT, annee=1).update(montant=D("40000.01"))
    with transaction.atomic(), pytest.raises(IntegrityError):
        type(subvention).objects.filter(pk=subvention.pk).update(total_fonctionnement=D("80000.01"))
    assert Appel.objects.get(slug="tiers-lieux-ruraux-test").versions.count() == 1


def test_les_sections_du_dossier_sont_celles_de_son_appel(porteur):
    appel = appel_charger(texte=texte_appel_de_test(sections_propres=True)).version.appel
    with time_machine.travel(EN_MAI, tick=False):
        vague = vague_creer(titre="Vague rurale", date_ouverture=dt.date(2027, 1, 1), date_limite=dt.date(2027, 5, 31), appel=appel)
        dossier = dossier_creer(tiers_lieu=f.tiers_lieu(porteur), vague=vague, par=porteur)
        # The call has no « roles » section; its presentation asks for one field more.
        with pytest.raises(ErreurMetier, match="L'appel de ce dossier n'a pas de section « Les rôles de la Fabrique"):
            dossier_enregistrer_section(dossier=dossier, section="roles", donnees={"ressources": "Permanences."}, par=porteur)
        for section, donnees in f.TEXTES.items():
            if section not in ("roles", "partenaires"):
                dossier = dossier_enregistrer_section(dossier=dossier, section=section, donnees=donnees, par=porteur)
        dossier_enregistrer_montants(dossier=dossier, montants={1: "40000", 2: "20000"}, par=porteur)
        piece_ajouter(dossier=dossier, type=PieceJointe.Type.STATUTS, fichier=f.fichier("statuts.pdf", f.PDF_MINIMAL), par=porteur)
        piece_ajouter(dossier=dossier, type=PieceJointe.Type.BUDGET, fichier=f.fichier("budget.pdf", f.PDF_MINIMAL + b"b"), par=porteur)
        with pytest.raises(ErreurMetier) as incomplet:
            dossier_deposer(dossier=Dossier.objects.get(pk=dossier.pk), par=porteur)
        assert incomplet.value.message == "Le dossier est incomplet : Présentation du projet : 1 champ à compléter."
        dossier_enregistrer_section(
            dossier=dossier, section="presentation", donnees={"commune_rurale": "Saint-Aubin-du-Cormier"}, par=porteur
        )
        dossier = dossier_deposer(dossier=Dossier.objects.get(pk=dossier.pk), par=porteur)
    assert dossier.statut == Dossier.Statut.DEPOSE
    # A Fabriques dossier has no such field.
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC), tick=False):
        fabriques = f.brouillon(porteur, f.vague(numero=9), lieu=f.tiers_lieu(porteur, nom="Autre lieu"))
        with pytest.raises(ErreurMetier, match="« commune_rurale » n'est pas un champ de la section « Présentation du projet »"):
            dossier_enregistrer_section(dossier=fabriques, section="presentation", donnees={"commune_rurale": "Rennes"}, par=porteur)


def test_l_accuse_de_reception_reprend_les_libelles_de_l_appel(porteur, vague_test):
    from candidatures.services.accuse import accuse_contexte

    contexte = accuse_contexte(deposer(porteur, vague_test))
    assert contexte["entete"] == "Agence nationale de la cohésion des territoires — Appel « Tiers-lieux ruraux » (appel de test)"
    assert contexte["titre_accuse"] == "Accusé de réception de dépôt de dossier"
    assert [annee for annee, _ in contexte["montants"]] == [1, 2]  # the call's two years


def test_les_pages_du_porteur_montrent_les_sections_de_son_appel(client, porteur):
    appel = appel_charger(texte=texte_appel_de_test(sections_propres=True)).version.appel
    with time_machine.travel(EN_MAI, tick=False):
        vague = vague_creer(titre="Vague rurale", date_ouverture=dt.date(2027, 1, 1), date_limite=dt.date(2027, 5, 31), appel=appel)
        dossier = dossier_creer(tiers_lieu=f.tiers_lieu(porteur), vague=vague, par=porteur)
        client.force_login(porteur)
        url = reverse("candidatures:dossier_section", kwargs={"pk": dossier.pk, "section": "presentation"})
        page = client.get(url).content.decode()
        assert "Commune rurale d&#x27;implantation" in page
        reponse = client.post(url, {"nom_projet": "La Grange", "resume": "Un lieu.", "publics": "Habitants", "commune_rurale": "Gahard"})
        assert reponse.status_code == 302
        assert Dossier.objects.get(pk=dossier.pk).section("presentation")["commune_rurale"] == "Gahard"
        assert client.get(reverse("candidatures:dossier_section", kwargs={"pk": dossier.pk, "section": "roles"})).status_code == 404
        detail = client.get(reverse("candidatures:dossier", kwargs={"pk": dossier.pk})).content.decode()
    assert "Les rôles de la Fabrique" not in detail and "Partenaires" not in detail
