"""Territories (reference data), tiers-lieux and their labels."""

import unicodedata

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower


def texte_sans_accents(texte: str) -> str:
    """Return ``texte`` in lower case, without accents, ligatures or apostrophe variants."""
    texte = (texte or "").lower().replace("œ", "oe").replace("æ", "ae").replace("’", "'")
    return "".join(c for c in unicodedata.normalize("NFD", texte) if unicodedata.category(c) != "Mn")


class Region(models.Model):
    """A French région (13 metropolitan, 5 overseas). Reference data shipped with the project."""

    code = models.CharField("code INSEE", max_length=3, unique=True)
    nom = models.CharField("nom", max_length=100)
    outre_mer = models.BooleanField("outre-mer", default=False)

    class Meta:
        verbose_name = "région"
        verbose_name_plural = "régions"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class Departement(models.Model):
    """A département (01…19, 2A, 2B, 21…95, 971…976)."""

    code = models.CharField("code", max_length=3, unique=True)
    nom = models.CharField("nom", max_length=100)
    region = models.ForeignKey(Region, verbose_name="région", on_delete=models.PROTECT, related_name="departements")

    class Meta:
        verbose_name = "département"
        verbose_name_plural = "départements"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} - {self.nom}"


class Qpv(models.Model):
    """A quartier prioritaire de la politique de la ville (reference table, loaded by command)."""

    code = models.CharField("code", max_length=10, unique=True)
    nom = models.CharField("nom", max_length=255)
    commune = models.CharField("commune", max_length=150)
    departement = models.ForeignKey(
        Departement, verbose_name="département", on_delete=models.PROTECT, related_name="qpv", null=True, blank=True
    )

    class Meta:
        verbose_name = "quartier prioritaire (QPV)"
        verbose_name_plural = "quartiers prioritaires (QPV)"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.nom} ({self.commune})"


class Implantation(models.TextChoices):
    """Where a tiers-lieu stands, in the categories of the programme's flyer (004): 150 Fabriques
    « en quartier prioritaire de la politique de la ville ou à proximité immédiate », 150 « hors des
    grands centres urbains ». The third category counts towards the 300 only."""

    QPV = "qpv", "Dans un quartier prioritaire (QPV)"
    PROXIMITE_QPV = "proximite_qpv", "À proximité immédiate d'un QPV"
    HORS_GRANDS_CENTRES = "hors_grands_centres", "Hors des grands centres urbains"
    GRAND_CENTRE = "grand_centre", "Dans un grand centre urbain, hors QPV"

    @classmethod
    def en_qpv_ou_proximite(cls) -> tuple[str, str]:
        """Return the two categories that count towards the target « QPV ou proximité immédiate »."""
        return (cls.QPV, cls.PROXIMITE_QPV)


# What each category means, shown under each choice on the tiers-lieu form.
EXPLICATIONS_IMPLANTATION = {
    Implantation.QPV: "Le lieu est situé dans un quartier prioritaire de la politique de la ville (indiquez lequel).",
    Implantation.PROXIMITE_QPV: "Le lieu est tout près d'un quartier prioritaire et accueille ses habitants (indiquez lequel).",
    Implantation.HORS_GRANDS_CENTRES: "Commune rurale, petite ville ou ville moyenne : tout ce qui n'est pas un grand centre urbain.",
    Implantation.GRAND_CENTRE: "Le lieu est au cœur d'une grande agglomération, sans être dans un QPV ni à proximité immédiate.",
}

# The filter of the directory and of the instruction list: QPV and its proximity count as one target.
CHOIX_FILTRE_IMPLANTATION = [
    ("qpv", "En quartier prioritaire ou à proximité immédiate"),
    (Implantation.HORS_GRANDS_CENTRES.value, Implantation.HORS_GRANDS_CENTRES.label),
    (Implantation.GRAND_CENTRE.value, Implantation.GRAND_CENTRE.label),
]


class FormeJuridique(models.TextChoices):
    ASSOCIATION = "association", "Association"
    SCIC = "scic", "SCIC"
    SCOP = "scop", "SCOP"
    SOCIETE = "societe", "Société (SAS, SARL…)"
    COLLECTIVITE = "collectivite", "Collectivité territoriale"
    GIP_GIE = "gip_gie", "GIP / GIE"
    SYNDICAT_MIXTE = "syndicat_mixte", "Syndicat mixte"
    CONSORTIUM = "consortium", "Consortium (avec un partenaire chef de file)"
    AUTRE = "autre", "Autre"


