"""Closing a wave at its deadline: deposited dossiers go to instruction, drafts are told.

``vague_cloturer`` is the one service behind the periodic job, the management command and the
administrateur's button. It runs in one transaction with the wave's row locked, and records the
moment it did the work (``Vague.cloturee_le``): run twice, on two workers at once, or again after a
crash (the transaction rolled back), the result is the same and each e-mail is queued once (the
outbox keys are per wave, dossier and manager).
"""

import json
import logging
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.urls import reverse
from django.utils import formats

from commun.courriels import courriel_planifier
from commun.erreurs import ConflitEtat, ErreurMetier
from commun.journal import journaliser
from commun.models import Courriel, EntreeJournal
from commun.temps import aujourdhui_paris, en_paris, maintenant
from commun.textes import compter, marque_pluriel
from commun.transitions import transition, transition_en_masse

from ..models import TRANSITIONS_DOSSIER, TRANSITIONS_VAGUE, Dossier, Vague
from ..selectors.instruction import grille_de

logger = logging.getLogger(__name__)

S = Dossier.Statut
STATUTS_AVANT_CLOTURE = (Vague.Statut.A_VENIR, Vague.Statut.OUVERTE)
MOTIF_LONGUEUR_MAX = 1000


@dataclass
class BilanCloture:
    """What one call of ``vague_cloturer`` did (all zeros when the wave was closed already)."""

    vague_id: int
    numero: int
    deja_cloturee: bool = False
    en_instruction: int = 0
    brouillons: int = 0
    courriels: int = 0
    affectations: int = 0
    incomplets: list = field(default_factory=list)

    def __str__(self):
        if self.deja_cloturee:
            return f"Vague {self.numero} déjà clôturée : rien à faire."
        texte = (
            f"Vague {self.numero} clôturée : {compter(self.en_instruction, 'dossier')} en instruction, "
            f"{compter(self.brouillons, 'brouillon')} non {'déposé' + marque_pluriel(self.brouillons)}, "
            f"{compter(self.courriels, 'courriel', 'planifié')}"
        )
        if self.affectations:
            texte += f", {compter(self.affectations, 'affectation', 'automatique')}"
        return texte + "."


def cle_courriel_brouillon(vague_id: int, dossier_id: int, user_id: int) -> str:
    return f"cloture:vague-{vague_id}:dossier-{dossier_id}:user-{user_id}"


def vague_cloturer(*, vague_id: int, par=None, moment=None) -> BilanCloture:
    """Close the wave ``vague_id`` once its deadline (23:59:59.999999, Paris) has passed.

    In one transaction, with the wave locked: the wave goes « clôturée » then « en instruction »;
    every deposited dossier goes « en instruction » in one UPDATE (one audit entry each, written in
    bulk); drafts stay drafts of this wave (they can no longer be deposited there) and each manager
    of a draft is e-mailed once, with the link to carry it over to the next wave; reviewers are
    assigned when the wave's grid asks for it. Raises ``ConflitEtat`` before the deadline. Safe to
    call again: a closed wave is left as it is.
    """
    moment = moment or maintenant()
    with transaction.atomic():
        vague = Vague.objects.select_for_update().get(pk=vague_id)
        bilan = BilanCloture(vague_id=vague.pk, numero=vague.numero)
        if vague.cloturee_le is not None:
            bilan.deja_cloturee = True
            return bilan
        if moment <= vague.cloture:
            raise ConflitEtat(
                f"La vague {vague.numero} accepte les dépôts jusqu'au "
                f"{formats.date_format(vague.date_limite, 'j F Y')} à 23 h 59 (heure de Paris) : elle ne peut pas encore être clôturée."
            )
        _cloturer(vague, bilan, par=par, moment=moment)
    logger.info("%s", bilan)
    return bilan


def vague_cloturer_par_anticipation(*, vague_id: int, motif: str, par, moment=None) -> BilanCloture:
    """Close an open wave before its deadline, for a reason the administrateur gives.

    The same work as the closing at the deadline (``vague_cloturer``), done now: deposits stop,
    deposited dossiers go « en instruction », each manager of a draft is e-mailed once (after
    commit, through the outbox) with the reason and the deadline that was planned. The audit entry
    keeps the reason (an administrateur's text, not an applicant's). Once the deadline has passed
    it is the ordinary closing. Raises ``ErreurMetier`` without a reason, ``ConflitEtat`` for a
    wave that is not open or already closed.
    """
    motif = (motif or "").strip()
    moment = moment or maintenant()
    if not motif:
        raise ErreurMetier(
            "Indiquez le motif de la clôture anticipée : il est inscrit au journal et envoyé aux porteurs des brouillons.",
            champ="motif",
        )
    if len(motif) > MOTIF_LONGUEUR_MAX:
        raise ErreurMetier(f"Le motif compte {len(motif)} caractères : {MOTIF_LONGUEUR_MAX} au maximum.", champ="motif")
    with transaction.atomic():
        vague = Vague.objects.select_for_update().get(pk=vague_id)
        bilan = BilanCloture(vague_id=vague.pk, numero=vague.numero)
        if vague.cloturee_le is not None:
            raise ConflitEtat(
                f"La vague {vague.numero} est déjà clôturée depuis le {formats.date_format(en_paris(vague.cloturee_le), 'j F Y à H:i')}."
            )
        if moment > vague.cloture:
            _cloturer(vague, bilan, par=par, moment=moment)
            return bilan
        if vague.statut not in (Vague.Statut.OUVERTE, Vague.Statut.CLOTUREE):
            raise ConflitEtat(
                f"La vague {vague.numero} est « {vague.get_statut_display()} » : seule une vague ouverte peut être clôturée avant sa date limite."
            )
        _cloturer(vague, bilan, par=par, moment=moment, motif=motif)
    logger.info("%s (par anticipation)", bilan)
    return bilan


