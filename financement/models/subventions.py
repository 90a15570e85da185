"""A laureate's grant and its yearly tranches. The money rules are database constraints."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from appels.regles_financieres import BONUS_NUMERIQUE, NOMBRE_ANNEES, PLAFOND_ANNUEL, TOTAL_MAXIMUM, TOTAL_MINIMUM, ReglesFinancieres


class Nature(models.TextChoices):
    FONCTIONNEMENT = "fonctionnement", "Fonctionnement"
    INVESTISSEMENT = "investissement", "Investissement"


class Subvention(models.Model):
    """The grant of one retenu dossier: three operating tranches, maybe the digital bonus.

    ``total_fonctionnement`` repeats the sum of the operating tranches so that the database can
    check the range of the dossier's call (75 000–150 000 € for the Fabriques); the services keep it
    equal to the sum. The call's money rules are copied from the dossier when the grant is created
    (``plafond_annuel`` … ``bonus_maximum``) and onto each tranche (``plafond``): the database checks
    the amounts against them, never against constants, and a new version of the call changes nothing here.
    """

    class Statut(models.TextChoices):
        PROPOSEE = "proposee", "Proposée"
        NOTIFIEE = "notifiee", "Notifiée"
        CONVENTIONNEE = "conventionnee", "Convention signée"
        SOLDEE = "soldee", "Soldée"
        RESILIEE = "resiliee", "Résiliée"

    # The allowed moves, in one place. The schedule may change only before the convention is signed.
    TRANSITIONS = {
        Statut.PROPOSEE: {Statut.NOTIFIEE, Statut.RESILIEE},
        Statut.NOTIFIEE: {Statut.CONVENTIONNEE, Statut.RESILIEE},
        Statut.CONVENTIONNEE: {Statut.SOLDEE, Statut.RESILIEE},
        Statut.SOLDEE: set(),
        Statut.RESILIEE: set(),
    }
    STATUTS_MODIFIABLES = {Statut.PROPOSEE, Statut.NOTIFIEE}
    STATUTS_ENGAGES = {Statut.PROPOSEE, Statut.NOTIFIEE, Statut.CONVENTIONNEE, Statut.SOLDEE}
    STATUTS_ATTRIBUES = {Statut.CONVENTIONNEE, Statut.SOLDEE}

    dossier = models.OneToOneField("candidatures.Dossier", verbose_name="dossier", on_delete=models.PROTECT, related_name="subvention")
    # The dossier's tiers-lieu, repeated (set by the services) so that the database holds the rule
    # « one Fabrique, one support »: at most one grant not terminated per tiers-lieu.
    tiers_lieu = models.ForeignKey("fabriques.TiersLieu", verbose_name="tiers-lieu", on_delete=models.PROTECT, related_name="subventions")
    statut = models.CharField("statut", max_length=20, choices=Statut.choices, default=Statut.PROPOSEE, db_index=True)
    reference_convention = models.CharField("référence de la convention", max_length=40, blank=True)
    date_convention = models.DateField("date de signature de la convention", null=True, blank=True)
    total_fonctionnement = models.DecimalField("total de fonctionnement (€)", max_digits=12, decimal_places=2)
    nombre_annees = models.PositiveSmallIntegerField("années (appel)", default=NOMBRE_ANNEES, editable=False)
    plafond_annuel = models.DecimalField("plafond annuel (appel)", max_digits=12, decimal_places=2, default=PLAFOND_ANNUEL, editable=False)
    total_minimum = models.DecimalField("total minimum (appel)", max_digits=12, decimal_places=2, default=TOTAL_MINIMUM, editable=False)
    total_maximum = models.DecimalField("total maximum (appel)", max_digits=12, decimal_places=2, default=TOTAL_MAXIMUM, editable=False)
    bonus_maximum = models.DecimalField(
        "bonus maximum (appel)", max_digits=12, decimal_places=2, default=BONUS_NUMERIQUE, null=True, editable=False
    )
    bonus_qpv = models.BooleanField("bonus réservé aux QPV (appel)", default=True, editable=False)
    # What the yearly tranches finance under the call (the bonus is always investment), copied from the dossier.
    nature = models.CharField(
        "nature des tranches annuelles (appel)", max_length=20, choices=Nature.choices, default=Nature.FONCTIONNEMENT, editable=False
    )
    derogation_enveloppe = models.BooleanField("dépassement de l'enveloppe autorisé", default=False)
    derogation_motif = models.TextField("motif du dépassement de l'enveloppe", blank=True)
    cree_par = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="proposée par", on_delete=models.PROTECT, related_name="+")
    cree_le = models.DateTimeField("créée le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "subvention"
        verbose_name_plural = "subventions"
        ordering = ["-cree_le"]
        # The dashboard's paginated list (newest first): a page read from the index, not a sort
        # of every grant (190 ms at 25 000 grants, bench/).
        indexes = [models.Index(fields=["-cree_le", "-id"], name="subvention_recentes")]
        constraints = [
            models.CheckConstraint(
                name="subvention_total_fonctionnement_dans_la_fourchette",
                condition=Q(total_fonctionnement__gte=F("total_minimum"), total_fonctionnement__lte=F("total_maximum")),
                violation_error_message="Le total de la subvention sort de la fourchette de son appel.",
            ),
            models.CheckConstraint(
                name="subvention_derogation_motivee",
                condition=Q(derogation_enveloppe=False) | ~Q(derogation_motif=""),
                violation_error_message="Un dépassement de l'enveloppe doit être motivé.",
            ),
            models.CheckConstraint(
                name="subvention_convention_signee_datee",
                condition=~Q(statut__in=["conventionnee", "soldee"]) | Q(date_convention__isnull=False),
                violation_error_message="Une convention signée doit être datée.",
            ),
            models.UniqueConstraint(
                fields=["reference_convention"],
                name="subvention_reference_unique",
                condition=~Q(reference_convention=""),
            ),
            models.UniqueConstraint(
                fields=["tiers_lieu"],
                name="subvention_une_par_tiers_lieu",
                condition=~Q(statut="resiliee"),
                violation_error_message="Ce tiers-lieu a déjà une subvention en cours : une Fabrique ne reçoit qu'un soutien du programme.",
            ),
        ]

    def __str__(self):
        return f"Subvention {self.reference_convention or self.pk} — {self.tiers_lieu}"

    def save(self, *args, **kwargs):
        # The repeated tiers-lieu is the dossier's, always (the services set it; this covers a row built by hand).
        if self._state.adding and self.dossier_id is not None:
            from candidatures.models import Dossier

            dossier = Dossier.objects.get(pk=self.dossier_id)
            if self.tiers_lieu_id is None:
                self.tiers_lieu_id = dossier.tiers_lieu_id
            self.appliquer_regles(dossier.regles)
        super().save(*args, **kwargs)

    def appliquer_regles(self, regles: ReglesFinancieres) -> None:
        """Copy the dossier's call's money rules on the row (at creation only)."""
        self.nombre_annees, self.plafond_annuel = regles.annees, regles.plafond_annuel
        self.total_minimum, self.total_maximum = regles.total_minimum, regles.total_maximum
        self.bonus_maximum, self.bonus_qpv = regles.bonus_maximum, regles.bonus_qpv
        self.nature = regles.nature

    @property
    def regles(self) -> ReglesFinancieres:
        """The money rules of this grant: its dossier's call's, as copied at creation (no query)."""
        return ReglesFinancieres(
            annees=self.nombre_annees,
            plafond_annuel=self.plafond_annuel,
            total_minimum=self.total_minimum,
            total_maximum=self.total_maximum,
            bonus_maximum=self.bonus_maximum,
            bonus_qpv=self.bonus_qpv,
            nature=self.nature,
        )

    @property
    def modifiable(self) -> bool:
        return self.statut in self.STATUTS_MODIFIABLES

    def peut_passer_a(self, statut) -> bool:
        return statut in self.TRANSITIONS[self.statut]

    @property
    def montant_total(self) -> Decimal:
        """Return operating + investment amounts (read from the tranches)."""
        return sum((t.montant for t in self.tranches.all()), Decimal("0.00"))

    def montants(self) -> dict:
        """Return the schedule as ``{"annee_1": …, "annee_2": …, "annee_3": …, "bonus": … or None}``."""
        resultat = {f"annee_{a}": None for a in range(1, NOMBRE_ANNEES + 1)}
        resultat["bonus"] = None
        for t in self.tranches.all():
            cle = "bonus" if t.bonus else f"annee_{t.annee}"
            resultat[cle] = t.montant
        return resultat


class Tranche(models.Model):
    """One amount of a grant: a year's money (operating, or investment under an investment call such
    as the 2019 numérique one: ``nature`` is the grant's), or the investment bonus (up to 100 000 €)."""

    subvention = models.ForeignKey(Subvention, verbose_name="subvention", on_delete=models.CASCADE, related_name="tranches")
    annee = models.PositiveSmallIntegerField("année de la convention", help_text="1, 2 ou 3 ; le portail verse le bonus en année 1.")
    nature = models.CharField("nature", max_length=20, choices=Nature.choices)
    bonus = models.BooleanField("bonus numérique", default=False, help_text="Le bonus « Fabrique numérique » (toujours en investissement).")
    montant = models.DecimalField("montant (€)", max_digits=12, decimal_places=2)
    # The most this tranche may be under the grant's call (its annual cap, or its bonus), copied from the grant.
    plafond = models.DecimalField("plafond (appel)", max_digits=12, decimal_places=2, editable=False)

    class Meta:
        verbose_name = "tranche"
        verbose_name_plural = "tranches"
        ordering = ["subvention", "bonus", "annee"]
        constraints = [
            models.CheckConstraint(
                name="tranche_annee_1_a_3",
                condition=Q(annee__gte=1, annee__lte=NOMBRE_ANNEES),
                violation_error_message="L'année d'une tranche va de 1 à 3.",
            ),
            models.CheckConstraint(
                name="tranche_annuelle_plafond_annuel",
                condition=Q(bonus=True) | Q(montant__gt=0, montant__lte=F("plafond")),
                violation_error_message="Une tranche annuelle est comprise entre 0,01 € et le plafond annuel de l'appel.",
            ),
            models.CheckConstraint(
                name="tranche_bonus_plafonne",
                condition=Q(bonus=False) | Q(montant__gt=0, montant__lte=F("plafond")),
                violation_error_message="Le bonus d'investissement va de 0,01 € au bonus maximum de l'appel.",
            ),
            models.CheckConstraint(
                name="tranche_bonus_en_investissement",
                condition=Q(bonus=False) | Q(nature="investissement"),
                violation_error_message="Le bonus numérique est une somme d'investissement.",
            ),
            models.CheckConstraint(
                name="tranche_nature_connue",
                condition=Q(nature__in=["fonctionnement", "investissement"]),
                violation_error_message="Nature de tranche inconnue.",
            ),
            models.UniqueConstraint(fields=["subvention", "annee", "bonus"], name="tranche_unique_par_annee"),
            models.UniqueConstraint(
                fields=["subvention"],
                name="tranche_un_seul_bonus",
                condition=Q(bonus=True),
                violation_error_message="Une subvention n'a qu'un seul bonus d'investissement.",
            ),
        ]

    def __str__(self):
        if self.bonus:
            return f"Bonus d'investissement : {self.montant} €"
        return f"Année {self.annee} ({self.get_nature_display().lower()}) : {self.montant} €"

    def save(self, *args, **kwargs):
        if self._state.adding and (self.plafond is None or (self.nature == Nature.INVESTISSEMENT and not self.bonus)):
            regles = Subvention.objects.get(pk=self.subvention_id).regles
            # On an operating grant, investment money can only be the bonus (a row built by hand says so by its nature).
            if self.nature == Nature.INVESTISSEMENT and regles.nature != Nature.INVESTISSEMENT:
                self.bonus = True
            if self.plafond is None:
                self.plafond = (regles.bonus_maximum or 0) if self.bonus else regles.plafond_annuel
        super().save(*args, **kwargs)

    @property
    def libelle(self) -> str:
        if self.bonus:
            return "Bonus numérique (investissement)"
        return f"Année {self.annee}"


class HistoriqueSubvention(models.Model):
    """One change of a grant's schedule or status, with the amounts before and after."""

    class Action(models.TextChoices):
        PROPOSITION = "proposition", "Proposition de l'échéancier"
        AJUSTEMENT = "ajustement", "Ajustement de l'échéancier"
        DEROGATION = "derogation", "Dépassement de l'enveloppe autorisé"
        NOTIFICATION = "notification", "Notification"
        CONVENTION = "convention", "Signature de la convention"
        RESILIATION = "resiliation", "Résiliation"
        SOLDE = "solde", "Solde"

    subvention = models.ForeignKey(Subvention, verbose_name="subvention", on_delete=models.CASCADE, related_name="historique")
    action = models.CharField("action", max_length=20, choices=Action.choices)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="par", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    horodatage = models.DateTimeField("horodatage", auto_now_add=True)
    montants_avant = models.JSONField("montants avant", default=dict, blank=True)
    montants_apres = models.JSONField("montants après", default=dict, blank=True)
    commentaire = models.TextField("commentaire", blank=True)

    class Meta:
        verbose_name = "historique de subvention"
        verbose_name_plural = "historiques de subvention"
        ordering = ["-horodatage", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.horodatage:%d/%m/%Y %H:%M}"
