"""Users log in with their e-mail address; their role comes from their group."""

import secrets
from datetime import timedelta

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from commun.temps import maintenant

from .roles import GROUPES, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        user = self._create_user(email, password, **extra)
        user.attribuer_role(Role.ADMINISTRATEUR)
        return user

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person using the portal. The e-mail address is the login."""

    username = None
    email = models.EmailField("adresse électronique", unique=True)
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    # Kinds of e-mails this person switched off (comptes.notifications.Categorie values).
    courriels_coupes = models.JSONField("courriels désactivés", default=list, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="utilisateur_email_insensible_casse")]

    def __str__(self):
        nom = self.get_full_name()
        return f"{nom} <{self.email}>" if nom else self.email

    # --- Roles --------------------------------------------------------------------------
    @property
    def roles(self) -> set[str]:
        """Return the roles of this user (cached on the instance)."""
        if not hasattr(self, "_roles_cache"):
            noms = {nom: role for role, nom in GROUPES.items()}
            self._roles_cache = {noms[g] for g in self.groups.values_list("name", flat=True) if g in noms}
        return self._roles_cache

    def a_role(self, role: str) -> bool:
        return self.is_active and role in self.roles

    @property
    def est_porteur(self) -> bool:
        return self.a_role(Role.PORTEUR)

    @property
    def est_instructeur(self) -> bool:
        return self.a_role(Role.INSTRUCTEUR)

    @property
    def est_administrateur(self) -> bool:
        return self.a_role(Role.ADMINISTRATEUR)

    @property
    def role_principal(self) -> str | None:
        for role in (Role.ADMINISTRATEUR, Role.INSTRUCTEUR, Role.PORTEUR):
            if role in self.roles:
                return role
        return None

    def attribuer_role(self, role: str) -> None:
        groupe, _ = Group.objects.get_or_create(name=GROUPES[Role(role)])
        self.groups.add(groupe)
        if Role(role) == Role.ADMINISTRATEUR and not self.is_staff:
            self.is_staff = True
            self.save(update_fields=["is_staff"])
        self.__dict__.pop("_roles_cache", None)


def _jeton():
    return secrets.token_urlsafe(32)


def _expiration():
    return maintenant() + timedelta(days=14)


class Invitation(models.Model):
    """An administrator invites an instructeur or another administrateur (no self-registration)."""

    email = models.EmailField("adresse électronique")
    role = models.CharField(
        "rôle", max_length=20, choices=[(Role.INSTRUCTEUR, Role.INSTRUCTEUR.label), (Role.ADMINISTRATEUR, Role.ADMINISTRATEUR.label)]
    )
    jeton = models.CharField("jeton", max_length=64, unique=True, default=_jeton, editable=False)
    invite_par = models.ForeignKey(User, verbose_name="invité par", on_delete=models.PROTECT, related_name="invitations_envoyees")
    cree_le = models.DateTimeField("créée le", auto_now_add=True)
    expire_le = models.DateTimeField("expire le", default=_expiration)
    acceptee_le = models.DateTimeField("acceptée le", null=True, blank=True)
    utilisateur = models.ForeignKey(User, verbose_name="compte créé", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "invitation"
        verbose_name_plural = "invitations"
        ordering = ["-cree_le"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="invitation_unique_en_attente", condition=Q(acceptee_le__isnull=True)),
        ]

    def __str__(self):
        return f"Invitation de {self.email} ({self.get_role_display()})"

    @property
    def est_valide(self) -> bool:
        return self.acceptee_le is None and self.expire_le > maintenant()
