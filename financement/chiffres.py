"""The programme's figures, read in ONE place: both envelopes, the targets, the numériques.

The envelopes' amounts and the targets come from the calls loaded (``appels.programme``: an
envelope is shared by the calls and stated alike by each, a target is the largest a call states;
the ``PROGRAMME_*`` settings when no call states them); the envelope rows, once a decision has
created them, hold the amount an administrateur may change.

Every screen, PDF, export and API answer that shows an envelope or a count of Fabriques reads
``chiffres_programme``: the committee page (with the decisions it is about to take), the
Financement dashboard, the public pages and the API. The checks that guard money
(``financement.services.enveloppe``) read the same sums (``engage_fonctionnement``,
``engage_numerique``) from the database, never from the cache.

Return shape (``ChiffresProgramme``, frozen dataclasses, amounts in ``Decimal`` euros)::

    ChiffresProgramme(
        fonctionnement=EtatEnveloppe(code="fonctionnement", montant, engage, verse, a_engager, .reste, .reste_apres, .depassement),
        numerique=EtatEnveloppe(code="numerique", …),          # investment: the bonus numérique only
        fabriques=Objectif(code="fabriques", objectif=300, atteint, a_venir, .total, .reste, .pourcentage),
        qpv=Objectif(code="qpv", objectif=150, …),              # in a QPV or its immediate proximity
        hors_grands_centres=Objectif(code="hors_grands_centres", objectif=150, …),
        numeriques=Objectif(code="numeriques", objectif=30, …),
        implantation_non_renseignee=int,                     # counted in « fabriques », in no sub-target
        dans_l_annuaire=int, retenues_non_publiees=int,      # the two parts of ``fabriques.atteint``
    )

A Fabrique is counted once, whatever the wave: a tiers-lieu holding a label (historical ones
included, imported from the published list) or a retained dossier. ``a_engager`` / ``a_venir`` are
what a committee's provisional « retenu » decisions will add when it is closed (zero elsewhere):
the amounts are the schedules closing will propose (``montants_proposes``), so the preview
equals what closing checks.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from appels.programme import objectifs_du_programme
from candidatures.models import Dossier
from fabriques.models import Implantation, Label, TiersLieu

from . import echeancier
from .models import Enveloppe, Nature, Subvention, Tranche, Versement

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class EtatEnveloppe:
    """One envelope: its amount, what grants commit and what was paid, in euros."""

    code: str
    libelle: str
    montant: Decimal
    engage: Decimal
    verse: Decimal
    a_engager: Decimal = ZERO  # the committee's provisional laureates, not yet granted

    @property
    def reste(self) -> Decimal:
        """What remains once the grants recorded are committed."""
        return self.montant - self.engage

    @property
    def reste_apres(self) -> Decimal:
        """What remains once the committee's provisional laureates are granted too."""
        return self.reste - self.a_engager

    @property
    def depassement(self) -> Decimal:
        """By how much ``reste_apres`` goes below zero (zero when it fits)."""
        return max(-self.reste_apres, ZERO)


@dataclass(frozen=True)
class Objectif:
    """One target of the programme and how many Fabriques count towards it."""

    code: str
    libelle: str
    objectif: int
    atteint: int
    a_venir: int = 0  # the committee's provisional laureates not counted yet

    @property
    def total(self) -> int:
        return self.atteint + self.a_venir

    @property
    def reste(self) -> int:
        """How many more Fabriques the target still needs (never negative)."""
        return max(self.objectif - self.total, 0)

    @property
    def pourcentage(self) -> int:
        return min(100, round(100 * self.total / self.objectif)) if self.objectif else 100


@dataclass(frozen=True)
class ChiffresProgramme:
    fonctionnement: EtatEnveloppe
    numerique: EtatEnveloppe
    fabriques: Objectif
    qpv: Objectif
    hors_grands_centres: Objectif
    numeriques: Objectif
    implantation_non_renseignee: int
    dans_l_annuaire: int
    retenues_non_publiees: int

    @property
    def enveloppes(self) -> tuple[EtatEnveloppe, EtatEnveloppe]:
        return (self.fonctionnement, self.numerique)

    @property
    def objectifs(self) -> tuple[Objectif, Objectif, Objectif, Objectif]:
        return (self.fabriques, self.qpv, self.hors_grands_centres, self.numeriques)

    def en_dict(self) -> dict:
        """Return the figures for JSON (amounts as strings, never floats)."""
        return {
            "enveloppes": [
                {
                    "code": e.code,
                    "libelle": e.libelle,
                    "montant": f"{e.montant:.2f}",
                    "engage": f"{e.engage:.2f}",
                    "verse": f"{e.verse:.2f}",
                    "reste": f"{e.reste:.2f}",
                }
                for e in self.enveloppes
            ],
            "objectifs": [
                {"code": o.code, "libelle": o.libelle, "objectif": o.objectif, "atteint": o.total, "reste": o.reste} for o in self.objectifs
            ],
            "implantation_non_renseignee": self.implantation_non_renseignee,
            "dans_l_annuaire": self.dans_l_annuaire,
            "retenues_non_publiees": self.retenues_non_publiees,
        }

    def objectifs_de_l_appel(self, objectifs: dict) -> tuple[Objectif, ...]:
        """The targets a call states (``[objectifs]`` of its file), in the programme's order: the
        call's cible, the Fabriques counted over the whole programme."""
        return tuple(replace(o, objectif=objectifs[o.code]) for o in self.objectifs if o.code in objectifs)

    @property
    def depasse(self) -> bool:
        """Whether the committee's provisional laureates exceed an envelope (closing needs a motif)."""
        return any(e.depassement > 0 for e in self.enveloppes)


