"""The one decorator turning a domain error into a message and a redirect (commun.erreurs)."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from commun.erreurs import ConfirmationRequise, ConflitEtat, ErreurMetier, erreur_en_message


def _requete(methode="post", chemin="/une/page/?vague=3"):
    requete = getattr(RequestFactory(), methode)(chemin)
    SessionMiddleware(lambda r: None).process_request(requete)
    requete._messages = FallbackStorage(requete)
    return requete


def _messages(requete):
    return [(m.level_tag, m.message) for m in get_messages(requete)]


def test_une_erreur_du_service_devient_un_message_et_renvoie_vers_la_page_nommee():
    @erreur_en_message("candidatures:dossier", "pk", ancre="#echanges")
    def vue(request, pk, piece_pk):
        raise ConflitEtat("Le dossier est déjà déposé : il ne se modifie plus.")

    requete = _requete()
    reponse = vue(requete, pk=12, piece_pk=4)
    assert reponse.status_code == 302
    assert reponse.url == reverse("candidatures:dossier", kwargs={"pk": 12}) + "#echanges"
    assert _messages(requete) == [("error", "Le dossier est déjà déposé : il ne se modifie plus.")]


def test_sans_destination_la_page_se_recharge_avec_ses_parametres():
    @erreur_en_message()
    def vue(request):
        raise ErreurMetier("Aucune vague n'accepte de dossier en ce moment.")

    requete = _requete("get")
    reponse = vue(requete)
    assert reponse.url == "/une/page/?vague=3"
    assert _messages(requete) == [("error", "Aucune vague n'accepte de dossier en ce moment.")]


def test_une_destination_calculee_recoit_les_arguments_de_la_vue():
    @erreur_en_message(lambda request, pk: f"/subventions/{pk * 2}/", ancre="#versements")
    def vue(request, pk):
        raise ConfirmationRequise("Cochez la case pour confirmer.")

    requete = _requete()
    assert vue(requete, pk=21).url == "/subventions/42/#versements"
    assert _messages(requete) == [("error", "Cochez la case pour confirmer.")]


def test_la_reussite_passe_sans_changement_et_une_autre_erreur_n_est_pas_masquee():
    @erreur_en_message("candidatures:mes_dossiers")
    def reussit(request):
        return HttpResponse("fait")

    @erreur_en_message("candidatures:mes_dossiers")
    def plante(request):
        raise KeyError("bogue")

    requete = _requete()
    assert reussit(requete).content == b"fait"
    assert reussit.__name__ == "reussit"  # wraps: the URL names and the access checks still see the view
    with pytest.raises(KeyError):
        plante(requete)
    assert _messages(requete) == []
