"""Payments: one line per tranche, with explicit status transitions."""

from django.db import models
from django.db.models import Q


class Versement(models.Model):
    """The payment of one tranche: planned at signature (year 1), then yearly."""

    class Statut(models.TextChoices):
        PREVU = "prevu", "Prévu"
        DEMANDE = "demande", "Demandé"
        MANDATE = "mandate", "Mandaté"
        VERSE = "verse", "Versé"
        SUSPENDU = "suspendu", "Suspendu"

    # The allowed moves, in one place.
    TRANSITIONS = {
        Statut.PREVU: {Statut.DEMANDE, Statut.SUSPENDU},
        Statut.DEMANDE: {Statut.MANDATE, Statut.SUSPENDU, Statut.PREVU},
        Statut.MANDATE: {Statut.VERSE, Statut.SUSPENDU},
        Statut.VERSE: set(),
        Statut.SUSPENDU: {Statut.PREVU},
    }
    STATUTS_A_VENIR = {Statut.PREVU, Statut.DEMANDE, Statut.MANDATE}

    tranche = models.OneToOneField("financement.Tranche", verbose_name="tranche", on_delete=models.PROTECT, related_name="versement")
    montant = models.DecimalField("montant (€)", max_digits=12, decimal_places=2)
    date_prevue = models.DateField("date prévue")
    statut = models.CharField("statut", max_length=20, choices=Statut.choices, default=Statut.PREVU, db_index=True)
    date_versement = models.DateField("date de versement", null=True, blank=True)
    reference_mandat = models.CharField("référence du mandat", max_length=50, blank=True)
    motif_suspension = models.TextField("motif de la suspension", blank=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "versement"
        verbose_name_plural = "versements"
        ordering = ["date_prevue", "id"]
        # The dashboard's « payments due » (not made yet, by planned date): a partial index on the
        # payments still to make, read in order.
        indexes = [
            models.Index(fields=["date_prevue", "id"], name="versement_a_venir", condition=Q(statut__in=["demande", "mandate", "prevu"])),
        ]
        constraints = [
            models.CheckConstraint(name="versement_montant_positif", condition=Q(montant__gt=0)),
            models.CheckConstraint(
                name="versement_verse_date",
                condition=~Q(statut="verse") | Q(date_versement__isnull=False),
                violation_error_message="Un versement effectué doit être daté.",
            ),
            models.CheckConstraint(
                name="versement_suspension_motivee",
                condition=~Q(statut="suspendu") | ~Q(motif_suspension=""),
                violation_error_message="Une suspension doit être motivée.",
            ),
        ]

    def __str__(self):
        return f"Versement {self.tranche.libelle} — {self.get_statut_display()}"

    @property
    def subvention(self):
        return self.tranche.subvention

    def peut_passer_a(self, statut) -> bool:
        return statut in self.TRANSITIONS[self.statut]
