"""Which e-mails a person may switch off, and which the portal always sends.

A person chooses, on « Mon compte », the kinds of e-mails they receive. Only e-mails that tell of
something also visible in the portal can be switched off (a new message, a reminder, a payment);
those that carry a deadline, a decision or a proof are always sent: the acknowledgement of deposit,
a request for complements, the committee's decision, the grant notification, invitations, the
notice that a draft was not deposited before the deadline.
"""

from django.db import models

from .roles import Role


class Categorie(models.TextChoices):
    MESSAGES = "messages", "Nouveaux messages sur un dossier"
    RAPPELS_DEPOT = "rappels_depot", "Rappels avant la date limite pour un brouillon pas encore déposé"
    RAPPELS_RAPPORT = "rappels_rapport", "Rappels du rapport d'activité attendu avant un versement"
    VERSEMENTS = "versements", "Avis de versement d'une tranche de la subvention"
    COMPLEMENTS_RECUS = "complements_recus", "Compléments renvoyés par un porteur à ma demande"
    RAPPELS_EVALUATION = "rappels_evaluation", "Rappels des évaluations à soumettre avant le comité"


PAR_ROLE = {
    Role.PORTEUR: [Categorie.MESSAGES, Categorie.RAPPELS_DEPOT, Categorie.RAPPELS_RAPPORT, Categorie.VERSEMENTS],
    Role.INSTRUCTEUR: [Categorie.MESSAGES, Categorie.COMPLEMENTS_RECUS, Categorie.RAPPELS_EVALUATION],
    Role.ADMINISTRATEUR: [Categorie.MESSAGES, Categorie.COMPLEMENTS_RECUS, Categorie.RAPPELS_EVALUATION],
}

TOUJOURS_ENVOYES = {
    Role.PORTEUR: [
        "l'accusé de réception d'un dossier déposé",
        "une demande de complément (elle a une date limite)",
        "la décision du comité",
        "la notification de la subvention",
        "l'avis qu'un brouillon n'a pas été déposé à temps",
        "les invitations à gérer un tiers-lieu",
    ],
    Role.INSTRUCTEUR: ["les invitations et les messages de sécurité du compte"],
    Role.ADMINISTRATEUR: ["les invitations et les messages de sécurité du compte"],
}


def categories_de(user) -> list[Categorie]:
    """The kinds of e-mails this person may receive and switch off, in a stable order."""
    vues = []
    for role in (Role.PORTEUR, Role.INSTRUCTEUR, Role.ADMINISTRATEUR):
        if role in user.roles:
            vues += [c for c in PAR_ROLE[role] if c not in vues]
    return vues


def toujours_envoyes(user) -> list[str]:
    vus = []
    for role in (Role.PORTEUR, Role.INSTRUCTEUR, Role.ADMINISTRATEUR):
        if role in user.roles:
            vus += [t for t in TOUJOURS_ENVOYES[role] if t not in vus]
    return vus
