"""The programme envelope: a single row, locked by every decision that commits money."""
from django.conf import settings
from django.db import models
from django.db.models import Q


class EnveloppeManager(models.Manager):
    CODE = "programme"

    def courante(self, *, verrouiller: bool = False) -> "Enveloppe":
        """Return the programme envelope (its row is created from ``settings.PROGRAMME_ENVELOPPE`` on first lock).

        With ``verrouiller`` the row is locked until the end of the transaction, so that two
        decisions committing money are serialised.
        """
        if not verrouiller:
            # A read never writes: before the first decision the envelope is the setting.
            return self.filter(code=self.CODE).first() or self.model(code=self.CODE, montant=settings.PROGRAMME_ENVELOPPE)
        self.get_or_create(code=self.CODE, defaults={"montant": settings.PROGRAMME_ENVELOPPE})
        return self.select_for_update().get(code=self.CODE)


class Enveloppe(models.Model):
    """The State money available to the programme (45 M€ at the start, raised later)."""

    code = models.CharField("code", max_length=20, unique=True, default=EnveloppeManager.CODE)
    montant = models.DecimalField("montant de l'enveloppe (€)", max_digits=14, decimal_places=2)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    objects = EnveloppeManager()

    class Meta:
        verbose_name = "enveloppe du programme"
        verbose_name_plural = "enveloppe du programme"
        constraints = [
            models.CheckConstraint(name="enveloppe_positive", condition=Q(montant__gte=0)),
            models.CheckConstraint(name="enveloppe_unique", condition=Q(code="programme")),
        ]

    def __str__(self):
        return f"Enveloppe du programme : {self.montant} €"
