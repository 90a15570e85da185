from django import forms

from .models import Invitation
from .notifications import categories_de


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role"]
        help_texts = {"email": "Format attendu : prenom.nom@anct.gouv.fr"}


class AcceptationInvitationForm(forms.Form):
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    password1 = forms.CharField(
        label="Mot de passe",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="12 caractères au moins, pas uniquement des chiffres, ni trop courant.",
    )
    password2 = forms.CharField(label="Confirmation du mot de passe", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        donnees = super().clean()
        if donnees.get("password1") and donnees.get("password1") != donnees.get("password2"):
            self.add_error("password2", "Les deux mots de passe ne sont pas identiques.")
        return donnees


class CourrielsForm(forms.Form):
    """The kinds of e-mails a person may switch off; checked means received."""

    recus = forms.MultipleChoiceField(
        label="Je reçois un courriel pour :",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Décochez ce que vous ne voulez plus recevoir : vous le retrouverez toujours en vous connectant au portail.",
        error_messages={"invalid_choice": "Ce type de courriel n'est pas proposé pour votre compte (« %(value)s ») : rechargez la page."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        categories = categories_de(user)
        self.fields["recus"].choices = [(c.value, c.label) for c in categories]
        self.fields["recus"].initial = [c.value for c in categories if c.value not in (user.courriels_coupes or [])]
