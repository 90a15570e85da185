"""Reads of the instruction: who may see which dossier, the grid of a wave, and the aggregation of
reviews (weighted score on 100, mean per criterion, disagreement flag, ranking).

Aggregates are computed in SQL so that lists and the committee page run a constant number of
queries whatever the number of dossiers.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import (
    Avg,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Greatest, Round

from commun.politique import filtrer, peut

from ..models import Affectation, ConflitInteret, Dossier, Evaluation, GrilleVague, Vague
from ..models.instruction import CRITERES, GRILLE_PAR_DEFAUT, Critere
from ..models.vagues import CLE_DE_CLASSEMENT_INDEXEE, SEUIL_DESACCORD  # noqa: F401 (SEUIL_DESACCORD: part of this module's interface)

S = Dossier.Statut
# Dossiers that reviewers work on (deposited and after); drafts and withdrawn ones never are.
STATUTS_INSTRUCTION = [S.DEPOSE, S.EN_INSTRUCTION, S.COMPLEMENT_DEMANDE, S.RETENU, S.NON_RETENU, S.AJOURNE]
# Dossiers the automatic assignment gives reviewers to.
STATUTS_A_AFFECTER = [S.DEPOSE, S.EN_INSTRUCTION]

# Ties are broken by the mean of the FIRST criterion of the wave's call (« Ambition » for the
# Fabriques, as the committee always did): the portal's choice, as the calls' documents set no
# tie-break; a call orders its criteria in its file.
TIE_BREAK = (
    "score pondéré décroissant, puis moyenne du premier critère de l'appel (« Ambition » pour les Fabriques) décroissante, "
    "puis date de dépôt la plus ancienne, puis numéro de dossier croissant"
)


def tie_break_de(vague: Vague) -> str:
    """The ranking rule of one wave, naming its call's first criterion word for word."""
    premier = criteres_de(vague)[0]
    return (
        f"score pondéré décroissant, puis moyenne du critère « {premier.label} » décroissante, "
        "puis date de dépôt la plus ancienne, puis numéro de dossier croissant"
    )


# --- The grid of a wave ---------------------------------------------------------------------
@dataclass(frozen=True)
class CritereDeGrille:
    """A criterion a wave is scored on, as its call's file gives it (``value``/``label`` as ``Critere``)."""

    value: str
    label: str
    poids: int = 1


def criteres_de(vague: Vague) -> list[CritereDeGrille]:
    """The criteria of the wave's call, in their order, labels word for word (the Fabriques' four for
    the Fabriques call, whose file says the same as ``Critere``)."""
    version = vague.appel.version_courante if vague.appel_id else None
    if version is None:
        return [CritereDeGrille(c.value, c.label) for c in Critere]
    return [CritereDeGrille(c.code, c.libelle, c.poids) for c in version.definition.criteres]


def criteres_des_vagues(vague_ids) -> dict[int, list[CritereDeGrille]]:
    """The criteria of each of these waves' calls, in two queries whatever their number."""
    from appels.models import Appel

    vagues = list(Vague.objects.filter(pk__in=vague_ids).values_list("pk", "appel_id"))
    appels = {a.pk: a for a in Appel.objects.filter(pk__in={a for _, a in vagues if a}).prefetch_related("versions")}
    resultat = {}
    for vague_id, appel_id in vagues:
        version = appels[appel_id].version_courante if appel_id in appels else None
        resultat[vague_id] = (
            [CritereDeGrille(c.value, c.label) for c in Critere]
            if version is None
            else [CritereDeGrille(c.code, c.libelle, c.poids) for c in version.definition.criteres]
        )
    return resultat


@dataclass(frozen=True)
class ColonneCritere:
    """A « moyenne par critère » column of a list: one criterion (code and label word for word) of the
    calls of the listed waves; a dossier whose call has no such criterion shows nothing there."""

    code: str
    libelle: str


def colonnes_criteres(par_vague: dict[int, list[CritereDeGrille]]) -> list[ColonneCritere]:
    """The columns of the means for dossiers of these waves: each call's criteria in its order, the
    calls in the order of their waves' ids, a criterion shared by two calls (same code, same label) once."""
    colonnes = []
    for vague_id in sorted(par_vague):
        for c in par_vague[vague_id]:
            if (colonne := ColonneCritere(c.value, c.label)) not in colonnes:
                colonnes.append(colonne)
    return colonnes


