"""Attachments of a dossier: private files, recognised by content, fingerprinted."""

import uuid

from django.conf import settings
from django.db import models


def _chemin_piece(piece, nom):
    # The stored name never comes from the user: a random name with the extension of the
    # detected type, under the dossier's folder (MEDIA_ROOT is private).
    extension = nom.rsplit(".", 1)[-1].lower() if "." in nom else "bin"
    return f"candidatures/pieces/{piece.dossier_id}/{uuid.uuid4().hex}.{extension}"


class PieceJointe(models.Model):
    """One attachment of a dossier (statuts, budget, letters of support, annual accounts…)."""

    class Type(models.TextChoices):
        STATUTS = "statuts", "Statuts de la structure porteuse"
        BUDGET = "budget", "Budget prévisionnel détaillé"
        LETTRES_SOUTIEN = "lettres_soutien", "Lettres de soutien"
        COMPTES_ANNUELS = "comptes_annuels", "Derniers comptes annuels"
        AUTRES = "autres", "Autres documents"

    dossier = models.ForeignKey("candidatures.Dossier", verbose_name="dossier", on_delete=models.CASCADE, related_name="pieces")
    type = models.CharField("type de pièce", max_length=30, choices=Type.choices)
    fichier = models.FileField("fichier", upload_to=_chemin_piece, max_length=255)
    nom = models.CharField("nom du fichier", max_length=150)
    type_mime = models.CharField("format", max_length=120)
    taille = models.PositiveBigIntegerField("taille (octets)")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    ajoute_par = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="ajouté par", on_delete=models.PROTECT, related_name="+")
    ajoute_le = models.DateTimeField("ajouté le", auto_now_add=True)

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["type", "ajoute_le", "id"]
        constraints = [
            models.CheckConstraint(
                name="piece_taille_max_10_mo",
                condition=models.Q(taille__lte=10 * 1024 * 1024),
                violation_error_message="Une pièce jointe ne peut pas dépasser 10 Mo.",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} — {self.nom}"
