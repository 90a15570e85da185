"""Co-managers of a tiers-lieu: an invitation the invitee accepts, one answer whatever the address.

Attack of issue 17: inviting an address answered differently for a staff account, an existing porteur
and an unknown address (account enumeration), and an existing porteur became co-manager at once,
without consent (forced association). Now the same invitation, the same e-mail and the same answer
for every address; nobody manages anything before accepting, signed in with the invited address.
"""

import re

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from commun.models import EntreeJournal
from fabriques.models import InvitationGestionnaire
from fabriques.services import gestionnaire_invitation_accepter, gestionnaire_inviter
from tests.conftest import creer_utilisateur
from tests.fabriques import factories as fab

pytestmark = pytest.mark.django_db

ADRESSES = {
    "inconnue": "personne@exemple.fr",
    "porteur": "autre.porteur@exemple.fr",
    "instructeur": "instructeur@anct.example.fr",
    "administrateur": "admin@anct.example.fr",
}


@pytest.fixture
def comptes(autre_porteur, instructeur, administrateur):
    return {"porteur": autre_porteur, "instructeur": instructeur, "administrateur": administrateur}


def _anonymise(texte: str, email: str) -> str:
    texte = texte.replace(email, "<adresse>")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", texte)


def test_la_page_repond_la_meme_chose_pour_chaque_adresse(client, porteur, comptes, django_capture_on_commit_callbacks):
    tiers_lieu = fab.tiers_lieu(gestionnaires=[porteur])
    client.force_login(porteur)
    pages, courriels = {}, {}
    for nature, email in ADRESSES.items():
        with django_capture_on_commit_callbacks(execute=True):
            reponse = client.post(reverse("fabriques:gestionnaires", args=[tiers_lieu.pk]), {"email": email})
        assert reponse.status_code == 302, nature
        page = client.get(reponse["Location"]).content.decode()
        message = re.search(r'id="messages">(.*?)</p>', page, re.S).group(1)
        pages[nature] = _anonymise(message, email)
        courriel = mail.outbox[-1]
        assert courriel.to == [email]
        courriels[nature] = (_anonymise(courriel.subject, email), _anonymise(courriel.body, email))
    assert len(set(pages.values())) == 1, pages
    assert "quand elle l&#x27;aura acceptée" in pages["porteur"]
    assert len(set(courriels.values())) == 1
    # Nobody was made a manager: four invitations wait for their answer.
    assert list(tiers_lieu.gestionnaires.all()) == [porteur]
    assert InvitationGestionnaire.objects.filter(tiers_lieu=tiers_lieu, acceptee_le__isnull=True).count() == 4


def test_l_api_repond_la_meme_chose_pour_chaque_adresse(porteur, comptes):
    tiers_lieu = fab.tiers_lieu(gestionnaires=[porteur])
    client = APIClient()
    client.force_authenticate(porteur)
    reponses = {}
    for nature, email in ADRESSES.items():
        reponse = client.post(reverse("api-tiers-lieu-gestionnaires", args=[tiers_lieu.pk]), {"email": email}, format="json")
        reponses[nature] = (reponse.status_code, _anonymise(reponse.content.decode(), email), sorted(reponse.headers))
    assert len(set(map(str, reponses.values()))) == 1, reponses
    assert reponses["inconnue"][0] == 202
    assert list(tiers_lieu.gestionnaires.all()) == [porteur]


def test_le_porteur_invite_accepte_depuis_son_compte(client, porteur, autre_porteur, django_capture_on_commit_callbacks):
    tiers_lieu = fab.tiers_lieu(gestionnaires=[porteur])
    with django_capture_on_commit_callbacks(execute=True):
        gestionnaire_inviter(tiers_lieu=tiers_lieu, email=autre_porteur.email, par=porteur)
    lien = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    assert lien == reverse("fabriques:invitations")
    assert client.get(lien).status_code == 302  # sign in first
    client.force_login(autre_porteur)
    assert client.get(reverse("fabriques:modifier", args=[tiers_lieu.pk])).status_code == 403  # not a manager yet
    assert "1 invitation à gérer un tiers-lieu vous attend" in client.get(reverse("fabriques:mes_tiers_lieux")).content.decode()
    page = client.get(lien).content.decode()
    assert tiers_lieu.nom in page and "Accepter" in page
    invitation = InvitationGestionnaire.objects.get()
    reponse = client.post(reverse("fabriques:invitation_accepter", args=[invitation.pk]), follow=True)
    assert f"Vous gérez désormais « {tiers_lieu.nom} »" in reponse.content.decode()
    assert set(tiers_lieu.gestionnaires.all()) == {porteur, autre_porteur}
    assert client.get(reverse("fabriques:modifier", args=[tiers_lieu.pk])).status_code == 200
    assert EntreeJournal.objects.filter(action="fabriques.gestionnaire.invitation_acceptee", acteur=autre_porteur).exists()
    assert EntreeJournal.objects.filter(action="fabriques.gestionnaire.invite", acteur=porteur).exists()


