"""Waves: creation with calendar checks, edition, status transitions, the year's four waves."""

import datetime as dt

from django.db import transaction

from appels.services import appel_fabriques_id
from commun.erreurs import ConflitEtat, ErreurMetier
from commun.journal import journaliser
from commun.transitions import transition, verifier_transition

from ..models import TRANSITIONS_VAGUE, GrilleVague, Vague
from ..models.instruction import GRILLE_PAR_DEFAUT
from ..selectors.instruction import grille_par_defaut

# The programme's calendar: four deposit deadlines a year (day, month).
ECHEANCES_ANNUELLES = [(30, 3), (30, 6), (30, 9), (30, 12)]
CHAMPS_MODIFIABLES = ["titre", "date_ouverture", "date_limite", "date_comite", "date_publication", "plafond_laureats"]


def _format(jour: dt.date) -> str:
    return jour.strftime("%d/%m/%Y")


def vague_verifier_calendrier(
    *, date_ouverture, date_limite, date_comite=None, date_publication=None, exclure_pk=None, appel_id=None
) -> None:
    """Raise ``ErreurMetier`` if the dates are inverted or the deposit period overlaps another wave's
    of the same call (two calls run side by side, as in 2019)."""
    if date_ouverture > date_limite:
        raise ErreurMetier(
            f"La date d'ouverture ({_format(date_ouverture)}) doit précéder la date limite de dépôt ({_format(date_limite)}).",
            champ="date_ouverture",
        )
    if date_comite and date_comite <= date_limite:
        raise ErreurMetier(
            f"Le comité de sélection ({_format(date_comite)}) doit se tenir après la date limite de dépôt ({_format(date_limite)}).",
            champ="date_comite",
        )
    if date_publication and date_comite and date_publication < date_comite:
        raise ErreurMetier(
            f"La publication des résultats ({_format(date_publication)}) ne peut pas précéder le comité ({_format(date_comite)}).",
            champ="date_publication",
        )
    if date_publication and date_publication <= date_limite:
        raise ErreurMetier(
            f"La publication des résultats ({_format(date_publication)}) doit suivre la date limite de dépôt ({_format(date_limite)}).",
            champ="date_publication",
        )
    chevauchement = Vague.objects.filter(
        date_ouverture__lte=date_limite, date_limite__gte=date_ouverture, appel_id=appel_id or appel_fabriques_id()
    )
    if exclure_pk:
        chevauchement = chevauchement.exclude(pk=exclure_pk)
    autre = chevauchement.order_by("date_limite").first()
    if autre:
        raise ErreurMetier(
            f"La période de dépôt du {_format(date_ouverture)} au {_format(date_limite)} chevauche celle de la vague "
            f"{autre.numero} (du {_format(autre.date_ouverture)} au {_format(autre.date_limite)}).",
            champ="date_ouverture",
        )


@transaction.atomic
def vague_creer(
    *,
    titre: str,
    date_ouverture: dt.date,
    date_limite: dt.date,
    date_comite=None,
    date_publication=None,
    plafond_laureats=None,
    numero: int | None = None,
    par=None,
    appel=None,
) -> Vague:
    """Create a wave of ``appel`` (default: the Fabriques call) after checking its calendar (no
    inverted dates, no overlap with another wave of the same call)."""
    appel_id = appel.pk if appel is not None else appel_fabriques_id()
    vague_verifier_calendrier(
        date_ouverture=date_ouverture,
        date_limite=date_limite,
        date_comite=date_comite,
        date_publication=date_publication,
        appel_id=appel_id,
    )
    if numero is None:
        dernier = Vague.objects.select_for_update().order_by("-numero").values_list("numero", flat=True).first()
        numero = (dernier or 0) + 1
    elif Vague.objects.filter(numero=numero).exists():
        raise ErreurMetier(f"Une vague porte déjà le numéro {numero}.", champ="numero")
    vague = Vague.objects.create(
        numero=numero,
        titre=titre,
        date_ouverture=date_ouverture,
        date_limite=date_limite,
        date_comite=date_comite,
        date_publication=date_publication,
        plafond_laureats=plafond_laureats,
        appel_id=appel_id,
    )
    reglages = grille_par_defaut(vague)
    if reglages != GRILLE_PAR_DEFAUT:  # the call scores on its own scale or weights: the grid says so from the start
        GrilleVague.objects.create(vague=vague, **reglages)
    journaliser(
        acteur=par,
        action="vague.creee",
        objet=vague,
        apres=vague.statut,
        donnees={
            "date_ouverture": date_ouverture.isoformat(),
            "date_limite": date_limite.isoformat(),
            "appel": vague.appel.slug,
        },
    )
    return vague


@transaction.atomic
def vague_modifier(*, vague: Vague, par, **champs) -> Vague:
    """Change the calendar or the cap of a wave; dates are checked as at creation."""
    vague = Vague.objects.select_for_update().get(pk=vague.pk)
    inconnus = set(champs) - set(CHAMPS_MODIFIABLES)
    if inconnus:
        raise ValueError(f"Champs non modifiables : {sorted(inconnus)}")
    if vague.statut == Vague.Statut.RESULTATS_PUBLIES:
        raise ConflitEtat("Les résultats de cette vague sont publiés : elle ne peut plus être modifiée.")
    nouveau = {c: champs.get(c, getattr(vague, c)) for c in CHAMPS_MODIFIABLES}
    vague_verifier_calendrier(
        date_ouverture=nouveau["date_ouverture"],
        date_limite=nouveau["date_limite"],
        date_comite=nouveau["date_comite"],
        date_publication=nouveau["date_publication"],
        exclure_pk=vague.pk,
        appel_id=vague.appel_id,
    )
    changes = {c: v for c, v in nouveau.items() if getattr(vague, c) != v}
    if not changes:
        return vague
    avant = {c: str(getattr(vague, c)) for c in changes}
    for champ, valeur in changes.items():
        setattr(vague, champ, valeur)
    vague.save(update_fields=list(changes))
    journaliser(
        acteur=par,
        action="vague.modifiee",
        objet=vague,
        donnees={
            "avant": avant,
            "apres": {c: str(v) for c, v in changes.items()},
        },
    )
    return vague


