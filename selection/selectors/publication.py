"""Reads of the publication: the laureates of a wave (or of every published wave) as rows for the
PDF, the public pages and the open data — each list in a constant number of queries."""

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q

from candidatures.documents import LigneLaureat
from candidatures.models import Decision, Dossier, Publication, Vague
from fabriques.models import Label

# Fields of the open data (CSV/JSON), in this order.
CHAMPS_OPENDATA = [
    "vague",
    "date_publication",
    "structure_porteuse",
    "tiers_lieu",
    "siret",
    "code_postal",
    "commune",
    "departement_code",
    "departement",
    "region_code",
    "region",
    "label",
    "nouvelle_fabrique",
]


@dataclass(frozen=True)
class Laureat:
    """One laureate as the public sees it."""

    vague: int | None
    date_publication: object
    structure_porteuse: str
    tiers_lieu: str
    siret: str
    code_postal: str
    commune: str
    departement_code: str
    departement_nom: str
    region_code: str
    region: str
    numerique: bool
    nouvelle: bool
    # Sort key of the wave that selected the Fabrique (historical labels first): rows of a région
    # follow the order of selection, then the name.
    ordre_selection: tuple = ()

    @property
    def departement(self) -> str:
        return f"{self.departement_code} - {self.departement_nom}"

    @property
    def label(self) -> str:
        return Label.Type.NUMERIQUE.label if self.numerique else Label.Type.FABRIQUE.label

    def ligne_pdf(self) -> LigneLaureat:
        return LigneLaureat(
            self.region, self.structure_porteuse, self.departement, self.commune, self.numerique, self.nouvelle, self.ordre_selection
        )

    def opendata(self) -> dict:
        return {
            "vague": self.vague,
            "date_publication": self.date_publication.isoformat() if self.date_publication else None,
            "structure_porteuse": self.structure_porteuse,
            "tiers_lieu": self.tiers_lieu,
            "siret": self.siret,
            "code_postal": self.code_postal,
            "commune": self.commune,
            "departement_code": self.departement_code,
            "departement": self.departement_nom,
            "region_code": self.region_code,
            "region": self.region,
            "label": self.label,
            "nouvelle_fabrique": self.nouvelle,
        }


def vagues_publiees():
    """Return the waves whose results are published, latest first, with their number of laureates."""
    return (
        Vague.objects.filter(statut=Vague.Statut.RESULTATS_PUBLIES)
        .annotate(
            nb_laureats=Count("decisions", filter=Q(decisions__resultat=Decision.Resultat.RETENU, decisions__definitive=True)),
        )
        .select_related("appel")
        .order_by("-date_limite")
    )


def vagues_publiees_recentes_d_abord():
    """The waves whose results are published, latest first (by date of publication, then number)."""
    return Vague.objects.filter(statut=Vague.Statut.RESULTATS_PUBLIES).order_by(
        F("date_publication").desc(nulls_last=True), "-date_limite", "-numero"
    )


def derniere_vague_publiee() -> Vague | None:
    """Return the latest wave whose results are published (the one « Nouvelle Fabrique » marks on
    the cumulative list)."""
    return vagues_publiees_recentes_d_abord().first()


def ordre_selection(vague: Vague | None) -> tuple:
    """Sort key of the wave that selected a Fabrique: historical labels (before the portal) first,
    then the waves in the order of their results."""
    if vague is None:
        return (0,)
    return (1, vague.date_publication or vague.date_limite, vague.numero)


def laureats_de_la_vague(vague: Vague) -> list[Laureat]:
    """Return the laureates of ``vague`` (retenu by its closed committee), with the label the wave gave.

    Two queries whatever the number of laureates. Every laureate is a « Nouvelle Fabrique » of the
    wave's list: the marker means selected in that wave, as on the published list. A laureate whose
    tiers-lieu was labelled before (so it got no new label from this wave) is shown as a Fabrique.
    """
    dossiers = (
        Dossier.objects.filter(decisions__vague=vague, decisions__resultat=Decision.Resultat.RETENU, decisions__definitive=True)
        .select_related("tiers_lieu__region", "tiers_lieu__departement")
        .prefetch_related(Prefetch("tiers_lieu__labels", queryset=Label.objects.filter(vague=vague), to_attr="labels_vague"))
        .order_by("pk")
    )
    resultat = []
    for dossier in dossiers:
        tl = dossier.tiers_lieu
        label = next(iter(tl.labels_vague), None)
        resultat.append(_laureat(tl, vague.numero, vague.date_publication, label, nouvelle=True, ordre=ordre_selection(vague)))
    return resultat


