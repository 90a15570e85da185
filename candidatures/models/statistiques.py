"""What remains of purged dossiers: anonymous counts by wave, région, implantation and status."""

from django.db import models


class StatistiqueAnonyme(models.Model):
    """How many dossiers of a wave, in a région, with an implantation and a final status were
    deleted at the end of their retention period. No dossier, person or structure is named."""

    vague = models.ForeignKey("candidatures.Vague", verbose_name="vague", on_delete=models.PROTECT, related_name="statistiques_anonymes")
    region = models.ForeignKey("fabriques.Region", verbose_name="région", on_delete=models.PROTECT, related_name="+")
    implantation = models.CharField("implantation", max_length=20, blank=True)
    statut = models.CharField("statut du dossier", max_length=30)
    nombre = models.PositiveIntegerField("nombre de dossiers", default=0)
    mis_a_jour_le = models.DateTimeField("mis à jour le", auto_now=True)

    class Meta:
        verbose_name = "statistique anonyme"
        verbose_name_plural = "statistiques anonymes (dossiers purgés)"
        ordering = ["vague", "region", "statut"]
        constraints = [
            models.UniqueConstraint(fields=["vague", "region", "implantation", "statut"], name="statistique_anonyme_unique"),
        ]

    def __str__(self):
        return f"Vague {self.vague_id}, région {self.region_id}, {self.statut} : {self.nombre}"
