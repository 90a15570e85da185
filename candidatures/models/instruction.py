"""Instruction of the dossiers: reviewers, conflicts of interest, assignments, reviews on the four
criteria, the wave's grid settings and the selection committee's decisions."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Critere(models.TextChoices):
    """The four selection criteria of the programme, in their order and word for word as the flyer
    (004) gives them. The one source of their wording: forms, grid, PDFs, exports and API read it."""

    AMBITION = "ambition", "Ambition de soutenir l'essor du territoire et d'autres tiers-lieux"
    ANCRAGE = "ancrage", "Ancrage territorial fort et un porteur de projet bien identifié"
    GOUVERNANCE = "gouvernance", "Gouvernance claire et contributive"
    MODELE_ECONOMIQUE = "modele_economique", "Modèle économique équilibré à terme"


CRITERES = [c.value for c in Critere]

# Grid used when a wave has no GrilleVague row yet (kept equal to the model defaults below).
GRILLE_PAR_DEFAUT = {
    "note_min": 0,
    "note_max": 5,
    "poids_ambition": 1,
    "poids_ancrage": 1,
    "poids_gouvernance": 1,
    "poids_modele_economique": 1,
    "nb_instructeurs": 2,
    "evaluation_aveugle": True,
    "anonymiser": False,
    "affectation_automatique": False,
}


class GrilleVague(models.Model):
    """The scoring grid and the committee of one wave (scale, weights, reviewers per dossier)."""

    vague = models.OneToOneField("candidatures.Vague", verbose_name="vague", on_delete=models.CASCADE, related_name="grille")
    note_min = models.PositiveSmallIntegerField("note minimale", default=0)
    note_max = models.PositiveSmallIntegerField("note maximale", default=5)
    poids_ambition = models.PositiveSmallIntegerField("poids du critère « Ambition »", default=1)
    poids_ancrage = models.PositiveSmallIntegerField("poids du critère « Ancrage territorial »", default=1)
    poids_gouvernance = models.PositiveSmallIntegerField("poids du critère « Gouvernance »", default=1)
    poids_modele_economique = models.PositiveSmallIntegerField("poids du critère « Modèle économique »", default=1)
    nb_instructeurs = models.PositiveSmallIntegerField("nombre d'instructeurs par dossier", default=2)
    evaluation_aveugle = models.BooleanField(
        "évaluation à l'aveugle",
        default=True,
        help_text="Un instructeur ne voit les autres évaluations d'un dossier qu'après avoir soumis la sienne.",
    )
    anonymiser = models.BooleanField("masquer l'identité des porteurs aux instructeurs", default=False)
    affectation_automatique = models.BooleanField(
        "affecter automatiquement les instructeurs à la clôture",
        default=False,
        help_text="À la clôture de la vague, chaque dossier déposé reçoit ses instructeurs par l'affectation automatique.",
    )
    comite_clos_le = models.DateTimeField("comité clos le", null=True, blank=True)
    comite_clos_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="comité clos par", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "grille d'évaluation de la vague"
        verbose_name_plural = "grilles d'évaluation des vagues"
        constraints = [
            models.CheckConstraint(
                name="grille_echelle_croissante",
                condition=Q(note_min__lt=models.F("note_max")),
                violation_error_message="La note minimale doit être inférieure à la note maximale.",
            ),
            models.CheckConstraint(
                name="grille_au_moins_un_instructeur",
                condition=Q(nb_instructeurs__gte=1),
                violation_error_message="Il faut au moins un instructeur par dossier.",
            ),
            models.CheckConstraint(
                name="grille_poids_non_nuls",
                condition=Q(poids_ambition__gt=0) | Q(poids_ancrage__gt=0) | Q(poids_gouvernance__gt=0) | Q(poids_modele_economique__gt=0),
                violation_error_message="Au moins un critère doit avoir un poids non nul.",
            ),
        ]

    def __str__(self):
        return f"Grille de la {self.vague}"

    def poids(self, critere: str) -> int:
        return getattr(self, f"poids_{critere}")

    @property
    def poids_total(self) -> int:
        return sum(self.poids(c) for c in CRITERES)

    @property
    def comite_clos(self) -> bool:
        return self.comite_clos_le is not None


class ProfilInstructeur(models.Model):
    """The scope of a reviewer: the whole country, or one or more régions."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="instructeur", on_delete=models.CASCADE, related_name="profil_instructeur"
    )
    national = models.BooleanField("périmètre national", default=False)
    regions = models.ManyToManyField("fabriques.Region", verbose_name="régions", blank=True, related_name="instructeurs")

    class Meta:
        verbose_name = "profil d'instructeur"
        verbose_name_plural = "profils d'instructeurs"

    def __str__(self):
        return f"Profil d'instructeur de {self.user}"

    def couvre(self, region_id: int) -> bool:
        """Return whether a dossier located in région ``region_id`` is within this reviewer's scope."""
        return self.national or any(r.pk == region_id for r in self.regions.all())


