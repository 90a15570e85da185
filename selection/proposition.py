"""The committee's decision aid: the best selection of a wave under the envelopes and the targets,
solved exactly as a mixed-integer programme (HiGHS through ``scipy.optimize.milp``), and explained.

Pure: no ORM, no settings. ``selection.donnees`` turns a wave into ``Candidat``s and ``Parametres``;
this module answers with a ``Proposition``.

The model. One binary variable x_i per eligible dossier (1 = retained):
  maximise   Σ note_i · x_i                     (weighted score on 100, in hundredths: integers)
  subject to Σ montant_i · x_i ≤ enveloppe de fonctionnement restante
             Σ bonus_i · x_i   ≤ enveloppe numérique restante (investment, tracked apart)
             Σ_{numérique} x_i ≤ plafond de Fabriques numériques      (optional)
             Σ x_i             ≤ plafond de lauréats de la vague       (optional)
             Σ_{QPV ou proximité} x_i ≥ minimum QPV
             Σ_{hors grands centres} x_i ≥ minimum hors des grands centres urbains
             Σ_{région r} x_i ≥ 1 for each région r that has an eligible dossier (optional)
A dossier below the minimum score, not scored yet, or (when so asked) in disagreement or with an
open request for complements is not eligible: its x_i is fixed to 0.

Ties are broken by the ranking, lexicographically. With scores in hundredths (integers w_i) and
the tie-break t_i = N + 1 − (position of i in the ranking), the objective is Σ (K · w_i + t_i) · x_i
with K = Σ t_i + 1. Proof that it cannot change the score optimum: two selections whose scores
differ differ by at least 1 in Σ w, hence by at least K in K · Σ w, while their Σ t differ by at
most K − 1; so a maximum of the combined objective has the maximum score, and among selections of
that score, the largest Σ t (for two selections of the same size: the smaller sum of ranks).
All coefficients are integers and HiGHS runs with a relative MIP gap of 0, so the optimum is
proven, not HiGHS's default 0.01 %. For large waves K · w reaches 10¹⁰ and more, where HiGHS
becomes slow: there the same order is solved in two stages (max Σ w = S*; then, with Σ w ≥ S*,
max Σ t), which gives the same optimum.

When the minimums cannot all hold, the elastic programme (one slack per minimum and per région)
first minimises the total shortfall, then maximises the score: that is the best relaxation; a
deletion filter over the groups of constraints names a minimal set that conflicts.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from decimal import Decimal

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

QPV = ("qpv", "proximite_qpv")
HORS_GRANDS_CENTRES = "hors_grands_centres"
EXCLURE, SIGNALER = "exclure", "signaler"
ZERO = Decimal("0.00")
DISP = False
# Solves of the explanations run side by side on this many threads (HiGHS releases Python's lock).
FILS = min(4, os.cpu_count() or 1)
# Beyond this size of coefficient, the one combined objective is solved in two stages instead
# (same optimum): measured on 3 000 dossiers, HiGHS took 31 s on « note · K + departage » with
# coefficients of 4·10¹⁰, 4.5 s on the two stages; on 300 dossiers, the combined one is the faster.
COEFFICIENT_MAX = 1e9


def euros(montant: Decimal) -> str:
    """« 150 000 € » (« 1 234,50 € » with cents), with narrow no-break spaces as on the pages."""
    montant = Decimal(montant).quantize(Decimal("0.01"))
    entier, _, centimes = f"{abs(montant):,.2f}".partition(".")
    texte = entier.replace(",", "\u202f") + ("" if centimes == "00" else f",{centimes}")
    return f"{'-' if montant < 0 else ''}{texte}\u00a0€"


def note(valeur: float) -> str:
    return f"{valeur:.1f}".replace(".", ",")


# --- Input -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Candidat:
    """One dossier of the wave, as the committee page ranks it."""

    id: int
    numero: str
    score: float | None  # weighted, on 100; None when not scored yet
    rang: int  # in the committee page's ranking (1 = first)
    montant: Decimal  # operating money asked over three years
    region: str
    implantation: str = ""
    bonus_numerique: bool = False  # asks for the bonus « Fabrique numérique »
    montant_bonus: Decimal = ZERO  # investment money the bonus would take (0 when not asked / not allowed)
    desaccord: bool = False  # reviewers disagree
    complement_ouvert: bool = False  # an open request for complements
    nom: str = ""
    implantation_libelle: str = ""  # for display

    @property
    def qpv(self) -> bool:
        return self.implantation in QPV

    @property
    def hors_grands_centres(self) -> bool:
        return self.implantation == HORS_GRANDS_CENTRES

    @property
    def libelle(self) -> str:
        return f"{self.numero} ({self.nom})" if self.nom else self.numero


@dataclass(frozen=True)
class Parametres:
    """What the committee sets. Amounts are Decimal euros; minimums are counts of this wave."""

    enveloppe_fonctionnement: Decimal
    enveloppe_numerique: Decimal = ZERO
    note_minimale: float = 0.0
    min_qpv: int = 0
    min_hors_grands_centres: int = 0
    max_numeriques: int | None = None
    max_laureats: int | None = None
    couvrir_regions: bool = True
    desaccord: str = SIGNALER  # EXCLURE or SIGNALER
    complement: str = EXCLURE
    # Steps by which the prices of the limits are measured.
    pas_enveloppe: Decimal = Decimal("100000.00")
    pas_enveloppe_numerique: Decimal = Decimal("100000.00")
    # How many dossiers left out while better noted than a retained one get an exact counterfactual.
    contrefactuels_max: int = 8
    # Seconds given to the explanations' re-solves once the proposal is found (the proposal itself
    # is always solved to proven optimality); past it, the reasons left are given in general terms.
    budget_explications: float = 2.0


# --- Output ----------------------------------------------------------------------------------
@dataclass
class Ligne:
    candidat: Candidat
    retenu: bool
    raison: str  # in French, for the committee (and the prefilled motivation of a refusal)
    code: str  # what decided it: note, desaccord, complement, enveloppe, region, qpv, …
    signalements: list[str] = field(default_factory=list)
    dans_classement: bool = False  # taken by the plain ranking


@dataclass
class Limite:
    """A constraint of the programme and what it costs: the selection with it relaxed by one step."""

    code: str
    libelle: str
    saturee: bool
    gain: float = 0.0  # points of total score the relaxation would add
    ajoutes: list[str] = field(default_factory=list)
    retires: list[str] = field(default_factory=list)
    phrase: str = ""


@dataclass
class Totaux:
    retenus: int = 0
    score: float = 0.0
    montant: Decimal = ZERO
    bonus: Decimal = ZERO
    qpv: int = 0
    hors_grands_centres: int = 0
    numeriques: int = 0
    regions_couvertes: int = 0
    regions_eligibles: int = 0


@dataclass
class Conflit:
    contraintes: list[str]  # French labels of a minimal set of constraints that cannot hold together
    relaxation: list[str]  # what the best relaxation gives up
    message: str
    codes: list[str] = field(default_factory=list)  # the same set: qpv, hors_grands_centres, regions, enveloppe, …


@dataclass
class Proposition:
    parametres: Parametres
    lignes: list[Ligne]
    totaux: Totaux
    limites: list[Limite]
    classement: Totaux  # the plain ranking's totals
    ecarts_classement: list[str]  # French sentences: what the proposal does differently
    non_respectees_par_classement: list[str]
    conflit: Conflit | None = None
    duree: float = 0.0  # seconds
    resolutions: int = 0
    explications_completes: bool = True  # False: the time for explanations ran out, some are general

    @property
    def retenus(self) -> list[Candidat]:
        return [ligne.candidat for ligne in self.lignes if ligne.retenu]

    @property
    def ids_retenus(self) -> set[int]:
        return {ligne.candidat.id for ligne in self.lignes if ligne.retenu}


class ErreurResolution(Exception):
    """HiGHS did not prove an optimum (time limit, numerical trouble): never shown as a proposal."""


class TempsEpuise(Exception):
    """The time given to the explanations ran out: the explanation left is said in general terms."""


# --- Eligibility -----------------------------------------------------------------------------
def inegibilite(c: Candidat, p: Parametres) -> tuple[str, str] | None:
    """Return (code, reason) when the dossier cannot be retained under these parameters."""
    if c.score is None:
        return "note", "écarté : pas encore de note (aucune évaluation soumise)"
    if c.score < p.note_minimale:
        return "note", f"écarté : note inférieure au minimum de {note(p.note_minimale).removesuffix(',0')}/100 ({note(c.score)}/100)"
    if c.desaccord and p.desaccord == EXCLURE:
        return "desaccord", "écarté : désaccord entre les instructeurs, à départager avant de retenir ce dossier"
    if c.complement_ouvert and p.complement == EXCLURE:
        return "complement", "écarté : une demande de complément est en cours"
    if c.montant_bonus > p.enveloppe_numerique:
        return "enveloppe_numerique", (
            f"écarté : son bonus numérique de {euros(c.montant_bonus)} dépasse à lui seul "
            f"l'enveloppe numérique restante de {euros(p.enveloppe_numerique)}"
        )
    if c.montant > p.enveloppe_fonctionnement:
        return "enveloppe", (
            f"écarté : ses {euros(c.montant)} dépassent à eux seuls l'enveloppe de fonctionnement "
            f"restante de {euros(p.enveloppe_fonctionnement)}"
        )
    return None


# --- The model -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Variante:
    """The constraints of one solve: the parameters' values, possibly relaxed or with forced dossiers."""

    enveloppe: float  # cents
    enveloppe_numerique: float  # cents
    max_numeriques: int | None
    max_laureats: int | None
    min_qpv: int
    min_hgc: int
    regions: frozenset[str]  # régions that must be covered
    force: int | None = None  # index of a dossier forced in
    sans: frozenset[str] = frozenset()  # hard groups dropped (conflict analysis only)


