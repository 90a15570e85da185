"""Forms of the applicant side and of the waves' administration. They parse input; rules live in services."""
from decimal import Decimal

from django import forms

from commun.formulaires import ChampMontant, ChampTexte
from fabriques.models import TiersLieu

from .models import PieceJointe, Vague

LONGUEUR_TEXTE = 5000


def _texte(label: str, aide: str = "", lignes: int = 6, longueur: int = LONGUEUR_TEXTE) -> ChampTexte:
    # The limit is shown under the field by commun/champ.html (and counted as one types).
    return ChampTexte(
        label=label, help_text=aide, required=False, max_length=longueur,
        widget=forms.Textarea(attrs={"rows": lignes}),
    )


def _montant(label: str, **kwargs) -> ChampMontant:
    """An amount of the dossier: optional until the deposit, never negative."""
    return ChampMontant(label=label, required=False, min_value=Decimal("0"), **kwargs)


class FormulaireSection(forms.Form):
    """One section of the dossier. Every field is optional here: completeness is judged at deposit."""

    section: str = ""

    def donnees_valides(self) -> dict:
        """Return the fields that passed validation (saved even when other fields failed)."""
        return {nom: valeur for nom, valeur in getattr(self, "cleaned_data", {}).items() if nom not in self.errors}


class PresentationForm(FormulaireSection):
    section = "presentation"
    nom_projet = forms.CharField(label="Nom du projet de Fabrique", max_length=200, required=False)
    resume = _texte("Résumé du projet", "En quelques lignes : le lieu, ce qu'il propose, ce que le soutien permettra.", longueur=3000)
    publics = _texte("Publics visés", "Habitants, associations, entreprises, publics éloignés du numérique…", 4, 2000)


class AmbitionForm(FormulaireSection):
    section = "ambition"
    essor_territoire = _texte("Comment la Fabrique soutiendra-t-elle l'essor de son territoire ?")
    autres_tiers_lieux = _texte("Comment accompagnera-t-elle les autres tiers-lieux du territoire (tête de réseau) ?")


class AncrageForm(FormulaireSection):
    section = "ancrage"
    diagnostic = _texte("Ancrage territorial : besoins du territoire et liens avec les acteurs locaux")
    porteur = _texte("Le porteur de projet : structure, équipe, expérience")


class GouvernanceForm(FormulaireSection):
    section = "gouvernance"
    instances = _texte("Instances et prise de décision")
    contribution = _texte("Place des usagers, des bénévoles et des partenaires dans la gouvernance")


class ModeleEconomiqueForm(FormulaireSection):
    section = "modele_economique"
    modele = _texte("Sources de revenus et modèle économique")
    equilibre = _texte("Trajectoire vers l'équilibre à l'issue des trois ans")


class RolesForm(FormulaireSection):
    section = "roles"

    @property
    def introduction(self) -> str:
        from .services.completude import quatre_roles_obligatoires

        debut = ("L'appel à manifestation d'intérêt décrit quatre rôles d'une Fabrique de territoire ; "
                 "il ne demande pas qu'une Fabrique les joue tous. ")
        if quatre_roles_obligatoires():
            return debut + "Ce portail demande toutefois de décrire les quatre : c'est un choix du programme, pas une règle de l'AMI."
        return debut + "Décrivez ceux que votre lieu jouera (au moins un) ; laissez vides les autres."
    ressources = _texte("Lieu de ressources pour les porteurs de projets : activités prévues", lignes=4)
    formation = _texte("Lieu de travail, de formation et d'apprentissage : activités prévues", lignes=4)
    creation = _texte("Lieu de création et de culture : activités prévues", lignes=4)
    inclusion_numerique = _texte("Lieu d'inclusion numérique : activités prévues", lignes=4)


class PartenairesForm(FormulaireSection):
    section = "partenaires"
    partenaires = _texte("Partenaires engagés et nature de leur engagement", "Un partenaire par ligne : nom, rôle, engagement (financier, matériel, humain).")
    collectivites = _texte("Collectivités territoriales associées", "Facultatif.", lignes=3, longueur=2000)


class BudgetForm(FormulaireSection):
    section = "budget"
    charges_1 = _montant(label="Année 1 — total des charges (€)")
    ressources_1 = _montant(label="Année 1 — total des ressources (€)")
    charges_2 = _montant(label="Année 2 — total des charges (€)")
    ressources_2 = _montant(label="Année 2 — total des ressources (€)")
    charges_3 = _montant(label="Année 3 — total des charges (€)")
    ressources_3 = _montant(label="Année 3 — total des ressources (€)")
    explication = _texte("Explication d'un budget non équilibré", "À remplir si les charges et les ressources d'une année diffèrent.", 4, 2000)

    def donnees_valides(self) -> dict:
        # Amounts are kept as strings in the JSON content: no float on the way.
        return {nom: (str(v) if isinstance(v, Decimal) else v) for nom, v in super().donnees_valides().items()}