@transaction.atomic
def vague_changer_statut(*, vague: Vague, statut: str, par, motif: str = "") -> Vague:
    """Move a wave to ``statut`` if ``TRANSITIONS_VAGUE`` allows it.

    Closing an open wave before its deadline is no bare status change: it needs a ``motif`` and is
    the early closing (``vague_cloturer_par_anticipation``: drafts' managers told, audit entry).
    """
    from commun.temps import maintenant

    from .cloture import vague_cloturer_par_anticipation

    vague = Vague.objects.select_for_update().get(pk=vague.pk)
    if statut == Vague.Statut.CLOTUREE and vague.statut == Vague.Statut.OUVERTE and maintenant() <= vague.cloture:
        if not (motif or "").strip():
            raise ErreurMetier(
                f"La vague {vague.numero} accepte les dépôts jusqu'au {_format(vague.date_limite)} à 23 h 59 : pour la clôturer "
                "avant sa date limite, indiquez le motif (champ « motif ») ; les porteurs des brouillons en seront prévenus.",
                champ="motif",
            )
        vague_cloturer_par_anticipation(vague_id=vague.pk, motif=motif, par=par)
        vague.refresh_from_db()
        return vague
    refus = f"La vague {vague.numero} est « {vague.get_statut_display()} » : elle ne peut pas passer à « {Vague.Statut(statut).label} »."
    verifier_transition(TRANSITIONS_VAGUE, vague.statut, statut, message=refus)
    if vague.statut == Vague.Statut.A_VENIR and statut == Vague.Statut.CLOTUREE:
        # Only the periodic job closes a wave that never opened (its window passed): by hand, open it first.
        raise ConflitEtat(refus)
    if statut == Vague.Statut.RESULTATS_PUBLIES:
        # Publishing gives the labels, builds the list and tells every applicant: never a bare status change.
        raise ConflitEtat(
            f"Les résultats de la vague {vague.numero} se publient depuis sa page « Publication des résultats » : "
            "elle attribue les labels, met en ligne la liste des lauréats et prévient chaque porteur."
        )
    transition(vague, vers=statut, table=TRANSITIONS_VAGUE, par=par, action="vague.statut_change", message=refus)
    return vague


def calendrier_annee(annee: int, echeances=None) -> list[tuple[dt.date, dt.date]]:
    """Return the (opening, deadline) pairs of the year's waves (``echeances``: (day, month) pairs
    of a call's calendar, the Fabriques' four by default).

    Each wave opens the day after the previous deadline; the first one the day after the last
    deadline of the year before.
    """
    echeances = list(echeances or ECHEANCES_ANNUELLES)
    limites = [dt.date(annee, mois, jour) for jour, mois in echeances]
    precedentes = [dt.date(annee - 1, echeances[-1][1], echeances[-1][0]), *limites[:-1]]
    return [(precedente + dt.timedelta(days=1), limite) for precedente, limite in zip(precedentes, limites, strict=True)]


@transaction.atomic
def vagues_creer_annee(*, annee: int, par=None, appel=None) -> list[Vague]:
    """Create the waves of ``annee`` from the call's yearly deadlines (the Fabriques': 30/03, 30/06,
    30/09, 30/12), all or none."""
    echeances = appel.definition.calendrier.echeances_annuelles if appel is not None else None
    if appel is not None and not echeances:
        raise ErreurMetier(f"L'appel « {appel.nom} » a des dates limites fixes, pas d'échéances annuelles : créez ses vagues une à une.")
    vagues = []
    for rang, (ouverture, limite) in enumerate(calendrier_annee(annee, echeances), start=1):
        vagues.append(
            vague_creer(
                titre=f"Vague {rang} de {annee} — dépôt jusqu'au {_format(limite)}",
                date_ouverture=ouverture,
                date_limite=limite,
                par=par,
                appel=appel,
            )
        )
    return vagues


@transaction.atomic
def vagues_mettre_a_jour_statuts(*, moment=None) -> list[Vague]:
    """Open the waves whose opening day has come and close those whose deadline has passed.

    Safe to run again and again (a periodic job may call it): only due transitions happen.
    """
    from commun.temps import maintenant

    moment = moment or maintenant()
    changees = []
    for vague in Vague.objects.select_for_update().filter(statut__in=[Vague.Statut.A_VENIR, Vague.Statut.OUVERTE]):
        cible = None
        if moment > vague.cloture:
            cible = Vague.Statut.CLOTUREE
        elif vague.statut == Vague.Statut.A_VENIR and moment >= vague.ouverture:
            cible = Vague.Statut.OUVERTE
        if cible is None:
            continue
        transition(vague, vers=cible, table=TRANSITIONS_VAGUE, par=None, action="vague.statut_change", donnees={"automatique": True})
        changees.append(vague)
    return changees
