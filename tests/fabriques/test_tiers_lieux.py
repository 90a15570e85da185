"""Porteurs declare and edit their tiers-lieux; only managers may edit; colleagues are invited."""

import datetime as dt

import pytest
from django.urls import reverse

from commun.erreurs import ConflitEtat, ErreurMetier
from commun.models import EntreeJournal
from fabriques.models import InvitationGestionnaire, Label, TiersLieu
from fabriques.services import gestionnaire_inviter, label_attribuer, tiers_lieu_creer
from tests.fabriques import factories as fab

from .factories import departement

pytestmark = pytest.mark.django_db

SAISIE = {
    "nom": "La Fabrique du Blosne",
    "structure_porteuse": "Association Blosne en commun",
    "forme_juridique": "association",
    "siret": "130 026 032 00016",
    "adresse": "10 boulevard de Yougoslavie",
    "code_postal": "35200",
    "commune": "Rennes",
    "departement": "",
    "implantation": "hors_grands_centres",
    "qpv": "",
    "types_lieu": ["fablab", "coworking"],
    "familles_services": ["creer_fabriquer"],
    "site_web": "",
    "date_creation": "",
}


def test_un_porteur_declare_son_tiers_lieu_la_region_est_deduite(client, porteur):
    client.force_login(porteur)
    reponse = client.post(reverse("fabriques:creer"), SAISIE)
    assert reponse.status_code == 302
    tiers_lieu = TiersLieu.objects.get()
    assert tiers_lieu.siret == "13002603200016"
    assert (tiers_lieu.departement.code, tiers_lieu.region.nom) == ("35", "Bretagne")
    assert tiers_lieu.types_lieu == ["fablab", "coworking"]
    assert list(tiers_lieu.gestionnaires.all()) == [porteur]
    assert EntreeJournal.objects.filter(action="fabriques.tiers_lieu.cree", acteur=porteur, objet_id=str(tiers_lieu.pk)).exists()
    page = client.get(reverse("fabriques:mes_tiers_lieux")).content.decode()
    assert "La Fabrique du Blosne" in page and "Bretagne" in page


@pytest.mark.parametrize(
    ("modifs", "message"),
    [
        ({"siret": "13002603200017"}, "clé de contrôle ne correspond pas"),
        ({"siret": "1300260320001A"}, "ne contient que des chiffres"),
        ({"code_postal": "98000"}, "Monaco"),
        ({"code_postal": "96100"}, "aucun département"),
        ({"departement": "29"}, "est celui du département 35, pas du 29"),
        ({"implantation": "qpv"}, "Indiquez le code du quartier prioritaire"),
        ({"implantation": "qpv", "qpv": "QN99999M"}, "QN99999M est inconnu"),
    ],
)
def test_saisie_fausse_message_en_ligne_rien_d_enregistre_rien_de_perdu(client, porteur, modifs, message):
    client.force_login(porteur)
    reponse = client.post(reverse("fabriques:creer"), {**SAISIE, **modifs})
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert message in html.replace("&#x27;", "'")
    assert "Le formulaire contient" in html
    assert 'value="Association Blosne en commun"' in html  # what was typed is kept
    assert TiersLieu.objects.count() == 0


def test_qpv_du_departement_accepte(client, porteur):
    fab.qpv(code="QN03501M", nom="Le Blosne", commune="Rennes", departement=departement("35"))
    client.force_login(porteur)
    assert client.post(reverse("fabriques:creer"), {**SAISIE, "implantation": "qpv", "qpv": "qn03501m"}).status_code == 302
    assert TiersLieu.objects.get().qpv.code == "QN03501M"


def test_qpv_d_un_autre_departement_refuse_pour_une_implantation_dans_le_quartier(porteur):
    fab.qpv(code="QN07501M")
    with pytest.raises(ErreurMetier, match="pas dans celui du code postal"):
        tiers_lieu_creer(
            par=porteur, **{**{k: v for k, v in SAISIE.items() if k != "departement"}, "implantation": "qpv", "qpv": "QN07501M"}
        )