def _centimes(montant: Decimal) -> float:
    return float(int((Decimal(montant) * 100).to_integral_value()))


class Modele:
    """The eligible dossiers as arrays, solved under variants of the constraints."""

    def __init__(self, eligibles: Sequence[Candidat]):
        self.c = list(eligibles)
        n = self.n = len(self.c)
        self.notes = np.array([round(c.score * 100) for c in self.c], dtype=float)  # hundredths: integers
        rangs = sorted(range(n), key=lambda i: self.c[i].rang)
        self.departage = np.zeros(n)
        for position, i in enumerate(rangs):
            self.departage[i] = n - position  # N + 1 − (position in the ranking)
        # One objective, note · K + departage, with K greater than any total of departage: see the
        # module's docstring. At most 10⁴ · 4.5·10⁶ per coefficient for 3 000 dossiers, sums below
        # 2⁵³: exact integers in floating point.
        self.k = float(self.departage.sum() + 1)
        self.combine = self.k * 10_000 <= COEFFICIENT_MAX
        self.montants = np.array([_centimes(c.montant) for c in self.c])
        self.bonus = np.array([_centimes(c.montant_bonus) for c in self.c])
        self.num = np.array([1.0 if c.bonus_numerique else 0.0 for c in self.c])
        self.qpv = np.array([1.0 if c.qpv else 0.0 for c in self.c])
        self.hgc = np.array([1.0 if c.hors_grands_centres else 0.0 for c in self.c])
        self.regions = sorted({c.region for c in self.c})
        self.par_region = {r: np.array([1.0 if c.region == r else 0.0 for c in self.c]) for r in self.regions}
        self.resolutions = 0
        self.complet = True  # every explanation computed in the time given
        self._memoire: dict[Variante, np.ndarray | None | TempsEpuise] = {}  # filled by ``precalculer``
        self._verrou = threading.Lock()

    # Rows of the constraints: (group, row, lower, upper), for a variant.
    def _lignes(self, v: Variante, elastique: bool):
        lignes = []
        if "enveloppe" not in v.sans:
            lignes.append(("enveloppe", self.montants, -np.inf, v.enveloppe))
        if "enveloppe_numerique" not in v.sans:
            lignes.append(("enveloppe_numerique", self.bonus, -np.inf, v.enveloppe_numerique))
        if v.max_numeriques is not None and "plafond_numeriques" not in v.sans:
            lignes.append(("plafond_numeriques", self.num, -np.inf, v.max_numeriques))
        if v.max_laureats is not None and "plafond_laureats" not in v.sans:
            lignes.append(("plafond_laureats", np.ones(self.n), -np.inf, v.max_laureats))
        minimums = []
        if v.min_qpv > 0 and "qpv" not in v.sans:
            minimums.append(("qpv", self.qpv, v.min_qpv))
        if v.min_hgc > 0 and "hors_grands_centres" not in v.sans:
            minimums.append(("hors_grands_centres", self.hgc, v.min_hgc))
        if "regions" not in v.sans:
            minimums += [(f"region:{r}", self.par_region[r], 1) for r in sorted(v.regions)]
        return lignes, minimums

    def precalculer(self, variantes: Iterable[Variante], echeance: float) -> None:
        """Solve the explanations' variants at once, on the machine's cores (HiGHS leaves Python's
        lock while it works); ``resoudre`` then answers them from memory, in the order the
        explanations are written. A variant not solved in the time given raises ``TempsEpuise`` there."""
        a_faire = [v for v in dict.fromkeys(variantes) if v not in self._memoire]
        if len(a_faire) < 2 or FILS < 2:
            return

        def une(v):
            try:
                return v, self._resoudre(v, elastique=False, objectifs=("classement",), echeance=echeance)
            except TempsEpuise as erreur:
                return v, erreur

        with ThreadPoolExecutor(max_workers=min(FILS, len(a_faire))) as fils:
            for v, resultat in fils.map(une, a_faire):
                self._memoire[v] = resultat

    def resoudre(
        self, v: Variante, *, elastique: bool = False, objectifs=("classement",), echeance: float | None = None
    ) -> np.ndarray | None:
        """``_resoudre``, or the result ``precalculer`` kept for ``v`` (default objectives only)."""
        if not elastique and objectifs == ("classement",) and v in self._memoire:
            resultat = self._memoire[v]
            if isinstance(resultat, TempsEpuise):
                raise resultat
            return resultat
        return self._resoudre(v, elastique=elastique, objectifs=objectifs, echeance=echeance)

    def _resoudre(
        self, v: Variante, *, elastique: bool = False, objectifs=("classement",), echeance: float | None = None
    ) -> np.ndarray | None:
        """Return the optimal x (0/1 array) under ``v``, or None when infeasible.

        ``elastique``: the minimums get slacks; the shortfall is minimised first. ``objectifs``:
        the lexicographic stages (``()`` for a feasibility test). ``echeance`` (a ``perf_counter``
        time): raise ``TempsEpuise`` rather than solve past it."""
        if self.n == 0:
            lignes, minimums = self._lignes(v, elastique)
            return np.zeros(0) if elastique or not any(b > 0 for _g, _r, b in minimums) else None
        lignes, minimums = self._lignes(v, elastique)
        k = len(minimums) if elastique else 0
        nv = self.n + k
        rangees, bas, hauts = [], [], []
        for _g, rangee, lb, ub in lignes:
            rangees.append(np.concatenate([rangee, np.zeros(k)]))
            bas.append(lb)
            hauts.append(ub)
        for j, (_g, rangee, minimum) in enumerate(minimums):
            ecart = np.zeros(k)
            if elastique:
                ecart[j] = 1.0
            rangees.append(np.concatenate([rangee, ecart]))
            bas.append(minimum)
            hauts.append(np.inf)
        lb = np.zeros(nv)
        ub = np.ones(nv)
        if k:
            ub[self.n :] = [m for _g, _r, m in minimums]
        if v.force is not None:
            lb[v.force] = 1.0
        vecteurs = {
            "classement": np.concatenate([self.notes * self.k + self.departage, np.zeros(k)]),
            "note": np.concatenate([self.notes, np.zeros(k)]),
            "departage": np.concatenate([self.departage, np.zeros(k)]),
            "manque": np.concatenate([np.zeros(self.n), -np.ones(k)]),
        }
        if "classement" in objectifs and not self.combine:
            objectifs = ("note", "departage")
        etapes = (["manque"] if elastique else []) + list(objectifs)
        x = None
        for etape in etapes or [None]:
            c = -vecteurs[etape] if etape else np.zeros(nv)
            contraintes = [LinearConstraint(np.array(rangees), np.array(bas), np.array(hauts))] if rangees else []
            limite = 60.0 if echeance is None else echeance - time.perf_counter()
            if limite <= 0.01:
                raise TempsEpuise
            resultat = milp(
                c,
                constraints=contraintes,
                integrality=np.ones(nv),
                bounds=Bounds(lb, ub),
                options={"mip_rel_gap": 0.0, "presolve": True, "time_limit": limite, "disp": DISP},
            )
            with self._verrou:
                self.resolutions += 1
            if resultat.status == 2:  # infeasible
                return None
            if resultat.status == 1 and echeance is not None:
                raise TempsEpuise
            if resultat.status != 0 or resultat.x is None:
                raise ErreurResolution(f"Le solveur n'a pas pu conclure : {resultat.message}")
            x = np.round(resultat.x)
            if etape:
                # Fix this stage's optimum (an integer) before the next one: it cannot move again.
                optimum = float(vecteurs[etape] @ x)
                rangees.append(vecteurs[etape])
                bas.append(optimum - 0.5)
                hauts.append(np.inf)
        return x[: self.n]

    def variante(self, p: Parametres, regions: Iterable[str] | None = None) -> Variante:
        return Variante(
            enveloppe=_centimes(p.enveloppe_fonctionnement),
            enveloppe_numerique=_centimes(p.enveloppe_numerique),
            max_numeriques=p.max_numeriques,
            max_laureats=p.max_laureats,
            min_qpv=p.min_qpv,
            min_hgc=p.min_hors_grands_centres,
            regions=frozenset(self.regions if regions is None else regions) if p.couvrir_regions else frozenset(),
        )