class ConflitInteret(models.Model):
    """A conflict of interest declared by a reviewer: one tiers-lieu, one structure or one commune."""

    instructeur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="instructeur", on_delete=models.CASCADE, related_name="conflits_interet"
    )
    tiers_lieu = models.ForeignKey(
        "fabriques.TiersLieu", verbose_name="tiers-lieu", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    structure = models.CharField("structure porteuse", max_length=255, blank=True)
    commune = models.CharField("commune", max_length=150, blank=True)
    motif = models.TextField("motif")
    declare_le = models.DateTimeField("déclaré le", auto_now_add=True)

    class Meta:
        verbose_name = "conflit d'intérêts"
        verbose_name_plural = "conflits d'intérêts"
        ordering = ["-declare_le"]
        constraints = [
            models.CheckConstraint(
                name="conflit_une_seule_cible",
                condition=(
                    Q(tiers_lieu__isnull=False, structure="", commune="")
                    | Q(tiers_lieu__isnull=True, structure__gt="", commune="")
                    | Q(tiers_lieu__isnull=True, structure="", commune__gt="")
                ),
                violation_error_message="Indiquez un seul objet de conflit : un tiers-lieu, une structure ou une commune.",
            ),
        ]

    def __str__(self):
        return f"Conflit d'intérêts de {self.instructeur} : {self.cible}"

    @property
    def cible(self) -> str:
        if self.tiers_lieu_id:
            return f"tiers-lieu « {self.tiers_lieu} »"
        if self.structure:
            return f"structure « {self.structure} »"
        return f"commune « {self.commune} »"

    def concerne(self, tiers_lieu) -> bool:
        """Return whether this conflict concerns ``tiers_lieu`` (names compared without case)."""
        if self.tiers_lieu_id:
            return self.tiers_lieu_id == tiers_lieu.pk
        if self.structure:
            return self.structure.strip().casefold() == tiers_lieu.structure_porteuse.strip().casefold()
        return self.commune.strip().casefold() == tiers_lieu.commune.strip().casefold()


class Affectation(models.Model):
    """A reviewer assigned to a dossier, by hand or by the automatic assignment (with its reason)."""

    class Mode(models.TextChoices):
        MANUEL = "manuel", "Manuelle"
        AUTOMATIQUE = "automatique", "Automatique"

    dossier = models.ForeignKey("candidatures.Dossier", verbose_name="dossier", on_delete=models.CASCADE, related_name="affectations")
    instructeur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="instructeur", on_delete=models.PROTECT, related_name="affectations"
    )
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="affecté par", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cree_le = models.DateTimeField("affecté le", auto_now_add=True)
    mode = models.CharField("mode", max_length=20, choices=Mode.choices, default=Mode.MANUEL)
    explication = models.TextField("explication", blank=True)

    class Meta:
        verbose_name = "affectation"
        verbose_name_plural = "affectations"
        ordering = ["cree_le", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "instructeur"],
                name="affectation_unique",
                violation_error_message="Cet instructeur est déjà affecté à ce dossier.",
            ),
        ]

    def __str__(self):
        return f"{self.instructeur} → {self.dossier}"


class Evaluation(models.Model):
    """One reviewer's review of one dossier: a draft, then submitted and locked."""

    class Statut(models.TextChoices):
        BROUILLON = "brouillon", "Brouillon"
        SOUMISE = "soumise", "Soumise"

    class Avis(models.TextChoices):
        FAVORABLE = "favorable", "Favorable"
        RESERVE = "reserve", "Réservé"
        DEFAVORABLE = "defavorable", "Défavorable"

    dossier = models.ForeignKey("candidatures.Dossier", verbose_name="dossier", on_delete=models.CASCADE, related_name="evaluations")
    instructeur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="instructeur", on_delete=models.PROTECT, related_name="evaluations"
    )
    statut = models.CharField("statut", max_length=20, choices=Statut.choices, default=Statut.BROUILLON)
    avis = models.CharField("avis global", max_length=20, choices=Avis.choices, blank=True)
    note_comite = models.TextField("note au comité", blank=True)
    cree_le = models.DateTimeField("créée le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)
    soumise_le = models.DateTimeField("soumise le", null=True, blank=True)

    class Meta:
        verbose_name = "évaluation"
        verbose_name_plural = "évaluations"
        ordering = ["cree_le", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "instructeur"], name="evaluation_unique_par_instructeur"),
            models.CheckConstraint(
                name="evaluation_soumise_datee_et_avis",
                condition=Q(statut="brouillon") | (Q(soumise_le__isnull=False) & ~Q(avis="")),
                violation_error_message="Une évaluation soumise porte une date de soumission et un avis.",
            ),
        ]

    def __str__(self):
        return f"Évaluation de {self.dossier} par {self.instructeur}"

    @property
    def est_soumise(self) -> bool:
        return self.statut == self.Statut.SOUMISE


