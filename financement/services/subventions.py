"""Grants: propose a schedule when a dossier is retenu, adjust it, notify, sign, cancel."""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from candidatures.models import Dossier
from candidatures.selectors.dossiers import message_soutien_unique, soutien_en_cours
from commun.cache import FINANCEMENT, invalider
from commun.erreurs import ConfirmationRequise, ConflitEtat, ErreurMetier
from commun.journal import empreinte_texte, journaliser
from commun.montants import euros_texte
from commun.politique import verifier
from commun.taches import lancer_apres_validation
from commun.transitions import transition, transition_en_masse
from financement import echeancier
from financement.chiffres import bonus_deja_recu, proposition_pour
from financement.models import HistoriqueSubvention, Nature, Subvention, Tranche, Versement

from .enveloppe import journaliser_derogation, verifier_enveloppe


def _exiger_administrateur(par) -> None:
    verifier(par, "subvention.gerer", message="Seul un administrateur du programme peut décider d'une subvention.")


def _ecrire_tranches(subvention: Subvention, montants: dict) -> None:
    """Make the tranches equal to ``montants`` (update in place, create, delete)."""
    # A yearly tranche finances what the grant's call says (operating, or investment for an
    # investment call); the bonus is always investment.
    voulues = {(a, False): montants[echeancier.cle(a)] for a in echeancier.ANNEES if montants[echeancier.cle(a)] > 0}
    if echeancier.montant_bonus(montants) > 0:
        # Paid with the tranche of the year the programme chose (PROGRAMME_ANNEE_BONUS_NUMERIQUE, year 1
        # by default: no document says when); its amount is the administrateur's, up to 100 000 €.
        voulues[(echeancier.annee_bonus(), True)] = echeancier.montant_bonus(montants)
    regles = subvention.regles
    plafonds = {False: regles.plafond_annuel, True: regles.bonus_maximum or Decimal("0.00")}
    natures = {False: regles.nature, True: Nature.INVESTISSEMENT}
    existantes = {(t.annee, t.bonus): t for t in subvention.tranches.select_for_update()}
    for cle, tranche in existantes.items():
        if cle not in voulues:
            tranche.delete()
        elif tranche.montant != voulues[cle]:
            tranche.montant = voulues[cle]
            tranche.save(update_fields=["montant"])
    for (annee, bonus), montant in voulues.items():
        if (annee, bonus) not in existantes:
            Tranche.objects.create(
                subvention=subvention, annee=annee, nature=natures[bonus], bonus=bonus, montant=montant, plafond=plafonds[bonus]
            )


def _apres_changement_echeancier(subvention: Subvention) -> None:
    from financement.tasks import documents_generer  # the tasks module imports the services

    lancer_apres_validation(documents_generer, subvention.pk)


