"""Permission matrix of the API's writes: each operation × each role → the expected status.

Reads (GET) of every API URL are in tests/test_acces_urls.py (the walker, same roles, same world).
Here each case runs on a fresh world with a valid body, so « allowed » shows as a success status
and « refused » as 401 (no login) or 403 (the policy layer said no) — the same rules as the pages.
"""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from candidatures.models import DemandeComplement, Dossier
from commun.temps import PARIS
from tests.candidatures import factories as fc
from tests.candidatures import factories_instruction as fi
from tests.test_acces_urls import ROLES, _monde_du_module, _r, monde  # noqa: F401  (the walker's world, reused as a fixture)

MOMENT = dt.datetime(2026, 11, 15, 10, tzinfo=PARIS)  # the wave of the world is open


def _pdf():
    return fc.fichier("statuts.pdf", fc.PDF_MINIMAL)


def _tiers_lieu_valide(m):
    return {
        "nom": "Le Nouveau Lieu",
        "structure_porteuse": "Association Nouvelle",
        "forme_juridique": "association",
        "siret": "12345678210001",
        "adresse": "2 place de la Mairie",
        "code_postal": "35000",
        "commune": "Rennes",
        "implantation": "hors_grands_centres",
    }


def _nouveau_lieu(m):
    lieu = fc.tiers_lieu(m["utilisateurs"]["porteur"], nom="Un troisième lieu", siret="88412345600011")
    return {"tiers_lieu": lieu.pk}


def _historique(m):
    from fabriques.models import SourceTiersLieu, TiersLieu

    lieu = TiersLieu.objects.create(
        nom="Fabrique de la liste",
        structure_porteuse="Fabrique de la liste",
        commune="Brest",
        departement=_departement("29"),
        region=_departement("29").region,
        source=SourceTiersLieu.LISTE_PUBLIEE,
    )
    return {"tiers_lieux": [lieu.pk], "implantation": "hors_grands_centres"}


def _departement(code):
    from fabriques.models import Departement

    return Departement.objects.select_related("region").get(code=code)


def _nouvel_instructeur(m):
    return {"instructeur": fi.instructeur("nouveau@walk.fr", national=True).pk}


def _demande(m):
    demande = DemandeComplement.objects.create(
        dossier=m["instruit"],
        demande_par=m["utilisateurs"]["admin"],
        sections=["budget"],
        message="Détaillez.",
        date_limite=dt.date(2026, 12, 20),
        statut_dossier_avant=m["instruit"].statut,
    )
    return {"pk": demande.pk}


def _complement_ouvert(m):
    """The instruit dossier waits for its « budget » section: the porteur may send it back."""
    from candidatures.services.echanges import complement_demander

    Dossier.objects.filter(pk=m["instruit"].pk).update(contenu=Dossier.objects.get(pk=m["brouillon"].pk).contenu)  # every section filled in
    complement_demander(
        dossier=m["instruit"],
        par=m["utilisateurs"]["admin"],
        sections=["budget"],
        message="Détaillez l'année 2.",
        date_limite=dt.date(2026, 12, 20),
    )
    return {"pk": m["instruit"].pk}


def _a_decider(m):
    """A dossier under instruction in a wave past its deadline: the committee may decide on it."""
    dossier = fi.dossier(
        vague_=m["en_comite"],
        tl=fc.tiers_lieu(m["utilisateurs"]["porteur"], nom="Lieu à décider", siret="88412345600037"),
        statut=Dossier.Statut.EN_INSTRUCTION,
        numero="FDT-WALK-8",
    )
    return {"pk": dossier.pk}


def _nouveau_retenu(m):
    dossier = fi.dossier(
        vague_=m["retenu"].vague,
        tl=fc.tiers_lieu(m["utilisateurs"]["porteur"], nom="Lieu retenu", siret="88412345600029"),
        statut=Dossier.Statut.RETENU,
        numero="FDT-WALK-9",
    )
    return {"dossier": dossier.pk}


def _notifiee(m):
    from financement.services import subvention_notifier

    subvention_notifier(subvention=m["subvention"], par=m["utilisateurs"]["admin"])
    return {"pk": m["subvention"].pk}


def _grille(m):
    return {"note_ambition": "3", "commentaire_ambition": "Argumenté.", "avis": "favorable"}