# --- Checks (exact, in Decimal) --------------------------------------------------------------
def totaux_de(retenus: Sequence[Candidat], regions_eligibles: int = 0) -> Totaux:
    return Totaux(
        retenus=len(retenus),
        score=round(sum(c.score or 0 for c in retenus), 2),
        montant=sum((c.montant for c in retenus), ZERO),
        bonus=sum((c.montant_bonus for c in retenus), ZERO),
        qpv=sum(c.qpv for c in retenus),
        hors_grands_centres=sum(c.hors_grands_centres for c in retenus),
        numeriques=sum(c.bonus_numerique for c in retenus),
        regions_couvertes=len({c.region for c in retenus}),
        regions_eligibles=regions_eligibles,
    )


def contraintes_non_respectees(retenus: Sequence[Candidat], p: Parametres, regions_a_couvrir: Iterable[str]) -> list[str]:
    """Return, in French, each constraint of ``p`` that the set ``retenus`` breaks (exact arithmetic)."""
    t = totaux_de(retenus)
    manques = []
    if t.montant > p.enveloppe_fonctionnement:
        manques.append(f"enveloppe de fonctionnement dépassée de {euros(t.montant - p.enveloppe_fonctionnement)}")
    if t.bonus > p.enveloppe_numerique:
        manques.append(f"enveloppe numérique dépassée de {euros(t.bonus - p.enveloppe_numerique)}")
    if p.max_numeriques is not None and t.numeriques > p.max_numeriques:
        manques.append(f"{t.numeriques} Fabriques numériques pour un plafond de {p.max_numeriques}")
    if p.max_laureats is not None and t.retenus > p.max_laureats:
        manques.append(f"{t.retenus} lauréats pour un plafond de {p.max_laureats}")
    if t.qpv < p.min_qpv:
        manques.append(f"{t.qpv} dossier{'s' if t.qpv > 1 else ''} en QPV ou à proximité pour un minimum de {p.min_qpv}")
    if t.hors_grands_centres < p.min_hors_grands_centres:
        manques.append(f"{t.hors_grands_centres} hors des grands centres urbains pour un minimum de {p.min_hors_grands_centres}")
    if p.couvrir_regions:
        couvertes = {c.region for c in retenus}
        oubliees = sorted(set(regions_a_couvrir) - couvertes)
        if oubliees:
            manques.append("région" + ("s" if len(oubliees) > 1 else "") + " sans lauréat : " + ", ".join(oubliees))
    return manques


