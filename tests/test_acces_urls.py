"""Every URL of the project, for every role, answers the expected status — never a 500.

The list of URLs comes from the URL configuration itself: a new view that is not declared in
ACCES below makes ``test_chaque_url_est_declaree`` fail, so no page can escape the policy layer.
Object URLs are tried on real objects of a small world: the porteur's own dossier, a dossier
assigned to the instructeur, a grant… and on an identifier that does not exist.
"""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from candidatures.models import ConflitInteret, Dossier, PieceJointe, Vague
from candidatures.services.echanges import message_envoyer
from commun.temps import PARIS
from tests.candidatures import factories as fc
from tests.candidatures import factories_instruction as fi
from tests.conftest import creer_utilisateur, territoires_de_reference

# anonyme; porteur = manages the tiers-lieu of the objects; autre = another porteur;
# instructeur = assigned to the dossier; conflit = instructeur in conflict with it; admin.
ROLES = ("anonyme", "porteur", "autre", "instructeur", "conflit", "admin")
INCONNU = 999999


def _r(anonyme, porteur, autre, instructeur, conflit, admin):
    return dict(zip(ROLES, (anonyme, porteur, autre, instructeur, conflit, admin), strict=True))


PUBLIC = _r(200, 200, 200, 200, 200, 200)
CONNECTE = _r(302, 200, 200, 200, 200, 200)
ADMIN = _r(302, 403, 403, 403, 403, 200)
PORTEUR = _r(302, 200, 200, 403, 403, 403)
EQUIPE = _r(302, 403, 403, 200, 200, 200)
POST = _r(302, 405, 405, 405, 405, 405)
# Only the managers of the tiers-lieu act on their dossier (not even an administrateur).
PROPRIETAIRE = _r(302, 200, 403, 403, 403, 403)
INCONNU_404 = _r(302, 404, 404, 404, 404, 404)
# API operations that only accept POST/PUT: a GET is checked by the policy first, then refused (405).
API_POST = _r(401, 405, 405, 405, 405, 405)
API_ADMIN_POST = _r(401, 403, 403, 403, 403, 405)

