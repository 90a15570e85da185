"""The three roles of the programme, held as groups with permissions."""

from django.db import models


class Role(models.TextChoices):
    PORTEUR = "porteur", "Porteur de projet"
    INSTRUCTEUR = "instructeur", "Instructeur"
    ADMINISTRATEUR = "administrateur", "Administrateur"


# Group name for each role (the Django group carries the model permissions of the role).
GROUPES = {
    Role.PORTEUR: "Porteurs de projet",
    Role.INSTRUCTEUR: "Instructeurs",
    Role.ADMINISTRATEUR: "Administrateurs",
}


# Model permissions carried by each role's group ("app_label.codename"). The policy layer
# (commun.politique) decides object by object; these let the Django admin follow the same roles.
PERMISSIONS = {
    Role.PORTEUR: [
        "fabriques.view_tierslieu",
        "fabriques.add_tierslieu",
        "fabriques.change_tierslieu",
        "candidatures.view_dossier",
        "candidatures.add_dossier",
        "candidatures.change_dossier",
    ],
    Role.INSTRUCTEUR: [
        "fabriques.view_tierslieu",
        "candidatures.view_dossier",
        "candidatures.view_vague",
    ],
    Role.ADMINISTRATEUR: ["*"],
}


def synchroniser_groupes(**kwargs) -> None:
    """Create the three groups and give them their permissions (idempotent; run after migrate)."""
    from django.contrib.auth.models import Group, Permission

    projet = ("comptes", "fabriques", "candidatures", "financement", "commun")
    for role, nom in GROUPES.items():
        groupe, _ = Group.objects.get_or_create(name=nom)
        codes = PERMISSIONS[role]
        if codes == ["*"]:
            perms = Permission.objects.filter(content_type__app_label__in=projet)
        else:
            perms = [
                p
                for p in Permission.objects.filter(content_type__app_label__in=projet).select_related("content_type")
                if f"{p.content_type.app_label}.{p.codename}" in codes
            ]
        groupe.permissions.set(perms)


def q_a_le_role(role, chemin: str = ""):
    """The users (reached by ``chemin``, e.g. ``"user__"``) holding ``role``: the SQL form of
    ``User.a_role``, for lists of reviewers or of administrateurs."""
    from django.db.models import Q

    return Q(**{f"{chemin}groups__name": GROUPES[Role(role)]})
