"""Technical admin of the accounts: read-only, but for a person's roles.

No portal page lists every account, and administrateurs already look a person up here: the user form
keeps one editable field, « Rôles », and its save goes through ``services.roles_modifier`` (rule
« comptes.roles_modifier », journal « comptes.roles.modifies »), never straight to the groups.
Accounts are invited (« Invitations ») or self-registered, deactivated by ``utilisateur_desactiver``:
nothing else is written here."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm

from commun.admin import LectureSeule
from commun.erreurs import ErreurMetier

from .models import Invitation, User
from .roles import Role
from .services import roles_modifier


class RolesForm(UserChangeForm):
    roles = forms.MultipleChoiceField(
        label="Rôles",
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Enregistré par le portail (service des rôles, journal d'audit).",
    )

    class Meta:
        model = User
        fields = ["password"]  # shown with its link « changer le mot de passe », never written by this form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["roles"] = sorted(self.instance.roles)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """The password is changed on its own admin page (``user_change_password``, which revokes the API
    token: tests/comptes/test_jetons_revoques.py); the roles by the service."""

    form = RolesForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identité", {"fields": ("first_name", "last_name", "telephone")}),
        ("Rôles et droits", {"fields": ("roles", "is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = [
        "email",
        "first_name",
        "last_name",
        "telephone",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
        "date_joined",
    ]

    def has_add_permission(self, request):
        return False  # accounts are invited or self-registered

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated, never deleted: their history must stay whole.
        return False

    def save_model(self, request, obj, form, change):
        try:
            roles_modifier(par=request.user, utilisateur=obj, roles=form.cleaned_data["roles"])
        except ErreurMetier as erreur:
            request._roles_refuses = True
            messages.error(request, erreur.message)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if level == messages.SUCCESS and getattr(request, "_roles_refuses", False):
            return  # the service refused: its message only
        super().message_user(request, message, level, *args, **kwargs)

    def save_related(self, request, form, formsets, change):
        """Nothing else to save: the roles went through the service."""


@admin.register(Invitation)
class InvitationAdmin(LectureSeule):
    list_display = ["email", "role", "invite_par", "cree_le", "acceptee_le"]
    exclude = ["jeton"]