# url name → (kwargs: dict or function of the world, expected status per role)
ACCES = {
    # Public pages and the shell
    "commun:accueil": ({}, PUBLIC),
    "commun:tableau_de_bord": ({}, _r(302, 302, 302, 302, 302, 302)),
    "commun:accessibilite": ({}, PUBLIC),
    "commun:mentions_legales": ({}, PUBLIC),
    "commun:donnees_personnelles": ({}, PUBLIC),
    "commun:sante": ({}, PUBLIC),
    "commun:etat_service": ({}, PUBLIC),
    "api-moi": ({}, _r(401, 200, 200, 200, 200, 200)),
    "api-moi-courriels": ({}, _r(401, 200, 200, 200, 200, 200)),
    "api-schema": ({}, PUBLIC),
    "api-docs": ({}, PUBLIC),
    "api-accueil": ({}, PUBLIC),
    # Accounts
    "comptes:mon_compte": ({}, CONNECTE),
    "comptes:jeton_api_creer": ({}, POST),
    "comptes:courriels": ({}, POST),
    "comptes:jeton_api_revoquer": ({}, POST),
    "comptes:inviter": ({}, ADMIN),
    "comptes:mes_donnees": ({}, CONNECTE),
    "comptes:journal": ({}, ADMIN),
    "comptes:accepter_invitation": ({"jeton": "jeton-inconnu"}, _r(404, 404, 404, 404, 404, 404)),
    # Tiers-lieux and the directory
    "fabriques:annuaire": ({}, PUBLIC),
    "fabriques:fiche": (lambda m: {"pk": m["label"].tiers_lieu_id}, PUBLIC),
    "fabriques:export_csv": ({}, PUBLIC),
    "fabriques:export_json": ({}, PUBLIC),
    "fabriques:region_du_code_postal": ({}, _r(400, 400, 400, 400, 400, 400)),
    "fabriques:label_historique": ({}, ADMIN),
    "fabriques:importer_qpv": ({}, ADMIN),
    "fabriques:implantations": ({}, ADMIN),
    "fabriques:mes_tiers_lieux": ({}, PORTEUR),
    "fabriques:creer": ({}, PORTEUR),
    "fabriques:modifier": (lambda m: {"pk": m["lieu"].pk}, _r(302, 200, 403, 403, 403, 200)),
    "fabriques:gestionnaires": (lambda m: {"pk": m["lieu"].pk}, _r(302, 200, 403, 403, 403, 200)),
    "fabriques:invitations": ({}, CONNECTE),
    "fabriques:invitation_accepter": ({"pk": INCONNU}, POST),
    "fabriques:invitation_decliner": ({"pk": INCONNU}, POST),
    # Applicant side
    "candidatures:mes_dossiers": ({}, CONNECTE),
    "candidatures:dossier_creer": ({}, POST),
    "candidatures:dossier": (lambda m: {"pk": m["brouillon"].pk}, _r(302, 200, 403, 403, 403, 200)),
    "candidatures:dossier_section": (lambda m: {"pk": m["brouillon"].pk, "section": "presentation"}, PROPRIETAIRE),
    "candidatures:dossier_pieces": (lambda m: {"pk": m["brouillon"].pk}, _r(302, 200, 403, 403, 403, 200)),
    "candidatures:piece_telecharger": (lambda m: {"pk": m["brouillon"].pk, "piece_pk": m["piece"].pk}, _r(302, 200, 403, 403, 403, 200)),
    "candidatures:piece_remplacer": (lambda m: {"pk": m["brouillon"].pk, "piece_pk": m["piece"].pk}, POST),
    "candidatures:piece_supprimer": (lambda m: {"pk": m["brouillon"].pk, "piece_pk": m["piece"].pk}, POST),
    "candidatures:dossier_deposer": (lambda m: {"pk": m["brouillon"].pk}, PROPRIETAIRE),
    "candidatures:dossier_retirer": (lambda m: {"pk": m["brouillon"].pk}, PROPRIETAIRE),
    "candidatures:dossier_reporter": (lambda m: {"pk": m["brouillon"].pk}, POST),
    "candidatures:dossier_complements_renvoyer": (lambda m: {"pk": m["instruit"].pk}, POST),
    "candidatures:dossier_message_envoyer": (lambda m: {"pk": m["instruit"].pk}, POST),
    "candidatures:message_fichier": (lambda m: {"pk": m["instruit"].pk, "message_pk": m["message"].pk}, _r(302, 200, 403, 200, 403, 200)),
    "candidatures:dossier_accuse": (lambda m: {"pk": m["instruit"].pk}, _r(302, 200, 403, 200, 403, 200)),
    # Waves (administrateurs)
    "candidatures:vagues_admin": ({}, ADMIN),
    "candidatures:vague_modifier": (lambda m: {"pk": m["vague"].pk}, ADMIN),
    "candidatures:vagues_calendrier": ({}, POST),
    "candidatures:vague_statut": (lambda m: {"pk": m["vague"].pk}, POST),
    "candidatures:vague_cloturer": (lambda m: {"pk": m["vague"].pk}, POST),
    "candidatures:vague_cloturer_anticipation": (lambda m: {"pk": m["vague"].pk}, ADMIN),
    "candidatures:vague_publication": (lambda m: {"pk": m["vague"].pk}, ADMIN),
    "candidatures:vague_publier": (lambda m: {"pk": m["vague"].pk}, _r(302, 403, 403, 403, 403, 302)),
    # Published results (public; the world's wave is not published: 404 for everyone)
    "candidatures:laureats": ({}, PUBLIC),
    "candidatures:laureats_pdf": ({}, _r(404, 404, 404, 404, 404, 404)),
    "candidatures:laureats_csv": ({}, PUBLIC),
    "candidatures:laureats_json": ({}, PUBLIC),
    "candidatures:laureats_vague": (lambda m: {"numero": m["vague"].numero}, _r(404, 404, 404, 404, 404, 404)),
    "candidatures:laureats_vague_pdf": (lambda m: {"numero": m["vague"].numero}, _r(404, 404, 404, 404, 404, 404)),
    "candidatures:laureats_vague_csv": (lambda m: {"numero": m["vague"].numero}, _r(404, 404, 404, 404, 404, 404)),
    "candidatures:laureats_vague_json": (lambda m: {"numero": m["vague"].numero}, _r(404, 404, 404, 404, 404, 404)),
    # Instruction and committee
    "candidatures:instruction": ({}, EQUIPE),
    "candidatures:instruction_export": ({"format": "csv"}, EQUIPE),
    "candidatures:instruction_exports": ({}, EQUIPE),
    "candidatures:instruction_export_telecharger": ({"pk": INCONNU}, _r(302, 403, 403, 404, 404, 404)),
    "candidatures:instruction_dossier": (lambda m: {"pk": m["instruit"].pk}, _r(302, 403, 403, 200, 403, 200)),
    "candidatures:instruction_evaluation_soumettre": (lambda m: {"pk": m["instruit"].pk}, _r(302, 403, 403, 302, 403, 403)),
    "candidatures:instruction_affecter": (lambda m: {"pk": m["instruit"].pk}, POST),
    "candidatures:instruction_affectations": ({}, ADMIN),
    "candidatures:instruction_affecter_en_masse": ({}, POST),
    "candidatures:instruction_affectation_supprimer": (lambda m: {"pk": m["affectation"].pk}, POST),
    "candidatures:instruction_affectation_reassigner": (lambda m: {"pk": m["affectation"].pk}, POST),
    "candidatures:instruction_complement_annuler": ({"pk": INCONNU}, POST),
    "candidatures:instruction_conflits": ({}, _r(302, 403, 403, 200, 200, 403)),
    "candidatures:instruction_conflit_supprimer": (lambda m: {"pk": m["conflit"].pk}, POST),
    "candidatures:comite_index": ({}, ADMIN),
    "candidatures:comite": (lambda m: {"pk": m["vague"].pk}, ADMIN),
    "candidatures:comite_clore": (lambda m: {"pk": m["vague"].pk}, ADMIN),
    "candidatures:comite_decision": (lambda m: {"pk": m["instruit"].pk}, ADMIN),
    "selection:proposition": (lambda m: {"pk": m["vague"].pk}, ADMIN),
    "selection:appliquer": (lambda m: {"pk": m["vague"].pk}, POST),
    # Financement
    "financement:tableau_de_bord": ({}, ADMIN),
    "financement:enveloppe_modifier": ({}, POST),
    "financement:subvention_proposer": (lambda m: {"dossier_pk": m["retenu"].pk}, ADMIN),
    "financement:subvention": (lambda m: {"pk": m["subvention"].pk}, ADMIN),
    "financement:subvention_ajuster": (lambda m: {"pk": m["subvention"].pk}, POST),
    "financement:subvention_notifier": (lambda m: {"pk": m["subvention"].pk}, ADMIN),
    "financement:subvention_signer": (lambda m: {"pk": m["subvention"].pk}, POST),
    "financement:subvention_documents": (lambda m: {"pk": m["subvention"].pk}, POST),
    "financement:subvention_resilier": (lambda m: {"pk": m["subvention"].pk}, POST),
    "financement:rapport_deposer": (lambda m: {"pk": m["subvention"].pk}, POST),
    "financement:versement_statut": ({"pk": INCONNU}, POST),
    "financement:document": ({"pk": INCONNU}, INCONNU_404),
    "financement:rapport": ({"pk": INCONNU}, INCONNU_404),
    "financement:mes_subventions": ({}, CONNECTE),
    "financement:opendata_csv": ({}, PUBLIC),
    "financement:opendata_json": ({}, PUBLIC),
    # REST API (GET only here; writes are in tests/api/test_matrice_permissions.py). 401 without a login.
    "api-fabriques": ({}, PUBLIC),
    "api-fabrique": (lambda m: {"pk": m["label"].tiers_lieu_id}, PUBLIC),
    "api-tiers-lieux": ({}, _r(401, 200, 200, 403, 403, 403)),
    "api-tiers-lieu": (lambda m: {"pk": m["lieu"].pk}, _r(401, 200, 403, 403, 403, 200)),
    "api-tiers-lieu-gestionnaires": (lambda m: {"pk": m["lieu"].pk}, API_POST),
    "api-invitations": ({}, _r(401, 200, 200, 200, 200, 200)),
    "api-invitation-accepter": ({"pk": INCONNU}, API_POST),
    "api-invitation-decliner": ({"pk": INCONNU}, API_POST),
    "appels:liste": ({}, ADMIN),
    "api-appels": ({}, PUBLIC),
    "api-appel": (lambda m: {"pk": m["vague"].appel_id}, PUBLIC),
    "api-vagues": ({}, PUBLIC),
    "api-vague": (lambda m: {"pk": m["vague"].pk}, PUBLIC),
    "api-vague-statut": (lambda m: {"pk": m["vague"].pk}, API_ADMIN_POST),
    "api-laureats": ({}, PUBLIC),
    "api-dossiers": ({}, _r(401, 200, 200, 200, 200, 200)),
    "api-dossier": (lambda m: {"pk": m["brouillon"].pk}, _r(401, 200, 403, 403, 403, 200)),
    "api-dossier-section": (lambda m: {"pk": m["brouillon"].pk, "section": "presentation"}, API_POST),
    "api-dossier-pieces": (lambda m: {"pk": m["brouillon"].pk}, _r(401, 200, 403, 403, 403, 200)),
    "api-dossier-piece": (lambda m: {"pk": m["brouillon"].pk, "piece_pk": m["piece"].pk}, _r(401, 200, 403, 403, 403, 200)),
    "api-dossier-deposer": (lambda m: {"pk": m["brouillon"].pk}, API_POST),
    "api-dossier-retirer": (lambda m: {"pk": m["brouillon"].pk}, API_POST),
    "api-dossier-accuse": (lambda m: {"pk": m["instruit"].pk}, _r(401, 200, 403, 200, 403, 200)),
    "api-dossier-messages": (lambda m: {"pk": m["instruit"].pk}, _r(401, 200, 403, 200, 403, 200)),
    "api-dossier-complements": (lambda m: {"pk": m["instruit"].pk}, _r(401, 200, 403, 200, 403, 200)),
    "api-dossier-complements-renvoyer": (lambda m: {"pk": m["instruit"].pk}, API_POST),
    "api-instruction-dossiers": ({}, _r(401, 403, 403, 200, 200, 200)),
    "api-instruction-evaluation": (lambda m: {"pk": m["instruit"].pk}, _r(401, 403, 403, 404, 403, 403)),
    "api-instruction-complements": (lambda m: {"pk": m["instruit"].pk}, _r(401, 403, 403, 200, 403, 200)),
    "api-instruction-complement-annuler": ({"pk": INCONNU}, API_POST),
    "api-instruction-conflits": ({}, _r(401, 403, 403, 200, 200, 403)),
    "api-instruction-conflit": (lambda m: {"pk": m["conflit"].pk}, _r(401, 403, 403, 405, 405, 403)),
    "api-instruction-export": ({}, _r(401, 403, 403, 200, 200, 200)),
    "api-affectations": (lambda m: {"pk": m["instruit"].pk}, _r(401, 403, 403, 403, 403, 200)),
    "api-affectations-en-masse": ({}, API_ADMIN_POST),
    "api-implantations": ({}, API_ADMIN_POST),
    "api-affectation": (lambda m: {"pk": m["affectation"].pk}, API_ADMIN_POST),
    "api-affectation-reassigner": (lambda m: {"pk": m["affectation"].pk}, API_ADMIN_POST),
    "api-affectation-automatique": (lambda m: {"pk": m["vague"].pk}, API_ADMIN_POST),
    "api-comite-decision": (lambda m: {"pk": m["instruit"].pk}, _r(401, 403, 403, 403, 403, 404)),
    "api-comite-clore": (lambda m: {"pk": m["vague"].pk}, API_ADMIN_POST),
    "api-comite-proposition": (lambda m: {"pk": m["vague"].pk}, API_ADMIN_POST),
    "api-opendata-subventions": ({}, PUBLIC),
    "api-programme-chiffres": ({}, PUBLIC),
    "api-subventions": ({}, _r(401, 200, 200, 200, 200, 200)),
    "api-subvention": (lambda m: {"pk": m["subvention"].pk}, _r(401, 403, 403, 403, 403, 200)),
    "api-subvention-ajuster": (lambda m: {"pk": m["subvention"].pk}, API_ADMIN_POST),
    "api-subvention-notifier": (lambda m: {"pk": m["subvention"].pk}, API_ADMIN_POST),
    "api-subvention-signer": (lambda m: {"pk": m["subvention"].pk}, API_ADMIN_POST),
    "api-subvention-resilier": (lambda m: {"pk": m["subvention"].pk}, API_ADMIN_POST),
    # A grant only proposed is internal: its porteur does not see it yet.
    "api-subvention-rapports": (lambda m: {"pk": m["subvention"].pk}, _r(401, 403, 403, 403, 403, 200)),
    "api-rapport-fichier": (lambda m: {"pk": m["rapport"].pk}, _r(401, 200, 403, 403, 403, 200)),
    "api-versement-statut": ({"pk": INCONNU}, API_ADMIN_POST),
}