def subvention_proposer(*, dossier: Dossier, par, derogation_motif: str | None = None) -> Subvention:
    """Create the grant of a retenu dossier with the schedule proposed from its asks.

    The schedule satisfies every rule (each year ≤ 50 000 €, total 75 000–150 000 €, bonus only
    when asked and in or near a QPV) and fits in the envelope, or an administrateur recorded a
    reason to exceed it. The envelope row is locked for the whole transaction. Called by the
    committee's decision (inside its transaction: a refusal rolls the decision back) or from the
    financement dashboard; ``par`` must be an administrateur.
    """
    _exiger_administrateur(par)
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update(of=("self",)).select_related("tiers_lieu", "vague").get(pk=dossier.pk)
        if dossier.statut != Dossier.Statut.RETENU:
            raise ConflitEtat(f"Seul un dossier retenu reçoit une subvention (statut actuel : {dossier.get_statut_display().lower()}).")
        if Subvention.objects.filter(dossier=dossier).exists():
            raise ConflitEtat("Ce dossier a déjà une subvention : ajustez son échéancier.")
        soutien = soutien_en_cours(dossier.tiers_lieu, exclure=dossier)
        if soutien is not None:
            raise ConflitEtat(message_soutien_unique(dossier.tiers_lieu, soutien))
        proposition = proposition_pour(dossier)
        montants = echeancier.verifier(
            proposition.montants,
            bonus_demande=dossier.bonus_numerique,
            en_qpv_ou_proximite=dossier.tiers_lieu.en_qpv_ou_proximite,
            bonus_deja_recu=bonus_deja_recu(dossier.tiers_lieu_id),
            regles=dossier.regles,
        )
        derogation, depassement = verifier_enveloppe(montants=montants, regles=dossier.regles, par=par, derogation_motif=derogation_motif)
        subvention = Subvention.objects.create(
            dossier=dossier,
            tiers_lieu=dossier.tiers_lieu,
            total_fonctionnement=echeancier.total_fonctionnement(montants),
            cree_par=par,
            derogation_enveloppe=derogation,
            derogation_motif=(derogation_motif or "").strip() if derogation else "",
        )
        subvention.reference_convention = f"FDT-V{dossier.vague.numero:02d}-{subvention.pk:05d}"
        subvention.save(update_fields=["reference_convention"])
        _ecrire_tranches(subvention, montants)
        HistoriqueSubvention.objects.create(
            subvention=subvention,
            action=HistoriqueSubvention.Action.PROPOSITION,
            par=par,
            montants_apres=echeancier.en_texte(montants),
            commentaire="\n".join(proposition.remarques),
        )
        journaliser(
            acteur=par,
            action="subvention.proposee",
            objet=subvention,
            apres=subvention.statut,
            donnees={"montants": echeancier.en_texte(montants), "remarques": proposition.remarques},
        )
        if derogation:
            _tracer_derogation(subvention, par, subvention.derogation_motif, depassement, montants)
        _apres_changement_echeancier(subvention)
    return subvention


def _tracer_derogation(subvention, par, motif, depassement, montants) -> None:
    HistoriqueSubvention.objects.create(
        subvention=subvention,
        action=HistoriqueSubvention.Action.DEROGATION,
        par=par,
        montants_apres=echeancier.en_texte(montants),
        commentaire=f"Dépassement de {depassement} € autorisé : {motif}",
    )
    journaliser_derogation(subvention=subvention, par=par, motif=motif, depassement=depassement)


def subvention_ajuster(
    *,
    subvention: Subvention,
    montants: dict,
    par,
    derogation_motif: str | None = None,
    commentaire: str = "",
    reconnaissance_motif: str = "",
) -> Subvention:
    """Replace the schedule by ``montants`` (``annee_1..3`` Decimal, ``bonus`` an amount up to
    100 000 €), within the rules.

    Allowed to administrateurs, before the convention is signed. The stored total stays equal to
    the sum of the operating tranches; the change is kept in the history with before/after amounts.
    A bonus the dossier did not ask for is granted only with ``reconnaissance_motif`` (the
    administrateur recognises the Fabrique numérique), kept in the history and the journal.
    """
    _exiger_administrateur(par)
    reconnaissance_motif = (reconnaissance_motif or "").strip()
    with transaction.atomic():
        subvention = Subvention.objects.select_for_update(of=("self",)).select_related("dossier__tiers_lieu").get(pk=subvention.pk)
        if not subvention.modifiable:
            raise ConflitEtat(f"L'échéancier ne peut plus être modifié : la subvention est « {subvention.get_statut_display().lower()} ».")
        dossier = subvention.dossier
        propres = echeancier.verifier(
            montants,
            bonus_demande=dossier.bonus_numerique,
            en_qpv_ou_proximite=dossier.tiers_lieu.en_qpv_ou_proximite,
            bonus_deja_recu=bonus_deja_recu(subvention.tiers_lieu_id, exclure=subvention),
            reconnaissance=bool(reconnaissance_motif),
            regles=subvention.regles,
        )
        avant = subvention.montants()
        avant = {**{k: v for k, v in avant.items() if k != "bonus"}, "bonus": avant["bonus"] or 0}
        reconnue = propres["bonus"] > 0 and not dossier.bonus_numerique and not avant["bonus"]
        if echeancier.en_texte(avant) == echeancier.en_texte(propres):
            raise ErreurMetier("L'échéancier saisi est identique à l'échéancier actuel : rien à modifier.")
        derogation, depassement = verifier_enveloppe(
            montants=propres, regles=subvention.regles, subvention=subvention, par=par, derogation_motif=derogation_motif
        )
        subvention.total_fonctionnement = echeancier.total_fonctionnement(propres)
        champs = ["total_fonctionnement", "modifie_le"]
        if derogation:
            subvention.derogation_enveloppe = True
            subvention.derogation_motif = derogation_motif.strip()
            champs += ["derogation_enveloppe", "derogation_motif"]
        # The total is saved before the tranches only when it does not break the range: it never does,
        # since ``verifier`` accepted the schedule; the constraint stays as the last guard.
        subvention.save(update_fields=champs)
        _ecrire_tranches(subvention, propres)
        HistoriqueSubvention.objects.create(
            subvention=subvention,
            action=HistoriqueSubvention.Action.AJUSTEMENT,
            par=par,
            montants_avant=echeancier.en_texte(avant),
            montants_apres=echeancier.en_texte(propres),
            commentaire=commentaire,
        )
        journaliser(
            acteur=par,
            action="subvention.ajustee",
            objet=subvention,
            avant=subvention.statut,
            apres=subvention.statut,
            donnees={"avant": echeancier.en_texte(avant), "apres": echeancier.en_texte(propres), "commentaire": commentaire},
        )
        if reconnue:
            HistoriqueSubvention.objects.create(
                subvention=subvention,
                action=HistoriqueSubvention.Action.AJUSTEMENT,
                par=par,
                montants_apres=echeancier.en_texte(propres),
                commentaire=f"Reconnue Fabrique numérique par l'administrateur (bonus non demandé dans le dossier) : {reconnaissance_motif}",
            )
            journaliser(
                acteur=par,
                action="subvention.reconnaissance_numerique",
                objet=subvention,
                donnees={"bonus": str(propres["bonus"]), "motif": empreinte_texte(reconnaissance_motif)},
            )
        if derogation:
            _tracer_derogation(subvention, par, subvention.derogation_motif, depassement, propres)
        _apres_changement_echeancier(subvention)
    return subvention