def apercu_cloture(vague: Vague) -> dict:
    """Return what closing ``vague`` now would do, in numbers: drafts locked out, e-mails to their
    managers (those not sent already), deposited dossiers going to instruction."""
    brouillons = Dossier.objects.filter(vague=vague, statut=S.BROUILLON)
    deja = set(Courriel.objects.filter(cle__startswith=f"cloture:vague-{vague.pk}:").values_list("cle", flat=True))
    destinataires = [
        (d, g)
        for d, g, actif in brouillons.values_list("pk", "tiers_lieu__gestionnaires", "tiers_lieu__gestionnaires__is_active")
        if g is not None and actif and cle_courriel_brouillon(vague.pk, d, g) not in deja
    ]
    return {
        "brouillons": brouillons.count(),
        "courriels": len(destinataires),
        "porteurs": len({g for _, g in destinataires}),
        "deposes": Dossier.objects.filter(vague=vague, statut=S.DEPOSE).count(),
    }


def _cloturer(vague: Vague, bilan: BilanCloture, *, par, moment, motif: str = "") -> None:
    """The closing work, in the caller's transaction with the wave locked."""
    _avancer_statut(vague, par)
    bilan.en_instruction = _deposes_en_instruction(vague, par, moment)
    bilan.brouillons, bilan.courriels = _prevenir_brouillons(vague, motif=motif, moment=moment)
    if grille_de(vague).affectation_automatique:
        from .instruction import affectation_automatique

        resultat = affectation_automatique(vague=vague, par=par)
        bilan.affectations = len(resultat.creees)
        bilan.incomplets = [(d.numero, n) for d, n in resultat.incomplets]
    vague.cloturee_le = moment
    vague.save(update_fields=["cloturee_le"])
    donnees = {
        "automatique": par is None,
        "en_instruction": bilan.en_instruction,
        "brouillons": bilan.brouillons,
        "courriels": bilan.courriels,
        "affectations": bilan.affectations,
    }
    if motif:
        donnees.update({"motif": motif, "date_limite_prevue": vague.date_limite.isoformat()})
    journaliser(
        acteur=par,
        action="vague.cloturee_par_anticipation" if motif else "vague.cloturee",
        objet=vague,
        apres=vague.statut,
        donnees=donnees,
    )


def _avancer_statut(vague: Vague, par) -> None:
    """Move the wave along ``TRANSITIONS_VAGUE`` up to « en instruction » (a wave already moved by
    hand keeps its status). A wave where nobody deposited stays « clôturée »: « en instruction »
    with 0 dossiers would announce work that does not exist (publishing still moves it on)."""
    a_instruire = Dossier.objects.filter(vague=vague).exclude(statut__in=[S.BROUILLON, S.RETIRE]).exists()
    cibles = (Vague.Statut.CLOTUREE, Vague.Statut.EN_INSTRUCTION) if a_instruire else (Vague.Statut.CLOTUREE,)
    for cible in cibles:
        if cible in TRANSITIONS_VAGUE.get(vague.statut, set()):
            transition(
                vague,
                vers=cible,
                table=TRANSITIONS_VAGUE,
                par=par,
                action="vague.statut_change",
                donnees={"cloture": True, "automatique": par is None},
            )


def _deposes_en_instruction(vague: Vague, par, moment) -> int:
    """Move every deposited dossier to « en instruction » with one UPDATE, after writing their
    audit entries with one INSERT … SELECT (same transaction, wave locked so no deposit can slip
    in between). Building 10 000 journal rows through the ORM took twenty times the UPDATE itself:
    set-based SQL keeps the closing of a big wave within a few times a bare UPDATE."""
    deposes = Dossier.objects.filter(vague=vague, statut=S.DEPOSE)
    _journaliser_en_masse(vague, par, moment)
    return transition_en_masse(deposes, de=[S.DEPOSE], vers=S.EN_INSTRUCTION, table=TRANSITIONS_DOSSIER, modifie_le=moment)


