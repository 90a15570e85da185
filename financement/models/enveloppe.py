"""The programme's two envelopes, one row each, locked by every decision that commits money.

« programme » is the operating envelope (45 M€ « afin de financer le fonctionnement », 002);
« numerique » the investment money: the bonus numérique, « supplémentaire » (002), and the grants
of an investment call (2019 numérique call); investment money never moves the operating envelope.
"""

from django.db import models
from django.db.models import Q

from appels.programme import enveloppes_du_programme


class EnveloppeManager(models.Manager):
    CODE = "programme"
    NUMERIQUE = "numerique"

    @staticmethod
    def montant_par_defaut(code: str):
        """The amount the calls' files give (``appels.programme``; the setting when no call states it)."""
        return enveloppes_du_programme()["investissement" if code == EnveloppeManager.NUMERIQUE else "fonctionnement"]

    def courante(self, *, verrouiller: bool = False, code: str = CODE) -> "Enveloppe":
        """Return the envelope ``code`` (its row is created from the calls' files on first lock).

        With ``verrouiller`` the row is locked until the end of the transaction, so that two
        decisions committing money are serialised. Callers locking both lock « programme » first.
        """
        if not verrouiller:
            # A read never writes: before the first decision the envelope is the setting.
            return self.filter(code=code).first() or self.model(code=code, montant=self.montant_par_defaut(code))
        self.get_or_create(code=code, defaults={"montant": self.montant_par_defaut(code)})
        return self.select_for_update().get(code=code)

    def numerique(self, *, verrouiller: bool = False) -> "Enveloppe":
        return self.courante(verrouiller=verrouiller, code=self.NUMERIQUE)


class Enveloppe(models.Model):
    """State money available to the programme: operating (45 M€ at the start) or numérique investment."""

    class Code(models.TextChoices):
        PROGRAMME = "programme", "Fonctionnement"
        NUMERIQUE = "numerique", "Investissement (bonus numérique)"

    code = models.CharField("code", max_length=20, unique=True, choices=Code.choices, default=EnveloppeManager.CODE)
    montant = models.DecimalField("montant de l'enveloppe (€)", max_digits=14, decimal_places=2)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    objects = EnveloppeManager()

    class Meta:
        verbose_name = "enveloppe du programme"
        verbose_name_plural = "enveloppes du programme"
        constraints = [
            models.CheckConstraint(name="enveloppe_positive", condition=Q(montant__gte=0)),
            models.CheckConstraint(name="enveloppe_code_connu", condition=Q(code__in=["programme", "numerique"])),
        ]

    def __str__(self):
        return f"Enveloppe {self.get_code_display().lower()} : {self.montant} €"
