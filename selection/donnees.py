"""The one place where the decision aid reads the programme and the wave: the ranked dossiers of
the committee page, and the default parameters from the programme's figures.

``programme_de`` reads the programme's figures (envelopes and targets) from their one selector,
``financement.chiffres.chiffres_programme``, as the committee page and Financement do.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from appels.regles_financieres import montant_bonus
from candidatures.models import DemandeComplement, Dossier, Vague

from .proposition import EXCLURE, SIGNALER, Candidat, Parametres
from .selectors.comite import STATUTS_DECIDABLES, Comite, comite_de_la_vague

ZERO = Decimal("0.00")


@dataclass
class Programme:
    """What the defaults are drawn from, shown next to the form."""

    reste_fonctionnement: Decimal
    reste_numerique: Decimal
    reste_qpv: int
    reste_hors_grands_centres: int
    reste_numeriques: int
    objectif_numeriques: int
    # Where the targets stand before this wave (Fabriques counted) and what they aim at.
    fabriques: int = 0
    objectif_fabriques: int = 0
    qpv: int = 0
    objectif_qpv: int = 0
    hors_grands_centres: int = 0
    objectif_hors_grands_centres: int = 0


def programme_de(comite: Comite) -> Programme:
    """Return the envelopes left and the targets left before this wave's decisions.

    Read from the programme's one selector (``financement.chiffres.chiffres_programme``) without the
    committee's provisional laureates: the proposal replaces those decisions, so it starts from what
    the grants recorded and the Fabriques already counted leave.
    """
    from financement.chiffres import chiffres_programme

    # Read afresh: the proposal's envelopes and minimums must be today's, never a cached display.
    chiffres = chiffres_programme(cache=False)
    return Programme(
        reste_fonctionnement=max(ZERO, chiffres.fonctionnement.reste),
        reste_numerique=max(ZERO, chiffres.numerique.reste),
        reste_qpv=chiffres.qpv.reste,
        reste_hors_grands_centres=chiffres.hors_grands_centres.reste,
        reste_numeriques=chiffres.numeriques.reste,
        objectif_numeriques=chiffres.numeriques.objectif,
        fabriques=chiffres.fabriques.atteint,
        objectif_fabriques=chiffres.fabriques.objectif,
        qpv=chiffres.qpv.atteint,
        objectif_qpv=chiffres.qpv.objectif,
        hors_grands_centres=chiffres.hors_grands_centres.atteint,
        objectif_hors_grands_centres=chiffres.hors_grands_centres.objectif,
    )


DECIMAUX = ("note_minimale", "enveloppe_fonctionnement", "enveloppe_numerique")


def valeurs_en_json(valeurs: dict) -> dict:
    """The form's cleaned values as JSON (amounts as strings, never floats)."""
    return {cle: (str(v) if isinstance(v, Decimal) else v) for cle, v in valeurs.items()}


def parametres_enregistres(vague: Vague):
    from .models import ParametresVague

    return ParametresVague.objects.select_related("modifie_par").filter(vague=vague).first()


def parametres_par_defaut(vague: Vague, comite: Comite | None = None) -> dict:
    """Return the form's defaults for this wave (the values of ``ParametresForm``): those of the
    last proposal applied for the wave if any, else the programme's figures."""
    comite = comite or comite_de_la_vague(vague)
    programme = programme_de(comite)
    defauts = _defauts_du_programme(vague, programme)
    enregistres = parametres_enregistres(vague)
    if enregistres is not None:
        for cle, valeur in enregistres.valeurs.items():
            if cle in defauts:
                defauts[cle] = Decimal(valeur) if cle in DECIMAUX and valeur is not None else valeur
    return defauts


def _defauts_du_programme(vague: Vague, programme: Programme) -> dict:
    return {
        "note_minimale": Decimal(settings.SELECTION_NOTE_MINIMALE),
        "enveloppe_fonctionnement": programme.reste_fonctionnement,
        "enveloppe_numerique": programme.reste_numerique,
        "part_objectifs": settings.SELECTION_PART_OBJECTIFS,
        "max_numeriques": programme.reste_numeriques,
        "max_laureats": vague.plafond_laureats,
        "couvrir_regions": True,
        "desaccord": SIGNALER,
        "complement": EXCLURE,
    }


def minimum_de(part: int, reste: int) -> int:
    """The count this wave must reach: its share (in %) of what remains of a target, rounded up."""
    return math.ceil(Decimal(part) * reste / 100)


def parametres_de(valeurs: dict, programme: Programme) -> Parametres:
    """Turn the form's cleaned values into the solver's parameters."""
    return Parametres(
        enveloppe_fonctionnement=valeurs["enveloppe_fonctionnement"],
        enveloppe_numerique=valeurs["enveloppe_numerique"],
        note_minimale=float(valeurs["note_minimale"]),
        min_qpv=minimum_de(valeurs["part_objectifs"], programme.reste_qpv),
        min_hors_grands_centres=minimum_de(valeurs["part_objectifs"], programme.reste_hors_grands_centres),
        max_numeriques=valeurs.get("max_numeriques"),
        max_laureats=valeurs.get("max_laureats"),
        couvrir_regions=bool(valeurs.get("couvrir_regions")),
        desaccord=valeurs["desaccord"],
        complement=valeurs["complement"],
        contrefactuels_max=settings.SELECTION_CONTREFACTUELS_MAX,
        budget_explications=settings.SELECTION_BUDGET_EXPLICATIONS,
    )


def candidats_de(comite: Comite) -> list[Candidat]:
    """Return the dossiers the committee may still decide on, in the page's ranking."""
    lignes = [ligne for ligne in comite.lignes if ligne.dossier.statut in STATUTS_DECIDABLES]
    ouverts = set(
        DemandeComplement.objects.filter(
            dossier_id__in=[ligne.dossier.pk for ligne in lignes], statut=DemandeComplement.Statut.OUVERTE
        ).values_list("dossier_id", flat=True)
    )
    candidats = []
    for ligne in lignes:
        d = ligne.dossier
        lieu = d.tiers_lieu
        candidats.append(
            Candidat(
                id=d.pk,
                numero=d.numero or str(d.pk),
                nom=lieu.nom,
                score=d.score,
                rang=ligne.rang,
                montant=d.montant_total_demande,
                region=lieu.region.nom if lieu.region_id else "Région non renseignée",
                implantation=lieu.implantation,
                implantation_libelle=lieu.get_implantation_display(),
                bonus_numerique=d.bonus_numerique,
                montant_bonus=montant_bonus(
                    bonus_numerique=d.bonus_numerique, en_qpv_ou_proximite=lieu.en_qpv_ou_proximite, regles=d.regles
                ),
                desaccord=d.desaccord,
                complement_ouvert=d.statut == Dossier.Statut.COMPLEMENT_DEMANDE or d.pk in ouverts,
            )
        )
    return candidats


@dataclass
class Calcul:
    """A proposal for a wave, with what it was computed from."""

    comite: Comite
    programme: Programme
    parametres: Parametres
    proposition: object  # proposition.Proposition


def calculer(vague: Vague, valeurs: dict, comite: Comite | None = None) -> Calcul:
    """Compute the proposal for the wave under the form's values (may raise ``ErreurResolution``)."""
    from .proposition import proposer

    comite = comite or comite_de_la_vague(vague)
    programme = programme_de(comite)
    parametres = parametres_de(valeurs, programme)
    return Calcul(comite, programme, parametres, proposer(candidats_de(comite), parametres))