def moyennes_en_colonnes(moyennes: dict, criteres: list[CritereDeGrille], colonnes: list[ColonneCritere]) -> list:
    """The dossier's means (``Dossier.moyennes``) under the columns (None: no mean, or not its call's)."""
    siens = {(c.value, c.label) for c in criteres}
    return [(moyennes or {}).get(col.code) if (col.code, col.libelle) in siens else None for col in colonnes]


def grille_propre_a_l_appel(vague: Vague) -> bool:
    """Whether the wave's call scores on criteria of its own (not the four columns of the grid):
    their weights are then the call's, and the synthesis computes the score from them."""
    return [c.value for c in criteres_de(vague)] != CRITERES


def grille_par_defaut(vague: Vague) -> dict:
    """The settings of a new grid: the portal's defaults, with the scale (and the weights of the four
    criteria) written in the wave's call."""
    reglages = dict(GRILLE_PAR_DEFAUT)
    version = vague.appel.version_courante if vague.appel_id else None
    if version is not None:
        definition = version.definition
        reglages.update(note_min=definition.note_min, note_max=definition.note_max)
        if not grille_propre_a_l_appel(vague):
            reglages.update({f"poids_{c.code}": c.poids for c in definition.criteres})
    return reglages


def grille_de(vague: Vague) -> GrilleVague:
    """Return the wave's grid, or an unsaved grid with the default settings if none was set (a wave
    whose call sets other defaults has its grid from its creation: ``services.vagues.vague_creer``)."""
    try:
        return vague.grille
    except GrilleVague.DoesNotExist:
        return GrilleVague(vague=vague, **GRILLE_PAR_DEFAUT)


# --- Visibility and conflicts ---------------------------------------------------------------
def q_conflits(conflits) -> Q | None:
    """Return a Q matching the dossiers concerned by these conflicts (None when there are none)."""
    parties = []
    ids = [c.tiers_lieu_id for c in conflits if c.tiers_lieu_id]
    if ids:
        parties.append(Q(tiers_lieu_id__in=ids))
    for c in conflits:
        if c.structure:
            parties.append(Q(tiers_lieu__structure_porteuse__iexact=c.structure.strip()))
        elif c.commune:
            parties.append(Q(tiers_lieu__commune__iexact=c.commune.strip()))
    return reduce(or_, parties) if parties else None


def en_conflit(user, dossier: Dossier) -> bool:
    """Return whether ``user`` declared a conflict of interest concerning this dossier."""
    return any(c.concerne(dossier.tiers_lieu) for c in ConflitInteret.objects.filter(instructeur=user))


def est_affecte(user, dossier: Dossier) -> bool:
    return Affectation.objects.filter(dossier=dossier, instructeur=user).exists()


def dossiers_visibles(user):
    """Return the dossiers ``user`` may see in the instruction: all deposited ones for an
    administrateur; for a reviewer, those assigned to them and not in conflict."""
    return filtrer(user, "instruction.dossier", Dossier.objects.filter(statut__in=STATUTS_INSTRUCTION))


# --- Aggregation ----------------------------------------------------------------------------
def _grille(champ: str):
    return Cast(Coalesce(F(f"vague__grille__{champ}"), Value(GRILLE_PAR_DEFAUT[champ])), FloatField())


