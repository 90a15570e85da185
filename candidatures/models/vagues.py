"""Waves of the AMI and the applicants' dossiers, with their allowed transitions."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

from appels.regles_financieres import BONUS_NUMERIQUE, NOMBRE_ANNEES, PLAFOND_ANNUEL, TOTAL_MAXIMUM, TOTAL_MINIMUM, ReglesFinancieres
from appels.services import appel_fabriques_id
from commun.temps import aujourdhui_paris, debut_de_journee_paris, fin_de_journee_paris, maintenant

# Two reviewers whose scores on one criterion differ by this much or more disagree.
SEUIL_DESACCORD = 2
# The committee's ranking key, as indexed: score then the mean of the tie-break criterion — the first
# criterion of the wave's call, « Ambition » for the Fabriques (unscored last: a sentinel below any
# score, as SQLite cannot index NULLS LAST), deposit time, number. ``classement`` orders
# by exactly these expressions so that PostgreSQL reads a page of a long list from the index.
SANS_NOTE = -1_000_000.0
CLE_DE_CLASSEMENT_INDEXEE = (
    Coalesce("score", Value(SANS_NOTE)).desc(),
    Coalesce("moy_departage", Value(SANS_NOTE)).desc(),
    "depose_le",
    "numero",
    "id",
)


# The total asked, as the database adds it (a year the call does not have is empty).
_TOTAL_DEMANDE = sum(
    (
        Coalesce(F(f"montant_annee_{a}"), Value(Decimal("0.00")), output_field=models.DecimalField(max_digits=12, decimal_places=2))
        for a in (2, 3)
    ),
    Coalesce(F("montant_annee_1"), Value(Decimal("0.00")), output_field=models.DecimalField(max_digits=12, decimal_places=2)),
)


class Vague(models.Model):
    """A wave of the permanent AMI: a deposit deadline (a day in Paris), a committee, a publication."""

    class Statut(models.TextChoices):
        A_VENIR = "a_venir", "À venir"
        OUVERTE = "ouverte", "Ouverte"
        CLOTUREE = "cloturee", "Clôturée"
        EN_INSTRUCTION = "en_instruction", "En instruction"
        RESULTATS_PUBLIES = "resultats_publies", "Résultats publiés"

    numero = models.PositiveIntegerField("numéro", unique=True)
    # The call this wave belongs to (its rules govern the wave's new dossiers); the Fabriques call by default.
    appel = models.ForeignKey(
        "appels.Appel", verbose_name="appel", on_delete=models.PROTECT, related_name="vagues", default=appel_fabriques_id
    )
    titre = models.CharField("titre", max_length=200)
    date_ouverture = models.DateField("date d'ouverture")
    date_limite = models.DateField(
        "date limite de dépôt", help_text="Les dépôts sont acceptés jusqu'à 23:59:59, heure de Paris, ce jour-là."
    )
    date_comite = models.DateField("date du comité de sélection", null=True, blank=True)
    date_publication = models.DateField("date de publication des résultats", null=True, blank=True)
    plafond_laureats = models.PositiveIntegerField("nombre maximal de lauréats", null=True, blank=True)
    statut = models.CharField("statut", max_length=20, choices=Statut.choices, default=Statut.A_VENIR)
    # Set by ``vague_cloturer`` in the transaction that did the closing work: it makes the closing
    # happen once, whoever triggers it (beat, command, button) and however many times.
    cloturee_le = models.DateTimeField("clôture effectuée le", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "vague"
        verbose_name_plural = "vagues"
        ordering = ["date_limite"]
        constraints = [
            models.CheckConstraint(
                name="vague_ouverture_avant_limite",
                condition=Q(date_ouverture__lte=models.F("date_limite")),
                violation_error_message="La date d'ouverture doit précéder la date limite de dépôt.",
            ),
        ]

    def __str__(self):
        # « Vague 4 de 2026 », not « Vague 4 — Vague 4 de 2026 » when the title already says the number.
        prefixe = f"Vague {self.numero}"
        if self.titre == prefixe or self.titre.startswith(prefixe + " "):
            return self.titre
        return f"{prefixe} — {self.titre}"

    @property
    def ouverture(self):
        """Return the aware datetime at which deposits open (midnight, Paris)."""
        return debut_de_journee_paris(self.date_ouverture)

    @property
    def cloture(self):
        """Return the last accepted instant of deposit: 23:59:59.999999 in Paris."""
        return fin_de_journee_paris(self.date_limite)

    def accepte_les_depots(self, moment=None) -> bool:
        """Return whether a deposit made at ``moment`` (default: now) is on time."""
        moment = moment or maintenant()
        return self.statut in (self.Statut.A_VENIR, self.Statut.OUVERTE) and self.ouverture <= moment <= self.cloture

    def depots_encore_possibles(self, moment=None) -> bool:
        """Return whether the wave may still receive deposits (open, or to open, and its deadline not
        passed): its committee cannot sit yet, since a dossier may still arrive."""
        moment = moment or maintenant()
        return self.statut in (self.Statut.A_VENIR, self.Statut.OUVERTE) and moment <= self.cloture

    @property
    def cloture_due(self) -> bool:
        """Return whether the deadline has passed and the closing work is still to do."""
        return self.cloturee_le is None and self.statut != self.Statut.RESULTATS_PUBLIES and maintenant() > self.cloture

    @property
    def cloturee_par_anticipation(self) -> bool:
        """Return whether the wave was closed before its deadline (``vague_cloturer_par_anticipation``)."""
        return self.cloturee_le is not None and self.cloturee_le <= self.cloture

    @property
    def jours_restants(self) -> int:
        return (self.date_limite - aujourdhui_paris()).days

    @property
    def rang_dans_annee(self) -> int:
        """Return the rank of this wave among the waves whose deadline falls in the same year (1…4)."""
        return Vague.objects.filter(date_limite__year=self.date_limite.year, date_limite__lte=self.date_limite).count()

    def peut_passer_a(self, statut: str) -> bool:
        return statut in TRANSITIONS_VAGUE.get(self.statut, set())


# The one place where a wave's life is written: from → allowed next statuses, as the services move
# it (``commun.transitions.transition``; ``tests/commun/test_transitions.py`` drives every pair).
# A wave « à venir » whose whole window has passed is closed at once by the periodic job
# (``vagues_mettre_a_jour_statuts``) or by ``vague_cloturer``; publishing moves a closed wave
# through « en instruction » to « résultats publiés ».
TRANSITIONS_VAGUE = {
    Vague.Statut.A_VENIR: {Vague.Statut.OUVERTE, Vague.Statut.CLOTUREE},
    Vague.Statut.OUVERTE: {Vague.Statut.CLOTUREE},
    Vague.Statut.CLOTUREE: {Vague.Statut.EN_INSTRUCTION},
    Vague.Statut.EN_INSTRUCTION: {Vague.Statut.RESULTATS_PUBLIES},
    Vague.Statut.RESULTATS_PUBLIES: set(),
}


def _chemin_accuse(dossier, nom):
    return f"candidatures/accuses/{dossier.vague_id}/{nom}"


class Dossier(models.Model):
    """One tiers-lieu's application to one wave.

    The applicant's answers live in ``contenu``, one entry per section code of
    ``candidatures.sections`` (so each section is saved on its own); the amounts asked per year
    are Decimal columns, checked by the database and by ``appels.regles_financieres``.

    The dossier keeps the version of its call (``version_appel``) and a copy of that version's money
    rules (``plafond_annuel`` … ``bonus_qpv``), set at creation and again at the deposit, never after:
    the database checks the amounts against these columns, so loading a new version of the call
    never changes what was deposited or decided.
    """

    class Statut(models.TextChoices):
        BROUILLON = "brouillon", "Brouillon"
        DEPOSE = "depose", "Déposé"
        EN_INSTRUCTION = "en_instruction", "En instruction"
        COMPLEMENT_DEMANDE = "complement_demande", "Complément demandé"
        RETENU = "retenu", "Retenu"
        NON_RETENU = "non_retenu", "Non retenu"
        AJOURNE = "ajourne", "Ajourné"
        RETIRE = "retire", "Retiré (désistement)"

    numero = models.CharField("numéro de dossier", max_length=30, unique=True, null=True, blank=True)
    tiers_lieu = models.ForeignKey("fabriques.TiersLieu", verbose_name="tiers-lieu", on_delete=models.PROTECT, related_name="dossiers")
    vague = models.ForeignKey(Vague, verbose_name="vague", on_delete=models.PROTECT, related_name="dossiers")
    statut = models.CharField("statut", max_length=30, choices=Statut.choices, default=Statut.BROUILLON, db_index=True)
    bonus_numerique = models.BooleanField("demande le bonus « Fabrique numérique de territoire »", default=False)
    montant_annee_1 = models.DecimalField("montant demandé année 1 (€)", max_digits=12, decimal_places=2, null=True, blank=True)
    montant_annee_2 = models.DecimalField("montant demandé année 2 (€)", max_digits=12, decimal_places=2, null=True, blank=True)
    montant_annee_3 = models.DecimalField("montant demandé année 3 (€)", max_digits=12, decimal_places=2, null=True, blank=True)
    contenu = models.JSONField("contenu des sections", default=dict, blank=True)
    version_appel = models.ForeignKey(
        "appels.VersionAppel",
        verbose_name="version de l'appel",
        on_delete=models.PROTECT,
        related_name="dossiers",
        null=True,
        blank=True,
    )
    nombre_annees = models.PositiveSmallIntegerField("années de la subvention (appel)", default=NOMBRE_ANNEES, editable=False)
    plafond_annuel = models.DecimalField("plafond annuel (appel)", max_digits=12, decimal_places=2, default=PLAFOND_ANNUEL, editable=False)
    total_minimum = models.DecimalField("total minimum (appel)", max_digits=12, decimal_places=2, default=TOTAL_MINIMUM, editable=False)
    total_maximum = models.DecimalField("total maximum (appel)", max_digits=12, decimal_places=2, default=TOTAL_MAXIMUM, editable=False)
    bonus_maximum = models.DecimalField(
        "bonus maximum (appel)", max_digits=12, decimal_places=2, default=BONUS_NUMERIQUE, null=True, editable=False
    )
    bonus_qpv = models.BooleanField("bonus réservé aux QPV (appel)", default=True, editable=False)
    # What the yearly amounts finance under the call (« investissement » for the 2019 numérique call).
    nature = models.CharField("nature des montants (appel)", max_length=20, default="fonctionnement", editable=False)
    cree_par = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="créé par", on_delete=models.PROTECT, related_name="+")
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)
    depose_le = models.DateTimeField("déposé le", null=True, blank=True)
    depose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="déposé par", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    retire_le = models.DateTimeField("retiré le", null=True, blank=True)
    accuse_reception = models.FileField("accusé de réception (PDF)", upload_to=_chemin_accuse, blank=True, max_length=255)

    # The reviews' synthesis, stored so that lists rank and page by an index instead of aggregating
    # every dossier's scores on each request (8.8 s for the list of all waves at 100 000 dossiers,
    # bench/). Written only by ``candidatures.services.synthese`` whenever a review is submitted,
    # an assignment changes, the wave's grid changes or the dossier changes wave.
    score = models.FloatField("score pondéré (sur 100)", null=True, blank=True, editable=False)
    moy_ambition = models.FloatField("moyenne « Ambition »", null=True, blank=True, editable=False)
    moy_ancrage = models.FloatField("moyenne « Ancrage »", null=True, blank=True, editable=False)
    moy_gouvernance = models.FloatField("moyenne « Gouvernance »", null=True, blank=True, editable=False)
    moy_modele_economique = models.FloatField("moyenne « Modèle économique »", null=True, blank=True, editable=False)
    # Any call's criteria: the mean of each criterion of the dossier's call, by its code (the four
    # columns above are the Fabriques' ones, kept for their readers), and the mean of the call's
    # first criterion, which breaks ties in the ranking (the index above).
    moyennes = models.JSONField("moyennes par critère (code → moyenne)", default=dict, blank=True, editable=False)
    moy_departage = models.FloatField("moyenne du premier critère de l'appel (départage)", null=True, blank=True, editable=False)
    ecart_max = models.PositiveSmallIntegerField("plus grand écart entre instructeurs sur un critère", default=0, editable=False)
    nb_evaluations = models.PositiveSmallIntegerField("évaluations soumises", default=0, editable=False)
    nb_attendues = models.PositiveSmallIntegerField("instructeurs affectés", default=0, editable=False)

    class Meta:
        verbose_name = "dossier"
        verbose_name_plural = "dossiers"
        ordering = ["-cree_le"]
        indexes = [
            # The committee's ranking (selectors/instruction.py, classement), so that a list of all
            # waves reads its first page from the index.
            models.Index(*CLE_DE_CLASSEMENT_INDEXEE, name="dossier_classement"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["tiers_lieu", "vague"],
                name="dossier_un_par_tiers_lieu_et_vague",
                condition=~Q(statut="retire"),
                violation_error_message="Ce tiers-lieu a déjà un dossier dans cette vague.",
            ),
            # One Fabrique, one support (001, 003, 004: the amounts are per tiers-lieu over three years).
            models.UniqueConstraint(
                fields=["tiers_lieu"],
                name="dossier_un_retenu_par_tiers_lieu",
                condition=Q(statut="retenu"),
                violation_error_message="Ce tiers-lieu a déjà un dossier retenu : une Fabrique ne reçoit qu'un soutien du programme.",
            ),
            # The money rules of the dossier's call, as copied on the row (never the constants).
            models.CheckConstraint(
                name="dossier_montants_annuels_plafonnes",
                condition=(
                    (Q(montant_annee_1__isnull=True) | Q(montant_annee_1__gte=0, montant_annee_1__lte=F("plafond_annuel")))
                    & (Q(montant_annee_2__isnull=True) | Q(montant_annee_2__gte=0, montant_annee_2__lte=F("plafond_annuel")))
                    & (Q(montant_annee_3__isnull=True) | Q(montant_annee_3__gte=0, montant_annee_3__lte=F("plafond_annuel")))
                ),
                violation_error_message="Le montant demandé dépasse le plafond annuel de l'appel.",
            ),
            models.CheckConstraint(
                name="dossier_annees_de_l_appel",
                condition=(
                    Q(nombre_annees__gte=1, nombre_annees__lte=NOMBRE_ANNEES)
                    & (Q(nombre_annees__gte=2) | Q(montant_annee_2__isnull=True))
                    & (Q(nombre_annees__gte=3) | Q(montant_annee_3__isnull=True))
                ),
                violation_error_message="Le dossier demande un montant pour une année que son appel ne prévoit pas.",
            ),
            models.CheckConstraint(
                name="dossier_bonus_prevu_par_l_appel",
                condition=Q(bonus_numerique=False) | Q(bonus_maximum__isnull=False),
                violation_error_message="L'appel de ce dossier ne prévoit pas de bonus.",
            ),
            models.CheckConstraint(
                name="dossier_depose_total_dans_la_fourchette",
                condition=(
                    Q(statut="brouillon")
                    | Q(statut="retire", depose_le__isnull=True)
                    | Q(montant_annee_1__isnull=False)
                    & (Q(nombre_annees__lt=2) | Q(montant_annee_2__isnull=False))
                    & (Q(nombre_annees__lt=3) | Q(montant_annee_3__isnull=False))
                    & Q(GreaterThanOrEqual(_TOTAL_DEMANDE, F("total_minimum")))
                    & Q(LessThanOrEqual(_TOTAL_DEMANDE, F("total_maximum")))
                ),
                violation_error_message="Un dossier déposé demande un total dans la fourchette de son appel.",
            ),
            models.CheckConstraint(
                name="dossier_depose_a_un_numero",
                condition=Q(statut="brouillon")
                | Q(numero__isnull=False, depose_le__isnull=False)
                | Q(statut="retire", depose_le__isnull=True),
                violation_error_message="Un dossier déposé porte un numéro et une date de dépôt.",
            ),
        ]

    def __str__(self):
        return self.numero or f"Brouillon n° {self.pk}"

    def save(self, *args, **kwargs):
        # A new dossier takes its wave's call as it is now (the services, the factories, a row built by hand).
        if self._state.adding and self.version_appel_id is None and self.vague_id is not None:
            self.appliquer_version(Vague.objects.select_related("appel").get(pk=self.vague_id).appel.version_courante)
        super().save(*args, **kwargs)

    CHAMPS_DE_L_APPEL = (
        "version_appel",
        "nombre_annees",
        "plafond_annuel",
        "total_minimum",
        "total_maximum",
        "bonus_maximum",
        "bonus_qpv",
        "nature",
    )

    def appliquer_version(self, version) -> None:
        """Copy ``version``'s money rules on the row (not saved): at creation and at the deposit only."""
        regles = version.regles
        self.version_appel = version
        self.nombre_annees = regles.annees
        self.plafond_annuel, self.total_minimum, self.total_maximum = regles.plafond_annuel, regles.total_minimum, regles.total_maximum
        self.bonus_maximum, self.bonus_qpv = regles.bonus_maximum, regles.bonus_qpv
        self.nature = regles.nature

    @property
    def regles(self) -> ReglesFinancieres:
        """The money rules this dossier is judged by: its call's, as copied on the row (no query)."""
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
    def montants(self) -> list:
        return [self.montant_annee_1, self.montant_annee_2, self.montant_annee_3][: self.nombre_annees]

    @property
    def montant_total_demande(self) -> Decimal:
        return sum((m or Decimal("0") for m in self.montants), Decimal("0"))

    @property
    def desaccord(self) -> bool:
        """Whether two reviewers differ by ``SEUIL_DESACCORD`` points or more on one criterion."""
        return self.ecart_max >= SEUIL_DESACCORD

    @property
    def est_brouillon(self) -> bool:
        return self.statut == self.Statut.BROUILLON

    @property
    def a_ete_depose(self) -> bool:
        return self.depose_le is not None

    # The committee's outcomes, which the applicant learns at the publication of the wave's results.
    STATUTS_DECISION = ("retenu", "non_retenu", "ajourne")

    @property
    def decision_publiee(self) -> bool:
        return self.vague.statut == Vague.Statut.RESULTATS_PUBLIES

    @property
    def statut_porteur(self) -> str:
        """The status the applicant sees: the committee's outcome once the results are published,
        « en instruction » until then (the closing of the committee e-mails nobody)."""
        if self.statut in self.STATUTS_DECISION and not self.decision_publiee:
            return self.Statut.EN_INSTRUCTION
        return self.statut

    @property
    def statut_porteur_libelle(self) -> str:
        return self.Statut(self.statut_porteur).label

    def peut_passer_a(self, statut: str) -> bool:
        return statut in TRANSITIONS_DOSSIER.get(self.statut, set())

    def section(self, code: str) -> dict:
        """Return what the applicant saved for section ``code`` (an empty dict if nothing yet)."""
        return (self.contenu or {}).get(code, {})


