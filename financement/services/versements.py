"""Payments: explicit transitions, and the condition of the next tranche (the activity report)."""

import datetime as dt

from django.conf import settings
from django.db import transaction

from commun.courriels import courriel_planifier
from commun.erreurs import ConfirmationRequise, ConflitEtat, ErreurMetier
from commun.politique import verifier
from commun.temps import aujourdhui_paris
from commun.transitions import transition, verifier_transition
from comptes.notifications import Categorie
from financement.models import RapportActivite, Subvention, Versement

from .subventions import subvention_solder_si_complete


def condition_non_remplie(versement: Versement) -> str | None:
    """Return why ``versement`` cannot be requested yet, or None.

    With ``PROGRAMME_RAPPORT_CONDITIONNE_VERSEMENT`` (a choice of the programme team, not a rule of
    the AMI), the operating tranche of year N (N ≥ 2) waits for the activity report of year N-1.
    """
    if not settings.PROGRAMME_RAPPORT_CONDITIONNE_VERSEMENT:
        return None
    tranche = versement.tranche
    if tranche.bonus or tranche.annee == 1:
        return None
    precedente = tranche.annee - 1
    if not RapportActivite.objects.filter(subvention_id=tranche.subvention_id, annee=precedente).exists():
        return (
            f"Le versement de l'année {tranche.annee} est conditionné au rapport d'activité de l'année {precedente}, qui n'a pas encore été déposé "
            "(condition fixée par l'équipe du programme)."
        )
    return None


def versement_changer_statut(
    *,
    versement: Versement,
    statut: str,
    par,
    date_versement: dt.date | None = None,
    reference_mandat: str = "",
    motif: str = "",
    confirme: bool = False,
) -> Versement:
    """Move a payment along its transitions (prévu → demandé → mandaté → versé; suspendu and back).

    A payment is requested only when its condition holds; a suspension needs a reason; a payment
    made is dated. A payment made before its planned date is unusual: it needs ``confirme`` (else
    ``ConfirmationRequise``). When the last payment is made the grant becomes « soldée ».
    """
    verifier(par, "subvention.gerer", message="Seul un administrateur du programme peut suivre les versements.")
    with transaction.atomic():
        versement = (
            Versement.objects.select_for_update(of=("self",))
            .select_related("tranche__subvention__dossier__tiers_lieu")
            .get(pk=versement.pk)
        )
        subvention = versement.tranche.subvention
        if subvention.statut != Subvention.Statut.CONVENTIONNEE:
            raise ConflitEtat(f"La subvention est « {subvention.get_statut_display().lower()} » : ses versements ne peuvent plus changer.")
        refus = (
            f"Un versement « {versement.get_statut_display().lower()} » ne peut pas passer à « {Versement.Statut(statut).label.lower()} »."
        )
        verifier_transition(Versement.TRANSITIONS, versement.statut, statut, message=refus)
        champs = {}
        if statut == Versement.Statut.DEMANDE:
            raison = condition_non_remplie(versement)
            if raison:
                raise ErreurMetier(raison)
        if statut == Versement.Statut.MANDATE and reference_mandat.strip():
            champs["reference_mandat"] = reference_mandat.strip()
        if statut == Versement.Statut.VERSE:
            date_versement = date_versement or aujourdhui_paris()
            if date_versement > aujourdhui_paris():
                raise ErreurMetier("La date de versement ne peut pas être dans le futur.", champ="date_versement")
            if date_versement < versement.date_prevue and not confirme:
                raise ConfirmationRequise(
                    f"Ce versement est prévu le {versement.date_prevue:%d/%m/%Y} : le marquer « versé » le "
                    f"{date_versement:%d/%m/%Y}, avant sa date prévue, exige une confirmation explicite (champ « confirme »)."
                )
            champs["date_versement"] = date_versement
        if statut == Versement.Statut.SUSPENDU:
            if not motif.strip():
                raise ErreurMetier("Indiquez le motif de la suspension.", champ="motif")
            champs["motif_suspension"] = motif.strip()
        anticipe = statut == Versement.Statut.VERSE and champs["date_versement"] < versement.date_prevue
        transition(
            versement,
            vers=statut,
            table=Versement.TRANSITIONS,
            par=par,
            action=f"versement.{statut}",
            champs=champs,
            donnees={
                "montant": str(versement.montant),
                "subvention": subvention.pk,
                "motif": motif.strip(),
                **({"avant_date_prevue": versement.date_prevue.isoformat()} if anticipe else {}),
            },
            message=refus,
        )
        if statut == Versement.Statut.VERSE:
            _prevenir_du_versement(versement)
            subvention_solder_si_complete(subvention=subvention, par=par)
    return versement


def _prevenir_du_versement(versement: Versement) -> None:
    """Tell the tiers-lieu's managers that a tranche was paid (once per payment and manager)."""
    subvention = versement.tranche.subvention
    tiers_lieu = subvention.dossier.tiers_lieu
    for gestionnaire in tiers_lieu.gestionnaires.all():
        courriel_planifier(
            cle=f"versement-verse:{versement.pk}:{gestionnaire.pk}",
            destinataire=gestionnaire.email,
            gabarit="versement_effectue",
            categorie=Categorie.VERSEMENTS,
            contexte={
                "versement": versement,
                "tranche": versement.tranche,
                "subvention": subvention,
                "tiers_lieu": tiers_lieu,
                "rapport_conditionne": settings.PROGRAMME_RAPPORT_CONDITIONNE_VERSEMENT,
            },
        )


JOURS_AVANT_RAPPEL = 30


@transaction.atomic
def rapports_rappeler(*, jours: int = JOURS_AVANT_RAPPEL) -> int:
    """Remind the managers whose next tranche is due within ``jours`` days that its condition, the
    activity report of the previous year, is missing. Each e-mail goes once per report and manager
    (the outbox key); return how many reminders are due."""
    from commun.temps import aujourdhui_paris as aujourdhui

    if not settings.PROGRAMME_RAPPORT_CONDITIONNE_VERSEMENT:
        return 0
    limite = aujourdhui() + dt.timedelta(days=jours)
    envoyes = 0
    attendus = Versement.objects.filter(
        statut=Versement.Statut.PREVU,
        date_prevue__lte=limite,
        tranche__bonus=False,
        tranche__annee__gte=2,
        tranche__subvention__statut=Subvention.Statut.CONVENTIONNEE,
    ).select_related("tranche__subvention__dossier__tiers_lieu")
    for versement in attendus:
        if condition_non_remplie(versement) is None:
            continue
        subvention = versement.tranche.subvention
        annee = versement.tranche.annee - 1
        for gestionnaire in subvention.dossier.tiers_lieu.gestionnaires.all():
            if courriel_planifier(
                cle=f"rappel-rapport:{subvention.pk}:annee-{annee}:{gestionnaire.pk}",
                destinataire=gestionnaire.email,
                gabarit="rappel_rapport_activite",
                contexte={"subvention": subvention, "tiers_lieu": subvention.dossier.tiers_lieu, "annee": annee, "versement": versement},
                categorie=Categorie.RAPPELS_RAPPORT,
            ):
                envoyes += 1
    return envoyes
