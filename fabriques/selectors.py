"""Reads of the ``fabriques`` app: the public directory of labelled Fabriques, a porteur's tiers-lieux."""

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, QuerySet, Subquery, TextField, When
from django.db.models.functions import Cast

from commun.politique import filtrer

from .models import Label, Region, SourceTiersLieu, TiersLieu, texte_sans_accents


def fabriques_labellisees() -> QuerySet[TiersLieu]:
    """Return the labelled tiers-lieux with what the directory shows, in a constant number of queries.

    Each row carries ``est_numerique`` (holds the « numérique » label), ``est_nouvelle`` (selected
    in the latest published wave, as the marker « Nouvelle Fabrique » of the cumulative list; before
    any wave of the portal is published, the historical list's own marker), ``est_reconduite``
    (known not to be: both false when unknown) and ``types_texte`` (the kinds as text, to filter
    them the same way on SQLite and PostgreSQL).
    """
    labels = Label.objects.filter(tiers_lieu=OuterRef("pk"))
    # import différé : « Nouvelle Fabrique » marks the Fabriques of the latest wave the selection published
    from selection.selectors.publication import vagues_publiees_recentes_d_abord

    derniere = Subquery(vagues_publiees_recentes_d_abord().values("pk")[:1])
    une_vague_publiee = Exists(vagues_publiees_recentes_d_abord())
    nouvelle = Case(
        When(une_vague_publiee, then=Exists(labels.filter(vague_id=derniere))),
        default=Exists(labels.filter(nouvelle_fabrique=True)),
        output_field=BooleanField(),
    )
    reconduite = Case(
        When(une_vague_publiee, then=~Exists(labels.filter(vague_id=derniere))),
        default=Exists(labels.filter(nouvelle_fabrique=False)),
        output_field=BooleanField(),
    )
    return (
        TiersLieu.objects.filter(Exists(labels))
        .select_related("region", "departement", "qpv")
        .annotate(
            est_numerique=Exists(labels.filter(type=Label.Type.NUMERIQUE)),
            est_nouvelle=nouvelle,
            est_reconduite=reconduite,
            types_texte=Cast("types_lieu", TextField()),
        )
        .order_by("region__nom", "nom", "pk")
    )


def implantations_non_renseignees() -> int:
    """Count the labelled Fabriques whose implantation is not set (imported from the published
    list and not completed yet): they count towards no target of the programme until it is."""
    return TiersLieu.objects.filter(Exists(Label.objects.filter(tiers_lieu=OuterRef("pk"))), implantation="").count()


def fabriques_historiques() -> QuerySet[TiersLieu]:
    """Return the Fabriques imported from the published list, by région, département and name."""
    return (
        TiersLieu.objects.filter(source=SourceTiersLieu.LISTE_PUBLIEE)
        .select_related("region", "departement", "qpv")
        .prefetch_related("labels")
        .order_by("region__nom", "departement__code", "nom", "pk")
    )


def regions_avec_comptes(*, selection: QuerySet[TiersLieu], perimetre_carte: QuerySet[TiersLieu]) -> list[Region]:
    """Return the 18 régions by name, each with two counts, in one query (zeros included).

    ``nombre`` counts the Fabriques of ``selection`` (the directory as filtered), ``nombre_carte``
    those of ``perimetre_carte`` (the same filters without the territory ones, so that the map still
    shows every région once one is picked).
    """
    return list(
        Region.objects.annotate(
            nombre=Count("tiers_lieux", filter=Q(tiers_lieux__in=selection.order_by().values("pk"))),
            nombre_carte=Count("tiers_lieux", filter=Q(tiers_lieux__in=perimetre_carte.order_by().values("pk"))),
        ).order_by("nom", "code")
    )


def tiers_lieux_geres(user) -> QuerySet[TiersLieu]:
    """Return the tiers-lieux ``user`` manages."""
    return filtrer(user, "tiers_lieu.gerer", TiersLieu.objects.all()).select_related("region", "departement", "qpv").order_by("nom")


def filtrer_par_type(qs: QuerySet[TiersLieu], type_lieu: str) -> QuerySet[TiersLieu]:
    """Keep the tiers-lieux of a kind (``types_texte`` must be annotated)."""
    return qs.filter(types_texte__contains=f'"{type_lieu}"')


def rechercher(qs: QuerySet[TiersLieu], texte: str) -> QuerySet[TiersLieu]:
    """Keep the tiers-lieux whose name, structure or commune contains ``texte`` (accents and case ignored)."""
    texte = texte.strip()
    if not texte:
        return qs
    return qs.filter(texte_recherche__contains=texte_sans_accents(texte))
