"""Reads of the ``fabriques`` app: the public directory of labelled Fabriques, a porteur's tiers-lieux."""
from django.db.models import Count, Exists, OuterRef, QuerySet, TextField
from django.db.models.functions import Cast

from .models import Label, TiersLieu, texte_sans_accents


def fabriques_labellisees() -> QuerySet[TiersLieu]:
    """Return the labelled tiers-lieux with what the directory shows, in a constant number of queries.

    Each row carries ``est_numerique`` (holds the « numérique » label), ``est_nouvelle`` /
    ``est_reconduite`` (both false: unknown, as in the published list) and
    ``types_texte`` (the kinds as text, to filter them the same way on SQLite and PostgreSQL).
    """
    labels = Label.objects.filter(tiers_lieu=OuterRef("pk"))
    return (
        TiersLieu.objects.filter(Exists(labels))
        .select_related("region", "departement", "qpv")
        .annotate(
            est_numerique=Exists(labels.filter(type=Label.Type.NUMERIQUE)),
            est_nouvelle=Exists(labels.filter(nouvelle_fabrique=True)),
            est_reconduite=Exists(labels.filter(nouvelle_fabrique=False)),
            types_texte=Cast("types_lieu", TextField()),
        )
        .order_by("region__nom", "nom", "pk")
    )


def comptes_par_region(qs: QuerySet[TiersLieu]) -> list[dict]:
    """Return [{"region__code", "region__nom", "nombre"}] for the Fabriques of ``qs``, in one query."""
    return list(qs.order_by().values("region__code", "region__nom").annotate(nombre=Count("pk", distinct=True)).order_by("region__nom"))


def tiers_lieux_geres(user) -> QuerySet[TiersLieu]:
    """Return the tiers-lieux ``user`` manages."""
    return TiersLieu.objects.filter(gestionnaires=user).select_related("region", "departement", "qpv").order_by("nom")


def filtrer_par_type(qs: QuerySet[TiersLieu], type_lieu: str) -> QuerySet[TiersLieu]:
    """Keep the tiers-lieux of a kind (``types_texte`` must be annotated)."""
    return qs.filter(types_texte__contains=f'"{type_lieu}"')


def rechercher(qs: QuerySet[TiersLieu], texte: str) -> QuerySet[TiersLieu]:
    """Keep the tiers-lieux whose name, structure or commune contains ``texte`` (accents and case ignored)."""
    texte = texte.strip()
    if not texte:
        return qs
    return qs.filter(texte_recherche__contains=texte_sans_accents(texte))
