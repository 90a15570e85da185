"""Reminders: applicants whose dossier is still a draft as the deadline approaches, and reviewers
with reviews still to submit as the committee approaches.

Users of comparable portals take a draft for a deposited dossier: seven days and two days before
the deadline, every manager of a tiers-lieu with a draft receives an e-mail saying it is *not*
deposited yet. Safe to run many times a day: the outbox key makes each reminder go out once.
"""

import datetime as dt

from django.db import transaction

from commun.courriels import courriel_planifier
from commun.models import Courriel
from commun.temps import aujourdhui_paris
from comptes.notifications import Categorie

from ..models import Dossier, Vague
from .completude import dossier_manques

JOURS_AVANT_LIMITE = (7, 2)
JOURS_AVANT_COMITE = (7, 2)


def brouillons_rappeler(*, aujourdhui: dt.date | None = None) -> int:
    """Queue the reminders due today (Paris); return how many e-mails were queued."""
    aujourdhui = aujourdhui or aujourdhui_paris()
    planifies = 0
    for jours in JOURS_AVANT_LIMITE:
        limite = aujourdhui + dt.timedelta(days=jours)
        for vague in Vague.objects.filter(date_limite=limite, statut__in=[Vague.Statut.A_VENIR, Vague.Statut.OUVERTE]):
            brouillons = Dossier.objects.filter(vague=vague, statut=Dossier.Statut.BROUILLON).select_related("tiers_lieu")
            for dossier in brouillons:
                manques = dossier_manques(dossier)
                for gestionnaire in dossier.tiers_lieu.gestionnaires.filter(is_active=True):
                    cle = f"rappel-j{jours}:vague-{vague.pk}:dossier-{dossier.pk}:{gestionnaire.pk}"
                    if Courriel.objects.filter(cle=cle).exists():
                        continue
                    with transaction.atomic():
                        if courriel_planifier(
                            cle=cle,
                            destinataire=gestionnaire.email,
                            gabarit="rappel_brouillon",
                            categorie=Categorie.RAPPELS_DEPOT,
                            contexte={"dossier": dossier, "vague": vague, "jours": jours, "manques": manques},
                        ):
                            planifies += 1
    return planifies


def evaluations_rappeler(*, aujourdhui: dt.date | None = None) -> int:
    """Queue today's reminders to reviewers (7 and 2 days before the committee): one e-mail per
    reviewer and wave listing the assigned dossiers whose review is not submitted yet; return how
    many were queued. The committee must not be closed; reviewers with nothing left get nothing."""
    from ..models import Affectation, Evaluation

    aujourdhui = aujourdhui or aujourdhui_paris()
    planifies = 0
    for jours in JOURS_AVANT_COMITE:
        comite = aujourdhui + dt.timedelta(days=jours)
        vagues = Vague.objects.filter(date_comite=comite).exclude(grille__comite_clos_le__isnull=False)
        for vague in vagues:
            soumises = set(
                Evaluation.objects.filter(dossier__vague=vague, statut=Evaluation.Statut.SOUMISE).values_list(
                    "dossier_id", "instructeur_id"
                )
            )
            a_faire: dict = {}
            for affectation in (
                Affectation.objects.filter(dossier__vague=vague, instructeur__is_active=True)
                .exclude(dossier__statut__in=[Dossier.Statut.RETIRE, Dossier.Statut.BROUILLON])
                .select_related("instructeur", "dossier")
                .order_by("dossier__numero", "pk")
            ):
                if (affectation.dossier_id, affectation.instructeur_id) not in soumises:
                    a_faire.setdefault(affectation.instructeur, []).append(affectation.dossier)
            for instructeur, dossiers in a_faire.items():
                cle = f"rappel-evaluation-j{jours}:vague-{vague.pk}:{instructeur.pk}"
                if Courriel.objects.filter(cle=cle).exists():
                    continue
                with transaction.atomic():
                    if courriel_planifier(
                        cle=cle,
                        destinataire=instructeur.email,
                        gabarit="rappel_evaluation",
                        categorie=Categorie.RAPPELS_EVALUATION,
                        contexte={"vague": vague, "jours": jours, "dossiers": dossiers, "instructeur": instructeur},
                    ):
                        planifies += 1
    return planifies
