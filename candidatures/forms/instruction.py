"""Forms of the instruction pages. They only carry what was typed: the rules are in the services."""

from django import forms

from commun.formulaires import ChampTexte
from comptes.models import User
from fabriques.models import Region, TiersLieu

from ..models import Critere, Evaluation
from ..regles.instruction import q_relecteurs
from ..sections import SECTIONS
from ..selectors.instruction import criteres_de


def instructeurs():
    return User.objects.filter(q_relecteurs()).order_by("last_name", "first_name", "email")


class ChoixInstructeur(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        nom = obj.get_full_name()
        return f"{nom} ({obj.email})" if nom else obj.email


class GrilleEvaluationForm(forms.Form):
    """One note and one comment per criterion, an overall opinion and a note to the committee.

    Notes are free text fields so that a wrong value reaches the service, which answers with a
    precise message (out of scale, not a whole number), and the page shows back what was typed.
    """

    avis = forms.ChoiceField(label="Avis global", choices=Evaluation.Avis.choices, required=False, widget=forms.RadioSelect)
    note_comite = forms.CharField(
        label="Note au comité",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Facultatif. Visible des administrateurs et, après soumission, des autres instructeurs du dossier.",
    )

    def __init__(self, *args, grille, **kwargs):
        super().__init__(*args, **kwargs)
        aide = f"Nombre entier de {grille.note_min} à {grille.note_max}."
        champs = {}
        self.liste_criteres = criteres_de(grille.vague)  # the wave's call's criteria
        for c in self.liste_criteres:
            champs[f"note_{c.value}"] = forms.CharField(
                label=f"Note — {c.label}",
                required=False,
                help_text=aide,
                widget=forms.NumberInput(attrs={"min": grille.note_min, "max": grille.note_max, "step": 1, "inputmode": "numeric"}),
            )
            champs[f"commentaire_{c.value}"] = forms.CharField(
                label=f"Commentaire — {c.label}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="Obligatoire pour soumettre : justifiez la note.",
            )
        self.fields = {**champs, **self.fields}

    @classmethod
    def initial_depuis(cls, evaluation: Evaluation | None) -> dict:
        if evaluation is None:
            return {}
        initial = {"avis": evaluation.avis, "note_comite": evaluation.note_comite}
        for n in evaluation.notes.all():
            initial[f"note_{n.critere}"] = "" if n.note is None else n.note
            initial[f"commentaire_{n.critere}"] = n.commentaire
        return initial

    def criteres(self):
        """Yield (critère, note field, comment field) for the template's fieldsets."""
        for c in self.liste_criteres:
            yield c, self[f"note_{c.value}"], self[f"commentaire_{c.value}"]

    def notes(self) -> dict:
        d = self.cleaned_data
        return {c.value: {"note": d.get(f"note_{c.value}"), "commentaire": d.get(f"commentaire_{c.value}")} for c in self.liste_criteres}


class ConflitForm(forms.Form):
    type_cible = forms.ChoiceField(
        label="Objet du conflit",
        widget=forms.RadioSelect,
        choices=[("structure", "Une structure porteuse"), ("commune", "Une commune"), ("tiers_lieu", "Un tiers-lieu précis")],
    )
    structure = forms.CharField(label="Nom de la structure porteuse", required=False, max_length=255)
    commune = forms.CharField(label="Commune", required=False, max_length=150)
    tiers_lieu = forms.ModelChoiceField(label="Tiers-lieu", required=False, queryset=TiersLieu.objects.order_by("nom"))
    motif = forms.CharField(
        label="Motif",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Par exemple : membre du conseil d'administration, ancien salarié, élu de la commune.",
    )

    def cible(self) -> dict:
        d = self.cleaned_data
        type_cible = d["type_cible"]
        return {type_cible: d.get(type_cible)}


class AffectationForm(forms.Form):
    instructeur = ChoixInstructeur(label="Instructeur", queryset=instructeurs())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instructeur"].queryset = instructeurs()


class PerimetreForm(forms.Form):
    instructeur = ChoixInstructeur(label="Instructeur", queryset=instructeurs())
    national = forms.BooleanField(label="Périmètre national (toutes les régions)", required=False)
    regions = forms.ModelMultipleChoiceField(
        label="Régions",
        required=False,
        queryset=Region.objects.order_by("nom"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instructeur"].queryset = instructeurs()


class ComplementForm(forms.Form):
    sections = forms.MultipleChoiceField(
        label="Sections à compléter",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        choices=[(s.code, s.titre) for s in SECTIONS],
        help_text="Le porteur ne pourra modifier que ces sections.",
    )
    message = forms.CharField(label="Ce qui est demandé", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    date_limite = forms.DateField(
        label="À compléter avant le",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Jusqu'à 23 h 59, heure de Paris, ce jour-là.",
    )


class MessageForm(forms.Form):
    texte = ChampTexte(label="Votre message au porteur", widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
    fichier = forms.FileField(
        label="Pièce jointe (facultatif)",
        required=False,
        help_text="PDF, ODT, DOCX, ODS, XLSX, PNG ou JPEG ; 10 Mo au maximum.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.odt,.docx,.ods,.xlsx,.png,.jpg,.jpeg"}),
    )


class GrilleForm(forms.Form):
    """The grid settings of a wave (scale, weights, reviewers per dossier, blind review, anonymity)."""

    note_min = forms.IntegerField(label="Note minimale", min_value=0, max_value=100)
    note_max = forms.IntegerField(label="Note maximale", min_value=1, max_value=100)
    locals().update(
        {
            f"poids_{c.value}": forms.IntegerField(label=f"Poids du critère {rang} « {c.label} »", min_value=0, max_value=100)
            for rang, c in enumerate(Critere, start=1)
        }
    )
    nb_instructeurs = forms.IntegerField(label="Nombre d'instructeurs par dossier", min_value=1, max_value=10)
    evaluation_aveugle = forms.BooleanField(
        label="Évaluation à l'aveugle",
        required=False,
        help_text="Un instructeur ne voit les autres évaluations qu'après avoir soumis la sienne.",
    )
    anonymiser = forms.BooleanField(
        label="Masquer l'identité des porteurs aux instructeurs",
        required=False,
        help_text="Les instructeurs ne voient ni le tiers-lieu, ni la structure, ni la commune, ni le nom du projet, ni les pièces jointes "
        "(statuts, comptes et lettres de soutien nomment le porteur). Les textes du dossier restent lisibles.",
    )
    affectation_automatique = forms.BooleanField(
        label="Affecter automatiquement les instructeurs à la clôture",
        required=False,
        help_text="Chaque dossier déposé reçoit ses instructeurs dès la clôture de la vague.",
    )