def test_le_porteur_invite_decline(client, porteur, autre_porteur):
    tiers_lieu = fab.tiers_lieu(gestionnaires=[porteur])
    invitation = gestionnaire_inviter(tiers_lieu=tiers_lieu, email=autre_porteur.email, par=porteur)
    client.force_login(autre_porteur)
    reponse = client.post(reverse("fabriques:invitation_decliner", args=[invitation.pk]), follow=True)
    assert "déclinée" in reponse.content.decode()
    assert list(tiers_lieu.gestionnaires.all()) == [porteur]
    assert not InvitationGestionnaire.objects.exists()
    assert EntreeJournal.objects.filter(
        action="fabriques.gestionnaire.invitation_declinee", acteur=autre_porteur, etat_apres="declinee"
    ).exists()
    # Declined, the colleague may be invited again.
    gestionnaire_inviter(tiers_lieu=tiers_lieu, email=autre_porteur.email, par=porteur)


def test_une_nouvelle_inscription_ne_devient_gestionnaire_qu_en_acceptant(client, porteur):
    from allauth.account.models import EmailAddress
    from allauth.account.signals import email_confirmed

    tiers_lieu = fab.tiers_lieu(gestionnaires=[porteur])
    invitation = gestionnaire_inviter(tiers_lieu=tiers_lieu, email="nouvelle@exemple.fr", par=porteur)
    nouvelle = creer_utilisateur("nouvelle@exemple.fr")
    email_confirmed.send(sender=EmailAddress, request=None, email_address=EmailAddress.objects.get(user=nouvelle))
    assert not tiers_lieu.gestionnaires.filter(pk=nouvelle.pk).exists()
    client.force_login(nouvelle)
    client.post(reverse("fabriques:invitation_accepter", args=[invitation.pk]))
    assert tiers_lieu.gestionnaires.filter(pk=nouvelle.pk).exists()


def test_seule_la_personne_invitee_repond(client, porteur, autre_porteur):
    tiers_lieu = fab.tiers_lieu(gestionnaires=[porteur])
    invitation = gestionnaire_inviter(tiers_lieu=tiers_lieu, email="quelquun@exemple.fr", par=porteur)
    intrus = creer_utilisateur("intrus@exemple.fr")
    client.force_login(intrus)
    assert client.post(reverse("fabriques:invitation_accepter", args=[invitation.pk])).status_code == 403
    api = APIClient()
    api.force_authenticate(intrus)
    assert api.post(reverse("api-invitation-accepter", args=[invitation.pk])).status_code == 403
    assert api.get(reverse("api-invitations")).json()["results"] == []
    assert not tiers_lieu.gestionnaires.filter(pk=intrus.pk).exists()


def test_un_compte_de_l_equipe_ne_peut_pas_accepter(client, porteur, instructeur):
    tiers_lieu = fab.tiers_lieu(gestionnaires=[porteur])
    invitation = gestionnaire_inviter(tiers_lieu=tiers_lieu, email=instructeur.email, par=porteur)
    client.force_login(instructeur)
    reponse = client.post(reverse("fabriques:invitation_accepter", args=[invitation.pk]), follow=True)
    assert "Seul un compte de porteur de projet peut gérer un tiers-lieu" in reponse.content.decode()
    assert not tiers_lieu.gestionnaires.filter(pk=instructeur.pk).exists()


def test_accepter_par_l_api(porteur, autre_porteur):
    tiers_lieu = fab.tiers_lieu(gestionnaires=[porteur])
    invitation = gestionnaire_inviter(tiers_lieu=tiers_lieu, email=autre_porteur.email, par=porteur)
    api = APIClient()
    api.force_authenticate(autre_porteur)
    assert [i["id"] for i in api.get(reverse("api-invitations")).json()["results"]] == [invitation.pk]
    reponse = api.post(reverse("api-invitation-accepter", args=[invitation.pk]))
    assert reponse.status_code == 200
    assert tiers_lieu.gestionnaires.filter(pk=autre_porteur.pk).exists()
    # Answered once: a second answer is a conflict, not a second association.
    assert api.post(reverse("api-invitation-decliner", args=[invitation.pk])).status_code == 409


def test_accepter_deux_fois_ne_change_rien(porteur, autre_porteur):
    from commun.erreurs import ConflitEtat

    tiers_lieu = fab.tiers_lieu(gestionnaires=[porteur])
    invitation = gestionnaire_inviter(tiers_lieu=tiers_lieu, email=autre_porteur.email, par=porteur)
    gestionnaire_invitation_accepter(invitation=invitation, utilisateur=autre_porteur)
    with pytest.raises(ConflitEtat):
        gestionnaire_invitation_accepter(invitation=invitation, utilisateur=autre_porteur)


def test_la_demonstration_montre_une_invitation_a_la_porteuse(client):
    import io

    from comptes import demo as demo_comptes
    from comptes.models import User
    from fabriques import demo as demo_fabriques

    demo_comptes.charger(io.StringIO())
    for _ in range(2):  # idempotent
        demo_fabriques.charger(io.StringIO())
    porteuse = User.objects.get(email="porteuse@demo.fabriques.anct.fr")
    client.force_login(porteuse)
    page = client.get(reverse("fabriques:invitations")).content.decode()
    assert "La Fabrique du Blosne (démonstration)" in page
    assert InvitationGestionnaire.objects.count() == 1