def _changer_statut(subvention: Subvention, statut, *, par, action, commentaire: str = "", champs=()) -> None:
    refus = (
        f"Une subvention « {subvention.get_statut_display().lower()} » ne peut pas passer à « {Subvention.Statut(statut).label.lower()} »."
    )
    transition(
        subvention,
        vers=statut,
        table=Subvention.TRANSITIONS,
        par=par,
        action=f"subvention.{action}",
        champs={nom: getattr(subvention, nom) for nom in champs},
        donnees={"commentaire": commentaire},
        message=refus,
    )
    HistoriqueSubvention.objects.create(subvention=subvention, action=action, par=par, commentaire=commentaire)


def depassements_de_la_demande(subvention: Subvention) -> list[str]:
    """Return, in French, how the grant goes beyond what the dossier asked (empty when it does not):
    more operating money over three years than asked. (A bonus not asked is refused by the schedule's
    rules, ``echeancier.verifier``.)"""
    dossier = subvention.dossier
    montants = subvention.montants()
    fonctionnement = sum((montants[f"annee_{a}"] or Decimal("0") for a in echeancier.ANNEES), Decimal("0"))
    demande = dossier.montant_total_demande
    depassements = []
    if demande and fonctionnement > demande:
        depassements.append(
            f"La subvention de fonctionnement ({euros_texte(fonctionnement)} sur trois ans) dépasse de {euros_texte(fonctionnement - demande)} "
            f"le montant demandé par le porteur ({euros_texte(demande)})."
        )
    return depassements


