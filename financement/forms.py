"""Forms of the financement pages. They parse input; the rules live in the services."""

from decimal import Decimal

from django import forms

from commun.formulaires import ChampMontant
from commun.montants import NombreIllisible, lire_decimal

from .models import Subvention, Versement


class EcheancierForm(forms.Form):
    annee_1 = ChampMontant(
        label="Année 1 — fonctionnement (€)", required=False, help_text="50 000,00 € au plus. Laissez vide ou 0 pour aucune tranche."
    )
    annee_2 = ChampMontant(label="Année 2 — fonctionnement (€)", required=False, help_text="50 000,00 € au plus.")
    annee_3 = ChampMontant(label="Année 3 — fonctionnement (€)", required=False, help_text="50 000,00 € au plus.")
    bonus = forms.CharField(
        label="Bonus Fabrique numérique de territoire, en investissement (€)",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text="Jusqu'à 100 000,00 € (« pouvant se monter à »), pour un tiers-lieu dans un QPV ou à sa proximité immédiate, une fois par tiers-lieu. Vide ou 0 : pas de bonus.",
    )
    reconnaissance_motif = forms.CharField(
        label="Reconnaître la Fabrique numérique : motif",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Seulement pour accorder le bonus à un tiers-lieu qui ne l'a pas demandé dans son dossier : la reconnaissance est tracée au journal.",
    )
    commentaire = forms.CharField(label="Motif de l'ajustement", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    derogation_motif = forms.CharField(
        label="Motif du dépassement de l'enveloppe (administrateur)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="À remplir seulement si l'échéancier dépasse le reste de l'enveloppe : le dépassement est tracé au journal d'audit.",
    )

    def __init__(self, *args, bonus_possible: bool = True, hors_qpv: bool = False, **kwargs):
        # The bonus field is always there: a bonus sent for a dossier that did not ask for it is
        # refused by the service with the rule's message, never silently dropped.
        super().__init__(*args, **kwargs)
        if hors_qpv:
            self.fields[
                "bonus"
            ].help_text = "Réservé aux tiers-lieux situés dans un QPV ou à sa proximité immédiate : ce tiers-lieu n'y est pas."
        elif not bonus_possible:
            self.fields["bonus"].help_text += " Non demandé dans le dossier : indiquez le motif de la reconnaissance pour l'accorder."
        else:
            del self.fields["reconnaissance_motif"]

    def clean_bonus(self):
        # A JSON boolean (API) or an amount typed the French way; the service checks the rules.
        valeur = self.data.get(self.add_prefix("bonus")) if hasattr(self.data, "get") else None
        if isinstance(valeur, bool):
            return valeur
        texte = (self.cleaned_data.get("bonus") or "").strip()
        if texte.lower() in ("", "false", "non"):
            return Decimal("0")
        if texte.lower() in ("true", "on", "oui"):
            return True
        try:
            return lire_decimal(texte) or Decimal("0")
        except NombreIllisible as erreur:
            raise forms.ValidationError(str(erreur)) from None

    def montants(self) -> dict:
        d = self.cleaned_data
        return {
            "annee_1": d["annee_1"] or Decimal("0"),
            "annee_2": d["annee_2"] or Decimal("0"),
            "annee_3": d["annee_3"] or Decimal("0"),
            "bonus": d.get("bonus", Decimal("0")),
        }


class PropositionForm(forms.Form):
    derogation_motif = forms.CharField(
        label="Motif du dépassement de l'enveloppe",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
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
    confirme = forms.BooleanField(label="Je confirme", required=False)


class RapportForm(forms.Form):
    annee = forms.TypedChoiceField(label="Année du rapport", coerce=int, choices=[(1, "Année 1"), (2, "Année 2"), (3, "Année 3")])
    fichier = forms.FileField(
        label="Rapport d'activité (PDF, 10 Mo au plus)", widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"})
    )


class EnveloppeForm(forms.Form):
    code = forms.ChoiceField(
        label="Enveloppe",
        choices=[
            ("programme", "Fonctionnement (45 M€ à l'origine)"),
            ("numerique", "Investissement (numérique : bonus et appel 2019)"),
        ],
        initial="programme",
        required=False,
        widget=forms.RadioSelect,
    )

    def clean_code(self):
        return self.cleaned_data.get("code") or "programme"

    montant = ChampMontant(label="Nouveau montant de l'enveloppe (€)", max_digits=14)
    motif = forms.CharField(
        label="Motif", help_text="Par exemple : enveloppe relevée par le plan de relance.", widget=forms.Textarea(attrs={"rows": 2})
    )


class FiltreSubventionsForm(forms.Form):
    statut = forms.ChoiceField(label="Statut", required=False, choices=[("", "Tous")] + list(Subvention.Statut.choices))
    region = forms.ModelChoiceField(label="Région", required=False, queryset=None, empty_label="Toutes")

    def __init__(self, *args, **kwargs):
        from fabriques.models import Region

        super().__init__(*args, **kwargs)
        # Every région (18 rows), not only those with a grant: that DISTINCT over the grants cost
        # 120 ms at national scale for a list that is the same in practice.
        self.fields["region"].queryset = Region.objects.order_by("nom")
