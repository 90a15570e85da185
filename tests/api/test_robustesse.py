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
CHAMPS = [
    "nom",
    "structure_porteuse",
    "forme_juridique",
    "siret",
    "adresse",
    "code_postal",
    "commune",
    "implantation",
    "qpv",
    "date_creation",
    "site_web",
    "types_lieu",
    "surface_m2",
    "etp_salaries",
    "titre",
    "date_ouverture",
    "date_limite",
    "statut",
    "tiers_lieu",
    "resume",
    "nom_projet",
    "montant_annee_1",
    "bonus_numerique",
    "texte",
    "note_ambition",
    "avis",
    "sections",
    "message",
    "date_limite",
    "type_cible",
    "commune",
    "motif",
    "instructeur",
    "filtres",
    "resultat",
    "motivation",
    "annee_1",
    "bonus",
    "soumettre",
    "type",
    "tiers_lieux",
    "toutes",
]


def _corps(nature):
    valeur = CORPS_INVALIDES[nature]
    if isinstance(valeur, tuple):
        return {champ: valeur[1] for champ in CHAMPS}
    return valeur


def _role_autorise(attendus):
    return next(role for role, statut in attendus.items() if statut not in (401, 403, 404))


# The writes that at least one role may make (a write refused to everyone, such as a message on a
# draft, never reaches its parser).
ECRITURES_PERMISES = sorted(c for c, (*_, attendus) in ECRITURES.items() if any(s not in (401, 403, 404) for s in attendus.values()))


@pytest.mark.parametrize("nature", sorted(CORPS_INVALIDES))
@pytest.mark.parametrize("cas", ECRITURES_PERMISES)
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


ECRITURES_AVEC_CORPS = [cas for cas in ECRITURES_PERMISES if ECRITURES[cas][0] in ("post", "put", "patch")]


@pytest.mark.parametrize("cas", ECRITURES_AVEC_CORPS)
def test_json_imbrique_mille_fois_refuse_avant_lecture(monde, cas):  # noqa: F811
    """Attack of issue 17: a JSON body of some 1 000 nested levels raised RecursionError in the
    parser (500). It is refused (400) with a French message before it is parsed."""
    methode, nom, kwargs, _corps_valide, _format, attendus = ECRITURES[cas]
    client = APIClient()
    client.force_authenticate(monde["utilisateurs"][_role_autorise(attendus)])
    corps = '{"texte": ' + "[" * 1000 + "]" * 1000 + "}"
    with time_machine.travel(MOMENT, tick=False):
        url = reverse(nom, kwargs=kwargs(monde) if kwargs else None)
        reponse = client.generic(methode.upper(), url, corps, content_type="application/json")
    if _format == "multipart":  # a file upload takes no JSON at all
        assert reponse.status_code == 415, f"{cas} : {reponse.status_code}"
        return
    assert reponse.status_code == 400, f"{cas} : {reponse.status_code}"
    assert reponse.json() == {"detail": "Le corps JSON est trop imbriqué : 32 niveaux au plus.", "errors": {}}


def test_crochets_dans_un_texte_ne_comptent_pas(monde):  # noqa: F811
    """Brackets inside a string are text, not nesting: the message is posted as written."""
    client = APIClient()
    client.force_authenticate(monde["utilisateurs"]["porteur"])
    texte = "Budget : [[[[ " * 50 + '\\" {{{{'
    with time_machine.travel(MOMENT, tick=False):
        reponse = client.post(reverse("api-dossier-messages", kwargs={"pk": monde["instruit"].pk}), {"texte": texte}, format="json")
    assert reponse.status_code == 201
    assert reponse.json()["texte"] == texte


@pytest.mark.parametrize(
    "corps,message",
    [
        (b"[" * 32 + b"]" * 32, None),
        (b'{"a": [' * 16 + b"1" + b"]}" * 16, None),
        (b'{"a": "' + b"[" * 100 + b'"}', None),
        (b'{"a": "\\"' + b"{" * 100 + b'"}', None),
        (b"[" * 33 + b"]" * 33, "Le corps JSON est trop imbriqué : 32 niveaux au plus."),
        (b"[{" * 17 + b"}]" * 17, "Le corps JSON est trop imbriqué : 32 niveaux au plus."),
        (b"[" * 100_000, "Le corps de la requête n'est pas un JSON valide."),
        (b"][" * 40, "Le corps de la requête n'est pas un JSON valide."),
    ],
)
def test_profondeur_comptee_hors_des_textes(settings, corps, message):
    from rest_framework.exceptions import ParseError

    from commun.api import verifier_profondeur_json

    assert settings.API_PROFONDEUR_JSON_MAX == 32
    if message is None:
        verifier_profondeur_json(corps)
    else:
        with pytest.raises(ParseError, match=message.replace(".", r"\.")):
            verifier_profondeur_json(corps)
