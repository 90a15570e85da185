"""Retention of personal data: dossiers that led to nothing are deleted after a set period.

What is purged: dossiers « non retenu », « retiré » and drafts abandoned at their wave's deadline,
``apres_jours`` days after the wave's decision (or, when no decision applies, its deadline). A
dossier « retenu » or with a grant is never purged. Before deleting, anonymous counts (wave,
région, implantation, status) are added to ``StatistiqueAnonyme``; the files (attachments,
message attachments, proof of deposit) are deleted from storage after commit. The audit journal
stays: its entries name the dossier by number only and hold no personal data (commun/journal.py).
"""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F

from candidatures.models import Decision, Dossier, StatistiqueAnonyme
from commun.journal import journaliser
from commun.temps import aujourdhui_paris, en_paris

logger = logging.getLogger(__name__)
S = Dossier.Statut
STATUTS_PURGEABLES = [S.NON_RETENU, S.RETIRE, S.BROUILLON]


@dataclass
class BilanPurge:
    """What a purge did (or would do, in a simulation)."""

    supprimes: list[str] = field(default_factory=list)
    fichiers: int = 0


def date_de_reference(dossier: Dossier) -> dt.date | None:
    """Return the day from which the retention period of ``dossier`` runs, or None if it is kept.

    Non retenu: the definitive decision (else the wave's publication, committee or deadline).
    Retiré: the withdrawal or the wave's deadline, whichever is later. Draft: the deadline of its
    wave, once passed (a draft of a wave still open is not abandoned).
    """
    vague = dossier.vague
    if dossier.statut == S.NON_RETENU:
        decision = Decision.objects.filter(dossier=dossier, definitive=True).order_by("-decide_le").first()
        if decision is not None:
            return en_paris(decision.decide_le).date()
        return vague.date_publication or vague.date_comite or vague.date_limite
    if dossier.statut == S.RETIRE:
        retrait = en_paris(dossier.retire_le).date() if dossier.retire_le else vague.date_limite
        return max(retrait, vague.date_limite)
    if dossier.statut == S.BROUILLON:
        return None if vague.accepte_les_depots() else vague.date_limite
    return None


def dossiers_a_purger(*, apres_jours: int, aujourdhui: dt.date | None = None) -> list[Dossier]:
    """Return the dossiers whose retention period of ``apres_jours`` days is over."""
    if apres_jours < 0:
        raise ValueError("La durée de conservation ne peut pas être négative.")
    aujourdhui = aujourdhui or aujourdhui_paris()
    candidats = (
        Dossier.objects.filter(statut__in=STATUTS_PURGEABLES, subvention__isnull=True)
        .exclude(decisions__resultat=Decision.Resultat.RETENU)
        .select_related("vague", "tiers_lieu")
        .order_by("pk")
    )
    return [d for d in candidats if _delai_ecoule(d, apres_jours, aujourdhui)]


def _delai_ecoule(dossier: Dossier, apres_jours: int, aujourdhui: dt.date) -> bool:
    reference = date_de_reference(dossier)
    return reference is not None and reference + dt.timedelta(days=apres_jours) < aujourdhui


def _purgeable(dossier: Dossier, apres_jours: int) -> bool:
    from financement.models import Subvention

    return (
        dossier.statut in STATUTS_PURGEABLES
        and not Subvention.objects.filter(dossier=dossier).exists()
        and not dossier.decisions.filter(resultat=Decision.Resultat.RETENU).exists()
        and _delai_ecoule(dossier, apres_jours, aujourdhui_paris())
    )


def _fichiers(dossier: Dossier) -> list:
    fichiers = [p.fichier for p in dossier.pieces.all()]
    fichiers += [m.fichier for m in dossier.messages.exclude(fichier="")]
    if dossier.accuse_reception:
        fichiers.append(dossier.accuse_reception)
    return [(f.storage, f.name) for f in fichiers if f and f.name]


def dossier_purger(*, dossier: Dossier, apres_jours: int, par=None) -> int:
    """Delete one dossier at the end of its retention period; return the number of files removed.

    Counted first in ``StatistiqueAnonyme``; the files go after commit. Refuses (ValueError) a
    dossier that is not purgeable any more (status changed, grant, period not over).
    """
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update(of=("self",)).select_related("vague", "tiers_lieu").get(pk=dossier.pk)
        if not _purgeable(dossier, apres_jours):
            raise ValueError(f"Le dossier {dossier} n'est pas à purger.")
        statistique, _ = StatistiqueAnonyme.objects.select_for_update().get_or_create(
            vague=dossier.vague,
            region_id=dossier.tiers_lieu.region_id,
            implantation=dossier.tiers_lieu.implantation or "",
            statut=dossier.statut,
        )
        StatistiqueAnonyme.objects.filter(pk=statistique.pk).update(nombre=F("nombre") + 1)
        fichiers = _fichiers(dossier)
        journaliser(
            acteur=par,
            action="dossier.purge",
            objet=dossier,
            avant=dossier.statut,
            apres="supprime",
            donnees={"vague": dossier.vague.numero, "apres_jours": apres_jours, "fichiers": len(fichiers)},
        )
        dossier.delete()
        for stockage, nom in fichiers:
            transaction.on_commit(lambda s=stockage, n=nom: s.delete(n), robust=True)
    return len(fichiers)


def dossiers_purger(*, apres_jours: int, par=None, simulation: bool = False) -> BilanPurge:
    """Purge every dossier whose retention period is over, each in its own transaction."""
    bilan = BilanPurge()
    for dossier in dossiers_a_purger(apres_jours=apres_jours):
        libelle = f"{dossier} (vague {dossier.vague.numero}, {dossier.get_statut_display()})"
        if simulation:
            bilan.supprimes.append(libelle)
            bilan.fichiers += len(_fichiers(dossier))
            continue
        bilan.fichiers += dossier_purger(dossier=dossier, apres_jours=apres_jours, par=par)
        bilan.supprimes.append(libelle)
    logger.info(
        "Purge des dossiers non retenus : %s dossier(s), %s fichier(s)%s",
        len(bilan.supprimes),
        bilan.fichiers,
        " (simulation)" if simulation else "",
    )
    return bilan
