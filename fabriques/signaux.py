"""Accept a colleague's pending invitations once they confirm the invited e-mail address."""
from allauth.account.signals import email_confirmed
from django.dispatch import receiver


@receiver(email_confirmed, dispatch_uid="fabriques_invitations_gestionnaire")
def accepter_invitations(sender, request=None, email_address=None, **kwargs):
    from .services import invitations_gestionnaire_accepter

    if email_address is not None and email_address.user_id:
        invitations_gestionnaire_accepter(utilisateur=email_address.user, email=email_address.email)