def test_modifier_son_tiers_lieu_journalise_les_changements(client, porteur):
    tiers_lieu = fab.tiers_lieu(gestionnaires=[porteur])
    client.force_login(porteur)
    formulaire = client.get(reverse("fabriques:modifier", args=[tiers_lieu.pk])).content.decode()
    assert "Auvergne-Rhône-Alpes" in formulaire  # the région shown, derived
    reponse = client.post(
        reverse("fabriques:modifier", args=[tiers_lieu.pk]),
        {
            **SAISIE,
            "nom": tiers_lieu.nom,
            "siret": tiers_lieu.siret,
            "code_postal": "20000",
            "commune": "Ajaccio",
        },
    )
    assert reponse.status_code == 302
    tiers_lieu.refresh_from_db()
    assert (tiers_lieu.departement.code, tiers_lieu.region.nom) == ("2A", "Corse")
    entree = EntreeJournal.objects.get(action="fabriques.tiers_lieu.modifie")
    assert entree.donnees["modifications"]["commune"] == ["Lyon", "Ajaccio"]


def test_un_porteur_ne_peut_ni_voir_ni_modifier_le_tiers_lieu_d_un_autre(client, porteur, autre_porteur):
    tiers_lieu = fab.tiers_lieu(gestionnaires=[autre_porteur])
    client.force_login(porteur)
    for nom in ("fabriques:modifier", "fabriques:gestionnaires"):
        assert client.get(reverse(nom, args=[tiers_lieu.pk])).status_code == 403
    reponse = client.post(reverse("fabriques:modifier", args=[tiers_lieu.pk]), {**SAISIE, "siret": tiers_lieu.siret})
    assert reponse.status_code == 403
    assert client.post(reverse("fabriques:gestionnaires", args=[tiers_lieu.pk]), {"email": porteur.email}).status_code == 403
    tiers_lieu.refresh_from_db()
    assert tiers_lieu.nom != SAISIE["nom"]
    assert list(tiers_lieu.gestionnaires.all()) == [autre_porteur]
    assert tiers_lieu.nom not in client.get(reverse("fabriques:mes_tiers_lieux")).content.decode()


def test_pages_porteur_reservees(client, instructeur):
    assert client.get(reverse("fabriques:creer")).status_code == 302  # login first
    client.force_login(instructeur)
    assert client.get(reverse("fabriques:creer")).status_code == 403


def test_inviter_un_collegue_qui_gere_deja(porteur, autre_porteur):
    tiers_lieu = fab.tiers_lieu(gestionnaires=[porteur, autre_porteur])
    with pytest.raises(ErreurMetier, match="gère déjà"):  # the inviter sees the managers on the same page
        gestionnaire_inviter(tiers_lieu=tiers_lieu, email="Autre.Porteur@exemple.fr", par=porteur)


def test_une_seule_invitation_en_attente_par_adresse(porteur):
    tiers_lieu = fab.tiers_lieu(gestionnaires=[porteur])
    gestionnaire_inviter(tiers_lieu=tiers_lieu, email="nouvelle@exemple.fr", par=porteur)
    with pytest.raises(ErreurMetier, match="déjà en attente"):  # listed on the same page
        gestionnaire_inviter(tiers_lieu=tiers_lieu, email="NOUVELLE@exemple.fr", par=porteur)
    assert InvitationGestionnaire.objects.count() == 1


def test_label_attribue_par_une_vague_une_seule_fois_numerique_reserve_aux_qpv(administrateur):
    rural = fab.tiers_lieu(implantation="hors_grands_centres")
    label = label_attribuer(
        tiers_lieu=rural, type=Label.Type.FABRIQUE, vague=None, date=dt.date(2021, 3, 1), nouvelle_fabrique=True, par=administrateur
    )
    assert label.date_obtention == dt.date(2021, 3, 1) and not label.historique
    assert EntreeJournal.objects.filter(action="fabriques.label.attribue", acteur=administrateur).exists()
    with pytest.raises(ConflitEtat, match="déjà Fabrique de territoire depuis le 01/03/2021"):
        label_attribuer(tiers_lieu=rural, type=Label.Type.FABRIQUE, vague=None, date=dt.date(2021, 7, 1), par=administrateur)
    with pytest.raises(ErreurMetier, match="réservé aux tiers-lieux situés dans un quartier"):
        label_attribuer(tiers_lieu=rural, type=Label.Type.NUMERIQUE, vague=None, date=dt.date(2021, 3, 1), par=administrateur)


