"""The deposit obeys the same deadline and completeness rules in the browser and through the API.

One table of cases, run through both doors: the page's form (POST) and the API (POST …/deposer/).
Same outcome, same message, and on refusal the draft is unchanged.
"""

import datetime as dt
import html

import pytest
import time_machine
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from candidatures.models import Dossier
from commun.temps import fin_de_journee_paris
from tests.candidatures import factories as f

pytestmark = pytest.mark.django_db
DERNIER_INSTANT = fin_de_journee_paris(dt.date(2026, 12, 30))  # 23:59:59.999999, Paris
MINUIT = DERNIER_INSTANT + dt.timedelta(microseconds=1)
EN_NOVEMBRE = dt.datetime(2026, 11, 23, 15, tzinfo=dt.UTC)

# case → (instant of the deposit, how the draft is prepared, accepted?, start of the refusal message)
CAS = {
    "derniere_microseconde": (DERNIER_INSTANT, "complet", True, None),
    "minuit": (MINUIT, "complet", False, "La date limite de dépôt de la vague 4 était le mercredi 30 décembre 2026 à 23 h 59 min 59 s"),
    "incomplet": (EN_NOVEMBRE, "incomplet", False, "Le dossier est incomplet : Présentation du projet"),
    "sans_pieces": (EN_NOVEMBRE, "sans_pieces", False, "Le dossier est incomplet : Pièce manquante : Statuts de la structure porteuse"),
    "avant_ouverture": (
        dt.datetime(2026, 9, 30, 12, tzinfo=dt.UTC),
        "complet",
        False,
        "Le dépôt de la vague 4 ouvre le jeudi 1 octobre 2026",
    ),
}


def _preparer(porteur, maniere: str) -> Dossier:
    with time_machine.travel(EN_NOVEMBRE, tick=False):
        dossier = f.brouillon(porteur)
        if maniere == "incomplet":
            from candidatures.services.dossiers import dossier_enregistrer_section

            return dossier_enregistrer_section(dossier=dossier, section="presentation", donnees={"resume": "Début"}, par=porteur)
        return f.completer(dossier, porteur, pieces=(maniere != "sans_pieces"))


def _par_le_navigateur(client, porteur, dossier):
    client.force_login(porteur)
    reponse = client.post(reverse("candidatures:dossier_deposer", args=[dossier.pk]))
    return reponse.status_code == 302, html.unescape(reponse.content.decode())


def _par_l_api(client, porteur, dossier):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=porteur).key}")
    reponse = api.post(reverse("api-dossier-deposer", args=[dossier.pk]))
    assert reponse.status_code in (200, 400), reponse.content
    return reponse.status_code == 200, reponse.json().get("detail", "")


@pytest.mark.parametrize("porte", ["navigateur", "api"])
@pytest.mark.parametrize("cas", sorted(CAS))
def test_depot_memes_regles_par_les_deux_portes(client, porteur, cas, porte):
    instant, maniere, accepte, message = CAS[cas]
    dossier = _preparer(porteur, maniere)
    contenu_avant = dossier.contenu
    with time_machine.travel(instant, tick=False):
        depose, texte = (_par_le_navigateur if porte == "navigateur" else _par_l_api)(client, porteur, dossier)
    dossier.refresh_from_db()
    assert depose is accepte
    if accepte:
        assert dossier.statut == Dossier.Statut.DEPOSE and dossier.depose_le == instant and dossier.numero
    else:
        assert message in texte
        assert dossier.statut == Dossier.Statut.BROUILLON and dossier.numero is None and dossier.contenu == contenu_avant


def test_le_meme_message_mot_pour_mot(client, porteur):
    """Past the deadline, the API's ``detail`` is exactly the sentence the page shows."""
    dossier = _preparer(porteur, "complet")
    with time_machine.travel(MINUIT, tick=False):
        _, page = _par_le_navigateur(client, porteur, dossier)
        _, detail = _par_l_api(client, porteur, dossier)
    assert detail.startswith("La date limite de dépôt") and detail in page


def test_depot_deja_fait_conflit_409(porteur):
    dossier = _preparer(porteur, "complet")
    api = APIClient()
    api.force_authenticate(porteur)
    with time_machine.travel(EN_NOVEMBRE, tick=False):
        assert api.post(reverse("api-dossier-deposer", args=[dossier.pk])).status_code == 200
        reponse = api.post(reverse("api-dossier-deposer", args=[dossier.pk]))
    assert reponse.status_code == 409
    assert "déjà déposé" in reponse.json()["detail"]