# --- The plain ranking -----------------------------------------------------------------------
def classement_simple(candidats: Sequence[Candidat], p: Parametres) -> list[Candidat]:
    """Take the ranking from the top, the eligible dossiers only, until the operating money runs out
    (the first dossier that no longer fits stops it)."""
    pris, cumul = [], ZERO
    for c in sorted(candidats, key=lambda c: c.rang):
        if inegibilite(c, p) is not None:
            continue
        if cumul + c.montant > p.enveloppe_fonctionnement:
            break
        pris.append(c)
        cumul += c.montant
    return pris


# --- The proposal ----------------------------------------------------------------------------
LIBELLES = {
    "enveloppe": "Enveloppe de fonctionnement",
    "enveloppe_numerique": "Enveloppe numérique (investissement)",
    "plafond_numeriques": "Plafond de Fabriques numériques",
    "plafond_laureats": "Plafond de lauréats de la vague",
    "qpv": "Minimum en QPV ou à proximité",
    "hors_grands_centres": "Minimum hors des grands centres urbains",
    "regions": "Au moins une Fabrique par région",
}


def _noms(candidats: Iterable[Candidat]) -> str:
    noms = [c.numero for c in candidats]
    if not noms:
        return ""
    return noms[0] if len(noms) == 1 else ", ".join(noms[:-1]) + " et " + noms[-1]