# --- Money -----------------------------------------------------------------------------------
def _somme(qs, champ="montant") -> Decimal:
    return qs.aggregate(s=Sum(champ))["s"] or ZERO


def _tranches_engagees(nature: str, *, exclure: Subvention | None = None):
    qs = Tranche.objects.filter(subvention__statut__in=Subvention.STATUTS_ENGAGES, nature=nature)
    if exclure is not None and exclure.pk:
        qs = qs.exclude(subvention=exclure)
    return qs


def engage_fonctionnement(*, exclure: Subvention | None = None) -> Decimal:
    """Return the operating money committed by the grants not terminated (investment excluded)."""
    return _somme(_tranches_engagees(Nature.FONCTIONNEMENT, exclure=exclure))


def engage_numerique(*, exclure: Subvention | None = None) -> Decimal:
    """Return the investment money committed by the grants not terminated: the bonus numérique and
    the tranches of an investment call (2019 numérique call)."""
    return _somme(_tranches_engagees(Nature.INVESTISSEMENT, exclure=exclure))


def _verse(nature: str) -> Decimal:
    return _somme(Versement.objects.filter(statut=Versement.Statut.VERSE, tranche__nature=nature))


def _bonus_recus(tiers_lieu_ids, *, exclure: Subvention | None = None):
    qs = Tranche.objects.filter(subvention__tiers_lieu_id__in=tiers_lieu_ids, bonus=True).filter(
        Q(subvention__statut__in=Subvention.STATUTS_ENGAGES) | Q(versement__statut=Versement.Statut.VERSE)
    )
    if exclure is not None and exclure.pk:
        qs = qs.exclude(subvention=exclure)
    return qs


def bonus_deja_recu(tiers_lieu_id: int, *, exclure: Subvention | None = None) -> bool:
    """Whether the tiers-lieu already holds its one bonus numérique: on a grant not terminated, or
    paid on a grant terminated since."""
    return _bonus_recus([tiers_lieu_id], exclure=exclure).exists()


def proposition_pour(dossier: Dossier, *, deja_recu: bool | None = None) -> echeancier.Proposition:
    """Return the schedule a grant of ``dossier`` starts with, from its asks, within the rules
    (``deja_recu``: whether its tiers-lieu holds a bonus already, read here when not given)."""
    if deja_recu is None:
        deja_recu = dossier.bonus_numerique and bonus_deja_recu(dossier.tiers_lieu_id)
    return echeancier.proposer(
        {echeancier.cle(a): getattr(dossier, f"montant_annee_{a}") for a in echeancier.ANNEES},
        bonus_demande=dossier.bonus_numerique,
        en_qpv_ou_proximite=dossier.tiers_lieu.en_qpv_ou_proximite,
        bonus_deja_recu=deja_recu,
        regles=dossier.regles,
    )


def montants_proposes(dossier: Dossier, *, deja_recu: bool | None = None) -> tuple[Decimal, Decimal]:
    """Return ``(fonctionnement, investissement)`` of the schedule a grant of ``dossier`` starts
    with (``financement.services.subvention_proposer`` creates exactly this one): an investment
    call's yearly amounts are investment, like the bonus."""
    proposition = proposition_pour(dossier, deja_recu=deja_recu)
    return echeancier.par_nature(proposition.montants, regles=dossier.regles)


# --- Counts ----------------------------------------------------------------------------------
def _fabriques():
    """The tiers-lieux that count as Fabriques: labelled (any wave, historical included) or retained."""
    labels = Label.objects.filter(tiers_lieu=OuterRef("pk"))
    retenus = Dossier.objects.filter(tiers_lieu=OuterRef("pk"), statut=Dossier.Statut.RETENU)
    bonus = Tranche.objects.filter(
        # investment money: the bonus numérique, or a grant of the numérique call
        subvention__dossier__tiers_lieu=OuterRef("pk"),
        nature=Nature.INVESTISSEMENT,
        subvention__statut__in=Subvention.STATUTS_ENGAGES,
    )
    return TiersLieu.objects.annotate(
        a_label=Exists(labels),
        est_retenu=Exists(retenus),
        est_numerique=Exists(labels.filter(type=Label.Type.NUMERIQUE)) | Exists(bonus),
    ).filter(Q(a_label=True) | Q(est_retenu=True))


