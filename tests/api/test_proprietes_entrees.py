"""Whatever body a client sends to the applicant's and the reviewer's writes — any JSON, broken
JSON, any bytes as a file — the API never answers 5xx; an error has the one shape
``{"detail": …, "errors": {champ: [messages]}}``; and after a 4xx the draft, the files and the
review are exactly as they were."""

import datetime as dt
import hashlib
import json
import os

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from candidatures.forms.depot import FORMULAIRES_SECTIONS
from candidatures.models import Dossier, Evaluation, PieceJointe
from commun.temps import PARIS
from tests.candidatures import factories as fc
from tests.candidatures import factories_instruction as fi

pytestmark = pytest.mark.django_db
AVANT = dt.datetime(2026, 12, 30, 23, 59, 59, 999999, tzinfo=PARIS)  # the last instant of wave 4
APRES = AVANT + dt.timedelta(microseconds=1)
CHAMPS = sorted(
    {nom for forme in FORMULAIRES_SECTIONS.values() for nom in forme.base_fields}
    | {f"{c}_{x}" for c in ("note", "commentaire") for x in ("ambition", "ancrage", "gouvernance", "modele_economique")}
    | {"avis", "note_comite", "soumettre", "type", "fichier"}
)

scalaires = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["\x00", "x" * 5001, "60 000,00", "49 999,50", "1e999999", "NaN", "3", "2,5"]),
)
valeurs = st.recursive(scalaires, lambda e: st.lists(e, max_size=3) | st.dictionaries(st.text(max_size=5), e, max_size=3), max_leaves=5)
corps_json = st.one_of(valeurs, st.dictionaries(st.one_of(st.sampled_from(CHAMPS), st.text(max_size=6)), valeurs, max_size=6))
corps_bruts = st.one_of(st.binary(max_size=40), st.sampled_from([b"{", b"NaN", b'{"resume": "\\ud800"}', b"\xff\xfe", b'{"a":' * 50]))


def _envoyer(client, methode, url, corps):
    if isinstance(corps, bytes):
        return client.generic(methode, url, corps, content_type="application/json")
    return getattr(client, methode.lower())(url, corps, format="json")


def _forme_erreur(reponse) -> None:
    assert reponse.status_code < 500, reponse.content[:300]
    if reponse.status_code >= 400:
        donnees = reponse.json()
        assert set(donnees) >= {"detail", "errors"} and isinstance(donnees["detail"], str) and donnees["detail"]
        assert isinstance(donnees["errors"], dict)
        assert all(isinstance(m, list) and all(isinstance(x, str) for x in m) for m in donnees["errors"].values())


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def brouillon(porteur):
    with time_machine.travel(AVANT, tick=False):
        return fc.completer(fc.brouillon(porteur, fc.vague()), porteur)


def _etat(dossier):
    dossier = Dossier.objects.get(pk=dossier.pk)
    pieces = sorted((p.type, p.sha256, p.fichier.name, p.fichier.read()) for p in PieceJointe.objects.filter(dossier=dossier))
    return dossier.statut, dossier.contenu, dossier.montants, dossier.bonus_numerique, pieces


@settings(max_examples=60)
@given(section=st.sampled_from(sorted(FORMULAIRES_SECTIONS)), corps=st.one_of(corps_json, corps_bruts))
def test_sections_jamais_de_5xx_et_rien_de_change_sur_erreur(brouillon, porteur, section, corps):
    avant = _etat(brouillon)
    with time_machine.travel(AVANT, tick=False):
        reponse = _envoyer(_client(porteur), "PUT", f"/api/v1/dossiers/{brouillon.pk}/sections/{section}/", corps)
    _forme_erreur(reponse)
    if reponse.status_code >= 400 and section != "montants":  # amounts: the valid years are kept (documented)
        assert _etat(brouillon) == avant


