"""What the decision aid keeps: the parameters the committee last applied for a wave."""

from django.conf import settings
from django.db import models


class ParametresVague(models.Model):
    """The parameters of the last proposal applied for a wave (the form's values, as typed): the
    next proposal for that wave starts from them instead of the programme's defaults."""

    vague = models.OneToOneField("candidatures.Vague", verbose_name="vague", on_delete=models.CASCADE, related_name="+")
    valeurs = models.JSONField("paramètres (valeurs du formulaire)", default=dict)
    modifie_le = models.DateTimeField("modifiés le", auto_now=True)
    modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="modifiés par", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "paramètres de proposition d'une vague"
        verbose_name_plural = "paramètres de proposition des vagues"

    def __str__(self):
        return f"Paramètres de proposition — {self.vague}"
