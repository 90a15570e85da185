"""The porteur learns that their dossier is retained at the publication of the wave's results, with
every other candidate: a grant is not notified before (no letter, no e-mail), and a grant notified
earlier (before this rule) stays out of their pages, API and files until the publication."""

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from candidatures.models import Vague
from commun.erreurs import ConflitEtat
from financement.models import DocumentSubvention, Subvention
from financement.services import subvention_notifier, subvention_proposer
from tests.fabriques import factories as fab
from tests.financement import factories as ff

from .factories import dossier_de

pytestmark = pytest.mark.django_db


@pytest.fixture
def avant_publication(administrateur, porteur, django_capture_on_commit_callbacks):
    """A grant proposed at the committee of a wave whose results are not published yet."""
    vague = ff.vague(numero=7, statut=Vague.Statut.EN_INSTRUCTION, date_publication=None)
    dossier = dossier_de(porteur, vague=vague, tiers_lieu=fab.tiers_lieu(nom="La Fabrique du Lac"))
    with django_capture_on_commit_callbacks(execute=True):
        return subvention_proposer(dossier=dossier, par=administrateur)


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _publier(vague):
    Vague.objects.filter(pk=vague.pk).update(statut=Vague.Statut.RESULTATS_PUBLIES)


def test_le_service_refuse_de_notifier_avant_la_publication(avant_publication, administrateur, porteur, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ConflitEtat, match="ne sont pas encore publiés"):
        subvention_notifier(subvention=avant_publication, par=administrateur)
    avant_publication.refresh_from_db()
    assert avant_publication.statut == Subvention.Statut.PROPOSEE and mail.outbox == []

    _publier(avant_publication.dossier.vague)
    with django_capture_on_commit_callbacks(execute=True):
        subvention_notifier(subvention=avant_publication, par=administrateur)
    assert Subvention.objects.get(pk=avant_publication.pk).statut == Subvention.Statut.NOTIFIEE
    assert [m.to for m in mail.outbox] == [[porteur.email]]


def test_la_page_et_l_api_de_l_administrateur_disent_pourquoi(client, avant_publication, administrateur):
    client.force_login(administrateur)
    page = client.get(reverse("financement:subvention", args=[avant_publication.pk])).content.decode()
    assert "Notification possible une fois publiés les résultats de la vague 7" in page
    assert reverse("financement:subvention_notifier", args=[avant_publication.pk]) not in page
    reponse = client.post(reverse("financement:subvention_notifier", args=[avant_publication.pk]), follow=True)
    assert "Les résultats de la vague 7 ne sont pas encore publiés" in reponse.content.decode()
    reponse = _api(administrateur).post(f"/api/v1/subventions/{avant_publication.pk}/notifier/", {}, format="json")
    assert reponse.status_code == 409 and "ne sont pas encore publiés" in reponse.content.decode()
    assert Subvention.objects.get(pk=avant_publication.pk).statut == Subvention.Statut.PROPOSEE


def test_une_subvention_notifiee_avant_la_regle_reste_invisible_au_porteur_jusqu_a_la_publication(
    client, avant_publication, porteur, django_capture_on_commit_callbacks
):
    # A grant notified before the rule existed (written as the data would stand).
    Subvention.objects.filter(pk=avant_publication.pk).update(statut=Subvention.Statut.NOTIFIEE)
    document = DocumentSubvention.objects.get(subvention=avant_publication, type=DocumentSubvention.Type.NOTIFICATION)
    client.force_login(porteur)
    api = _api(porteur)

    assert "La Fabrique du Lac" not in client.get(reverse("financement:mes_subventions")).content.decode()
    assert client.get(reverse("financement:subvention", args=[avant_publication.pk])).status_code in (403, 404)
    assert api.get("/api/v1/subventions/").json()["count"] == 0
    assert api.get(f"/api/v1/subventions/{avant_publication.pk}/").status_code in (403, 404)
    assert client.get(reverse("financement:document", args=[document.pk])).status_code == 404

    _publier(avant_publication.dossier.vague)
    assert "La Fabrique du Lac" in client.get(reverse("financement:mes_subventions")).content.decode()
    assert api.get("/api/v1/subventions/").json()["count"] == 1
    assert api.get(f"/api/v1/subventions/{avant_publication.pk}/").status_code == 200
    assert client.get(reverse("financement:document", args=[document.pk])).status_code == 200