def test_le_formulaire_affiche_tous_les_champs(client, porteur):
    from fabriques.forms import TiersLieuForm

    client.force_login(porteur)
    html = client.get(reverse("fabriques:creer")).content.decode()
    for nom in TiersLieuForm.base_fields:
        assert f'name="{nom}"' in html


def test_un_administrateur_enregistre_un_label_historique(client, administrateur, porteur):
    tiers_lieu = fab.tiers_lieu()
    client.force_login(porteur)
    assert client.get(reverse("fabriques:label_historique")).status_code == 403
    client.force_login(administrateur)
    reponse = client.post(
        reverse("fabriques:label_historique"),
        {
            "tiers_lieu": tiers_lieu.pk,
            "type": "fabrique",
            "date": "",
            "nouvelle_fabrique": "non",
            "commentaire": "Arrêté de 2020",
        },
        follow=True,
    )
    assert "enregistré pour" in reponse.content.decode()
    label = Label.objects.get()
    assert (label.historique, label.date_obtention, label.nouvelle_fabrique, label.commentaire) == (True, None, False, "Arrêté de 2020")
    assert EntreeJournal.objects.filter(action="fabriques.label.historique_enregistre", acteur=administrateur).exists()
    reponse = client.post(reverse("fabriques:label_historique"), {"tiers_lieu": tiers_lieu.pk, "type": "fabrique"})
    assert "est déjà Fabrique de territoire" in reponse.content.decode()


def test_une_structure_declare_plusieurs_tiers_lieux_avec_le_meme_siret(client, porteur, autre_porteur):
    """The SIRET identifies the structure porteuse (a commune, a département…), not the place."""
    fab.tiers_lieu(nom="Médiathèque du Centre", siret="13002603200016", gestionnaires=[autre_porteur])
    client.force_login(porteur)
    reponse = client.post(reverse("fabriques:creer"), SAISIE)
    assert reponse.status_code == 302
    assert TiersLieu.objects.filter(siret="13002603200016").count() == 2
    deuxieme = client.post(reverse("fabriques:creer"), {**SAISIE, "nom": "Le Garage solidaire", "code_postal": "35000"})
    assert deuxieme.status_code == 302
    assert sorted(TiersLieu.objects.filter(siret="13002603200016").values_list("nom", flat=True)) == [
        "La Fabrique du Blosne",
        "Le Garage solidaire",
        "Médiathèque du Centre",
    ]
    # The SIRET is still checked (Luhn) for each place.
    faux = client.post(reverse("fabriques:creer"), {**SAISIE, "nom": "Un troisième lieu", "siret": "13002603200017"})
    assert "clé de contrôle ne correspond pas" in faux.content.decode()
    assert TiersLieu.objects.count() == 3


def test_le_meme_lieu_declare_deux_fois_renvoie_vers_ses_gestionnaires(client, porteur, autre_porteur):
    fab.tiers_lieu(nom="La Fabrique du BLOSNE", siret="13002603200016", gestionnaires=[autre_porteur])
    client.force_login(porteur)
    reponse = client.post(reverse("fabriques:creer"), SAISIE)
    assert reponse.status_code == 200
    html = reponse.content.decode().replace("&#x27;", "'")
    assert "La structure de ce SIRET a déjà déclaré le tiers-lieu « La Fabrique du BLOSNE »" in html
    assert "demandez à l'un de ses gestionnaires de vous inviter" in html
    assert TiersLieu.objects.count() == 1


