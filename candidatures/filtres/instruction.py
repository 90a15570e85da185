"""Filters of the reviewers' dossier list (django-filter). The same filter set drives the page,
the bulk actions (applied to every matching dossier, not one page) and the exports."""

import django_filters
from django import forms
from django.db.models import F, Q

from commun.politique import peut
from fabriques.models import CHOIX_FILTRE_IMPLANTATION, Departement, Region

from ..forms.instruction import ChoixInstructeur, instructeurs
from ..models import Affectation, Dossier, Vague
from ..regles.dossiers import q_identite_visible
from ..selectors.instruction import SEUIL_DESACCORD, STATUTS_INSTRUCTION

TRIS = {
    "classement": None,  # the committee's ranking (see selectors/instruction.py, classement)
    "-score": (F("score").desc(nulls_last=True),),
    "score": (F("score").asc(nulls_last=True),),
    "-depose_le": (F("depose_le").desc(nulls_last=True),),
    "depose_le": (F("depose_le").asc(nulls_last=True),),
    "numero": ("numero",),
    "region": ("tiers_lieu__region__nom",),
    "montant": (F("montant_annee_1") + F("montant_annee_2") + F("montant_annee_3")).desc(nulls_last=True),
}


class ChoixInstructeurFiltre(django_filters.ModelChoiceFilter):
    field_class = ChoixInstructeur


class DossiersInstructionFiltre(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Rechercher", method="rechercher", help_text="Numéro, tiers-lieu, structure ou commune.")
    vague = django_filters.ModelChoiceFilter(label="Vague", queryset=Vague.objects.order_by("-date_limite"), empty_label="Toutes")
    region = django_filters.ModelChoiceFilter(
        label="Région", field_name="tiers_lieu__region", queryset=Region.objects.order_by("nom"), empty_label="Toutes"
    )
    departement = django_filters.ModelChoiceFilter(
        label="Département", field_name="tiers_lieu__departement", queryset=Departement.objects.order_by("code"), empty_label="Tous"
    )
    statut = django_filters.ChoiceFilter(
        label="Statut", empty_label="Tous", choices=[(s.value, s.label) for s in Dossier.Statut if s in STATUTS_INSTRUCTION]
    )
    instructeur = ChoixInstructeurFiltre(label="Instructeur", queryset=instructeurs(), method="par_instructeur", empty_label="Tous")
    score_min = django_filters.NumberFilter(label="Score minimal (sur 100)", field_name="score", lookup_expr="gte")
    score_max = django_filters.NumberFilter(label="Score maximal (sur 100)", field_name="score", lookup_expr="lte")
    desaccord = django_filters.ChoiceFilter(
        label="Désaccord entre instructeurs",
        method="par_desaccord",
        empty_label="Indifférent",
        choices=[("oui", "Avec désaccord"), ("non", "Sans désaccord")],
    )
    implantation = django_filters.ChoiceFilter(
        label="Implantation", method="par_implantation", empty_label="Toutes", choices=CHOIX_FILTRE_IMPLANTATION
    )
    bonus = django_filters.ChoiceFilter(
        label="Bonus numérique demandé", field_name="bonus_numerique", empty_label="Indifférent", choices=[(True, "Oui"), (False, "Non")]
    )
    tri = django_filters.ChoiceFilter(
        label="Trier par",
        method="trier",
        empty_label=None,
        choices=[
            ("classement", "Classement (score, puis départage)"),
            ("-score", "Score décroissant"),
            ("score", "Score croissant"),
            ("-depose_le", "Dépôt le plus récent"),
            ("depose_le", "Dépôt le plus ancien"),
            ("numero", "Numéro"),
            ("region", "Région"),
            ("montant", "Montant demandé décroissant"),
        ],
    )

    class Meta:
        model = Dossier
        fields: list = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None and not peut(user, "instruction.affecter"):
            # A reviewer's list holds only their own dossiers: filtering by reviewer is for administrateurs.
            del self.filters["instructeur"]
        else:
            self.filters["instructeur"].queryset = instructeurs()
        for champ in self.form.fields.values():
            if isinstance(champ.widget, forms.NumberInput):
                champ.widget.attrs.update({"min": 0, "max": 100, "step": 1})

    def rechercher(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        identite = (
            Q(tiers_lieu__nom__icontains=value)
            | Q(tiers_lieu__structure_porteuse__icontains=value)
            | Q(tiers_lieu__commune__icontains=value)
        )
        if self.user is not None:
            # In anonymised waves a reviewer must not find a dossier by the applicant's name.
            identite &= q_identite_visible(self.user)
        return qs.filter(Q(numero__icontains=value) | identite)

    def par_instructeur(self, qs, name, value):
        # A subquery, not a join: joining assignments would multiply the aggregated review rows.
        return qs.filter(pk__in=Affectation.objects.filter(instructeur=value).values("dossier_id"))

    def par_desaccord(self, qs, name, value):
        return qs.filter(ecart_max__gte=SEUIL_DESACCORD) if value == "oui" else qs.filter(ecart_max__lt=SEUIL_DESACCORD)

    def par_implantation(self, qs, name, value):
        if value == "qpv":
            return qs.filter(tiers_lieu__implantation__in=["qpv", "proximite_qpv"])
        return qs.filter(tiers_lieu__implantation=value)

    def trier(self, qs, name, value):
        ordre = TRIS.get(value)
        if not ordre:
            return qs  # already in the ranking order
        if not isinstance(ordre, tuple):
            ordre = (ordre,)
        return qs.order_by(*ordre, "numero", "pk")