# The one place where a dossier's life is written: from → allowed next statuses, exactly as the
# services move it (``commun.transitions.transition``; ``tests/commun/test_transitions.py`` drives
# every pair). The applicant deposits or withdraws (``services/dossiers.py``); the wave's closing
# puts deposited dossiers « en instruction » (``services/cloture.py``); a complement may be asked
# as soon as a dossier is deposited and the answer (or its withdrawal) puts the dossier back where
# it was (``services/echanges.py``); the committee's closing gives deposited, reviewed and
# adjourned dossiers their final status (``services/instruction.py``: an adjourned dossier is
# carried over to the next wave, whose committee decides it again; « ajourné » again is no change).
S = Dossier.Statut
TRANSITIONS_DOSSIER = {
    S.BROUILLON: {S.DEPOSE, S.RETIRE},
    S.DEPOSE: {S.EN_INSTRUCTION, S.RETIRE, S.COMPLEMENT_DEMANDE, S.RETENU, S.NON_RETENU, S.AJOURNE},
    S.EN_INSTRUCTION: {S.COMPLEMENT_DEMANDE, S.RETENU, S.NON_RETENU, S.AJOURNE},
    S.COMPLEMENT_DEMANDE: {S.DEPOSE, S.EN_INSTRUCTION},
    S.RETENU: set(),
    S.NON_RETENU: set(),
    S.AJOURNE: {S.RETENU, S.NON_RETENU},
    S.RETIRE: set(),
}
del S