# Library views (allauth: sign-in, sign-up, password, two-factor): checked for « never a 500 ».
PREFIXES_BIBLIOTHEQUES = ("compte/",)


def _motifs(resolver=None, prefixe="", espace=None):
    resolver = resolver or get_resolver()
    for motif in resolver.url_patterns:
        if isinstance(motif, URLResolver):
            ns = motif.namespace or espace
            if motif.namespace and espace:
                ns = f"{espace}:{motif.namespace}"
            yield from _motifs(motif, prefixe + str(motif.pattern), ns)
        elif isinstance(motif, URLPattern):
            nom = f"{espace}:{motif.name}" if espace and motif.name else motif.name
            yield prefixe + str(motif.pattern), nom


def _urls_du_projet():
    for chemin, nom in _motifs():
        if chemin.startswith("admin-technique/") or chemin.startswith(PREFIXES_BIBLIOTHEQUES):
            continue
        yield chemin, nom


def test_chaque_url_est_declaree():
    oubliees = sorted(f"{chemin} ({nom})" for chemin, nom in _urls_du_projet() if nom not in ACCES)
    assert not oubliees, "Déclarez l'accès attendu de ces URL dans ACCES : " + ", ".join(oubliees)


def _construire_monde():
    """A small world: one porteur's tiers-lieu with a draft and a dossier under instruction."""
    from fabriques.models import Label
    from financement.services import rapport_deposer, subvention_notifier, subvention_proposer, subvention_signer_convention

    porteur = creer_utilisateur("p@walk.fr", "porteur")
    autre = creer_utilisateur("autre@walk.fr", "porteur")
    admin = creer_utilisateur("a@walk.fr", "administrateur")
    instructeur = fi.instructeur("i@walk.fr", national=True)
    conflit = fi.instructeur("c@walk.fr", national=True)
    fc.tiers_lieu(autre, nom="Le lieu d'un autre")
    lieu = fc.tiers_lieu(porteur, nom="La Fabrique des Communs")
    second = fc.tiers_lieu(porteur, nom="Le Second Lieu")
    with time_machine.travel(dt.datetime(2026, 11, 1, 12, tzinfo=PARIS), tick=False):
        vague = fc.vague()
        brouillon = fc.brouillon(porteur, vague, lieu)
        fc.completer(brouillon, porteur)
        instruit = fi.dossier(vague_=vague, tl=second, statut=Dossier.Statut.EN_INSTRUCTION, numero="FDT-WALK-1")
        # A wave past its deadline whose committee still decides, and one whose results are published:
        # its laureates' grants may be notified (financement.services.exiger_resultats_publies).
        en_comite = fi.vague()
        retenu = fi.dossier(
            vague_=fi.vague(statut=Vague.Statut.RESULTATS_PUBLIES, date_comite=dt.date(2026, 5, 15), date_publication=dt.date(2026, 5, 22)),
            tl=lieu,
            statut=Dossier.Statut.RETENU,
            numero="FDT-WALK-2",
        )
    affectation = fi.affecter(instruit, instructeur, par=admin)
    message = message_envoyer(dossier=instruit, auteur=instructeur, texte="Bonjour", fichier=fc.fichier("note.pdf", fc.PDF_MINIMAL))
    conflit_obj = ConflitInteret.objects.create(instructeur=conflit, tiers_lieu=second, motif="Ancien salarié")
    subvention = subvention_proposer(dossier=retenu, par=admin)
    # A second grant, signed, with the activity report of its first year.
    with time_machine.travel(dt.datetime(2026, 11, 1, 12, tzinfo=PARIS), tick=False):
        # Its own tiers-lieu: one Fabrique, one support (the second place is still under instruction).
        troisieme = fc.tiers_lieu(porteur, nom="Le Troisième Lieu")
        conventionne = fi.dossier(vague_=retenu.vague, tl=troisieme, statut=Dossier.Statut.RETENU, numero="FDT-WALK-3")
    signee = subvention_proposer(dossier=conventionne, par=admin)
    subvention_notifier(subvention=signee, par=admin)
    subvention_signer_convention(subvention=signee, date_signature=dt.date(2026, 11, 2), par=admin)
    rapport = rapport_deposer(subvention=signee, annee=1, fichier=fc.fichier("rapport.pdf", fc.PDF_MINIMAL), par=porteur)
    label = Label.objects.create(tiers_lieu=lieu, type=Label.Type.FABRIQUE, date_obtention=dt.date(2026, 1, 5))
    return {
        "utilisateurs": {
            "anonyme": None,
            "porteur": porteur,
            "autre": autre,
            "instructeur": instructeur,
            "conflit": conflit,
            "admin": admin,
        },
        "lieu": lieu,
        "vague": vague,
        "en_comite": en_comite,
        "brouillon": brouillon,
        "instruit": instruit,
        "retenu": retenu,
        "piece": PieceJointe.objects.filter(dossier=brouillon).first(),
        "affectation": affectation,
        "conflit": conflit_obj,
        "subvention": subvention,
        "signee": signee,
        "rapport": rapport,
        "label": label,
        "message": message,
        "montant": Decimal("0"),
    }