def proposer(candidats: Sequence[Candidat], p: Parametres) -> Proposition:
    """Return the optimal selection under ``p`` with its reasons, its binding limits and their
    price, and its difference from the plain ranking. Raise ``ErreurResolution`` if HiGHS fails."""
    debut = time.perf_counter()
    exclus = {c.id: inegibilite(c, p) for c in candidats}
    eligibles = sorted((c for c in candidats if exclus[c.id] is None), key=lambda c: c.rang)
    modele = Modele(eligibles)
    regions_eligibles = set(modele.regions)
    v = modele.variante(p)
    conflit = None

    x = modele.resoudre(v)
    if x is None:
        x, conflit, p_effectifs, v = _relaxer(modele, v, p)
    else:
        p_effectifs = p
    choisis = [c for c, xi in zip(eligibles, x, strict=True) if xi > 0.5]
    manques = contraintes_non_respectees(choisis, p_effectifs, v.regions)
    if manques:  # the solver's tolerances let something through: never propose it
        raise ErreurResolution("La sélection trouvée ne respecte pas : " + " ; ".join(manques))
    ids = {c.id for c in choisis}

    # Relaxations: the same problem without each minimum, and with each limit one step wider.
    echeance = time.perf_counter() + p.budget_explications
    modele.complet = True
    actifs = [g for g, actif in (("qpv", v.min_qpv > 0), ("hors_grands_centres", v.min_hgc > 0), ("regions", bool(v.regions))) if actif]
    index = {c.id: i for i, c in enumerate(modele.c)}
    modele.precalculer(
        [replace(v, sans=frozenset({g})) for g in actifs]
        + _limites_a_calculer(modele, v, p_effectifs, choisis, ids)
        + [replace(v, force=index[i]) for i in _a_expliquer(candidats, exclus, choisis, ids, p_effectifs)],
        echeance,
    )
    sans = {}
    for groupe, actif in (("qpv", v.min_qpv > 0), ("hors_grands_centres", v.min_hgc > 0), ("regions", bool(v.regions))):
        if actif:
            try:
                sans[groupe] = _ids(modele, modele.resoudre(replace(v, sans=frozenset({groupe})), echeance=echeance))
            except TempsEpuise:
                sans[groupe], modele.complet = None, False
    limites = _limites(modele, v, p_effectifs, choisis, ids, sans, echeance)

    classement = classement_simple(candidats, p)
    ids_classement = {c.id for c in classement}
    lignes = _raisons(candidats, exclus, modele, v, p_effectifs, choisis, ids, sans, ids_classement, echeance)

    retenus_tries = sorted(choisis, key=lambda c: c.rang)
    ajoutes = [c for c in retenus_tries if c.id not in ids_classement]
    retires = [c for c in classement if c.id not in ids]
    ecarts = []
    if ajoutes:
        ecarts.append(f"La proposition retient {_noms(ajoutes)}, que le classement seul ne retiendrait pas.")
    if retires:
        ecarts.append(f"Le classement seul retiendrait {_noms(retires)}, que la proposition écarte.")
    if not ecarts:
        ecarts.append("La proposition retient exactement les dossiers que le classement seul retiendrait.")
    t_classement = totaux_de(classement, len(regions_eligibles))
    return Proposition(
        parametres=p_effectifs,
        lignes=lignes,
        totaux=totaux_de(choisis, len(regions_eligibles)),
        limites=limites,
        classement=t_classement,
        ecarts_classement=ecarts,
        non_respectees_par_classement=contraintes_non_respectees(classement, p, regions_eligibles if p.couvrir_regions else ()),
        conflit=conflit,
        duree=time.perf_counter() - debut,
        resolutions=modele.resolutions,
        explications_completes=modele.complet,
    )


def _ids(modele: Modele, x) -> set[int] | None:
    if x is None:
        return None
    return {c.id for c, xi in zip(modele.c, x, strict=True) if xi > 0.5}


