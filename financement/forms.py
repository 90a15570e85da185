"""Forms of the financement pages. They parse input; the rules live in the services."""
from decimal import Decimal

from django import forms

from commun.formulaires import ChampMontant

from .models import Subvention, Versement


class EcheancierForm(forms.Form):
    annee_1 = ChampMontant(label="Année 1 — fonctionnement (€)", required=False, help_text="50 000,00 € au plus. Laissez vide ou 0 pour aucune tranche.")
    annee_2 = ChampMontant(label="Année 2 — fonctionnement (€)", required=False, help_text="50 000,00 € au plus.")
    annee_3 = ChampMontant(label="Année 3 — fonctionnement (€)", required=False, help_text="50 000,00 € au plus.")
    bonus = forms.BooleanField(label="Bonus Fabrique numérique de territoire : 100 000,00 € en investissement", required=False)
    commentaire = forms.CharField(label="Motif de l'ajustement", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    derogation_motif = forms.CharField(
        label="Motif du dépassement de l'enveloppe (administrateur)", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="À remplir seulement si l'échéancier dépasse le reste de l'enveloppe : le dépassement est tracé au journal d'audit.",
    )

    def __init__(self, *args, bonus_possible: bool = True, hors_qpv: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not bonus_possible:
            del self.fields["bonus"]
        elif hors_qpv:
            self.fields["bonus"].help_text = "Demandé dans le dossier, mais réservé aux tiers-lieux situés dans un QPV ou à sa proximité immédiate : ce tiers-lieu n'y est pas."

    def montants(self) -> dict:
        d = self.cleaned_data
        return {"annee_1": d["annee_1"] or Decimal("0"), "annee_2": d["annee_2"] or Decimal("0"), "annee_3": d["annee_3"] or Decimal("0"),
                "bonus": d.get("bonus", False)}


class PropositionForm(forms.Form):
    derogation_motif = forms.CharField(
        label="Motif du dépassement de l'enveloppe", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Seulement si la proposition dépasse le reste de l'enveloppe.",
    )


class SignatureForm(forms.Form):
    date_signature = forms.DateField(label="Date de signature de la convention", widget=forms.DateInput(attrs={"type": "date"}))


class ResiliationForm(forms.Form):
    motif = forms.CharField(label="Motif de la résiliation", widget=forms.Textarea(attrs={"rows": 2}))


class VersementForm(forms.Form):
    statut = forms.ChoiceField(choices=Versement.Statut.choices, widget=forms.HiddenInput)
    date_versement = forms.DateField(label="Date du versement", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reference_mandat = forms.CharField(label="Référence du mandat", required=False, max_length=50)
    motif = forms.CharField(label="Motif de la suspension", required=False)


class RapportForm(forms.Form):
    annee = forms.TypedChoiceField(label="Année du rapport", coerce=int, choices=[(1, "Année 1"), (2, "Année 2"), (3, "Année 3")])
    fichier = forms.FileField(label="Rapport d'activité (PDF, 10 Mo au plus)", widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}))


class EnveloppeForm(forms.Form):
    code = forms.ChoiceField(label="Enveloppe", choices=[
        ("programme", "Fonctionnement (45 M€ à l'origine)"), ("numerique", "Investissement — bonus numérique"),
    ], initial="programme", required=False, widget=forms.RadioSelect)

    def clean_code(self):
        return self.cleaned_data.get("code") or "programme"
    montant = ChampMontant(label="Nouveau montant de l'enveloppe (€)", max_digits=14)
    motif = forms.CharField(label="Motif", help_text="Par exemple : enveloppe relevée par le plan de relance.", widget=forms.Textarea(attrs={"rows": 2}))


class FiltreSubventionsForm(forms.Form):
    statut = forms.ChoiceField(label="Statut", required=False, choices=[("", "Tous")] + list(Subvention.Statut.choices))
    region = forms.ModelChoiceField(label="Région", required=False, queryset=None, empty_label="Toutes")

    def __init__(self, *args, **kwargs):
        from fabriques.models import Region

        super().__init__(*args, **kwargs)
        # Every région (18 rows), not only those with a grant: that DISTINCT over the grants cost
        # 120 ms at national scale for a list that is the same in practice.
        self.fields["region"].queryset = Region.objects.order_by("nom")