class MontantsForm(FormulaireSection):
    section = "montants"
    montant_annee_1 = _montant(label="Montant demandé pour l'année 1 (€)", help_text="50 000 € au maximum par an.")
    montant_annee_2 = _montant(label="Montant demandé pour l'année 2 (€)", help_text="50 000 € au maximum par an.")
    montant_annee_3 = _montant(label="Montant demandé pour l'année 3 (€)", help_text="50 000 € au maximum par an.")
    bonus_numerique = forms.BooleanField(
        label="Je demande le bonus « Fabrique numérique de territoire » (100 000 € d'investissement)", required=False,
        help_text="Réservé aux tiers-lieux situés dans un quartier prioritaire de la politique de la ville ou à sa proximité immédiate.",
    )
    projet_numerique = _texte("Projet d'investissement numérique financé par le bonus", "À remplir si vous demandez le bonus.", 4, 3000)


FORMULAIRES_SECTIONS = {f.section: f for f in (
    PresentationForm, AmbitionForm, AncrageForm, GouvernanceForm, ModeleEconomiqueForm, RolesForm, PartenairesForm, BudgetForm, MontantsForm,
)}


def formulaire_section(code: str, dossier, data=None) -> FormulaireSection:
    """Return the bound (``data``) or initial form of section ``code`` of ``dossier``."""
    classe = FORMULAIRES_SECTIONS[code]
    if code == "montants":
        initial = {f"montant_annee_{a}": m for a, m in enumerate(dossier.montants, start=1)}
        initial["bonus_numerique"] = dossier.bonus_numerique
        initial["projet_numerique"] = dossier.section("montants").get("projet_numerique", "")
    else:
        initial = dict(dossier.section(code))
    return classe(data=data, initial=initial, prefix=None)


class PieceForm(forms.Form):
    type = forms.ChoiceField(label="Type de pièce", choices=PieceJointe.Type.choices)
    fichier = forms.FileField(
        label="Fichier", help_text="PDF, ODT, DOCX, ODS, XLSX, PNG ou JPEG ; 10 Mo au maximum, 50 Mo pour l'ensemble du dossier.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.odt,.docx,.ods,.xlsx,.png,.jpg,.jpeg"}),
    )


class RemplacerPieceForm(forms.Form):
    fichier = forms.FileField(label="Nouveau fichier", help_text="Mêmes formats et limites.")


class DossierCreerForm(forms.Form):
    tiers_lieu = forms.ModelChoiceField(label="Tiers-lieu candidat", queryset=None, empty_label="Choisissez un tiers-lieu")

    def __init__(self, *args, tiers_lieux, **kwargs):
        """``tiers_lieux``: a queryset (to validate a choice), or the list already read (to show it,
        without reading it again)."""
        super().__init__(*args, **kwargs)
        champ = self.fields["tiers_lieu"]
        if isinstance(tiers_lieux, list):
            champ.queryset = TiersLieu.objects.filter(pk__in=[t.pk for t in tiers_lieux])
            champ.widget.choices = [("", champ.empty_label)] + [(t.pk, champ.label_from_instance(t)) for t in tiers_lieux]
        else:
            champ.queryset = tiers_lieux


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VagueForm(forms.ModelForm):
    class Meta:
        model = Vague
        fields = ["titre", "date_ouverture", "date_limite", "date_comite", "date_publication", "plafond_laureats"]
        widgets = {
            "date_ouverture": DateInput(), "date_limite": DateInput(), "date_comite": DateInput(), "date_publication": DateInput(),
        }


class MessagePorteurForm(forms.Form):
    """A message of the applicant to the instructing team, with an optional attachment."""

    texte = ChampTexte(
        label="Votre message", max_length=10000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="L'équipe d'instruction est prévenue par courriel.",
        error_messages={"required": "Écrivez votre message avant de l'envoyer."},
    )
    fichier = forms.FileField(
        label="Pièce jointe (facultatif)", required=False,
        help_text="PDF, ODT, DOCX, ODS, XLSX, PNG ou JPEG ; 10 Mo au maximum.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.odt,.docx,.ods,.xlsx,.png,.jpg,.jpeg"}),
    )
