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
    return {"nom": "Le Nouveau Lieu", "structure_porteuse": "Association Nouvelle", "forme_juridique": "association",
            "siret": "12345678210001", "adresse": "2 place de la Mairie", "code_postal": "35000", "commune": "Rennes", "implantation": "hors_grands_centres"}


def _nouveau_lieu(m):
    lieu = fc.tiers_lieu(m["utilisateurs"]["porteur"], nom="Un troisième lieu", siret="88412345600011")
    return {"tiers_lieu": lieu.pk}


def _nouvel_instructeur(m):
    return {"instructeur": fi.instructeur("nouveau@walk.fr", national=True).pk}


def _demande(m):
    demande = DemandeComplement.objects.create(
        dossier=m["instruit"], demande_par=m["utilisateurs"]["admin"], sections=["budget"], message="Détaillez.",
        date_limite=dt.date(2026, 12, 20), statut_dossier_avant=m["instruit"].statut,
    )
    return {"pk": demande.pk}


def _complement_ouvert(m):
    """The instruit dossier waits for its « budget » section: the porteur may send it back."""
    from candidatures.services.echanges import complement_demander

    Dossier.objects.filter(pk=m["instruit"].pk).update(contenu=Dossier.objects.get(pk=m["brouillon"].pk).contenu)  # every section filled in
    complement_demander(dossier=m["instruit"], par=m["utilisateurs"]["admin"], sections=["budget"], message="Détaillez l'année 2.",
                        date_limite=dt.date(2026, 12, 20))
    return {"pk": m["instruit"].pk}


def _nouveau_retenu(m):
    dossier = fi.dossier(vague_=m["retenu"].vague, tl=fc.tiers_lieu(m["utilisateurs"]["porteur"], nom="Lieu retenu", siret="88412345600029"),
                         statut=Dossier.Statut.RETENU, numero="FDT-WALK-9")
    return {"dossier": dossier.pk}


def _notifiee(m):
    from financement.services import subvention_notifier

    subvention_notifier(subvention=m["subvention"], par=m["utilisateurs"]["admin"])
    return {"pk": m["subvention"].pk}


def _grille(m):
    return {"note_ambition": "3", "commentaire_ambition": "Argumenté.", "avis": "favorable"}


