"""The filters of the public directory (django-filter): the page and the exports share them."""

import django_filters
from django import forms

from .models import CHOIX_FILTRE_IMPLANTATION, Departement, Implantation, Region, TypeLieu
from .selectors import filtrer_par_type, rechercher

NON_RENSEIGNEE = "non_renseignee"


class AnnuaireFiltre(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Nom ou commune",
        method="filtrer_texte",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "ex. Roubaix, La Machinerie"}),
    )
    region = django_filters.ModelChoiceFilter(
        label="Région", queryset=Region.objects.order_by("nom"), to_field_name="code", empty_label="Toutes les régions"
    )
    departement = django_filters.ModelChoiceFilter(
        label="Département", queryset=Departement.objects.all(), to_field_name="code", empty_label="Tous les départements"
    )
    type_lieu = django_filters.ChoiceFilter(
        label="Type de lieu", choices=TypeLieu.choices, method="filtrer_type", empty_label="Tous les types"
    )
    label = django_filters.ChoiceFilter(
        label="Label",
        method="filtrer_label",
        empty_label="Tous les labels",
        choices=[("numerique", "Fabrique numérique de territoire"), ("fabrique", "Fabrique de territoire (hors numérique)")],
    )
    implantation = django_filters.ChoiceFilter(
        label="Implantation",
        method="filtrer_implantation",
        empty_label="Toutes les implantations",
        choices=[*CHOIX_FILTRE_IMPLANTATION, (NON_RENSEIGNEE, "Implantation non renseignée")],
    )

    def filtrer_texte(self, qs, name, value):
        return rechercher(qs, value)

    def filtrer_type(self, qs, name, value):
        return filtrer_par_type(qs, value)

    def filtrer_label(self, qs, name, value):
        return qs.filter(est_numerique=(value == "numerique"))

    def filtrer_implantation(self, qs, name, value):
        return filtrer_implantation(qs, value)


def filtrer_implantation(qs, value):
    """Keep the tiers-lieux of an implantation filter: « qpv » (in or next to one), a category, or not set."""
    if value == "qpv":
        return qs.filter(implantation__in=[Implantation.QPV, Implantation.PROXIMITE_QPV])
    if value == NON_RENSEIGNEE:
        return qs.filter(implantation="")
    return qs.filter(implantation=value)


class HistoriquesFiltre(django_filters.FilterSet):
    """The filters of the administrateur's page on the implantation of historical Fabriques."""

    region = django_filters.ModelChoiceFilter(
        label="Région", queryset=Region.objects.order_by("nom"), to_field_name="code", empty_label="Toutes les régions"
    )
    departement = django_filters.ModelChoiceFilter(
        label="Département", queryset=Departement.objects.all(), to_field_name="code", empty_label="Tous les départements"
    )
    implantation = django_filters.ChoiceFilter(
        label="Implantation",
        method="filtrer",
        empty_label="Toutes",
        choices=[(NON_RENSEIGNEE, "Non renseignée"), *CHOIX_FILTRE_IMPLANTATION],
    )

    def filtrer(self, qs, name, value):
        return filtrer_implantation(qs, value)
