"""The publication of a wave's results: a background job whose progress the administrateur follows,
and the laureate list PDF it stores."""

from django.conf import settings
from django.db import models
from django.db.models import Q


def _chemin_liste(publication, nom):
    cible = f"vague-{publication.vague_id}" if publication.vague_id else "cumulative"
    return f"publications/{cible}/liste-laureats-{publication.pk or 'nouvelle'}.pdf"


class Publication(models.Model):
    """One run of the publication of a wave (or of the cumulative list when ``vague`` is empty)."""

    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", "En attente"
        EN_COURS = "en_cours", "En cours"
        TERMINEE = "terminee", "Terminée"
        ECHEC = "echec", "Échec"

    STATUTS_ACTIFS = (Statut.EN_ATTENTE, Statut.EN_COURS)

    vague = models.ForeignKey(
        "candidatures.Vague",
        verbose_name="vague",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
        help_text="Vide pour la liste cumulée de tous les lauréats.",
    )
    statut = models.CharField("statut", max_length=20, choices=Statut.choices, default=Statut.EN_ATTENTE, db_index=True)
    progression = models.PositiveSmallIntegerField("progression (%)", default=0)
    etape = models.CharField("étape en cours", max_length=200, blank=True)
    erreur = models.TextField("erreur", blank=True)
    fichier = models.FileField("liste des lauréats (PDF)", upload_to=_chemin_liste, blank=True, max_length=255)
    sha256 = models.CharField("empreinte SHA-256 du PDF", max_length=64, blank=True)
    nombre_laureats = models.PositiveIntegerField("nombre de lauréats", null=True, blank=True)
    demandee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="demandée par", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cree_le = models.DateTimeField("demandée le", auto_now_add=True)
    terminee_le = models.DateTimeField("terminée le", null=True, blank=True)

    class Meta:
        verbose_name = "publication des résultats"
        verbose_name_plural = "publications des résultats"
        ordering = ["-cree_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="publication_progression_pourcentage",
                condition=Q(progression__lte=100),
                violation_error_message="La progression est un pourcentage (0 à 100).",
            ),
            models.CheckConstraint(
                name="publication_terminee_a_un_fichier",
                condition=~Q(statut="terminee") | (~Q(fichier="") & ~Q(sha256="")),
                violation_error_message="Une publication terminée a son PDF et son empreinte.",
            ),
            # One job at a time per wave: a second click does not start a second job.
            models.UniqueConstraint(
                fields=["vague"],
                name="publication_une_active_par_vague",
                condition=Q(statut__in=["en_attente", "en_cours"]),
                violation_error_message="Une publication de cette vague est déjà en cours.",
            ),
        ]

    def __str__(self):
        cible = f"vague {self.vague.numero}" if self.vague_id else "liste cumulée"
        return f"Publication ({cible}) du {self.cree_le:%d/%m/%Y %H:%M}" if self.cree_le else f"Publication ({cible})"

    @property
    def active(self) -> bool:
        return self.statut in self.STATUTS_ACTIFS

    @property
    def taille(self) -> int | None:
        """Size of the PDF in bytes (shown next to the download link); None if it is not in storage."""
        if not self.fichier:
            return None
        try:
            return self.fichier.size
        except OSError:
            return None
