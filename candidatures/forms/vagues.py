"""Forms of the waves' administration. They parse input; rules live in services."""

from django import forms

from appels.models import Appel

from ..models import Vague


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VagueForm(forms.ModelForm):
    class Meta:
        model = Vague
        fields = ["titre", "date_ouverture", "date_limite", "date_comite", "date_publication", "plafond_laureats"]
        widgets = {
            "date_ouverture": DateInput(),
            "date_limite": DateInput(),
            "date_comite": DateInput(),
            "date_publication": DateInput(),
        }


class VagueCreationForm(VagueForm):
    """A new wave, of the call chosen (the Fabriques call when none is)."""

    appel = forms.ModelChoiceField(
        label="Appel",
        required=False,
        queryset=Appel.objects.filter(versions__isnull=False).distinct().order_by("id"),
        empty_label="Fabriques de territoire (par défaut)",
        help_text="Les dossiers de la vague suivront les règles de cet appel (montants, critères, sections).",
    )
