"""An API token never outlives the password it was created under, nor the account.

Whatever the path — password reset by e-mail, change on « Mon compte », the admin's « modifier le
mot de passe », an invitation, a deactivation — the user is saved: after that save, a new password
(Django keeps the raw one in ``_password`` until the save ends) or an inactive account revokes the
user's personal API tokens, audited.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import User


@receiver(post_save, sender=User, dispatch_uid="comptes.jetons_revoques_apres_enregistrement")
def revoquer_les_jetons(sender, instance: User, created: bool, **kwargs):
    if created:
        return
    if getattr(instance, "_password", None) is not None:
        motif = "mot_de_passe_change"
    elif not instance.is_active:
        motif = "compte_desactive"
    else:
        return
    from .services import jetons_api_revoquer

    jetons_api_revoquer(user=instance, motif=motif)