def _invitation_du_porteur(m):
    """Another porteur invites the world's porteur to manage their place: only the invitee answers."""
    from fabriques.identifiants import siret_fictif
    from fabriques.models import InvitationGestionnaire

    autre = m["utilisateurs"]["autre"]
    lieu = fc.tiers_lieu(autre, nom="Le lieu qui invite", siret=siret_fictif("5", 1))
    invitation = InvitationGestionnaire.objects.create(tiers_lieu=lieu, email=m["utilisateurs"]["porteur"].email, invite_par=autre)
    return {"pk": invitation.pk}


# name → (method, kwargs(monde), body(monde), format, expected per role)
ECRITURES = {
    "tiers_lieu_creer": ("post", "api-tiers-lieux", None, _tiers_lieu_valide, "json", _r(401, 201, 201, 403, 403, 403)),
    "tiers_lieu_modifier": (
        "patch",
        "api-tiers-lieu",
        lambda m: {"pk": m["lieu"].pk},
        lambda m: {"horaires": "9 h – 18 h"},
        "json",
        _r(401, 200, 403, 403, 403, 200),
    ),
    "vague_creer": (
        "post",
        "api-vagues",
        None,
        lambda m: {"titre": "Vague 2030", "date_ouverture": "2030-01-01", "date_limite": "2030-03-30"},
        "json",
        _r(401, 403, 403, 403, 403, 201),
    ),
    "vague_modifier": (
        "patch",
        "api-vague",
        lambda m: {"pk": m["vague"].pk},
        lambda m: {"titre": "Vague renommée"},
        "json",
        _r(401, 403, 403, 403, 403, 200),
    ),
    "vague_statut": (
        "post",
        "api-vague-statut",
        lambda m: {"pk": m["vague"].pk},
        lambda m: {"statut": "cloturee", "motif": "Enveloppe épuisée."},
        "json",
        _r(401, 403, 403, 403, 403, 200),
    ),
    # Another porteur's tiers-lieu is not among the choices of the form: 400, as on the page.
    "dossier_creer": ("post", "api-dossiers", None, _nouveau_lieu, "json", _r(401, 201, 400, 403, 403, 403)),
    "section": (
        "put",
        "api-dossier-section",
        lambda m: {"pk": m["brouillon"].pk, "section": "presentation"},
        lambda m: {"resume": "Un lieu ouvert."},
        "json",
        _r(401, 200, 403, 403, 403, 403),
    ),
    "piece_ajouter": (
        "post",
        "api-dossier-pieces",
        lambda m: {"pk": m["brouillon"].pk},
        lambda m: {"type": "budget", "fichier": _pdf()},
        "multipart",
        _r(401, 201, 403, 403, 403, 403),
    ),
    "deposer": ("post", "api-dossier-deposer", lambda m: {"pk": m["brouillon"].pk}, None, "json", _r(401, 200, 403, 403, 403, 403)),
    "retirer": ("post", "api-dossier-retirer", lambda m: {"pk": m["brouillon"].pk}, None, "json", _r(401, 200, 403, 403, 403, 403)),
    "message": (
        "post",
        "api-dossier-messages",
        lambda m: {"pk": m["instruit"].pk},
        lambda m: {"texte": "Bonjour"},
        "json",
        _r(401, 201, 403, 201, 403, 201),
    ),
    # A draft has no thread yet: the page forbids writing there, and so does the API (same rule).
    "message_sur_brouillon": (
        "post",
        "api-dossier-messages",
        lambda m: {"pk": m["brouillon"].pk},
        lambda m: {"texte": "Bonjour"},
        "json",
        _r(401, 403, 403, 403, 403, 403),
    ),
    "evaluation": (
        "put",
        "api-instruction-evaluation",
        lambda m: {"pk": m["instruit"].pk},
        _grille,
        "json",
        _r(401, 403, 403, 200, 403, 403),
    ),
    "complement": (
        "post",
        "api-instruction-complements",
        lambda m: {"pk": m["instruit"].pk},
        lambda m: {"sections": ["budget"], "message": "Détaillez l'année 2.", "date_limite": "2026-12-20"},
        "json",
        _r(401, 403, 403, 201, 403, 201),
    ),
    "complement_annuler": ("post", "api-instruction-complement-annuler", _demande, None, "json", _r(401, 403, 403, 200, 403, 200)),
    "conflit_declarer": (
        "post",
        "api-instruction-conflits",
        None,
        lambda m: {"type_cible": "commune", "commune": "Brest", "motif": "Élu"},
        "json",
        _r(401, 403, 403, 201, 201, 403),
    ),
    # A declaration belongs to its author: anyone else's answers 404, never reveals it.
    "conflit_retirer": (
        "delete",
        "api-instruction-conflit",
        lambda m: {"pk": m["conflit"].pk},
        None,
        "json",
        _r(401, 403, 403, 404, 204, 403),
    ),
    "affecter": (
        "post",
        "api-affectations",
        lambda m: {"pk": m["instruit"].pk},
        _nouvel_instructeur,
        "json",
        _r(401, 403, 403, 403, 403, 201),
    ),
    "implantations_fixer": ("post", "api-implantations", None, _historique, "json", _r(401, 403, 403, 403, 403, 200)),
    "affecter_en_masse": (
        "post",
        "api-affectations-en-masse",
        None,
        lambda m: {**_nouvel_instructeur(m), "filtres": f"vague={m['vague'].pk}"},
        "json",
        _r(401, 403, 403, 403, 403, 200),
    ),
    "affectation_automatique": (
        "post",
        "api-affectation-automatique",
        lambda m: {"pk": m["vague"].pk},
        None,
        "json",
        _r(401, 403, 403, 403, 403, 200),
    ),
    "decision": ("put", "api-comite-decision", _a_decider, lambda m: {"resultat": "retenu"}, "json", _r(401, 403, 403, 403, 403, 200)),
    # The world's open wave still accepts deposits: its committee cannot sit yet (409, a French message).
    "decision_vague_ouverte": (
        "put",
        "api-comite-decision",
        lambda m: {"pk": m["instruit"].pk},
        lambda m: {"resultat": "retenu"},
        "json",
        _r(401, 403, 403, 403, 403, 409),
    ),
    "comite_clore_vague_ouverte": (
        "post",
        "api-comite-clore",
        lambda m: {"pk": m["vague"].pk},
        None,
        "json",
        _r(401, 403, 403, 403, 403, 409),
    ),
    "proposition": (
        "post",
        "api-comite-proposition",
        lambda m: {"pk": m["vague"].pk},
        lambda m: {"note_minimale": 50},
        "json",
        _r(401, 403, 403, 403, 403, 200),
    ),
    "piece_remplacer": (
        "put",
        "api-dossier-piece",
        lambda m: {"pk": m["brouillon"].pk, "piece_pk": m["piece"].pk},
        lambda m: {"fichier": _pdf()},
        "multipart",
        _r(401, 200, 403, 403, 403, 403),
    ),
    "piece_supprimer": (
        "delete",
        "api-dossier-piece",
        lambda m: {"pk": m["brouillon"].pk, "piece_pk": m["piece"].pk},
        None,
        "json",
        _r(401, 204, 403, 403, 403, 403),
    ),
    "complements_renvoyer": (
        "post",
        "api-dossier-complements-renvoyer",
        _complement_ouvert,
        None,
        "json",
        _r(401, 200, 403, 403, 403, 403),
    ),
    "affectation_retirer": (
        "delete",
        "api-affectation",
        lambda m: {"pk": m["affectation"].pk},
        None,
        "json",
        _r(401, 403, 403, 403, 403, 204),
    ),
    "affectation_reassigner": (
        "post",
        "api-affectation-reassigner",
        lambda m: {"pk": m["affectation"].pk},
        _nouvel_instructeur,
        "json",
        _r(401, 403, 403, 403, 403, 200),
    ),
    "subvention_proposer": ("post", "api-subventions", None, _nouveau_retenu, "json", _r(401, 403, 403, 403, 403, 201)),
    "subvention_notifier": (
        "post",
        "api-subvention-notifier",
        lambda m: {"pk": m["subvention"].pk},
        None,
        "json",
        _r(401, 403, 403, 403, 403, 200),
    ),
    "subvention_signer": (
        "post",
        "api-subvention-signer",
        _notifiee,
        lambda m: {"date_signature": "2026-11-20"},
        "json",
        _r(401, 403, 403, 403, 403, 200),
    ),
    "subvention_resilier": (
        "post",
        "api-subvention-resilier",
        lambda m: {"pk": m["signee"].pk},
        lambda m: {"motif": "Cessation d'activité."},
        "json",
        _r(401, 403, 403, 403, 403, 200),
    ),
    # The porteur of the Fabrique uploads its report; an administrateur reads it but does not write it.
    "rapport_deposer": (
        "post",
        "api-subvention-rapports",
        lambda m: {"pk": m["signee"].pk},
        lambda m: {"annee": "2", "fichier": _pdf()},
        "multipart",
        _r(401, 201, 403, 403, 403, 403),
    ),
    # Everyone signed in chooses their own e-mails (« messages » is offered to every role).
    "courriels_choisir": ("put", "api-moi-courriels", None, lambda m: {"recus": ["messages"]}, "json", _r(401, 200, 200, 200, 200, 200)),
    # Same answer whatever the address; nobody becomes a manager before accepting (tests/fabriques/test_invitations_gestionnaires.py).
    "gestionnaire_inviter": (
        "post",
        "api-tiers-lieu-gestionnaires",
        lambda m: {"pk": m["lieu"].pk},
        lambda m: {"email": "collegue@walk.fr"},
        "json",
        _r(401, 202, 403, 403, 403, 202),
    ),
    "invitation_accepter": ("post", "api-invitation-accepter", _invitation_du_porteur, None, "json", _r(401, 200, 403, 403, 403, 403)),
    "invitation_decliner": ("post", "api-invitation-decliner", _invitation_du_porteur, None, "json", _r(401, 200, 403, 403, 403, 403)),
    "subvention_ajuster": (
        "post",
        "api-subvention-ajuster",
        lambda m: {"pk": m["subvention"].pk},
        lambda m: {"annee_1": "50000", "annee_2": "50000", "annee_3": "40000"},
        "json",
        _r(401, 403, 403, 403, 403, 200),
    ),
}


