"""Forms of the selection committee."""

from django import forms

from candidatures.models import Decision


class DecisionForm(forms.Form):
    resultat = forms.ChoiceField(label="Décision", choices=Decision.Resultat.choices, widget=forms.RadioSelect)
    motivation = forms.CharField(
        label="Motivation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Obligatoire pour un dossier non retenu : le porteur la recevra.",
    )
    complement_motif = forms.CharField(
        label="Décider malgré la demande de complément ouverte : pourquoi ?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Seulement si une demande de complément attend encore la réponse du porteur : la demande sera close et ce choix inscrit au journal.",
    )


class ClotureComiteForm(forms.Form):
    """The committee's closing: a motif only when its laureates exceed an envelope."""

    derogation_motif = forms.CharField(
        label="Motif du dépassement de l'enveloppe",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire lorsque les lauréats dépassent une enveloppe : il est inscrit sur chaque subvention concernée et au journal d'audit.",
    )

    def __init__(self, *args, depassement: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not depassement:
            del self.fields["derogation_motif"]
