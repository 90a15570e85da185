"""A call of the programme and its versions: each version keeps the file it was loaded from, never changed."""

from functools import cached_property

from django.conf import settings
from django.db import models

from .format import Definition, depuis_donnees


class Appel(models.Model):
    """A call for projects run by the programme (« Fabriques de territoire », « Fabriques numériques… »).

    What it says lives in its versions: the current one (the last loaded) governs new waves and new
    dossiers; a dossier keeps the version it was deposited under."""

    slug = models.SlugField("identifiant", max_length=80, unique=True)
    nom = models.CharField("nom", max_length=200)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "appel"
        verbose_name_plural = "appels"
        ordering = ["id"]

    def __str__(self):
        return self.nom

    @cached_property
    def version_courante(self) -> "VersionAppel | None":
        if "versions" in getattr(self, "_prefetched_objects_cache", {}):
            return max(self.versions.all(), key=lambda v: v.numero, default=None)
        return self.versions.order_by("-numero").first()

    @property
    def definition(self) -> Definition:
        """The current version's definition (a call always has one once loaded)."""
        return self.version_courante.definition


class VersionAppel(models.Model):
    """One loaded version of a call's file: its text, the definition read from it, who loaded it when.

    Immutable: a new file makes a new version (loading an unchanged file makes none)."""

    appel = models.ForeignKey(Appel, verbose_name="appel", on_delete=models.PROTECT, related_name="versions")
    numero = models.PositiveIntegerField("numéro de version")
    source = models.TextField("fichier source (TOML)")
    nom_fichier = models.CharField("nom du fichier", max_length=255, blank=True)
    definition_json = models.JSONField("définition lue")
    empreinte = models.CharField("empreinte SHA-256 du fichier", max_length=64)
    charge_le = models.DateTimeField("chargée le", auto_now_add=True)
    charge_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="chargée par", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "version d'appel"
        verbose_name_plural = "versions d'appel"
        ordering = ["appel", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["appel", "numero"], name="version_appel_numero_unique"),
            models.UniqueConstraint(
                fields=["appel", "empreinte"],
                name="version_appel_empreinte_unique",
                violation_error_message="Ce fichier est déjà chargé pour cet appel.",
            ),
            models.CheckConstraint(name="version_appel_numero_positif", condition=models.Q(numero__gte=1)),
        ]

    def __str__(self):
        return f"{self.appel} — version {self.numero}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Une version d'appel ne se modifie pas : chargez un nouveau fichier.")
        super().save(*args, **kwargs)

    @cached_property
    def definition(self) -> Definition:
        return depuis_donnees(self.definition_json)

    @property
    def regles(self):
        return self.definition.regles