def _client(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("cas", sorted(ECRITURES))
def test_matrice_des_ecritures(monde, cas, role):  # noqa: F811
    methode, nom, kwargs, corps, format_, attendus = ECRITURES[cas]
    with time_machine.travel(MOMENT, tick=False):
        url = reverse(nom, kwargs=kwargs(monde) if kwargs else None)
        donnees = corps(monde) if corps else None
        reponse = getattr(_client(monde["utilisateurs"][role]), methode)(url, donnees, format=format_)
    assert reponse.status_code == attendus[role], f"{cas} pour {role} : {reponse.status_code} {getattr(reponse, 'data', '')}"
    if reponse.status_code in (401, 403):
        assert set(reponse.json()) == {"detail", "errors"}


# --- Uploads: one file check for every upload of the portal (commun.fichiers) -------------------
# The attack: bytes that begin with « %PDF » under a name a browser or a desktop would run. Every
# upload site refuses it; an accepted file is stored and served under a clean name with the
# extension of the type read from its content.
def _site_televersement(m, site):
    """(client kind, upload URL, form data without the file, file field, model rows, download URL of the last row)."""
    from candidatures.models import Message, PieceJointe
    from financement.models import RapportActivite

    brouillon, instruit, signee = m["brouillon"], m["instruit"], m["signee"]
    return {
        "pièce (API)": (
            "api",
            reverse("api-dossier-pieces", kwargs={"pk": brouillon.pk}),
            {"type": "statuts"},
            "fichier",
            PieceJointe.objects.filter(dossier=brouillon).order_by("pk"),
            lambda o: reverse("api-dossier-piece", kwargs={"pk": brouillon.pk, "piece_pk": o.pk}),
        ),
        "pièce (page)": (
            "page",
            reverse("candidatures:dossier_pieces", kwargs={"pk": brouillon.pk}),
            {"type": "statuts"},
            "fichier",
            PieceJointe.objects.filter(dossier=brouillon).order_by("pk"),
            lambda o: reverse("candidatures:piece_telecharger", kwargs={"pk": brouillon.pk, "piece_pk": o.pk}),
        ),
        "message (page)": (
            "page",
            reverse("candidatures:dossier_message_envoyer", kwargs={"pk": instruit.pk}),
            {"texte": "Ci-joint."},
            "fichier",
            Message.objects.filter(dossier=instruit).exclude(fichier="").order_by("pk"),
            lambda o: reverse("candidatures:message_fichier", kwargs={"pk": instruit.pk, "message_pk": o.pk}),
        ),
        "rapport (API)": (
            "api",
            reverse("api-subvention-rapports", kwargs={"pk": signee.pk}),
            {"annee": "2"},
            "fichier",
            RapportActivite.objects.filter(subvention=signee).order_by("pk"),
            lambda o: reverse("api-rapport-fichier", kwargs={"pk": o.pk}),
        ),
        "rapport (page)": (
            "page",
            reverse("financement:rapport_deposer", kwargs={"pk": signee.pk}),
            {f"rapport-{signee.pk}-annee": "2"},
            f"rapport-{signee.pk}-fichier",
            RapportActivite.objects.filter(subvention=signee).order_by("pk"),
            lambda o: reverse("financement:rapport", kwargs={"pk": o.pk}),
        ),
    }[site]


SITES_TELEVERSEMENT = ["pièce (API)", "pièce (page)", "message (page)", "rapport (API)", "rapport (page)"]


def _televerser(client_page, m, site, nom):
    genre, url, donnees, champ, lignes, _ = _site_televersement(m, site)
    fichier = fc.fichier(nom, fc.PDF_MINIMAL, "application/pdf")
    with time_machine.travel(MOMENT, tick=False):
        if genre == "api":
            return _client(m["utilisateurs"]["porteur"]).post(url, {**donnees, champ: fichier}, format="multipart")
        client_page.force_login(m["utilisateurs"]["porteur"])
        return client_page.post(url, {**donnees, champ: fichier}, follow=True)


@pytest.mark.parametrize("nom", ["rapport.hta", "rapport.pdf.bat", "rapport.exe", "rapport"])
@pytest.mark.parametrize("site", SITES_TELEVERSEMENT)
def test_un_pdf_deguise_en_executable_est_refuse_partout(client, monde, site, nom):  # noqa: F811
    lignes = _site_televersement(monde, site)[4]
    avant = lignes.count()
    reponse = _televerser(client, monde, site, nom)
    assert lignes.count() == avant, f"{site} a accepté {nom}"
    assert reponse.status_code in (200, 400)
    assert "format accepté" in reponse.content.decode()


@pytest.mark.parametrize("site", SITES_TELEVERSEMENT)
def test_un_fichier_accepte_est_servi_sous_un_nom_propre(client, monde, site):  # noqa: F811
    *_, lignes, url_de = _site_televersement(monde, site)
    reponse = _televerser(client, monde, site, "../Rapport d'activité (v2).PDF")
    assert reponse.status_code in (200, 201), reponse.content[:300]
    client.force_login(monde["utilisateurs"]["porteur"])
    telechargement = client.get(url_de(lignes.last()))
    assert telechargement.status_code == 200
    assert telechargement["Content-Disposition"] == 'attachment; filename="rapport-dactivite-v2.pdf"'
    assert telechargement["X-Content-Type-Options"] == "nosniff" and telechargement["Content-Type"] == "application/pdf"


def test_un_rapport_enregistre_avant_sous_un_nom_dangereux_est_servi_sous_un_nom_propre(monde):  # noqa: F811
    from financement.models import RapportActivite

    RapportActivite.objects.filter(pk=monde["rapport"].pk).update(nom_original="rapport.pdf.bat")
    reponse = _client(monde["utilisateurs"]["porteur"]).get(reverse("api-rapport-fichier", kwargs={"pk": monde["rapport"].pk}))
    assert reponse["Content-Disposition"] == 'attachment; filename="rapport-pdf.pdf"'


def test_le_porteur_n_ecrit_pas_sur_son_brouillon_ni_par_l_api_ni_par_la_page(client, monde):  # noqa: F811
    """The attack: the page offers no thread on a draft; the porteur posts through the API anyway."""
    from candidatures.models import Message
    from candidatures.services.echanges import message_envoyer
    from commun.erreurs import ConflitEtat

    porteur, brouillon = monde["utilisateurs"]["porteur"], monde["brouillon"]
    with time_machine.travel(MOMENT, tick=False):
        reponse = _client(porteur).post(reverse("api-dossier-messages", kwargs={"pk": brouillon.pk}), {"texte": "Bonjour"}, format="json")
        assert reponse.status_code == 403
        client.force_login(porteur)
        assert (
            client.post(reverse("candidatures:dossier_message_envoyer", kwargs={"pk": brouillon.pk}), {"texte": "Bonjour"}).status_code
            == 403
        )
        with pytest.raises(ConflitEtat, match="brouillon"):  # and the service itself refuses, whoever calls it
            message_envoyer(dossier=brouillon, auteur=porteur, texte="Bonjour")
    assert not Message.objects.filter(dossier=brouillon).exists()


def test_la_lecture_des_messages_par_l_equipe_dans_l_api_ne_marque_rien_comme_lu(monde):  # noqa: F811
    """The team reads the thread through the API: neither the applicant's messages (the reviewers'
    « non lu » badge) nor the team's (the applicant's unread count) change; the applicant's own read does."""
    from candidatures.models import Message
    from candidatures.selectors.porteur import messages_non_lus_par_dossier
    from candidatures.services.echanges import message_envoyer

    instruit, porteur = monde["instruit"], monde["utilisateurs"]["porteur"]
    with time_machine.travel(MOMENT, tick=False):
        message_envoyer(dossier=instruit, auteur=porteur, texte="Une question sur le budget.")
        url = reverse("api-dossier-messages", kwargs={"pk": instruit.pk})
        for role in ("instructeur", "admin"):
            assert _client(monde["utilisateurs"][role]).get(url).status_code == 200
        assert not Message.objects.filter(dossier=instruit, lu_le__isnull=False).exists()
        assert messages_non_lus_par_dossier([instruit.pk]) == {instruit.pk: 1}  # the team's « Bonjour » is still new to the applicant
        assert _client(porteur).get(url).status_code == 200
    assert messages_non_lus_par_dossier([instruit.pk]) == {}
    assert Message.objects.get(dossier=instruit, cote=Message.Cote.PORTEUR).lu_le is None


def test_le_comite_ne_statue_ni_ne_se_clot_tant_que_la_vague_accepte_des_depots(client, monde):  # noqa: F811
    """The attack: the administrateur decides, then closes the committee, on the open wave (API and page)."""
    from candidatures.models import Decision

    admin, instruit, vague = monde["utilisateurs"]["admin"], monde["instruit"], monde["vague"]
    with time_machine.travel(MOMENT, tick=False):
        reponse = _client(admin).put(reverse("api-comite-decision", kwargs={"pk": instruit.pk}), {"resultat": "retenu"}, format="json")
        assert reponse.status_code == 409
        assert "accepte encore des dépôts jusqu'au 30 décembre 2026" in str(reponse.json())
        reponse = _client(admin).post(reverse("api-comite-clore", kwargs={"pk": vague.pk}), format="json")
        assert reponse.status_code == 409 and "accepte encore des dépôts" in str(reponse.json())
        client.force_login(admin)
        page = client.post(reverse("candidatures:comite_decision", kwargs={"pk": instruit.pk}), {"resultat": "retenu"}, follow=True)
        assert "accepte encore des dépôts" in page.content.decode()
        page = client.post(reverse("candidatures:comite_clore", kwargs={"pk": vague.pk}), follow=True)
        assert "accepte encore des dépôts" in page.content.decode()
        assert "accepte encore des dépôts" in client.get(reverse("candidatures:comite", kwargs={"pk": vague.pk})).content.decode()
    from candidatures.models import GrilleVague

    assert not Decision.objects.filter(vague=vague).exists()
    assert not GrilleVague.objects.filter(vague=vague, comite_clos_le__isnull=False).exists()
    # After the deadline (the last instant of 30 December, Paris), the committee sits.
    with time_machine.travel(dt.datetime(2026, 12, 31, 0, 0, 1, tzinfo=PARIS), tick=False):
        reponse = _client(admin).put(reverse("api-comite-decision", kwargs={"pk": instruit.pk}), {"resultat": "retenu"}, format="json")
    assert reponse.status_code == 200