# --- Infeasibility: which constraints conflict, and the best relaxation -----------------------
def _libelle_groupe(groupe: str, v: Variante, p: Parametres) -> str:
    return {
        "qpv": f"au moins {v.min_qpv} dossier{'s' if v.min_qpv > 1 else ''} en QPV ou à proximité",
        "hors_grands_centres": f"au moins {v.min_hgc} dossier{'s' if v.min_hgc > 1 else ''} hors des grands centres urbains",
        "regions": f"au moins une Fabrique dans chacune des {len(v.regions)} régions qui ont un dossier éligible",
        "enveloppe": f"l'enveloppe de fonctionnement restante ({euros(p.enveloppe_fonctionnement)})",
        "enveloppe_numerique": f"l'enveloppe numérique restante ({euros(p.enveloppe_numerique)})",
        "plafond_numeriques": f"le plafond de {p.max_numeriques} Fabrique{'s' if (p.max_numeriques or 0) > 1 else ''} numérique{'s' if (p.max_numeriques or 0) > 1 else ''}",
        "plafond_laureats": f"le plafond de {p.max_laureats} lauréat{'s' if (p.max_laureats or 0) > 1 else ''} de la vague",
    }[groupe]


def _relaxer(modele: Modele, v: Variante, p: Parametres):
    """The minimums cannot all hold: find a minimal conflicting set (deletion filter: a group is kept
    only if the others alone are feasible without it) and the best relaxation (least shortfall, then
    best score). Return the relaxed solution, the conflict, and the parameters it meets."""
    souples = [g for g, actif in (("qpv", v.min_qpv > 0), ("hors_grands_centres", v.min_hgc > 0), ("regions", bool(v.regions))) if actif]
    durs = [
        g
        for g, actif in (
            ("enveloppe", True),
            ("enveloppe_numerique", True),
            ("plafond_numeriques", v.max_numeriques is not None),
            ("plafond_laureats", v.max_laureats is not None),
        )
        if actif
    ]

    def faisable(garder_souples, garder_durs):
        retires = frozenset(set(souples) - set(garder_souples)) | frozenset(set(durs) - set(garder_durs))
        return modele.resoudre(replace(v, sans=retires), objectifs=()) is not None

    conflit_souples = list(souples)
    for g in souples:
        essai = [h for h in conflit_souples if h != g]
        if not faisable(essai, durs):
            conflit_souples = essai
    conflit_durs = list(durs)
    for g in durs:
        essai = [h for h in conflit_durs if h != g]
        if not faisable(conflit_souples, essai):
            conflit_durs = essai

    x = modele.resoudre(v, elastique=True)
    choisis = [c for c, xi in zip(modele.c, x, strict=True) if xi > 0.5]
    t = totaux_de(choisis)
    couvertes = {c.region for c in choisis}
    relaxation = []
    if t.qpv < v.min_qpv:
        relaxation.append(f"{t.qpv} dossier{'s' if t.qpv > 1 else ''} en QPV ou à proximité au lieu de {v.min_qpv}")
    if t.hors_grands_centres < v.min_hgc:
        relaxation.append(f"{t.hors_grands_centres} hors des grands centres urbains au lieu de {v.min_hgc}")
    oubliees = sorted(v.regions - couvertes)
    if oubliees:
        relaxation.append("aucune Fabrique en " + ", ".join(oubliees))
    contraintes = [_libelle_groupe(g, v, p) for g in conflit_souples + conflit_durs]
    if not conflit_durs:
        contraintes.append("les dossiers éligibles (note minimale, exclusions) n'y suffisent pas")
    message = (
        "Ces contraintes ne peuvent pas tenir ensemble : " + " ; ".join(contraintes) + ". "
        "Meilleure relaxation (le moins d'écart aux minimums, puis la meilleure note totale) : " + " ; ".join(relaxation) + "."
    )
    p_relaxes = replace(p, min_qpv=min(p.min_qpv, t.qpv), min_hors_grands_centres=min(p.min_hors_grands_centres, t.hors_grands_centres))
    v_relaxee = replace(v, min_qpv=p_relaxes.min_qpv, min_hgc=p_relaxes.min_hors_grands_centres, regions=frozenset(v.regions & couvertes))
    conflit = Conflit(contraintes=contraintes, relaxation=relaxation, message=message, codes=conflit_souples + conflit_durs)
    return x, conflit, p_relaxes, v_relaxee