@settings(max_examples=30)
@given(
    type_=st.one_of(
        st.sampled_from(PieceJointe.Type.values), st.text(max_size=8)
    ),  # A name Django's own upload class refuses to build (« a/ », « .. ») never reaches the portal.
    nom=st.text(max_size=30).filter(lambda n: os.path.basename(n or "sans-nom") not in {"", ".", ".."}),
    contenu=st.one_of(st.binary(max_size=200), st.just(fc.PDF_MINIMAL), st.just(fc.PNG_MINIMAL)),
    remplacer=st.booleans(),
    json_=st.one_of(st.none(), corps_json),
)
def test_pieces_jamais_de_5xx_et_fichiers_intacts_sur_erreur(brouillon, porteur, type_, nom, contenu, remplacer, json_):
    client = _client(porteur)
    piece = PieceJointe.objects.filter(dossier=brouillon).order_by("pk").first()
    url = f"/api/v1/dossiers/{brouillon.pk}/pieces/" + (f"{piece.pk}/" if remplacer else "")
    avant = _etat(brouillon)
    with time_machine.travel(AVANT, tick=False):
        if json_ is not None:  # a JSON body where a multipart one is expected
            reponse = _envoyer(client, "PUT" if remplacer else "POST", url, json_)
        else:
            corps = {"type": type_, "fichier": fc.fichier(nom or "sans-nom", contenu)}
            reponse = (client.put if remplacer else client.post)(url, corps, format="multipart")
    _forme_erreur(reponse)
    if reponse.status_code >= 400:
        assert _etat(brouillon) == avant
    elif reponse.status_code == 201:
        PieceJointe.objects.get(pk=reponse.json()["id"]).fichier.delete()  # keep the draft within its 50 MB
        PieceJointe.objects.filter(pk=reponse.json()["id"]).delete()


@settings(max_examples=20)
@given(corps=st.one_of(corps_json, corps_bruts), instant=st.sampled_from([AVANT, APRES]))
def test_depot_jamais_de_5xx_et_brouillon_intact_sur_erreur(brouillon, porteur, corps, instant):
    avant = _etat(brouillon)
    with time_machine.travel(instant, tick=False):
        reponse = _envoyer(_client(porteur), "POST", f"/api/v1/dossiers/{brouillon.pk}/deposer/", corps)
    _forme_erreur(reponse)
    if reponse.status_code >= 400:
        assert _etat(brouillon) == avant
        if instant == APRES and isinstance(corps, dict):
            assert "date limite" in reponse.json()["detail"] and "rien n'est perdu" in reponse.json()["detail"]
    else:
        assert instant == AVANT and reponse.json()["statut"] == "depose"
        Dossier.objects.filter(pk=brouillon.pk).update(statut=Dossier.Statut.BROUILLON, numero=None, depose_le=None, depose_par=None)


@pytest.fixture
def evaluation():
    ivan = fi.instructeur("ivan@api.fr", national=True)
    dossier = fi.dossier()
    fi.affecter(dossier, ivan)
    return dossier, ivan


def _etat_evaluation(dossier):
    return sorted(
        Evaluation.objects.filter(dossier=dossier).values_list(
            "statut", "avis", "note_comite", "notes__critere", "notes__note", "notes__commentaire"
        ),
        key=json.dumps,
    )


@settings(max_examples=60)
@given(
    corps=st.one_of(
        corps_json,
        corps_bruts,
        st.fixed_dictionaries({"soumettre": st.just(True)}, optional={c: valeurs for c in CHAMPS if c != "soumettre"}),
    )
)
def test_evaluation_jamais_de_5xx_et_inchangee_sur_erreur(evaluation, corps):
    dossier, ivan = evaluation
    avant = _etat_evaluation(dossier)
    reponse = _envoyer(_client(ivan), "PUT", f"/api/v1/instruction/dossiers/{dossier.pk}/evaluation/", corps)
    _forme_erreur(reponse)
    if reponse.status_code >= 400:
        assert _etat_evaluation(dossier) == avant
    if Evaluation.objects.filter(dossier=dossier, statut=Evaluation.Statut.SOUMISE).exists():
        Evaluation.objects.filter(dossier=dossier).delete()  # next example starts from a draft again


def test_hash_des_pieces_du_brouillon(brouillon):
    """The fixture's files are what the assertions above compare, byte for byte."""
    for piece in PieceJointe.objects.filter(dossier=brouillon):
        assert hashlib.sha256(piece.fichier.read()).hexdigest() == piece.sha256
