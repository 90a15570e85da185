"""Exchanges between the instructing team and the applicant: requests for complements (which
sections to complete, by when) and one message thread per dossier."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class DemandeComplement(models.Model):
    """The instructing team asks the applicant to complete some sections of the dossier."""

    class Statut(models.TextChoices):
        OUVERTE = "ouverte", "En attente de réponse"
        REPONDUE = "repondue", "Répondue"
        ANNULEE = "annulee", "Annulée"

    dossier = models.ForeignKey(
        "candidatures.Dossier", verbose_name="dossier", on_delete=models.CASCADE, related_name="demandes_complement"
    )
    demande_par = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="demandé par", on_delete=models.PROTECT, related_name="+")
    sections = models.JSONField("sections à compléter", default=list, help_text="Codes de candidatures.sections.SECTIONS.")
    message = models.TextField("ce qui est demandé")
    date_limite = models.DateField("à compléter avant le", help_text="Jusqu'à 23:59:59, heure de Paris, ce jour-là.")
    statut = models.CharField("statut", max_length=20, choices=Statut.choices, default=Statut.OUVERTE)
    statut_dossier_avant = models.CharField("statut du dossier avant la demande", max_length=30)
    cree_le = models.DateTimeField("demandé le", auto_now_add=True)
    repondue_le = models.DateTimeField("répondu le", null=True, blank=True)
    repondue_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="répondu par", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    versions = models.JSONField(
        "versions des sections",
        default=dict,
        blank=True,
        help_text="{'avant': {code: contenu}, 'apres': {code: contenu}} : fourni par le porteur lorsqu'il répond.",
    )

    class Meta:
        verbose_name = "demande de complément"
        verbose_name_plural = "demandes de complément"
        ordering = ["-cree_le", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(statut="ouverte"),
                name="complement_une_demande_ouverte_par_dossier",
                violation_error_message="Une demande de complément est déjà en attente pour ce dossier.",
            ),
        ]

    def __str__(self):
        return f"Demande de complément sur {self.dossier} ({self.get_statut_display()})"

    @property
    def titres_sections(self) -> list[str]:
        from ..schema import SECTIONS_PAR_CODE

        return [SECTIONS_PAR_CODE[c].titre for c in self.sections if c in SECTIONS_PAR_CODE]

    @property
    def en_retard(self) -> bool:
        """An open request whose day to answer is over (the answer is still accepted)."""
        from commun.temps import aujourdhui_paris

        return self.statut == self.Statut.OUVERTE and self.date_limite < aujourdhui_paris()

    @property
    def comparaison(self) -> list[dict]:
        """The requested sections before and after the applicant's answer, field by field, labelled
        by the sections' schema."""
        from ..schema import comparer_sections

        versions = self.versions or {}
        return comparer_sections(self.sections, versions.get("avant") or {}, versions.get("apres") or {})


def _chemin_fichier_message(message, nom):
    # Never the user's name for the stored file: a random one, with the detected type's extension.
    extension = nom.rsplit(".", 1)[-1].lower() if "." in nom else "bin"
    return f"candidatures/messages/{message.dossier_id}/{uuid.uuid4().hex}.{extension}"


class Message(models.Model):
    """A message of the dossier's thread between the applicant and the instructing team."""

    class Cote(models.TextChoices):
        PORTEUR = "porteur", "Porteur de projet"
        EQUIPE = "equipe", "Équipe d'instruction"

    dossier = models.ForeignKey("candidatures.Dossier", verbose_name="dossier", on_delete=models.CASCADE, related_name="messages")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="auteur", on_delete=models.PROTECT, related_name="+")
    cote = models.CharField("côté", max_length=10, choices=Cote.choices)
    texte = models.TextField("message")
    cree_le = models.DateTimeField("envoyé le", auto_now_add=True)
    lu_le = models.DateTimeField("lu par l'autre côté le", null=True, blank=True)
    fichier = models.FileField("pièce jointe", upload_to=_chemin_fichier_message, max_length=255, blank=True)
    fichier_nom = models.CharField("nom de la pièce jointe", max_length=150, blank=True)
    fichier_type = models.CharField("format de la pièce jointe", max_length=120, blank=True)
    fichier_taille = models.PositiveBigIntegerField("taille de la pièce jointe (octets)", null=True, blank=True)

    class Meta:
        verbose_name = "message"
        verbose_name_plural = "messages"
        ordering = ["cree_le", "pk"]

    def __str__(self):
        return f"Message de {self.auteur} sur {self.dossier}"


# A complement request's life: open, then answered by the applicant or withdrawn (by the reviewer,
# or by the committee deciding anyway).
TRANSITIONS_COMPLEMENT = {
    DemandeComplement.Statut.OUVERTE: {DemandeComplement.Statut.REPONDUE, DemandeComplement.Statut.ANNULEE},
    DemandeComplement.Statut.REPONDUE: set(),
    DemandeComplement.Statut.ANNULEE: set(),
}