class NoteCritere(models.Model):
    """The score and the comment of one criterion in one review."""

    evaluation = models.ForeignKey(Evaluation, verbose_name="évaluation", on_delete=models.CASCADE, related_name="notes")
    critere = models.CharField("critère", max_length=30, choices=Critere.choices)
    note = models.PositiveSmallIntegerField("note", null=True, blank=True)
    commentaire = models.TextField("commentaire", blank=True)

    class Meta:
        verbose_name = "note d'un critère"
        verbose_name_plural = "notes des critères"
        ordering = ["evaluation", "critere"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "critere"], name="note_unique_par_critere"),
        ]

    def __str__(self):
        return f"{self.get_critere_display()} : {self.note if self.note is not None else '—'}"


class Decision(models.Model):
    """The committee's decision on a dossier in a wave: provisional until the committee is closed."""

    class Resultat(models.TextChoices):
        RETENU = "retenu", "Retenu"
        NON_RETENU = "non_retenu", "Non retenu"
        AJOURNE = "ajourne", "Ajourné (reporté à la vague suivante)"

    dossier = models.ForeignKey("candidatures.Dossier", verbose_name="dossier", on_delete=models.CASCADE, related_name="decisions")
    vague = models.ForeignKey("candidatures.Vague", verbose_name="vague", on_delete=models.PROTECT, related_name="decisions")
    resultat = models.CharField("décision", max_length=20, choices=Resultat.choices)
    motivation = models.TextField("motivation", blank=True)
    definitive = models.BooleanField("définitive", default=False)
    decide_par = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="décidé par", on_delete=models.PROTECT, related_name="+")
    decide_le = models.DateTimeField("décidé le")

    class Meta:
        verbose_name = "décision"
        verbose_name_plural = "décisions"
        ordering = ["-decide_le"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "vague"], name="decision_unique_par_vague"),
            models.CheckConstraint(
                name="decision_refus_motive",
                condition=~Q(resultat="non_retenu") | ~Q(motivation=""),
                violation_error_message="La motivation est obligatoire pour un dossier non retenu.",
            ),
        ]

    def __str__(self):
        return f"{self.dossier} : {self.get_resultat_display()}"


class ExportInstruction(models.Model):
    """A large export of the reviewers' list, generated in the background; its file is private and
    downloaded only by the person who asked for it."""

    class Statut(models.TextChoices):
        EN_COURS = "en_cours", "En préparation"
        PRET = "pret", "Prêt"
        ECHEC = "echec", "Échec"

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    demandeur = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="demandé par", on_delete=models.CASCADE, related_name="+")
    format = models.CharField("format", max_length=4, choices=Format.choices)
    parametres = models.TextField("filtres (chaîne de requête)", blank=True)
    statut = models.CharField("statut", max_length=10, choices=Statut.choices, default=Statut.EN_COURS)
    nb_lignes = models.PositiveIntegerField("nombre de lignes", null=True, blank=True)
    progression = models.PositiveSmallIntegerField("progression (%)", default=0)
    fichier = models.FileField("fichier", upload_to="exports/instruction/%Y/%m/", blank=True)
    erreur = models.TextField("erreur", blank=True)
    cree_le = models.DateTimeField("demandé le", auto_now_add=True)
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "export de la liste d'instruction"
        verbose_name_plural = "exports de la liste d'instruction"
        ordering = ["-cree_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="export_progression_pourcentage",
                condition=models.Q(progression__lte=100),
                violation_error_message="La progression est un pourcentage (0 à 100).",
            ),
        ]

    def __str__(self):
        return f"Export {self.get_format_display()} du {self.cree_le:%d/%m/%Y %H:%M}"


# A review's life: a draft, then submitted and locked.
TRANSITIONS_EVALUATION = {
    Evaluation.Statut.BROUILLON: {Evaluation.Statut.SOUMISE},
    Evaluation.Statut.SOUMISE: set(),
}
