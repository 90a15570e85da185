"""The committee does not decide a dossier whose complement request is still open, unless it says
why (the request is then closed): the porteur never reads « retenu » beside « compléments à renvoyer »."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from candidatures.models import Decision, DemandeComplement, Dossier
from candidatures.services.echanges import complement_demander
from commun.erreurs import ConflitEtat, ErreurMetier
from commun.models import EntreeJournal
from selection.services.comite import comite_clore, decision_enregistrer
from tests.candidatures import factories_instruction as f

pytestmark = pytest.mark.django_db


def _avec_complement(par):
    dossier = f.dossier()
    demande = complement_demander(
        dossier=dossier,
        par=par,
        sections=["budget"],
        message="Détaillez les ressources de l'année 2.",
        date_limite=dt.date.today() + dt.timedelta(days=10),
    )
    return dossier, demande


def test_decider_un_dossier_au_complement_ouvert_demande_un_choix_explicite(administrateur):
    dossier, demande = _avec_complement(administrateur)
    with pytest.raises(ErreurMetier) as erreur:
        decision_enregistrer(dossier=dossier, resultat="retenu", par=administrateur)
    assert "Une demande de complément est encore ouverte" in erreur.value.message
    assert erreur.value.champ == "complement_motif"
    assert not Decision.objects.exists()

    decision_enregistrer(dossier=dossier, resultat="retenu", par=administrateur, complement_motif="Pièce secondaire, projet solide")
    demande.refresh_from_db()
    dossier.refresh_from_db()
    assert demande.statut == DemandeComplement.Statut.ANNULEE
    assert dossier.statut == Dossier.Statut.EN_INSTRUCTION
    assert EntreeJournal.objects.filter(action="comite.decision.malgre_complement").count() == 1


def test_la_cloture_refuse_une_demande_ouverte_apres_la_decision(administrateur):
    dossier = f.dossier()
    decision_enregistrer(dossier=dossier, resultat="non_retenu", motivation="Ancrage insuffisant.", par=administrateur)
    complement_demander(
        dossier=dossier, par=administrateur, sections=["budget"], message="Précisez.", date_limite=dt.date.today() + dt.timedelta(days=10)
    )
    with pytest.raises(ConflitEtat, match="1 demande de complément encore ouverte"):
        comite_clore(vague=dossier.vague, par=administrateur)


def test_page_du_comite_et_de_decision(client, administrateur):
    dossier, _demande = _avec_complement(administrateur)
    client.force_login(administrateur)
    comite = client.get(reverse("candidatures:comite", args=[dossier.vague_id])).content.decode()
    assert "1 demande de complément encore ouverte" in comite and "Complément attendu" in comite
    url = reverse("candidatures:comite_decision", args=[dossier.pk])
    page = client.get(url).content.decode()
    assert "Une demande de complément attend la réponse du porteur" in page
    reponse = client.post(url, {"resultat": "retenu", "motivation": "", "complement_motif": ""})
    assert reponse.status_code == 400
    assert "Une demande de complément est encore ouverte" in reponse.content.decode()
    reponse = client.post(url, {"resultat": "retenu", "motivation": "", "complement_motif": "Projet solide"})
    assert reponse.status_code == 302
    assert Decision.objects.get().resultat == "retenu"


def test_api_de_decision(administrateur):
    dossier, _demande = _avec_complement(administrateur)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=administrateur).key}")
    url = f"/api/v1/comite/dossiers/{dossier.pk}/decision/"
    reponse = api.put(url, {"resultat": "retenu"}, format="json")
    assert reponse.status_code == 400
    assert reponse.json()["errors"]["complement_motif"][0].startswith("Une demande de complément est encore ouverte")
    reponse = api.put(url, {"resultat": "retenu", "complement_motif": "Projet solide"}, format="json")
    assert reponse.status_code == 200