# --- Prices of the limits --------------------------------------------------------------------
def _variantes_limites(modele: Modele, v: Variante, p: Parametres, choisis: list[Candidat], ids: set[int]):
    """Each limit one step wider: (code, whether it may bind, the variant, what is relaxed)."""
    t = totaux_de(choisis)
    dehors = [c for c in modele.c if c.id not in ids]
    reste, reste_num = p.enveloppe_fonctionnement - t.montant, p.enveloppe_numerique - t.bonus
    return [
        (
            "enveloppe",
            any(c.montant > reste for c in dehors),
            replace(v, enveloppe=v.enveloppe + _centimes(p.pas_enveloppe)),
            f"{euros(p.pas_enveloppe)} d'enveloppe de fonctionnement de plus",
        ),
        (
            "enveloppe_numerique",
            any(c.montant_bonus > reste_num for c in dehors),
            replace(v, enveloppe_numerique=v.enveloppe_numerique + _centimes(p.pas_enveloppe_numerique)),
            f"{euros(p.pas_enveloppe_numerique)} d'enveloppe numérique de plus",
        ),
        (
            "plafond_numeriques",
            v.max_numeriques is not None and t.numeriques >= v.max_numeriques,
            replace(v, max_numeriques=(v.max_numeriques or 0) + 1),
            "une Fabrique numérique de plus au plafond",
        ),
        (
            "plafond_laureats",
            v.max_laureats is not None and t.retenus >= v.max_laureats,
            replace(v, max_laureats=(v.max_laureats or 0) + 1),
            "un lauréat de plus au plafond de la vague",
        ),
        ("qpv", v.min_qpv > 0 and t.qpv <= v.min_qpv, replace(v, min_qpv=v.min_qpv - 1), "un dossier de moins exigé en QPV ou à proximité"),
        (
            "hors_grands_centres",
            v.min_hgc > 0 and t.hors_grands_centres <= v.min_hgc,
            replace(v, min_hgc=v.min_hgc - 1),
            "un dossier de moins exigé hors des grands centres urbains",
        ),
        ("regions", bool(v.regions), replace(v, regions=frozenset()), "renoncer à couvrir chaque région"),
    ]


def _limites_a_calculer(modele: Modele, v: Variante, p: Parametres, choisis: list[Candidat], ids: set[int]) -> list[Variante]:
    return [variante for code, utile, variante, _r in _variantes_limites(modele, v, p, choisis, ids) if utile and code != "regions"]


def _limites(
    modele: Modele, v: Variante, p: Parametres, choisis: list[Candidat], ids: set[int], sans: dict, echeance: float
) -> list[Limite]:
    """Re-solve with each limit one step wider (only those with no room left for a dossier left out)."""
    par_id = {c.id: c for c in modele.c}
    limites = []
    for code, utile, variante, relache in _variantes_limites(modele, v, p, choisis, ids):
        if not utile:
            continue
        try:
            autres = sans["regions"] if code == "regions" else _ids(modele, modele.resoudre(variante, echeance=echeance))
        except TempsEpuise:
            autres, modele.complet = None, False
        if autres is None:  # not computed in the time given
            limites.append(
                Limite(
                    code=code,
                    libelle=LIBELLES[code],
                    saturee=False,
                    phrase=f"{relache[0].upper()}{relache[1:]} : effet non calculé (temps de calcul des explications épuisé).",
                )
            )
            continue
        ajoutes = sorted((par_id[i] for i in autres - ids), key=lambda c: c.rang)
        retires = sorted((par_id[i] for i in ids - autres), key=lambda c: c.rang)
        gain = round(sum(c.score for c in ajoutes) - sum(c.score for c in retires), 2)
        liante = gain > 0
        verbe = "permettraient" if relache[0].isdigit() else "permettrait"
        debut = relache[0].upper() + relache[1:]
        ecart = f"+{note(gain)} points" if liante else "même note totale, dossiers mieux classés"
        if ajoutes and retires:
            phrase = f"{debut} {verbe} de retenir {_noms(ajoutes)} au lieu de {_noms(retires)} ({ecart})."
        elif ajoutes:
            phrase = f"{debut} {verbe} de retenir aussi {_noms(ajoutes)} ({ecart})."
        else:
            phrase = f"{debut} ne changerai{'en' if relache[0].isdigit() else ''}t pas la sélection."
        limites.append(
            Limite(
                code=code,
                libelle=LIBELLES[code],
                saturee=liante,
                gain=gain if liante else 0.0,
                ajoutes=[c.numero for c in ajoutes],
                retires=[c.numero for c in retires],
                phrase=phrase,
            )
        )
    limites.sort(key=lambda lim: (not lim.saturee, -lim.gain))
    return limites