def _base() -> ChiffresProgramme:
    comptes = _fabriques().aggregate(
        total=Count("pk"),
        annuaire=Count("pk", filter=Q(a_label=True)),
        qpv=Count("pk", filter=Q(implantation__in=Implantation.en_qpv_ou_proximite())),
        hors_grands_centres=Count("pk", filter=Q(implantation=Implantation.HORS_GRANDS_CENTRES)),
        non_renseignee=Count("pk", filter=Q(implantation="")),
        numeriques=Count("pk", filter=Q(est_numerique=True)),
    )
    objectifs = objectifs_du_programme()
    return ChiffresProgramme(
        fonctionnement=EtatEnveloppe(
            "fonctionnement",
            "Fonctionnement",
            Enveloppe.objects.courante().montant,
            engage_fonctionnement(),
            _verse(Nature.FONCTIONNEMENT),
        ),
        numerique=EtatEnveloppe(
            "numerique",
            "Investissement (numérique : bonus et appel 2019)",
            Enveloppe.objects.numerique().montant,
            engage_numerique(),
            _verse(Nature.INVESTISSEMENT),
        ),
        fabriques=Objectif("fabriques", "Fabriques de territoire", objectifs["fabriques"], comptes["total"]),
        qpv=Objectif("qpv", "Dans un QPV ou à proximité immédiate", objectifs["qpv"], comptes["qpv"]),
        hors_grands_centres=Objectif(
            "hors_grands_centres",
            "Hors des grands centres urbains",
            objectifs["hors_grands_centres"],
            comptes["hors_grands_centres"],
        ),
        numeriques=Objectif("numeriques", "Fabriques numériques de territoire", objectifs["numeriques"], comptes["numeriques"]),
        implantation_non_renseignee=comptes["non_renseignee"],
        dans_l_annuaire=comptes["annuaire"],
        retenues_non_publiees=comptes["total"] - comptes["annuaire"],
    )


def chiffres_programme(*, retenus_a_venir: Iterable[Dossier] = (), cache: bool = True) -> ChiffresProgramme:
    """Return the programme's figures; with ``retenus_a_venir`` (dossiers a committee is about to
    retain, ``tiers_lieu`` loaded), what they add once closing grants them.

    The base figures are cached until a grant, tranche, payment, envelope, label, tiers-lieu or
    laureate changes (``commun.cache``); the committee's part is computed on every call.
    """
    if cache:
        from commun.cache import FINANCEMENT, en_cache

        chiffres = en_cache(FINANCEMENT, "chiffres_programme", _base)
    else:
        chiffres = _base()
    retenus_a_venir = list(retenus_a_venir)
    subventionnes = (
        set(Subvention.objects.filter(dossier__in=[d.pk for d in retenus_a_venir]).values_list("dossier_id", flat=True))
        if retenus_a_venir
        else set()
    )
    dossiers = [d for d in retenus_a_venir if d.pk not in subventionnes]
    if not dossiers:
        return chiffres
    fonctionnement = numerique = ZERO
    nouveaux_numeriques = []
    # One query for every laureate's bonus already received, whatever the size of the committee.
    recus = set(_bonus_recus([d.tiers_lieu_id for d in dossiers]).values_list("subvention__tiers_lieu_id", flat=True))
    for dossier in dossiers:
        f, n = montants_proposes(dossier, deja_recu=dossier.tiers_lieu_id in recus)
        fonctionnement += f
        numerique += n
        if n:
            nouveaux_numeriques.append(dossier.tiers_lieu_id)
    deja = _fabriques().filter(pk__in=[d.tiers_lieu_id for d in dossiers])
    comptes = set(deja.values_list("pk", flat=True))
    deja_numeriques = set(deja.filter(est_numerique=True).values_list("pk", flat=True))
    lieux = {d.tiers_lieu_id: d.tiers_lieu for d in dossiers if d.tiers_lieu_id not in comptes}
    return replace(
        chiffres,
        fonctionnement=replace(chiffres.fonctionnement, a_engager=fonctionnement),
        numerique=replace(chiffres.numerique, a_engager=numerique),
        fabriques=replace(chiffres.fabriques, a_venir=len(lieux)),
        qpv=replace(chiffres.qpv, a_venir=sum(1 for t in lieux.values() if t.en_qpv_ou_proximite)),
        hors_grands_centres=replace(
            chiffres.hors_grands_centres,
            a_venir=sum(1 for t in lieux.values() if t.implantation == Implantation.HORS_GRANDS_CENTRES),
        ),
        numeriques=replace(chiffres.numeriques, a_venir=len(set(nouveaux_numeriques) - deja_numeriques)),
    )