def _journaliser_en_masse(vague: Vague, par, moment) -> None:
    acteur_id = par.pk if par is not None and getattr(par, "is_authenticated", False) else None
    journal, dossier = EntreeJournal._meta, Dossier._meta
    q = connection.ops.quote_name
    noms = ["horodatage", "acteur", "action", "objet_type", "objet_id", "objet_libelle", "etat_avant", "etat_apres", "donnees"]
    champs = {nom: journal.get_field(nom) for nom in noms}

    def valeur(nom: str) -> str:
        # PostgreSQL types the SELECT list before the INSERT sees it: cast each parameter to its
        # column's type. SQLite needs no cast (and a CAST to « datetime » would turn it numeric).
        return f"CAST(%s AS {champs[nom].db_type(connection)})" if connection.vendor == "postgresql" else "%s"

    sql = (
        f"INSERT INTO {q(journal.db_table)} ({', '.join(q(champs[nom].column) for nom in noms)}) "
        f"SELECT {valeur('horodatage')}, {valeur('acteur')}, {valeur('action')}, {valeur('objet_type')}, "
        f"CAST({q(dossier.pk.column)} AS {champs['objet_id'].db_type(connection)}), "
        f"COALESCE({q(dossier.get_field('numero').column)}, ''), {valeur('etat_avant')}, {valeur('etat_apres')}, {valeur('donnees')} "
        f"FROM {q(dossier.db_table)} "
        f"WHERE {q(dossier.get_field('vague').column)} = %s AND {q(dossier.get_field('statut').column)} = %s"
    )
    params = [
        connection.ops.adapt_datetimefield_value(moment),
        acteur_id,
        "dossier.en_instruction",
        dossier.label_lower,
        S.DEPOSE,
        S.EN_INSTRUCTION,
        json.dumps({"vague": vague.numero, "cloture": True}),
        vague.pk,
        S.DEPOSE,
    ]
    with connection.cursor() as curseur:
        curseur.execute(sql, params)


def _prevenir_brouillons(vague: Vague, *, motif: str = "", moment=None) -> tuple[int, int]:
    """E-mail each manager of each draft left in the wave; return (drafts, e-mails queued).
    Closed before its deadline (``motif``), the e-mail gives the reason and the planned deadline."""
    from ..selectors.dossiers import prochaine_vague_ouverte

    brouillons = list(
        Dossier.objects.filter(vague=vague, statut=S.BROUILLON)
        .select_related("tiers_lieu")
        .prefetch_related("tiers_lieu__gestionnaires")
        .order_by("pk")
    )
    if not brouillons:
        return 0, 0
    deja = set(Courriel.objects.filter(cle__startswith=f"cloture:vague-{vague.pk}:").values_list("cle", flat=True))
    suivante = prochaine_vague_ouverte()
    if suivante is not None and suivante.pk == vague.pk:
        suivante = None
    planifies = 0
    for dossier in brouillons:
        lien = reverse("candidatures:dossier", kwargs={"pk": dossier.pk}) + "#reporter"
        for gestionnaire in dossier.tiers_lieu.gestionnaires.all():
            if not gestionnaire.is_active:
                continue
            cle = cle_courriel_brouillon(vague.pk, dossier.pk, gestionnaire.pk)
            if cle in deja:
                continue
            courriel_planifier(
                cle=cle,
                destinataire=gestionnaire.email,
                gabarit="cloture_brouillon",
                contexte={
                    "dossier": dossier,
                    "vague": vague,
                    "suivante": suivante,
                    "lien": lien,
                    "ouverture_suivante": en_paris(suivante.ouverture) if suivante else None,
                    "motif": motif,
                    "cloturee_le": en_paris(moment) if motif and moment else None,
                },
            )
            planifies += 1
    return len(brouillons), planifies


def vagues_echues(*, moment=None):
    """Return the waves whose deadline has passed and whose closing is not done yet."""
    aujourdhui = aujourdhui_paris() if moment is None else en_paris(moment).date()
    return (
        Vague.objects.filter(cloturee_le__isnull=True, date_limite__lt=aujourdhui)
        .exclude(statut=Vague.Statut.RESULTATS_PUBLIES)
        .order_by("date_limite", "pk")
    )


def vagues_cloturer_echues(*, moment=None) -> list[BilanCloture]:
    """Close every wave whose deadline has passed, each in its own transaction (one failing wave
    does not stop the others: it is logged and tried again at the next run)."""
    moment = moment or maintenant()
    bilans = []
    for vague_id in list(vagues_echues(moment=moment).values_list("pk", flat=True)):
        try:
            bilans.append(vague_cloturer(vague_id=vague_id, moment=moment))
        except Exception:
            logger.exception("Clôture de la vague %s en échec : nouvel essai au prochain passage", vague_id)
    return bilans
