"""Reads of the selection committee: a wave's dossiers ranked with their reviews and decisions."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from candidatures.models import Decision, Dossier, GrilleVague, Vague
from candidatures.selectors.instruction import (
    TIE_BREAK,
    ColonneCritere,
    classement,
    colonnes_criteres,
    criteres_de,
    grille_de,
    moyennes_en_colonnes,
    tie_break_de,
)

S = Dossier.Statut

# Dossiers the committee decides on.
STATUTS_COMITE = [S.DEPOSE, S.EN_INSTRUCTION, S.COMPLEMENT_DEMANDE, S.RETENU, S.NON_RETENU, S.AJOURNE]


# An adjourned dossier is carried to the next wave, whose committee decides on it again.
STATUTS_DECIDABLES = [S.DEPOSE, S.EN_INSTRUCTION, S.COMPLEMENT_DEMANDE, S.AJOURNE]


# --- The selection committee ----------------------------------------------------------------
@dataclass
class LigneComite:
    rang: int
    dossier: Dossier
    decision: Decision | None
    cumul_retenus: int
    cumul_montant: Decimal
    url_dossier: str = ""
    url_decision: str = ""
    moyennes: list = field(default_factory=list)  # under ``Comite.colonnes``


@dataclass
class Comite:
    vague: Vague
    grille: GrilleVague
    lignes: list[LigneComite] = field(default_factory=list)
    retenus: int = 0
    non_retenus: int = 0
    ajournes: int = 0
    montant_retenus: Decimal = Decimal("0.00")
    sans_decision: int = 0
    # The programme's figures (financement.chiffres.ChiffresProgramme), with what the provisional
    # « retenu » decisions add once closing grants them: the same sums closing checks.
    chiffres: object = None
    # The targets of the wave's call (its file's [objectifs]), counted like the programme's.
    objectifs_appel: tuple = ()
    tie_break: str = TIE_BREAK
    # The « moyenne par critère » columns: the criteria of the wave's call, word for word.
    colonnes: list[ColonneCritere] = field(default_factory=list)

    @property
    def plafond_depasse(self) -> bool:
        return self.vague.plafond_laureats is not None and self.retenus > self.vague.plafond_laureats


def comite_de_la_vague(vague: Vague) -> Comite:
    """Return the ranked dossiers of the wave with their provisional decisions, running totals
    against the wave's cap, and the programme's figures (both envelopes, the targets 300 / 150 QPV /
    150 hors des grands centres urbains, the numériques) with this committee's laureates added."""
    # financement sits above candidatures; the committee shows its figures, read in one place.
    from financement.chiffres import chiffres_programme

    qs = classement(
        Dossier.objects.filter(vague=vague, statut__in=STATUTS_COMITE)
        .defer("contenu")
        .select_related("vague__grille", "tiers_lieu__region", "tiers_lieu__departement")
        .prefetch_related(Prefetch("decisions", queryset=Decision.objects.filter(vague=vague), to_attr="decisions_vague"))
    )
    criteres = criteres_de(vague)
    comite = Comite(vague=vague, grille=grille_de(vague), tie_break=tie_break_de(vague), colonnes=colonnes_criteres({vague.pk: criteres}))
    retenus = []
    for rang, dossier in enumerate(qs, start=1):
        decision = dossier.decisions_vague[0] if dossier.decisions_vague else None
        if decision is None:
            comite.sans_decision += 1
        elif decision.resultat == Decision.Resultat.RETENU:
            comite.retenus += 1
            comite.montant_retenus += dossier.montant_total_demande
            retenus.append(dossier)
        elif decision.resultat == Decision.Resultat.NON_RETENU:
            comite.non_retenus += 1
        else:
            comite.ajournes += 1
        comite.lignes.append(
            LigneComite(
                rang,
                dossier,
                decision,
                comite.retenus,
                comite.montant_retenus,
                moyennes=moyennes_en_colonnes(dossier.moyennes, criteres, comite.colonnes),
            )
        )
    # Once closed, the laureates hold their grants and are counted as Fabriques: nothing to add.
    comite.chiffres = chiffres_programme(retenus_a_venir=[] if comite.grille.comite_clos else retenus)
    version = vague.appel.version_courante
    comite.objectifs_appel = comite.chiffres.objectifs_de_l_appel(version.definition.objectifs if version else {})
    return comite


def complements_ouverts_du_comite(vague: Vague) -> list:
    """Return the complement requests still open on the wave's dossiers (oldest first)."""
    from candidatures.models import DemandeComplement

    return list(
        DemandeComplement.objects.filter(dossier__vague=vague, statut=DemandeComplement.Statut.OUVERTE)
        .select_related("dossier__tiers_lieu")
        .order_by("cree_le", "pk")
    )
