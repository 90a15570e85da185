"""The parameters of a proposal, read the same way by the page and the API."""

from decimal import Decimal

from django import forms

from commun.formulaires import ChampMontant

from ..proposition import EXCLURE, SIGNALER

TRAITEMENTS = [(SIGNALER, "Les proposer en les signalant"), (EXCLURE, "Les écarter de la proposition")]


class ParametresForm(forms.Form):
    note_minimale = forms.DecimalField(
        label="Note minimale (sur 100)",
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        help_text="Un dossier noté en dessous n'est pas proposé.",
    )
    enveloppe_fonctionnement = ChampMontant(
        label="Enveloppe de fonctionnement disponible (€)",
        min_value=Decimal("0"),
        help_text="Par défaut : ce qui reste de l'enveloppe du programme.",
    )
    enveloppe_numerique = ChampMontant(
        label="Enveloppe numérique disponible (€, investissement)",
        min_value=Decimal("0"),
        help_text="Pour les bonus « Fabrique numérique », suivis à part du fonctionnement.",
    )
    part_objectifs = forms.IntegerField(
        label="Part des objectifs restants à atteindre dans cette vague (%)",
        min_value=0,
        max_value=100,
        help_text="Appliquée à ce qui reste des objectifs « en QPV ou à proximité » et « hors des grands centres urbains ».",
    )
    max_numeriques = forms.IntegerField(
        label="Nombre maximal de Fabriques numériques",
        min_value=0,
        required=False,
        help_text="Par défaut : ce qui reste de l'objectif d'environ 30. Vide : pas de plafond.",
    )
    max_laureats = forms.IntegerField(
        label="Nombre maximal de lauréats",
        min_value=0,
        required=False,
        help_text="Par défaut : le plafond de la vague. Vide : pas de plafond.",
    )
    couvrir_regions = forms.BooleanField(
        label="Au moins une Fabrique par région qui a un dossier éligible",
        required=False,
    )
    desaccord = forms.ChoiceField(label="Dossiers en désaccord entre instructeurs", choices=TRAITEMENTS)
    complement = forms.ChoiceField(label="Dossiers avec une demande de complément en cours", choices=TRAITEMENTS)