# name → (method, kwargs(monde), body(monde), format, expected per role)
ECRITURES = {
    "tiers_lieu_creer": ("post", "api-tiers-lieux", None, _tiers_lieu_valide, "json", _r(401, 201, 201, 403, 403, 403)),
    "tiers_lieu_modifier": ("patch", "api-tiers-lieu", lambda m: {"pk": m["lieu"].pk}, lambda m: {"horaires": "9 h – 18 h"}, "json",
                            _r(401, 200, 403, 403, 403, 200)),
    "vague_creer": ("post", "api-vagues", None, lambda m: {"titre": "Vague 2030", "date_ouverture": "2030-01-01", "date_limite": "2030-03-30"},
                    "json", _r(401, 403, 403, 403, 403, 201)),
    "vague_modifier": ("patch", "api-vague", lambda m: {"pk": m["vague"].pk}, lambda m: {"titre": "Vague renommée"}, "json",
                       _r(401, 403, 403, 403, 403, 200)),
    "vague_statut": ("post", "api-vague-statut", lambda m: {"pk": m["vague"].pk}, lambda m: {"statut": "cloturee"}, "json",
                     _r(401, 403, 403, 403, 403, 200)),
    # Another porteur's tiers-lieu is not among the choices of the form: 400, as on the page.
    "dossier_creer": ("post", "api-dossiers", None, _nouveau_lieu, "json", _r(401, 201, 400, 403, 403, 403)),
    "section": ("put", "api-dossier-section", lambda m: {"pk": m["brouillon"].pk, "section": "presentation"},
                lambda m: {"resume": "Un lieu ouvert."}, "json", _r(401, 200, 403, 403, 403, 403)),
    "piece_ajouter": ("post", "api-dossier-pieces", lambda m: {"pk": m["brouillon"].pk}, lambda m: {"type": "budget", "fichier": _pdf()},
                      "multipart", _r(401, 201, 403, 403, 403, 403)),
    "deposer": ("post", "api-dossier-deposer", lambda m: {"pk": m["brouillon"].pk}, None, "json", _r(401, 200, 403, 403, 403, 403)),
    "retirer": ("post", "api-dossier-retirer", lambda m: {"pk": m["brouillon"].pk}, None, "json", _r(401, 200, 403, 403, 403, 403)),
    "message": ("post", "api-dossier-messages", lambda m: {"pk": m["instruit"].pk}, lambda m: {"texte": "Bonjour"}, "json",
                _r(401, 201, 403, 201, 403, 201)),
    "evaluation": ("put", "api-instruction-evaluation", lambda m: {"pk": m["instruit"].pk}, _grille, "json", _r(401, 403, 403, 200, 403, 403)),
    "complement": ("post", "api-instruction-complements", lambda m: {"pk": m["instruit"].pk},
                   lambda m: {"sections": ["budget"], "message": "Détaillez l'année 2.", "date_limite": "2026-12-20"}, "json",
                   _r(401, 403, 403, 201, 403, 201)),
    "complement_annuler": ("post", "api-instruction-complement-annuler", _demande, None, "json", _r(401, 403, 403, 200, 403, 200)),
    "conflit_declarer": ("post", "api-instruction-conflits", None, lambda m: {"type_cible": "commune", "commune": "Brest", "motif": "Élu"},
                         "json", _r(401, 403, 403, 201, 201, 403)),
    # A declaration belongs to its author: anyone else's answers 404, never reveals it.
    "conflit_retirer": ("delete", "api-instruction-conflit", lambda m: {"pk": m["conflit"].pk}, None, "json", _r(401, 403, 403, 404, 204, 403)),
    "affecter": ("post", "api-affectations", lambda m: {"pk": m["instruit"].pk}, _nouvel_instructeur, "json", _r(401, 403, 403, 403, 403, 201)),
    "affecter_en_masse": ("post", "api-affectations-en-masse", None, lambda m: {**_nouvel_instructeur(m), "filtres": f"vague={m['vague'].pk}"},
                          "json", _r(401, 403, 403, 403, 403, 200)),
    "affectation_automatique": ("post", "api-affectation-automatique", lambda m: {"pk": m["vague"].pk}, None, "json",
                                _r(401, 403, 403, 403, 403, 200)),
    "decision": ("put", "api-comite-decision", lambda m: {"pk": m["instruit"].pk}, lambda m: {"resultat": "retenu"}, "json",
                 _r(401, 403, 403, 403, 403, 200)),
    "proposition": ("post", "api-comite-proposition", lambda m: {"pk": m["vague"].pk}, lambda m: {"note_minimale": 50}, "json",
                    _r(401, 403, 403, 403, 403, 200)),
    "piece_remplacer": ("put", "api-dossier-piece", lambda m: {"pk": m["brouillon"].pk, "piece_pk": m["piece"].pk},
                        lambda m: {"fichier": _pdf()}, "multipart", _r(401, 200, 403, 403, 403, 403)),
    "piece_supprimer": ("delete", "api-dossier-piece", lambda m: {"pk": m["brouillon"].pk, "piece_pk": m["piece"].pk}, None, "json",
                        _r(401, 204, 403, 403, 403, 403)),
    "complements_renvoyer": ("post", "api-dossier-complements-renvoyer", _complement_ouvert, None, "json", _r(401, 200, 403, 403, 403, 403)),
    "affectation_retirer": ("delete", "api-affectation", lambda m: {"pk": m["affectation"].pk}, None, "json", _r(401, 403, 403, 403, 403, 204)),
    "affectation_reassigner": ("post", "api-affectation-reassigner", lambda m: {"pk": m["affectation"].pk}, _nouvel_instructeur, "json",
                               _r(401, 403, 403, 403, 403, 200)),
    "subvention_proposer": ("post", "api-subventions", None, _nouveau_retenu, "json", _r(401, 403, 403, 403, 403, 201)),
    "subvention_notifier": ("post", "api-subvention-notifier", lambda m: {"pk": m["subvention"].pk}, None, "json",
                            _r(401, 403, 403, 403, 403, 200)),
    "subvention_signer": ("post", "api-subvention-signer", _notifiee, lambda m: {"date_signature": "2026-11-20"}, "json",
                          _r(401, 403, 403, 403, 403, 200)),
    "subvention_resilier": ("post", "api-subvention-resilier", lambda m: {"pk": m["signee"].pk}, lambda m: {"motif": "Cessation d'activité."},
                            "json", _r(401, 403, 403, 403, 403, 200)),
    # The porteur of the Fabrique uploads its report; an administrateur reads it but does not write it.
    "rapport_deposer": ("post", "api-subvention-rapports", lambda m: {"pk": m["signee"].pk}, lambda m: {"annee": "2", "fichier": _pdf()},
                        "multipart", _r(401, 201, 403, 403, 403, 403)),
    # Everyone signed in chooses their own e-mails (« messages » is offered to every role).
    "courriels_choisir": ("put", "api-moi-courriels", None, lambda m: {"recus": ["messages"]}, "json", _r(401, 200, 200, 200, 200, 200)),
    "subvention_ajuster": ("post", "api-subvention-ajuster", lambda m: {"pk": m["subvention"].pk},
                           lambda m: {"annee_1": "50000", "annee_2": "50000", "annee_3": "40000"}, "json", _r(401, 403, 403, 403, 403, 200)),
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