def laureats_cumules() -> list[Laureat]:
    """Return every Fabrique labelled by a published wave or recorded as historical, one row per
    tiers-lieu (its digital label when it has both).

    « Nouvelle Fabrique » marks the Fabriques selected in the latest published wave; before any
    wave of the portal is published, the latest list is the historical one, whose own markers
    (``Label.nouvelle_fabrique``, unknown when the list did not keep them) are used.
    """
    derniere = derniere_vague_publiee()
    labels = (
        Label.objects.filter(Q(vague__statut=Vague.Statut.RESULTATS_PUBLIES) | Q(historique=True))
        .select_related("tiers_lieu__region", "tiers_lieu__departement", "vague")
        .order_by("tiers_lieu_id", "pk")
    )
    par_lieu: dict[int, list[Label]] = {}
    for label in labels:
        par_lieu.setdefault(label.tiers_lieu_id, []).append(label)
    resultat = []
    for siens in par_lieu.values():
        label = next((lab for lab in siens if lab.type == Label.Type.NUMERIQUE), siens[0])
        if derniere is not None:
            nouvelle = any(lab.vague_id == derniere.pk for lab in siens)
        else:
            nouvelle = any(lab.nouvelle_fabrique for lab in siens)
        premiere = min(ordre_selection(lab.vague) for lab in siens)
        resultat.append(
            _laureat(
                label.tiers_lieu,
                label.vague.numero if label.vague_id else None,
                label.vague.date_publication if label.vague_id else label.date_obtention,
                label,
                nouvelle=nouvelle,
                ordre=premiere,
            )
        )
    return resultat


def _laureat(tl, numero, date_publication, label, *, nouvelle: bool, ordre: tuple) -> Laureat:
    return Laureat(
        vague=numero,
        date_publication=date_publication,
        structure_porteuse=tl.structure_porteuse,
        tiers_lieu=tl.nom,
        siret=tl.siret,
        code_postal=tl.code_postal,
        commune=tl.commune,
        departement_code=tl.departement.code,
        departement_nom=tl.departement.nom,
        region_code=tl.region.code,
        region=tl.region.nom,
        numerique=bool(label and label.type == Label.Type.NUMERIQUE),
        nouvelle=nouvelle,
        ordre_selection=ordre,
    )


def cle_de_tri(laureat) -> tuple:
    """Rows of the lists: by région (alphabetical), then by wave of selection, then by name."""
    from candidatures.documents import _cle

    return (_cle(laureat.region), laureat.ordre_selection, _cle(laureat.structure_porteuse), laureat.commune)


def par_region(laureats: list[Laureat]) -> list[dict]:
    """Group laureates by région (alphabetical order, as the official list), with counts."""
    groupes: dict[str, list[Laureat]] = {}
    for lau in sorted(laureats, key=cle_de_tri):
        groupes.setdefault(lau.region, []).append(lau)
    return [
        {
            "region": region,
            "laureats": rangs,
            "nombre": len(rangs),
            "numeriques": sum(1 for r in rangs if r.numerique),
            "nouvelles": sum(1 for r in rangs if r.nouvelle),
        }
        for region, rangs in groupes.items()
    ]


def publication_terminee(vague: Vague | None) -> Publication | None:
    """Return the latest finished publication of ``vague`` (``None``: the cumulative list)."""
    qs = Publication.objects.filter(statut=Publication.Statut.TERMINEE)
    qs = qs.filter(vague=vague) if vague is not None else qs.filter(vague__isnull=True)
    return qs.order_by("-terminee_le", "-pk").first()


def apercu_publication(vague: Vague) -> dict:
    """Return what publishing ``vague`` now would do, in numbers: final decisions by result and the
    decision e-mails still to send (one per decision and active manager, none sent twice)."""
    from commun.models import Courriel

    from ..services.publication import cle_courriel_decision

    lignes = list(
        Decision.objects.filter(vague=vague, definitive=True).values_list(
            "pk", "resultat", "dossier__tiers_lieu__gestionnaires", "dossier__tiers_lieu__gestionnaires__is_active"
        )
    )
    par_resultat = {r: len({pk for pk, res, _, _ in lignes if res == r}) for r in Decision.Resultat.values}
    cles = {cle_courriel_decision(pk, g): g for pk, _, g, actif in lignes if g is not None and actif}
    deja = set(Courriel.objects.filter(cle__in=list(cles)).values_list("cle", flat=True)) if cles else set()
    a_envoyer = {cle: g for cle, g in cles.items() if cle not in deja}
    return {
        "retenus": par_resultat[Decision.Resultat.RETENU],
        "non_retenus": par_resultat[Decision.Resultat.NON_RETENU],
        "ajournes": par_resultat[Decision.Resultat.AJOURNE],
        "decisions": len({pk for pk, *_ in lignes}),
        "courriels": len(a_envoyer),
        "porteurs": len(set(a_envoyer.values())),
        "deja_envoyes": len(deja),
    }
