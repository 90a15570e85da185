from django import forms

from .models import Invitation


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role"]
        help_texts = {"email": "Format attendu : prenom.nom@anct.gouv.fr"}


class AcceptationInvitationForm(forms.Form):
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    password1 = forms.CharField(
        label="Mot de passe", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="12 caractères au moins, pas uniquement des chiffres, ni trop courant.",
    )
    password2 = forms.CharField(label="Confirmation du mot de passe", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        donnees = super().clean()
        if donnees.get("password1") and donnees.get("password1") != donnees.get("password2"):
            self.add_error("password2", "Les deux mots de passe ne sont pas identiques.")
        return donnees