class TypeLieu(models.TextChoices):
    """Kinds of tiers-lieux named by the programme (press kit, AMI)."""

    COWORKING = "coworking", "Espace de coworking"
    FABLAB = "fablab", "Fablab"
    ATELIER_PARTAGE = "atelier_partage", "Atelier partagé"
    MICRO_FOLIE = "micro_folie", "Micro-folie"
    CAMPUS_CONNECTE = "campus_connecte", "Campus connecté"
    GARAGE_SOLIDAIRE = "garage_solidaire", "Garage solidaire"
    MAKERSPACE = "makerspace", "Makerspace"
    FRICHE_CULTURELLE = "friche_culturelle", "Friche culturelle"
    FRANCE_SERVICES = "france_services", "France Services"
    LIVING_LAB = "living_lab", "Living lab"
    NOURRICIER = "nourricier", "Tiers-lieu nourricier"
    SOCIAL_PLACE = "social_place", "Social place"
    AUTRE = "autre", "Autre"


class FamilleService(models.TextChoices):
    """The six families of services of the press kit."""

    CULTURE_SAVOIRS = "culture_savoirs", "Accéder à la culture et aux savoirs"
    TRAVAILLER = "travailler", "Travailler autrement"
    SERVICES_PUBLICS = "services_publics", "Accéder aux services publics"
    CREER_FABRIQUER = "creer_fabriquer", "Créer, fabriquer, innover"
    DURABLE = "durable", "Inventer durablement"
    PARTICIPER = "participer", "Contribuer et participer"


class SourceTiersLieu(models.TextChoices):
    """Where a tiers-lieu record comes from.

    A porteur's own entry has every mandatory field (SIRET checked by checksum). A row imported from
    the published laureate list only has what that list gives (structure, département, commune):
    its SIRET, address and implantation stay empty until a porteur completes them — never a
    placeholder value.
    """

    SAISIE = "saisie", "Saisi par un porteur"
    LISTE_PUBLIEE = "liste_publiee", "Importé de la liste publiée des lauréats"


class TiersLieu(models.Model):
    """A tiers-lieu and its structure porteuse: the applicant of the AMI."""

    nom = models.CharField("nom du tiers-lieu", max_length=255)
    structure_porteuse = models.CharField("structure porteuse", max_length=255)
    forme_juridique = models.CharField("forme juridique", max_length=30, choices=FormeJuridique.choices, blank=True)
    siret = models.CharField("SIRET", max_length=14, db_index=True, blank=True)
    adresse = models.CharField("adresse", max_length=255, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    commune = models.CharField("commune", max_length=150)
    departement = models.ForeignKey(Departement, verbose_name="département", on_delete=models.PROTECT, related_name="tiers_lieux")
    region = models.ForeignKey(Region, verbose_name="région", on_delete=models.PROTECT, related_name="tiers_lieux")
    implantation = models.CharField("implantation", max_length=20, choices=Implantation.choices, blank=True)
    qpv = models.ForeignKey(
        Qpv, verbose_name="quartier prioritaire", null=True, blank=True, on_delete=models.PROTECT, related_name="tiers_lieux"
    )
    date_creation = models.DateField("date de création", null=True, blank=True)
    site_web = models.URLField("site web", blank=True)
    types_lieu = models.JSONField("types de lieu", default=list, blank=True)
    familles_services = models.JSONField("familles de services", default=list, blank=True)
    surface_m2 = models.PositiveIntegerField("surface (m²)", null=True, blank=True)
    horaires = models.TextField("horaires d'ouverture", blank=True)
    nombre_usagers = models.PositiveIntegerField("nombre de membres ou usagers", null=True, blank=True)
    etp_salaries = models.DecimalField("salariés (ETP)", max_digits=6, decimal_places=2, null=True, blank=True)
    benevoles = models.PositiveIntegerField("bénévoles", null=True, blank=True)
    gestionnaires = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="gestionnaires", related_name="tiers_lieux", blank=True)
    source = models.CharField("origine de la fiche", max_length=20, choices=SourceTiersLieu.choices, default=SourceTiersLieu.SAISIE)
    # Name, structure and commune without accents or case, so « besancon » finds « Besançon » on any database.
    texte_recherche = models.TextField("texte de recherche", blank=True, editable=False)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "tiers-lieu"
        verbose_name_plural = "tiers-lieux"
        ordering = ["nom"]
        constraints = [
            models.CheckConstraint(
                name="tierslieu_qpv_si_implantation_qpv",
                condition=(
                    models.Q(implantation__in=["qpv", "proximite_qpv"], qpv__isnull=False)
                    | ~models.Q(implantation__in=["qpv", "proximite_qpv"])
                ),
                violation_error_message="Indiquez le quartier prioritaire concerné.",
            ),
            models.CheckConstraint(
                name="tierslieu_siret_sauf_liste_publiee",
                condition=models.Q(source="liste_publiee") | ~models.Q(siret=""),
                violation_error_message="Le SIRET est obligatoire.",
            ),
        ]

    def __str__(self):
        return self.nom

    def save(self, *args, **kwargs):
        self.texte_recherche = texte_sans_accents(" ".join((self.nom, self.structure_porteuse, self.commune)))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"nom", "structure_porteuse", "commune"} & set(update_fields):
            kwargs["update_fields"] = [*update_fields, "texte_recherche"]
        super().save(*args, **kwargs)

    @property
    def types_lieu_libelles(self) -> list[str]:
        return [TypeLieu(t).label for t in self.types_lieu if t in TypeLieu.values]

    @property
    def familles_services_libelles(self) -> list[str]:
        return [FamilleService(f).label for f in self.familles_services if f in FamilleService.values]

    @property
    def en_qpv_ou_proximite(self) -> bool:
        return self.implantation in (Implantation.QPV, Implantation.PROXIMITE_QPV)


