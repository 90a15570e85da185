"""Forms of porteurs. They parse what was typed; the rules live in the services and the checkers they call."""

from django import forms

from commun.erreurs import ErreurMetier

from .identifiants import siret_normaliser
from .models import EXPLICATIONS_IMPLANTATION, Departement, FamilleService, FormeJuridique, Implantation, Label, TiersLieu, TypeLieu
from .services import localiser
from .territoires import departements_du_code_postal


class TiersLieuForm(forms.Form):
    nom = forms.CharField(label="Nom du tiers-lieu", max_length=255)
    structure_porteuse = forms.CharField(label="Structure porteuse", max_length=255, help_text="La personne morale qui porte le projet.")
    forme_juridique = forms.ChoiceField(label="Forme juridique", choices=[("", "Choisissez…"), *FormeJuridique.choices])
    siret = forms.CharField(
        label="SIRET de la structure porteuse",
        max_length=20,
        help_text="14 chiffres, tels qu'ils figurent sur l'avis de situation au répertoire SIRENE. "
        "Une structure qui porte plusieurs tiers-lieux déclare chacun avec le même SIRET.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    adresse = forms.CharField(label="Adresse du lieu", max_length=255, widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    code_postal = forms.CharField(
        label="Code postal",
        max_length=10,
        help_text="5 chiffres. La région en est déduite.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code", "data-region-cible": "region-deduite"}),
    )
    commune = forms.CharField(label="Commune", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "address-level2"}))
    departement = forms.ModelChoiceField(
        label="Département",
        required=False,
        queryset=Departement.objects.all(),
        to_field_name="code",
        empty_label="Déduit du code postal",
        help_text="Laissez « Déduit du code postal » sauf si votre code postal dépend d'un bureau du département voisin.",
    )
    implantation = forms.ChoiceField(
        label="Implantation",
        choices=Implantation.choices,
        widget=forms.RadioSelect,
        help_text="Le programme vise 150 Fabriques en quartier prioritaire ou à proximité immédiate et 150 hors des grands centres urbains.",
    )
    implantation.explications = EXPLICATIONS_IMPLANTATION
    qpv = forms.CharField(
        label="Quartier prioritaire (QPV)",
        required=False,
        max_length=12,
        help_text="Code du quartier, par exemple QN07501M : obligatoire si le lieu est dans un QPV ou à sa proximité immédiate.",
    )
    date_creation = forms.DateField(
        label="Date de création", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    site_web = forms.URLField(label="Site web", required=False, assume_scheme="https", help_text="Par exemple https://www.exemple.fr")
    types_lieu = forms.MultipleChoiceField(
        label="Types de lieu", required=False, choices=TypeLieu.choices, widget=forms.CheckboxSelectMultiple
    )
    familles_services = forms.MultipleChoiceField(
        label="Familles de services proposées", required=False, choices=FamilleService.choices, widget=forms.CheckboxSelectMultiple
    )
    surface_m2 = forms.IntegerField(label="Surface (m²)", required=False, min_value=0)
    horaires = forms.CharField(label="Horaires d'ouverture", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    nombre_usagers = forms.IntegerField(label="Nombre de membres ou d'usagers", required=False, min_value=0)
    # Localised: « 1,5 » as written in French (and « 1.5 »), shown back as « 1,50 ».
    etp_salaries = forms.DecimalField(
        label="Salariés (équivalents temps plein)",
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        localize=True,
        help_text="Par exemple 2,5 pour deux salariés et un mi-temps.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    benevoles = forms.IntegerField(label="Bénévoles", required=False, min_value=0)

    def clean_siret(self):
        try:
            return siret_normaliser(self.cleaned_data["siret"])
        except ErreurMetier as erreur:
            raise forms.ValidationError(erreur.message)

    def clean_code_postal(self):
        code = self.cleaned_data["code_postal"].strip().replace(" ", "")
        try:
            departements_du_code_postal(code)
        except ErreurMetier as erreur:
            raise forms.ValidationError(erreur.message)
        return code

    def clean(self):
        donnees = super().clean()
        code = donnees.get("code_postal")
        if code:
            departement = donnees.get("departement")
            try:
                self.departement_deduit = localiser(code_postal=code, departement_code=departement.code if departement else None)
            except ErreurMetier as erreur:
                self.add_error(erreur.champ if erreur.champ in self.fields else None, erreur.message)
        if donnees.get("implantation") in (Implantation.QPV, Implantation.PROXIMITE_QPV) and not donnees.get("qpv"):
            self.add_error("qpv", "Indiquez le code du quartier prioritaire (par exemple QN07501M).")
        return donnees

    def champs_service(self) -> dict:
        """Return the keyword arguments of ``tiers_lieu_creer`` / ``tiers_lieu_modifier``."""
        donnees = dict(self.cleaned_data)
        departement = donnees.pop("departement", None)
        donnees["departement_code"] = departement.code if departement else None
        return donnees


class InvitationGestionnaireForm(forms.Form):
    email = forms.EmailField(
        label="Adresse électronique de votre collègue",
        help_text="Votre collègue reçoit une invitation par courriel ; il deviendra gestionnaire quand il l'aura acceptée.",
    )


class LabelHistoriqueForm(forms.Form):
    tiers_lieu = forms.ModelChoiceField(
        label="Tiers-lieu", queryset=TiersLieu.objects.select_related("departement").order_by("nom"), empty_label="Choisissez…"
    )
    type = forms.ChoiceField(label="Label", choices=Label.Type.choices, widget=forms.RadioSelect)
    date = forms.DateField(
        label="Date de la décision",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Laissez vide si elle n'est pas connue.",
    )
    nouvelle_fabrique = forms.TypedChoiceField(
        label="Marquée « Nouvelle Fabrique » sur la liste publiée ?",
        required=False,
        widget=forms.RadioSelect,
        empty_value=None,
        help_text="Sur la liste publiée, « Nouvelle Fabrique » marque les Fabriques sélectionnées lors de la dernière vague : "
        "ce n'est ni la date de création du lieu, ni un premier label.",
        choices=[
            ("", "Non connu"),
            ("oui", "Oui, sélectionnée lors de la vague de cette liste"),
            ("non", "Non, sélectionnée lors d'une vague précédente"),
        ],
        coerce=lambda v: {"oui": True, "non": False}.get(v),
    )
    commentaire = forms.CharField(
        label="Source, remarques",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Par exemple : liste publiée dans le dossier de presse, arrêté, courrier…",
    )


class ImplantationsForm(forms.Form):
    """The bulk action of the page on historical Fabriques: which rows, which implantation."""

    tiers_lieux = forms.TypedMultipleChoiceField(label="Fabriques cochées", required=False, coerce=int, choices=())
    toutes = forms.BooleanField(label="Appliquer à toutes les Fabriques affichées par les filtres, cochées ou non", required=False)
    implantation = forms.ChoiceField(label="Implantation", choices=Implantation.choices, widget=forms.RadioSelect)
    qpv = forms.CharField(
        label="Code du quartier prioritaire (QPV)",
        required=False,
        max_length=10,
        help_text="Pour les deux premiers choix seulement, par exemple QN06701M : le même pour toutes les Fabriques cochées. "
        "Pour des quartiers différents, cochez les Fabriques d'un même quartier à la fois.",
    )

    def __init__(self, *args, choix_lieux=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["implantation"].explications = EXPLICATIONS_IMPLANTATION
        self.fields["tiers_lieux"].choices = [(pk, pk) for pk in choix_lieux]


class ImportQpvForm(forms.Form):
    fichier = forms.FileField(
        label="Fichier CSV des quartiers prioritaires",
        help_text="Colonnes attendues : code_qp, nom_qp, commune_qp, departement (séparateur « ; » ou « , », UTF-8 ou Windows-1252).",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
