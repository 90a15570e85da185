"""The technical admin is read-only for domain data; a person's roles change only through the service
``roles_modifier`` (rule « comptes.roles_modifier », journalled), the admin's user form included."""

import pytest
from django.urls import reverse

from commun.erreurs import AccesRefuse, ErreurMetier
from commun.models import EntreeJournal
from comptes.models import Invitation, User
from comptes.roles import Role, synchroniser_groupes
from comptes.services import roles_modifier
from fabriques.models import Label, TiersLieu
from tests.candidatures import factories_instruction as f

pytestmark = pytest.mark.django_db


def test_roles_modifier_journalise_avant_et_apres(administrateur, porteur):
    roles_modifier(par=administrateur, utilisateur=porteur, roles=[Role.PORTEUR, Role.INSTRUCTEUR])
    porteur = User.objects.get(pk=porteur.pk)
    assert porteur.est_instructeur and porteur.est_porteur and not porteur.is_staff
    entree = EntreeJournal.objects.get(action="comptes.roles.modifies")
    assert (entree.acteur, entree.etat_avant, entree.etat_apres) == (administrateur, "porteur", "instructeur, porteur")
    roles_modifier(par=administrateur, utilisateur=porteur, roles=[Role.ADMINISTRATEUR])
    porteur = User.objects.get(pk=porteur.pk)
    assert porteur.roles == {Role.ADMINISTRATEUR} and porteur.is_staff
    roles_modifier(par=administrateur, utilisateur=porteur, roles=[])
    assert not User.objects.get(pk=porteur.pk).is_staff


def test_roles_modifier_refuse_a_qui_n_est_pas_administrateur_et_son_propre_role(administrateur, instructeur, porteur):
    with pytest.raises(AccesRefuse):
        roles_modifier(par=instructeur, utilisateur=porteur, roles=[Role.ADMINISTRATEUR])
    with pytest.raises(ErreurMetier, match="propre rôle d'administrateur"):
        roles_modifier(par=administrateur, utilisateur=administrateur, roles=[Role.INSTRUCTEUR])
    assert User.objects.get(pk=administrateur.pk).est_administrateur
    assert not EntreeJournal.objects.filter(action="comptes.roles.modifies").exists()


def test_le_formulaire_de_l_administration_passe_par_le_service(client, administrateur, porteur):
    client.force_login(administrateur)
    url = reverse("admin:comptes_user_change", args=[porteur.pk])
    assert 'name="roles"' in client.get(url).content.decode()
    reponse = client.post(url, {"roles": [Role.PORTEUR, Role.INSTRUCTEUR], "first_name": "Pirate", "is_superuser": "on"})
    assert reponse.status_code == 302
    porteur = User.objects.get(pk=porteur.pk)
    assert porteur.roles == {Role.PORTEUR, Role.INSTRUCTEUR}
    assert porteur.first_name == "Paul" and not porteur.is_superuser  # nothing else is written there
    assert EntreeJournal.objects.filter(action="comptes.roles.modifies", acteur=administrateur).count() == 1


def test_le_formulaire_dit_le_refus_du_service(client, administrateur):
    client.force_login(administrateur)
    reponse = client.post(reverse("admin:comptes_user_change", args=[administrateur.pk]), {"roles": [Role.INSTRUCTEUR]}, follow=True)
    page = reponse.content.decode()
    assert "propre rôle d&#x27;administrateur" in page and "avec succès" not in page
    assert User.objects.get(pk=administrateur.pk).est_administrateur


def test_l_administration_ne_modifie_pas_les_donnees_du_programme(client, administrateur):
    synchroniser_groupes()  # the administrateurs' group gets every model permission, as after migrate
    administrateur = User.objects.get(pk=administrateur.pk)
    assert administrateur.has_perm("fabriques.change_tierslieu")  # the permission is there: the admin itself refuses
    lieu = f.tiers_lieu()
    client.force_login(administrateur)
    for modele, objet in ((TiersLieu, lieu), (Invitation, None), (Label, None)):
        app, nom = modele._meta.app_label, modele._meta.model_name
        assert client.get(reverse(f"admin:{app}_{nom}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:{app}_{nom}_add")).status_code == 403
        if objet is not None:
            assert client.post(reverse(f"admin:{app}_{nom}_change", args=[objet.pk]), {"nom": "Renommé"}).status_code == 403
            assert client.post(reverse(f"admin:{app}_{nom}_delete", args=[objet.pk]), {"post": "yes"}).status_code == 403
    assert TiersLieu.objects.get(pk=lieu.pk).nom == lieu.nom
    assert client.get(reverse("admin:comptes_user_add")).status_code == 403