def test_modifier_un_lieu_avec_le_siret_d_une_autre_fiche_de_la_structure(porteur):
    from fabriques.services import tiers_lieu_modifier

    fab.tiers_lieu(nom="Médiathèque du Centre", siret="13002603200016")
    lieu = fab.tiers_lieu(nom="Le Garage", siret="73282932000074", gestionnaires=[porteur])
    tiers_lieu_modifier(tiers_lieu=lieu, par=porteur, siret="13002603200016")
    lieu.refresh_from_db()
    assert lieu.siret == "13002603200016"
    with pytest.raises(ErreurMetier, match="déjà déclaré le tiers-lieu « Médiathèque du Centre »"):
        tiers_lieu_modifier(tiers_lieu=lieu, par=porteur, nom="Médiathèque du centre")


def test_completer_une_fiche_importee_en_fait_une_fiche_ordinaire(client, administrateur):
    from fabriques.models import SourceTiersLieu

    importe = TiersLieu.objects.create(
        nom="Bio Désir",
        structure_porteuse="Bio Désir",
        commune="Gourbeyre",
        departement=departement("971"),
        region=departement("971").region,
        source=SourceTiersLieu.LISTE_PUBLIEE,
    )
    client.force_login(administrateur)
    incomplet = client.post(reverse("fabriques:modifier", args=[importe.pk]), {**SAISIE, "siret": "", "code_postal": "97113"})
    assert "Ce champ est obligatoire" in incomplet.content.decode()
    reponse = client.post(
        reverse("fabriques:modifier", args=[importe.pk]),
        {
            **SAISIE,
            "nom": "Bio Désir",
            "code_postal": "97113",
            "commune": "Gourbeyre",
        },
    )
    assert reponse.status_code == 302
    importe.refresh_from_db()
    assert (importe.source, importe.siret, importe.region.nom) == (SourceTiersLieu.SAISIE, "13002603200016", "Guadeloupe")
    assert EntreeJournal.objects.get(action="fabriques.tiers_lieu.modifie").etat_avant == "liste_publiee"


def test_retirer_un_gestionnaire_mais_jamais_le_dernier(porteur, autre_porteur):
    from fabriques.services import gestionnaire_retirer

    tiers_lieu = fab.tiers_lieu(gestionnaires=[porteur, autre_porteur])
    gestionnaire_retirer(tiers_lieu=tiers_lieu, utilisateur=autre_porteur, par=porteur)
    assert list(tiers_lieu.gestionnaires.all()) == [porteur]
    with pytest.raises(ErreurMetier, match="au moins un gestionnaire"):
        gestionnaire_retirer(tiers_lieu=tiers_lieu, utilisateur=porteur, par=porteur)


def test_changer_seulement_le_code_postal_deplace_le_tiers_lieu(client, porteur):
    tiers_lieu = fab.tiers_lieu(gestionnaires=[porteur], code_postal="69001")
    client.force_login(porteur)
    formulaire = client.get(reverse("fabriques:modifier", args=[tiers_lieu.pk])).context["form"]
    donnees = {nom: valeur for nom, valeur in formulaire.initial.items() if valeur is not None}
    assert donnees["departement"] == ""
    reponse = client.post(
        reverse("fabriques:modifier", args=[tiers_lieu.pk]), {**donnees, "code_postal": "97400", "commune": "Saint-Denis"}
    )
    assert reponse.status_code == 302
    tiers_lieu.refresh_from_db()
    assert (tiers_lieu.departement.code, tiers_lieu.region.nom) == ("974", "La Réunion")


@pytest.mark.parametrize("saisi", ["1,5", "1.5", " 1,50 "])
def test_les_salaries_en_etp_s_ecrivent_a_la_francaise(client, porteur, saisi):
    """« 1,5 » is how a French applicant writes one and a half jobs: read, saved, shown back the same way."""
    from decimal import Decimal

    client.force_login(porteur)
    assert client.post(reverse("fabriques:creer"), {**SAISIE, "etp_salaries": saisi}).status_code == 302
    tiers_lieu = TiersLieu.objects.get()
    assert tiers_lieu.etp_salaries == Decimal("1.5")
    formulaire = client.get(reverse("fabriques:modifier", args=[tiers_lieu.pk])).content.decode()
    assert 'name="etp_salaries" value="1,50"' in formulaire and 'inputmode="decimal"' in formulaire