def scores_calcules(qs):
    """Annotate dossiers with, computed from their reviews (submitted ones only):
    ``calc_moy_<critère>`` (mean), ``calc_ecart_max`` (largest gap between two reviewers on one
    criterion), ``calc_nb_evaluations`` (done), ``calc_nb_attendues`` (assigned reviewers) and
    ``calc_score`` (weighted, on 100).

    This is the definition of the synthesis that ``services.synthese`` stores on each dossier
    (``Dossier.score`` …); lists read the stored columns, never this aggregate."""
    soumise = Q(evaluations__statut=Evaluation.Statut.SOUMISE)
    annotations = {}
    for c in CRITERES:
        filtre = soumise & Q(evaluations__notes__critere=c)
        annotations[f"calc_moy_{c}"] = Avg("evaluations__notes__note", filter=filtre, output_field=FloatField())
        annotations[f"max_{c}"] = Max("evaluations__notes__note", filter=filtre)
        annotations[f"min_{c}"] = Min("evaluations__notes__note", filter=filtre)
    annotations["calc_nb_evaluations"] = Count("evaluations", filter=soumise, distinct=True)
    affectees = Affectation.objects.filter(dossier=OuterRef("pk")).values("dossier").annotate(n=Count("pk")).values("n")
    annotations["calc_nb_attendues"] = Coalesce(Subquery(affectees, output_field=IntegerField()), Value(0))
    qs = qs.annotate(**annotations)

    note_min, note_max = _grille("note_min"), _grille("note_max")
    numerateur = reduce(lambda a, b: a + b, [_grille(f"poids_{c}") * (F(f"calc_moy_{c}") - note_min) for c in CRITERES])
    poids_total = reduce(lambda a, b: a + b, [_grille(f"poids_{c}") for c in CRITERES])
    score = ExpressionWrapper(Value(100.0) * numerateur / ((note_max - note_min) * poids_total), output_field=FloatField())
    ecarts = [Coalesce(F(f"max_{c}") - F(f"min_{c}"), Value(0)) for c in CRITERES]
    return qs.annotate(
        calc_score=Cast(Round(score, 2), FloatField()),  # PostgreSQL rounds numerics only: back to float
        calc_ecart_max=Greatest(*ecarts, output_field=IntegerField()),
    )


def classement(qs):
    """Order dossiers by the committee's ranking, with the stated deterministic tie-break."""
    cle_score, cle_ambition, *_ = CLE_DE_CLASSEMENT_INDEXEE
    return qs.order_by(cle_score, cle_ambition, F("depose_le").asc(nulls_last=True), "numero", "pk")


def liste_instruction(user):
    """Return the dossiers ``user`` sees, annotated with scores, ready for the list page."""
    qs = (
        dossiers_visibles(user)
        .defer("contenu")
        .select_related(
            "vague__grille",
            "tiers_lieu__region",
            "tiers_lieu__departement",
        )
        .prefetch_related(Prefetch("affectations", queryset=Affectation.objects.select_related("instructeur")))
    )
    from ..models import Message

    non_lus = (
        Message.objects.filter(dossier=OuterRef("pk"), cote=Message.Cote.PORTEUR, lu_le__isnull=True)
        .values("dossier")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = qs.annotate(messages_non_lus=Coalesce(Subquery(non_lus, output_field=IntegerField()), Value(0)))
    if peut(user, "instruction.liste_relecteur"):
        mienne = Evaluation.objects.filter(dossier=OuterRef("pk"), instructeur=user).values("statut")[:1]
        qs = qs.annotate(mon_evaluation=Subquery(mienne))
    return classement(qs)


def score_du_dossier(dossier: Dossier):
    """Return the one dossier with its stored synthesis, read afresh."""
    return Dossier.objects.select_related("vague__grille").get(pk=dossier.pk)


def evaluations_soumises(dossier: Dossier):
    return (
        Evaluation.objects.filter(dossier=dossier, statut=Evaluation.Statut.SOUMISE)
        .select_related("instructeur")
        .prefetch_related("notes")
        .order_by("soumise_le", "pk")
    )


def charges_des_instructeurs(vague: Vague):
    """Return the reviewers with their number of assignments and submitted reviews in the wave."""
    from comptes.models import User

    from ..regles.instruction import q_relecteurs

    return (
        User.objects.filter(q_relecteurs())
        .select_related("profil_instructeur")
        .prefetch_related("profil_instructeur__regions")
        .annotate(
            charge=Count("affectations", filter=Q(affectations__dossier__vague=vague), distinct=True),
            faites=Count("evaluations", filter=Q(evaluations__dossier__vague=vague, evaluations__statut="soumise"), distinct=True),
        )
        .order_by("email")
    )


# --- Exchanges with the applicant -----------------------------------------------------------
def demande_complement_ouverte(dossier: Dossier):
    from ..models import DemandeComplement

    return DemandeComplement.objects.filter(dossier=dossier, statut=DemandeComplement.Statut.OUVERTE).first()


def sections_modifiables(dossier: Dossier) -> set[str]:
    """Return the section codes the applicant may edit now: those of the open request for
    complements (empty when there is none). The applicant side must allow only these."""
    demande = demande_complement_ouverte(dossier)
    return set(demande.sections) if demande else set()
