"""Bad input never gives a 500: every write of the API, by a user allowed to make it, with bodies
a careless or hostile client may send (wrong types everywhere, lists, nulls, not an object)."""
import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from tests.api.test_matrice_permissions import ECRITURES, MOMENT
from tests.test_acces_urls import _monde_du_module, monde  # noqa: F401

# A body, or the value given to every known field name.
CORPS_INVALIDES = {
    "liste": [1, 2],
    "texte": "bonjour",
    "nombres": ("tout", 12345),
    "nuls": ("tout", None),
    "listes": ("tout", ["a", "b"]),
    "objets": ("tout", {"a": 1}),
    "booleens": ("tout", True),
    "vide": {},
}
CHAMPS = ["nom", "structure_porteuse", "forme_juridique", "siret", "adresse", "code_postal", "commune", "implantation", "qpv",
          "date_creation", "site_web", "types_lieu", "surface_m2", "etp_salaries", "titre", "date_ouverture", "date_limite", "statut",
          "tiers_lieu", "resume", "nom_projet", "montant_annee_1", "bonus_numerique", "texte", "note_ambition", "avis", "sections",
          "message", "date_limite", "type_cible", "commune", "motif", "instructeur", "filtres", "resultat", "motivation", "annee_1",
          "bonus", "soumettre", "type", "tiers_lieux", "toutes"]


def _corps(nature):
    valeur = CORPS_INVALIDES[nature]
    if isinstance(valeur, tuple):
        return {champ: valeur[1] for champ in CHAMPS}
    return valeur


def _role_autorise(attendus):
    return next(role for role, statut in attendus.items() if statut not in (401, 403, 404))


@pytest.mark.parametrize("nature", sorted(CORPS_INVALIDES))
@pytest.mark.parametrize("cas", sorted(ECRITURES))
def test_jamais_de_500(monde, cas, nature):  # noqa: F811
    methode, nom, kwargs, _corps_valide, _format, attendus = ECRITURES[cas]
    client = APIClient()
    client.force_authenticate(monde["utilisateurs"][_role_autorise(attendus)])
    with time_machine.travel(MOMENT, tick=False):
        url = reverse(nom, kwargs=kwargs(monde) if kwargs else None)
        reponse = getattr(client, methode)(url, _corps(nature), format="json")
    assert reponse.status_code < 500, f"{cas} / {nature} : {reponse.status_code}"
    if reponse.status_code >= 400:
        assert set(reponse.json()) >= {"detail", "errors"}