def subvention_notifier(*, subvention: Subvention, par, confirme: bool = False) -> Subvention:
    """Mark the grant as notified and e-mail the notification letter to the tiers-lieu's managers.

    A grant above what the dossier asked is unusual: it is notified only with ``confirme`` (else
    ``ConfirmationRequise``), from a page or the API alike.
    """
    _exiger_administrateur(par)
    with transaction.atomic():
        subvention = Subvention.objects.select_for_update().get(pk=subvention.pk)
        exiger_resultats_publies(subvention)
        depassements = depassements_de_la_demande(subvention) if subvention.statut == Subvention.Statut.PROPOSEE else []
        if depassements and not confirme:
            raise ConfirmationRequise(
                " ".join(depassements)
                + " Notifier une subvention supérieure à la demande exige une confirmation explicite (champ « confirme »)."
            )
        _changer_statut(
            subvention,
            Subvention.Statut.NOTIFIEE,
            par=par,
            action=HistoriqueSubvention.Action.NOTIFICATION,
            commentaire=("Notifiée au-delà de la demande, confirmé explicitement : " + " ".join(depassements)) if depassements else "",
        )
        from financement.tasks import notification_envoyer  # the tasks module imports the services

        lancer_apres_validation(notification_envoyer, subvention.pk)
    return subvention


def exiger_resultats_publies(subvention: Subvention) -> None:
    """Refuse to notify a grant whose wave's results are not published yet.

    The porteur learns the committee's decision at the publication, all laureates of a wave on the
    same day (``dossier.decision_voir``); a notification letter sent before would tell one of them
    early, by e-mail and on « Ma subvention », that their dossier is retained — and could not be
    taken back if the committee changed its mind before publishing."""
    vague = subvention.dossier.vague
    if not subvention.dossier.decision_publiee:
        raise ConflitEtat(
            f"Les résultats de la vague {vague.numero} ne sont pas encore publiés : la subvention se notifie après leur publication, "
            "pour que le porteur n'apprenne pas par la lettre de notification que son dossier est retenu avant les autres candidats."
        )


def subvention_signer_convention(*, subvention: Subvention, date_signature: dt.date, par) -> Subvention:
    """Record the signed convention and plan one payment per tranche (year 1 at signature, then yearly)."""
    _exiger_administrateur(par)
    with transaction.atomic():
        subvention = Subvention.objects.select_for_update().get(pk=subvention.pk)
        subvention.date_convention = date_signature
        _changer_statut(
            subvention,
            Subvention.Statut.CONVENTIONNEE,
            par=par,
            action=HistoriqueSubvention.Action.CONVENTION,
            commentaire=f"Convention {subvention.reference_convention} signée le {date_signature:%d/%m/%Y}.",
            champs=["date_convention"],
        )
        for tranche in subvention.tranches.all():
            Versement.objects.create(
                tranche=tranche,
                montant=tranche.montant,
                date_prevue=_date_anniversaire(date_signature, tranche.annee - 1),
            )
        _apres_changement_echeancier(subvention)
    return subvention


def _date_anniversaire(depart: dt.date, annees: int) -> dt.date:
    try:
        return depart.replace(year=depart.year + annees)
    except ValueError:  # 29 February
        return depart.replace(year=depart.year + annees, day=28)


def subvention_resilier(*, subvention: Subvention, motif: str, par) -> Subvention:
    """Cancel the grant: its money leaves the committed amount; payments not made are suspended."""
    _exiger_administrateur(par)
    motif = (motif or "").strip()
    if not motif:
        raise ErreurMetier("Indiquez le motif de la résiliation.", champ="motif")
    with transaction.atomic():
        subvention = Subvention.objects.select_for_update().get(pk=subvention.pk)
        _changer_statut(subvention, Subvention.Statut.RESILIEE, par=par, action=HistoriqueSubvention.Action.RESILIATION, commentaire=motif)
        transition_en_masse(
            Versement.objects.filter(tranche__subvention=subvention),
            de=Versement.STATUTS_A_VENIR,
            vers=Versement.Statut.SUSPENDU,
            table=Versement.TRANSITIONS,
            motif_suspension=f"Subvention résiliée : {motif}",
        )
        invalider(FINANCEMENT)  # a queryset update sends no signal
    return subvention


def subvention_solder_si_complete(*, subvention: Subvention, par) -> bool:
    """Mark the grant « soldée » once every payment is made; return whether it was."""
    restants = Versement.objects.filter(tranche__subvention=subvention).exclude(statut=Versement.Statut.VERSE)
    if subvention.statut != Subvention.Statut.CONVENTIONNEE or restants.exists():
        return False
    _changer_statut(subvention, Subvention.Statut.SOLDEE, par=par, action=HistoriqueSubvention.Action.SOLDE)
    return True