class Label(models.Model):
    """The label « Fabrique de territoire » (or « numérique ») given to a tiers-lieu by a wave."""

    class Type(models.TextChoices):
        FABRIQUE = "fabrique", "Fabrique de territoire"
        NUMERIQUE = "numerique", "Fabrique numérique de territoire"

    tiers_lieu = models.ForeignKey(TiersLieu, verbose_name="tiers-lieu", on_delete=models.PROTECT, related_name="labels")
    type = models.CharField("label", max_length=20, choices=Type.choices)
    vague = models.ForeignKey(
        "candidatures.Vague", verbose_name="vague", null=True, blank=True, on_delete=models.PROTECT, related_name="labels"
    )
    # Unknown (empty) only for a historical label whose decision date is not known.
    date_obtention = models.DateField("date d'obtention", null=True, blank=True)
    # « Nouvelle Fabrique » as on the published list: selected in the wave of this label (always true
    # for a label a wave gives). Unknown (empty) when the historical list does not tell it. The lists
    # mark the Fabriques of the wave they show (the latest published wave on the cumulative list).
    nouvelle_fabrique = models.BooleanField("nouvelle Fabrique", null=True, blank=True, default=True)
    historique = models.BooleanField("label historique (saisi par un administrateur)", default=False)
    commentaire = models.TextField("commentaire", blank=True)

    class Meta:
        verbose_name = "label"
        verbose_name_plural = "labels"
        ordering = ["-date_obtention"]
        constraints = [
            models.UniqueConstraint(fields=["tiers_lieu", "type"], name="label_unique_par_type"),
            models.CheckConstraint(
                name="label_date_sauf_historique",
                condition=models.Q(historique=True) | models.Q(date_obtention__isnull=False),
                violation_error_message="La date d'obtention du label est obligatoire.",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} — {self.tiers_lieu}"


class InvitationGestionnaire(models.Model):
    """A porteur invites a colleague, by e-mail, to manage a tiers-lieu with them.

    The invitation waits for the colleague's answer: signed in with that address (after creating
    their account if need be), they accept or decline it on « Mes invitations »
    (``services.gestionnaire_invitation_accepter`` / ``_decliner``). Nobody is made a manager
    without accepting.
    """

    tiers_lieu = models.ForeignKey(TiersLieu, verbose_name="tiers-lieu", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("adresse électronique")
    invite_par = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="invité par", on_delete=models.PROTECT, related_name="+")
    cree_le = models.DateTimeField("créée le", auto_now_add=True)
    acceptee_le = models.DateTimeField("acceptée le", null=True, blank=True)
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="compte", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "invitation d'un gestionnaire"
        verbose_name_plural = "invitations de gestionnaires"
        ordering = ["-cree_le"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "tiers_lieu", name="invitation_gestionnaire_unique_en_attente", condition=models.Q(acceptee_le__isnull=True)
            ),
        ]

    def __str__(self):
        return f"Invitation de {self.email} à gérer {self.tiers_lieu}"