# --- Reasons, dossier by dossier -------------------------------------------------------------
def _raisons(candidats, exclus, modele: Modele, v: Variante, p: Parametres, choisis, ids, sans, ids_classement, echeance) -> list[Ligne]:
    t = totaux_de(choisis)
    reste = p.enveloppe_fonctionnement - t.montant
    reste_num = p.enveloppe_numerique - t.bonus
    par_region: dict[str, list[Candidat]] = {}
    for c in choisis:
        par_region.setdefault(c.region, []).append(c)
    note_min_retenus = min((c.score for c in choisis), default=math.inf)
    # The retained dossier that comes last by (score, ranking): one left out behind it in both is
    # simply « less well noted » than all the retained ones.
    dernier = min(((c.score, -c.rang) for c in choisis), default=(math.inf, 0))
    index = {c.id: i for i, c in enumerate(modele.c)}
    pour_groupe = {}  # id → reason of a dossier retained only because of a minimum
    for c in choisis:
        if "regions" in sans and sans["regions"] is not None and c.id not in sans["regions"] and len(par_region[c.region]) == 1:
            pour_groupe[c.id] = ("region", f"retenu pour couvrir la région {c.region}")
        elif "qpv" in sans and sans["qpv"] is not None and c.qpv and c.id not in sans["qpv"]:
            pour_groupe[c.id] = (
                "qpv",
                f"retenu pour atteindre le minimum de {v.min_qpv} dossier{'s' if v.min_qpv > 1 else ''} en QPV ou à proximité",
            )
        elif (
            "hors_grands_centres" in sans
            and sans["hors_grands_centres"] is not None
            and c.hors_grands_centres
            and c.id not in sans["hors_grands_centres"]
        ):
            pour_groupe[c.id] = (
                "hors_grands_centres",
                f"retenu pour atteindre le minimum de {v.min_hgc} dossier{'s' if v.min_hgc > 1 else ''} hors des grands centres urbains",
            )
    a_expliquer = set(_a_expliquer(candidats, exclus, choisis, ids, p))
    lignes = []
    for c in sorted(candidats, key=lambda c: c.rang):
        signalements = []
        if c.desaccord:
            signalements.append("désaccord entre les instructeurs")
        if c.complement_ouvert:
            signalements.append("demande de complément en cours")
        if exclus[c.id] is not None:
            code, raison = exclus[c.id]
            lignes.append(Ligne(c, False, raison, code, signalements, c.id in ids_classement))
            continue
        if c.id in ids:
            code, raison = pour_groupe.get(c.id, ("note", f"retenu : note de {note(c.score)}/100, dans l'enveloppe et les objectifs"))
            lignes.append(Ligne(c, True, raison, code, signalements, c.id in ids_classement))
            continue
        # Left out though eligible: some limit has no room for it (else adding it would raise the score).
        if c.montant > reste:
            code, manque = "enveloppe", f"l'enveloppe restante ne permet pas {euros(c.montant)} de plus"
        elif c.montant_bonus > reste_num:
            code, manque = "enveloppe_numerique", f"l'enveloppe numérique restante ne permet pas {euros(c.montant_bonus)} de bonus de plus"
        elif c.bonus_numerique and p.max_numeriques is not None and t.numeriques >= p.max_numeriques:
            code, manque = "plafond_numeriques", f"le plafond de {p.max_numeriques} Fabriques numériques est atteint"
        elif p.max_laureats is not None and t.retenus >= p.max_laureats:
            code, manque = "plafond_laureats", f"le plafond de {p.max_laureats} lauréats de la vague est atteint"
        else:  # cannot happen at an optimum (it would raise the score or the tie-break): said plainly all the same
            code, manque = "note", "la sélection proposée est meilleure sans lui"
        if c.score < note_min_retenus:
            raison = f"écarté : {manque} sans écarter un dossier mieux noté"
        elif (c.score, -c.rang) < dernier:
            raison = f"écarté : {manque} sans écarter un dossier aussi bien noté et mieux classé"
        else:
            raison = None
            if c.id in a_expliquer:
                try:
                    raison = _contrefactuel(modele, v, index[c.id], c, manque, ids, pour_groupe, echeance)
                except TempsEpuise:
                    modele.complet = False
            raison = raison or f"écarté : {manque} sans baisser la note totale de la sélection"
        lignes.append(Ligne(c, False, raison, code, signalements, c.id in ids_classement))
    return lignes


def _a_expliquer(candidats, exclus, choisis, ids, p: Parametres) -> list[int]:
    """The eligible dossiers left out that no simple comparison explains (as well noted as every
    retained one, and better placed than the last of them): the first ``contrefactuels_max`` of
    them, by rank, are solved with the dossier forced in."""
    note_min_retenus = min((c.score for c in choisis), default=math.inf)
    dernier = min(((c.score, -c.rang) for c in choisis), default=(math.inf, 0))
    a_expliquer = [
        c.id
        for c in sorted(candidats, key=lambda c: c.rang)
        if exclus[c.id] is None and c.id not in ids and not c.score < note_min_retenus and not (c.score, -c.rang) < dernier
    ]
    return a_expliquer[: p.contrefactuels_max]


def _contrefactuel(modele: Modele, v: Variante, i: int, c: Candidat, manque: str, ids: set[int], pour_groupe, echeance) -> str:
    """Solve with the dossier forced in, and say what it would cost."""
    x = modele.resoudre(replace(v, force=i), echeance=echeance)
    if x is None:
        return f"écarté : {manque}, et le retenir rendrait les minimums impossibles à tenir"
    autres = _ids(modele, x)
    par_id = {d.id: d for d in modele.c}
    retires = sorted((par_id[j] for j in ids - autres), key=lambda d: d.rang)
    ajoutes = [par_id[j] for j in autres - ids if j != c.id]
    perte = round(sum(d.score for d in retires) - sum(d.score for d in ajoutes) - c.score, 2)
    gardes = [d for d in retires if d.id in pour_groupe]
    detail = f"le retenir ferait écarter {_noms(retires)}"
    if gardes:
        detail += (
            ", retenu"
            + ("s" if len(gardes) > 1 else "")
            + " pour "
            + " et ".join(pour_groupe[d.id][1].removeprefix("retenu pour ") for d in gardes[:2])
        )
    cout = f"note totale −{note(perte)} points" if perte > 0 else "même note totale : à note égale, le classement départage"
    return f"écarté : {manque} ; {detail} ({cout})"
