"""Filters of the audit trail page."""

from django import forms


class FiltreJournalForm(forms.Form):
    dossier = forms.CharField(
        label="Dossier",
        required=False,
        max_length=40,
        help_text="Numéro (FDT-2021-V1-00012) ou identifiant interne d'un brouillon ou d'un dossier supprimé.",
    )
    utilisateur = forms.EmailField(
        label="Utilisateur (adresse électronique)", required=False, help_text="Ce que la personne a fait et ce qui concerne son compte."
    )
    action = forms.CharField(
        label="Action (début du code)", required=False, max_length=100, help_text="Par exemple : dossier.complement, comite."
    )
    du = forms.DateField(label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    au = forms.DateField(label="Au", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        donnees = super().clean()
        if donnees.get("du") and donnees.get("au") and donnees["du"] > donnees["au"]:
            self.add_error("au", "La date de fin précède la date de début.")
        return donnees
