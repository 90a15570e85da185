"""Forms of the applicant side. They parse input; rules live in services."""

from decimal import Decimal

from django import forms

from commun.formulaires import ChampMontant, ChampTexte
from fabriques.models import TiersLieu

from ..models import PieceJointe
from ..schema import Champ, Section, Type, sections_a_champs, valeurs_section


def _champ_formulaire(champ: Champ) -> forms.Field:
    """The form field of a field of the schema. Every one is optional here: completeness is judged
    at deposit (``services/completude.py``)."""
    commun = {"label": champ.libelle, "help_text": champ.aide, "required": False}
    if champ.type == Type.TEXTE:
        # The limit is shown under the field by commun/champ.html (and counted as one types).
        return ChampTexte(max_length=champ.longueur_max, widget=forms.Textarea(attrs={"rows": champ.lignes}), **commun)
    if champ.type == Type.LIGNE:
        # The same shared field: an over-long text is refused with the count and kept in the field.
        return ChampTexte(max_length=champ.longueur_max, widget=forms.TextInput(), **commun)
    if champ.type == Type.MONTANT:
        # An amount of the dossier: optional until the deposit, never negative.
        return ChampMontant(min_value=Decimal("0"), **commun)
    if champ.type == Type.CASE:
        return forms.BooleanField(**commun)
    return forms.ChoiceField(choices=[("", "—"), *champ.choix], **commun)


class FormulaireSection(forms.Form):
    """One section of the dossier, its fields built from the schema (``formulaire_de_section``).
    Every field is optional here: completeness is judged at deposit."""

    section: str = ""
    schema: Section | None = None

    @property
    def introduction(self) -> str:
        return self.schema.aide if self.schema else ""

    def donnees_valides(self) -> dict:
        """Return the fields that passed validation (saved even when other fields failed). Amounts
        kept in the JSON content are strings: no float on the way."""
        colonnes = {c.code for c in self.schema.champs if c.colonne} if self.schema else set()
        return {
            nom: (str(valeur) if isinstance(valeur, Decimal) and nom not in colonnes else valeur)
            for nom, valeur in getattr(self, "cleaned_data", {}).items()
            if nom not in self.errors
        }


def formulaire_de_section(section: Section, base: type[FormulaireSection] = FormulaireSection) -> type[FormulaireSection]:
    """Return the form class of ``section``: one form field per field of the schema, in its order."""
    attributs = {
        "__module__": __name__,
        "section": section.code,
        "schema": section,
        **{c.code: _champ_formulaire(c) for c in section.champs},
    }
    nom = "".join(mot.capitalize() for mot in section.code.split("_")) + "Form"  # « modele_economique » → ModeleEconomiqueForm
    return type(nom, (base,), attributs)


class _FormulaireRoles(FormulaireSection):
    @property
    def introduction(self) -> str:
        from ..services.completude import quatre_roles_obligatoires

        debut = (
            "L'appel à manifestation d'intérêt décrit quatre rôles d'une Fabrique de territoire ; "
            "il ne demande pas qu'une Fabrique les joue tous. "
        )
        if quatre_roles_obligatoires():
            return debut + "Ce portail demande toutefois de décrire les quatre : c'est un choix du programme, pas une règle de l'AMI."
        return debut + "Décrivez ceux que votre lieu jouera (au moins un) ; laissez vides les autres."


# Forms whose introduction depends on a setting of the portal.
_BASES = {"roles": _FormulaireRoles}

FORMULAIRES_SECTIONS = {s.code: formulaire_de_section(s, _BASES.get(s.code, FormulaireSection)) for s in sections_a_champs()}
# Also named in the module (PresentationForm, BudgetForm…): the portal's review of every form finds them there.
globals().update({classe.__name__: classe for classe in FORMULAIRES_SECTIONS.values()})


def formulaires_des_sections(sections) -> dict[str, type[FormulaireSection]]:
    """The forms of ``sections`` (a call's, as its file describes them), the Fabriques' ones when they are the portal's."""
    return {
        s.code: (
            FORMULAIRES_SECTIONS[s.code]
            if FORMULAIRES_SECTIONS.get(s.code) and FORMULAIRES_SECTIONS[s.code].schema == s
            else formulaire_de_section(s, _BASES.get(s.code, FormulaireSection))
        )
        for s in sections
        if s.champs
    }


def formulaire_section(code: str, dossier, data=None, formulaires=None) -> FormulaireSection:
    """Return the bound (``data``) or initial form of section ``code`` of ``dossier``."""
    classe = (formulaires or FORMULAIRES_SECTIONS)[code]
    return classe(data=data, initial=valeurs_section(dossier, classe.schema), prefix=None)


class PieceForm(forms.Form):
    type = forms.ChoiceField(label="Type de pièce", choices=PieceJointe.Type.choices)
    fichier = forms.FileField(
        label="Fichier",
        help_text="PDF, ODT, DOCX, ODS, XLSX, PNG ou JPEG ; 10 Mo au maximum, 50 Mo pour l'ensemble du dossier.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.odt,.docx,.ods,.xlsx,.png,.jpg,.jpeg"}),
    )


class RemplacerPieceForm(forms.Form):
    fichier = forms.FileField(label="Nouveau fichier", help_text="Mêmes formats et limites.")


class DossierCreerForm(forms.Form):
    tiers_lieu = forms.ModelChoiceField(label="Tiers-lieu candidat", queryset=None, empty_label="Choisissez un tiers-lieu")
    vague = forms.IntegerField(widget=forms.HiddenInput, required=False)  # the open wave (of its call) the dossier goes to

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


class MessagePorteurForm(forms.Form):
    """A message of the applicant to the instructing team, with an optional attachment."""

    texte = ChampTexte(
        label="Votre message",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="L'équipe d'instruction est prévenue par courriel.",
        error_messages={"required": "Écrivez votre message avant de l'envoyer."},
    )
    fichier = forms.FileField(
        label="Pièce jointe (facultatif)",
        required=False,
        help_text="PDF, ODT, DOCX, ODS, XLSX, PNG ou JPEG ; 10 Mo au maximum.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.odt,.docx,.ods,.xlsx,.png,.jpg,.jpeg"}),
    )
