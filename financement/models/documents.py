"""Files of a grant: the generated convention and letters (versioned) and the activity reports."""

from django.conf import settings
from django.db import models
from django.db.models import Q


def _chemin_document(instance, nom):
    return f"prive/financement/subvention-{instance.subvention_id}/{instance.type}-v{instance.version}.pdf"


def _chemin_rapport(instance, nom):
    extension = nom.rsplit(".", 1)[-1].lower() if "." in nom else "pdf"
    return f"prive/financement/subvention-{instance.subvention_id}/rapports/annee-{instance.annee}.{extension}"


class DocumentSubvention(models.Model):
    """A generated PDF (convention or notification letter). Every version is kept."""

    class Type(models.TextChoices):
        CONVENTION = "convention", "Convention de subventionnement"
        NOTIFICATION = "notification", "Lettre de notification"

    subvention = models.ForeignKey("financement.Subvention", verbose_name="subvention", on_delete=models.PROTECT, related_name="documents")
    type = models.CharField("type", max_length=20, choices=Type.choices)
    version = models.PositiveIntegerField("version")
    fichier = models.FileField("fichier", upload_to=_chemin_document, max_length=255)
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    empreinte_echeancier = models.CharField(
        "empreinte de l'échéancier", max_length=64, help_text="Permet de ne pas régénérer un document identique."
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "document de subvention"
        verbose_name_plural = "documents de subvention"
        ordering = ["subvention", "type", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["subvention", "type", "version"], name="document_version_unique"),
            models.CheckConstraint(name="document_version_positive", condition=Q(version__gte=1)),
        ]

    def __str__(self):
        return f"{self.get_type_display()} v{self.version}"


class RapportActivite(models.Model):
    """The annual activity report a Fabrique uploads: the condition of the next tranche."""

    subvention = models.ForeignKey("financement.Subvention", verbose_name="subvention", on_delete=models.PROTECT, related_name="rapports")
    annee = models.PositiveSmallIntegerField("année de la convention")
    fichier = models.FileField("fichier", upload_to=_chemin_rapport, max_length=255)
    nom_original = models.CharField("nom du fichier", max_length=255)
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    depose_par = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="déposé par", on_delete=models.PROTECT, related_name="+")
    depose_le = models.DateTimeField("déposé le", auto_now_add=True)

    class Meta:
        verbose_name = "rapport d'activité"
        verbose_name_plural = "rapports d'activité"
        ordering = ["subvention", "annee", "-depose_le"]
        constraints = [
            models.CheckConstraint(name="rapport_annee_1_a_3", condition=Q(annee__gte=1, annee__lte=3)),
        ]

    def __str__(self):
        return f"Rapport d'activité de l'année {self.annee}"

    @property
    def nom_fichier(self) -> str:
        """The clean name it is shown and served under (``nom_original`` is clean since reports are
        checked like every upload; cleaned again for reports stored before)."""
        from commun.fichiers import PDF, nom_assaini

        return nom_assaini(self.nom_original, PDF, defaut=f"rapport-activite-annee-{self.annee}")