@pytest.fixture(scope="module")
def _monde_du_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world is built once for the module (some 280 tests only read it), in a transaction rolled
    back at the end; each test runs in its own savepoint inside it, as usual. Its files live in one
    folder of their own."""
    fichiers = tmp_path_factory.mktemp("fichiers-acces")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=fichiers), transaction.atomic():
        territoires_de_reference()  # built before the per-test fixture that puts them back
        yield _construire_monde(), fichiers
        transaction.set_rollback(True)


@pytest.fixture
def monde(db, settings, _fichiers_par_test, _monde_du_module):
    monde, fichiers = _monde_du_module
    settings.MEDIA_ROOT = fichiers  # after the per-test folder of tests/conftest.py
    return monde


@pytest.mark.parametrize("nom", sorted(ACCES))
def test_statut_attendu_pour_chaque_role(client, monde, nom):
    kwargs, attendus = ACCES[nom]
    kwargs = kwargs(monde) if callable(kwargs) else kwargs
    url = reverse(nom, kwargs=kwargs)
    obtenus = {}
    for role in ROLES:
        client.logout()
        if monde["utilisateurs"][role]:
            client.force_login(monde["utilisateurs"][role])
        obtenus[role] = client.get(url).status_code
    assert obtenus == attendus, f"{url} : obtenu {tuple(obtenus.values())}, attendu {tuple(attendus.values())} {ROLES}"


@pytest.mark.parametrize("nom", sorted(n for n, (kw, _) in ACCES.items() if callable(kw)))
def test_identifiant_inconnu_ne_revele_rien(client, monde, nom):
    """An unknown identifier answers like a forbidden one or 404 — never 200, never 500."""
    kwargs, _ = ACCES[nom]
    kwargs = {cle: (INCONNU if isinstance(valeur, int) else valeur) for cle, valeur in kwargs(monde).items()}
    url = reverse(nom, kwargs=kwargs)
    for role in ROLES:
        client.logout()
        if monde["utilisateurs"][role]:
            client.force_login(monde["utilisateurs"][role])
        statut = client.get(url).status_code
        assert statut in (302, 401, 403, 404, 405), f"{url} pour {role} : {statut}"


@pytest.mark.django_db
def test_pages_des_bibliotheques_jamais_en_erreur_500(client, monde):
    for chemin, _nom in _motifs():
        if not chemin.startswith(PREFIXES_BIBLIOTHEQUES) or "(?P" in chemin or "<" in chemin:
            continue
        for role in ROLES:
            client.logout()
            if monde["utilisateurs"][role]:
                client.force_login(monde["utilisateurs"][role])
            assert client.get("/" + chemin).status_code < 500, chemin


@pytest.mark.parametrize("nom", sorted(n for n, (kw, _) in ACCES.items() if callable(kw)))
def test_identifiant_hors_des_entiers_de_la_base_est_un_404(client, monde, nom):
    """An identifier too large for a BIGINT (2**63 and beyond) is a 404, not an OverflowError (500)
    from the database: routes take identifiers of at most 18 digits (commun.convertisseurs)."""
    import re

    kwargs, _ = ACCES[nom]
    kwargs = kwargs(monde)
    url = reverse(nom, kwargs=kwargs)
    motif = next(chemin for chemin, n in _motifs() if n == nom)
    parametres_entiers = re.findall(r"<id:(\w+)>", motif)
    assert parametres_entiers, f"{motif} : identifiants d'objets déclarés avec le convertisseur « id »"
    for parametre in parametres_entiers:
        trop_grand = url.replace(f"/{kwargs[parametre]}/", f"/{2**64}/", 1)
        assert trop_grand != url
        client.force_login(monde["utilisateurs"]["admin"])
        assert client.get(trop_grand).status_code == 404, trop_grand


# --- Anonymous review: what the assigned reviewer may not reach ------------------------------
# With « Masquer l'identité des porteurs aux instructeurs » on, the reviewer assigned to the dossier
# reads it on its instruction page (and through the API) without who applies; every page, download
# and PDF that names the applicant refuses them. (Without anonymity, the same URLs answer 200: ACCES.)
ANONYMAT_REFUSE = {
    "candidatures:dossier": lambda m: {"pk": m["instruit"].pk},
    "candidatures:dossier_section": lambda m: {"pk": m["instruit"].pk, "section": "presentation"},
    "candidatures:dossier_pieces": lambda m: {"pk": m["instruit"].pk},
    "candidatures:piece_telecharger": lambda m: {"pk": m["instruit"].pk, "piece_pk": m["piece_instruit"].pk},
    "candidatures:message_fichier": lambda m: {"pk": m["instruit"].pk, "message_pk": m["message_porteur"].pk},
    "candidatures:dossier_accuse": lambda m: {"pk": m["instruit"].pk},
    "api-dossier-accuse": lambda m: {"pk": m["instruit"].pk},
    "api-dossier-pieces": lambda m: {"pk": m["instruit"].pk},
    "api-dossier-piece": lambda m: {"pk": m["instruit"].pk, "piece_pk": m["piece_instruit"].pk},
}
ANONYMAT_LU_SANS_IDENTITE = {
    "candidatures:instruction_dossier": lambda m: {"pk": m["instruit"].pk},
    "candidatures:instruction": lambda m: {},
    "candidatures:instruction_export": lambda m: {"format": "csv"},
    "api-dossier": lambda m: {"pk": m["instruit"].pk},
    "api-dossier-messages": lambda m: {"pk": m["instruit"].pk},
    "api-instruction-dossiers": lambda m: {},
    "api-instruction-export": lambda m: {},
}


@pytest.fixture
def monde_anonyme(monde):
    """The world's wave anonymises dossiers; the dossier under instruction has an attachment, a project
    name and a message from its applicant with a file."""
    from candidatures.services.instruction import grille_enregistrer

    instruit = monde["instruit"]
    grille_enregistrer(vague=instruit.vague, par=monde["utilisateurs"]["admin"], anonymiser=True)
    instruit.contenu = {"presentation": {"nom_projet": "Projet Cordée-Secrète", "resume": "Atelier partagé."}}
    instruit.save(update_fields=["contenu"])
    piece = PieceJointe(
        dossier=instruit,
        type=PieceJointe.Type.STATUTS,
        nom="statuts-le-second-lieu.pdf",
        type_mime="application/pdf",
        taille=len(fc.PDF_MINIMAL),
        sha256="0" * 64,
        ajoute_par=monde["utilisateurs"]["porteur"],
    )
    from django.core.files.base import ContentFile

    piece.fichier.save("statuts.pdf", ContentFile(fc.PDF_MINIMAL), save=True)
    message = message_envoyer(
        dossier=instruit,
        auteur=monde["utilisateurs"]["porteur"],
        texte="Voici le budget.",
        fichier=fc.fichier("budget-le-second-lieu.pdf", fc.PDF_MINIMAL),
    )
    return {**monde, "piece_instruit": piece, "message_porteur": message}


def _qui_candidate(monde) -> list[str]:
    lieu = monde["instruit"].tiers_lieu
    return [
        lieu.nom,
        lieu.structure_porteuse,
        lieu.siret,
        "Projet Cordée-Secrète",
        "statuts-le-second-lieu",
        "budget-le-second-lieu",
        monde["utilisateurs"]["porteur"].email,
    ]


def _corps(reponse) -> str:
    if getattr(reponse, "streaming", False):
        return b"".join(reponse.streaming_content).decode("utf-8", "replace")
    return reponse.content.decode("utf-8", "replace")


@pytest.mark.parametrize("nom", sorted(ANONYMAT_REFUSE))
def test_instruction_anonyme_le_relecteur_affecte_est_refuse_partout_ou_le_porteur_est_nomme(client, monde_anonyme, nom):
    url = reverse(nom, kwargs=ANONYMAT_REFUSE[nom](monde_anonyme))
    client.force_login(monde_anonyme["utilisateurs"]["instructeur"])
    reponse = client.get(url)
    assert reponse.status_code == 403, url
    assert not [nom for nom in _qui_candidate(monde_anonyme) if nom in _corps(reponse)]
    client.force_login(monde_anonyme["utilisateurs"]["admin"])  # the programme's team still sees everything
    assert client.get(url).status_code == (302 if nom == "candidatures:dossier_section" else 200), url  # read-only: back to the dossier


@pytest.mark.parametrize("nom", sorted(ANONYMAT_LU_SANS_IDENTITE))
def test_instruction_anonyme_le_relecteur_affecte_lit_le_dossier_sans_savoir_qui_candidate(client, monde_anonyme, nom):
    url = reverse(nom, kwargs=ANONYMAT_LU_SANS_IDENTITE[nom](monde_anonyme))
    client.force_login(monde_anonyme["utilisateurs"]["instructeur"])
    reponse = client.get(url)
    assert reponse.status_code == 200, url
    corps = _corps(reponse)
    assert not [nom for nom in _qui_candidate(monde_anonyme) if nom in corps], url
    if nom == "candidatures:instruction_dossier":
        assert "Atelier partagé." in corps and "Voici le budget." in corps  # the content and the thread, without names
        assert (
            reverse("candidatures:message_fichier", args=[monde_anonyme["instruit"].pk, monde_anonyme["message_porteur"].pk]) not in corps
        )


def test_instruction_anonyme_la_recherche_par_le_nom_du_porteur_ne_trouve_rien(client, monde_anonyme):
    client.force_login(monde_anonyme["utilisateurs"]["instructeur"])
    lieu = monde_anonyme["instruit"].tiers_lieu
    assert client.get(reverse("api-instruction-dossiers"), {"q": lieu.nom}).json()["results"] == []
    assert [d.pk for d in client.get(reverse("candidatures:instruction"), {"q": lieu.nom}).context["page"]] == []
    client.force_login(monde_anonyme["utilisateurs"]["admin"])
    assert monde_anonyme["instruit"].pk in [d.pk for d in client.get(reverse("candidatures:instruction"), {"q": lieu.nom}).context["page"]]
