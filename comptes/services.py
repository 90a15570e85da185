"""Account operations: invitations of instructeurs and administrateurs, roles, deactivation."""

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from commun.courriels import courriel_planifier
from commun.erreurs import ConflitEtat, ErreurMetier
from commun.journal import journaliser
from commun.politique import verifier
from commun.temps import maintenant

from .models import Invitation, User
from .roles import Role


def invitation_creer(*, par: User, email: str, role: str) -> Invitation:
    """Invite ``email`` as ``role`` and send the invitation e-mail."""
    email = email.strip().lower()
    if role not in (Role.INSTRUCTEUR, Role.ADMINISTRATEUR):
        raise ErreurMetier("Seuls les instructeurs et les administrateurs sont invités.", champ="role")
    if User.objects.filter(email__iexact=email).exists():
        raise ErreurMetier(f"Un compte existe déjà pour {email}.", champ="email")
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(email=email, role=role, invite_par=par)
            journaliser(acteur=par, action="comptes.invitation.creee", objet=invitation, apres="en_attente", donnees={"role": role})
            courriel_planifier(
                cle=f"invitation:{invitation.pk}",
                destinataire=email,
                gabarit="invitation",
                contexte={"invitation": invitation, "lien": reverse("comptes:accepter_invitation", args=[invitation.jeton])},
            )
    except IntegrityError as exc:
        raise ErreurMetier(f"Une invitation est déjà en attente pour {email}.", champ="email") from exc
    return invitation


def invitation_accepter(*, jeton: str, password: str, first_name: str = "", last_name: str = "") -> User:
    """Create the invited account with its role; the e-mail counts as confirmed."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(jeton=jeton).first()
        if invitation is None or not invitation.est_valide:
            raise ConflitEtat("Ce lien d'invitation n'est plus valable : demandez une nouvelle invitation à l'équipe du programme.")
        user = User(email=invitation.email, first_name=first_name, last_name=last_name)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ErreurMetier(" ".join(exc.messages), champ="password1") from exc
        user.set_password(password)
        user.save()
        user.attribuer_role(invitation.role)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        invitation.acceptee_le = maintenant()
        invitation.utilisateur = user
        invitation.save(update_fields=["acceptee_le", "utilisateur"])
        journaliser(acteur=user, action="comptes.invitation.acceptee", objet=invitation, avant="en_attente", apres="acceptee")
    return user


def utilisateur_desactiver(*, par: User, utilisateur: User) -> None:
    """Deactivate an account: it can no longer log in, and its history stays whole."""
    with transaction.atomic():
        utilisateur = User.objects.select_for_update().get(pk=utilisateur.pk)
        if not utilisateur.is_active:
            raise ConflitEtat("Ce compte est déjà désactivé.")
        if utilisateur.pk == par.pk:
            raise ErreurMetier("Vous ne pouvez pas désactiver votre propre compte.")
        utilisateur.is_active = False
        utilisateur.save(update_fields=["is_active"])
        journaliser(acteur=par, action="comptes.utilisateur.desactive", objet=utilisateur, avant="actif", apres="inactif")


def roles_modifier(*, par: User, utilisateur: User, roles) -> User:
    """Set the roles of ``utilisateur`` (a subset of ``Role``), audited with before and after. An
    administrateur keeps the Django admin (``is_staff``) with the role and loses it without it
    (superusers aside); nobody removes their own role of administrateur (the programme would be
    left without a way back)."""
    verifier(par, "comptes.roles_modifier", utilisateur, message="Seul un administrateur modifie les rôles d'une personne.")
    try:
        voulus = {Role(r) for r in roles}
    except ValueError as exc:
        raise ErreurMetier("Rôle inconnu.", champ="roles") from exc
    with transaction.atomic():
        utilisateur = User.objects.select_for_update().get(pk=utilisateur.pk)
        avant = {Role(r) for r in utilisateur.roles}
        if utilisateur.pk == par.pk and Role.ADMINISTRATEUR in avant - voulus:
            raise ErreurMetier("Vous ne pouvez pas retirer votre propre rôle d'administrateur.", champ="roles")
        if voulus == avant:
            return utilisateur
        from django.contrib.auth.models import Group

        from .roles import GROUPES

        for role in avant - voulus:
            utilisateur.groups.remove(*Group.objects.filter(name=GROUPES[role]))
        for role in voulus - avant:
            utilisateur.groups.add(Group.objects.get_or_create(name=GROUPES[role])[0])
        staff = Role.ADMINISTRATEUR in voulus or utilisateur.is_superuser
        if utilisateur.is_staff != staff:
            utilisateur.is_staff = staff
            utilisateur.save(update_fields=["is_staff"])
        utilisateur.__dict__.pop("_roles_cache", None)
        journaliser(
            acteur=par,
            action="comptes.roles.modifies",
            objet=utilisateur,
            avant=", ".join(sorted(avant)),
            apres=", ".join(sorted(voulus)),
            donnees={"retires": sorted(avant - voulus), "ajoutes": sorted(voulus - avant)},
        )
    return utilisateur


def jeton_api_renouveler(*, user: User):
    """Create the user's personal API token, replacing any previous one."""
    from rest_framework.authtoken.models import Token

    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        jeton = Token.objects.create(user=user)
        journaliser(acteur=user, action="comptes.jeton_api.cree", objet=user)
    return jeton


def jeton_api_revoquer(*, user: User) -> bool:
    """Revoke the user's personal API token; return whether there was one."""
    from rest_framework.authtoken.models import Token

    with transaction.atomic():
        supprimes, _ = Token.objects.filter(user=user).delete()
        if supprimes:
            journaliser(acteur=user, action="comptes.jeton_api.revoque", objet=user)
    return bool(supprimes)


def jetons_api_revoquer(*, user: User, motif: str) -> int:
    """Revoke every API token of ``user`` after a new password or a deactivation (comptes.signaux);
    audited when there was one, the reason in the entry."""
    from rest_framework.authtoken.models import Token

    with transaction.atomic():
        supprimes, _ = Token.objects.filter(user=user).delete()
        if supprimes:
            journaliser(acteur=None, action="comptes.jeton_api.revoque", objet=user, donnees={"motif": motif})
    return supprimes


def courriels_choisir(*, user: User, recus) -> User:
    """Keep the kinds of e-mails ``user`` wants among those they may switch off (audited).

    Kinds that do not concern the user's current roles keep their previous choice."""
    from .notifications import categories_de

    proposees = [str(c) for c in categories_de(user)]
    recus = {str(c) for c in recus}
    inconnues = recus - set(proposees)
    if inconnues:
        raise ErreurMetier("Ce type de courriel n'existe pas pour votre compte : " + ", ".join(sorted(inconnues)) + ".", champ="recus")
    avant = list(user.courriels_coupes or [])
    coupes = sorted({c for c in avant if c not in proposees} | {c for c in proposees if c not in recus})
    if coupes != sorted(avant):
        with transaction.atomic():
            user.courriels_coupes = coupes
            user.save(update_fields=["courriels_coupes"])
            journaliser(
                acteur=user, action="comptes.courriels.choisis", objet=user, donnees={"coupes_avant": sorted(avant), "coupes_apres": coupes}
            )
    return user
