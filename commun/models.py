"""Cross-cutting records: the audit journal and the e-mail outbox."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class JournalQuerySet(models.QuerySet):
    def pour_objet(self, obj):
        return self.filter(objet_type=obj._meta.label_lower, objet_id=str(obj.pk))


class EntreeJournal(models.Model):
    """One audited event: who did what to which object, when, with the state before and after.

    Written by the services in the same transaction as the change; never edited afterwards
    (``save`` refuses updates and ``delete`` is refused).
    """

    horodatage = models.DateTimeField("horodatage", auto_now_add=True, db_index=True)
    acteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="acteur",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("action", max_length=100, db_index=True)
    objet_type = models.CharField("type d'objet", max_length=100)
    objet_id = models.CharField("identifiant de l'objet", max_length=64)
    objet_libelle = models.CharField("objet", max_length=255, blank=True)
    etat_avant = models.CharField("état avant", max_length=50, blank=True)
    etat_apres = models.CharField("état après", max_length=50, blank=True)
    donnees = models.JSONField("données", default=dict, blank=True)

    objects = JournalQuerySet.as_manager()

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal d'audit"
        ordering = ["-horodatage", "-id"]
        indexes = [models.Index(fields=["objet_type", "objet_id", "-horodatage"], name="journal_objet_idx")]

    def __str__(self):
        return f"{self.horodatage:%d/%m/%Y %H:%M} {self.action} {self.objet_libelle}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Une entrée du journal d'audit ne peut pas être modifiée.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Une entrée du journal d'audit ne peut pas être supprimée.")


class Courriel(models.Model):
    """An e-mail waiting in the outbox until a worker has sent it.

    Services write the outbox row in their transaction, so a decision taken while the broker is
    down is not lost: the periodic job sends what is still waiting.
    """

    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", "En attente"
        ENVOYE = "envoye", "Envoyé"
        ECHEC = "echec", "Échec"

    cle = models.CharField(
        "clé d'unicité",
        max_length=200,
        unique=True,
        help_text="Empêche d'envoyer deux fois le même courriel (par ex. « rappel-j7:vague-3:dossier-12 »).",
    )
    destinataire = models.EmailField("destinataire")
    sujet = models.CharField("sujet", max_length=255)
    texte = models.TextField("texte")
    html = models.TextField("HTML", blank=True)
    pieces_jointes = models.JSONField("pièces jointes", default=list, blank=True)
    statut = models.CharField("statut", max_length=20, choices=Statut.choices, default=Statut.EN_ATTENTE)
    tentatives = models.PositiveIntegerField("tentatives", default=0)
    derniere_erreur = models.TextField("dernière erreur", blank=True)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    envoye_le = models.DateTimeField("envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "courriel"
        verbose_name_plural = "courriels (boîte d'envoi)"
        ordering = ["-cree_le"]
        indexes = [
            models.Index(fields=["cree_le"], name="courriel_attente_idx", condition=Q(statut="en_attente")),
        ]

    def __str__(self):
        return f"{self.sujet} → {self.destinataire} ({self.get_statut_display()})"
