"""The filters of the public directory (django-filter): the page and the exports share them."""
import django_filters
from django import forms

from .models import CHOIX_FILTRE_IMPLANTATION, Departement, Implantation, Region, TypeLieu
from .selectors import filtrer_par_type, rechercher


class AnnuaireFiltre(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Nom ou commune", method="filtrer_texte",
                                  widget=forms.TextInput(attrs={"type": "search", "placeholder": "ex. Roubaix, La Machinerie"}))
    region = django_filters.ModelChoiceFilter(
        label="Région", queryset=Region.objects.order_by("nom"), to_field_name="code", empty_label="Toutes les régions"
    )
    departement = django_filters.ModelChoiceFilter(
        label="Département", queryset=Departement.objects.all(), to_field_name="code", empty_label="Tous les départements"
    )
    type_lieu = django_filters.ChoiceFilter(label="Type de lieu", choices=TypeLieu.choices, method="filtrer_type", empty_label="Tous les types")
    label = django_filters.ChoiceFilter(
        label="Label", method="filtrer_label", empty_label="Tous les labels",
        choices=[("numerique", "Fabrique numérique de territoire"), ("fabrique", "Fabrique de territoire (hors numérique)")],
    )
    implantation = django_filters.ChoiceFilter(
        label="Implantation", method="filtrer_implantation", empty_label="Toutes les implantations",
        choices=CHOIX_FILTRE_IMPLANTATION,
    )

    def filtrer_texte(self, qs, name, value):
        return rechercher(qs, value)

    def filtrer_type(self, qs, name, value):
        return filtrer_par_type(qs, value)

    def filtrer_label(self, qs, name, value):
        return qs.filter(est_numerique=(value == "numerique"))

    def filtrer_implantation(self, qs, name, value):
        if value == "qpv":
            return qs.filter(implantation__in=[Implantation.QPV, Implantation.PROXIMITE_QPV])
        return qs.filter(implantation=value)
