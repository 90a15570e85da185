"""Writes of the selection committee: decisions, closing the committee, postponing to the next wave."""

from django.db import transaction
from django.utils import formats

from candidatures.models import (
    TRANSITIONS_COMPLEMENT,
    TRANSITIONS_DOSSIER,
    Decision,
    Dossier,
    GrilleVague,
    Vague,
)
from candidatures.selectors.dossiers import message_soutien_unique, soutien_en_cours
from candidatures.selectors.instruction import grille_par_defaut
from candidatures.services.synthese import synthese_recalculer
from commun.erreurs import ConflitEtat, ErreurMetier
from commun.journal import empreinte_texte, journaliser
from commun.politique import verifier
from commun.temps import maintenant
from commun.transitions import transition

from ..selectors.comite import STATUTS_COMITE, STATUTS_DECIDABLES

S = Dossier.Statut

# --- The selection committee ----------------------------------------------------------------
MOTIVATION_OBLIGATOIRE = (
    "La motivation est obligatoire pour un dossier non retenu : le porteur la recevra et pourra en tenir compte pour candidater à nouveau."
)


def _grille_ouverte(vague: Vague) -> GrilleVague:
    """The wave's grid, locked, if its committee may sit: not closed, and the wave no longer accepts
    deposits (a dossier may still arrive until the deadline: deciding before would rank an incomplete wave)."""
    grille, _ = GrilleVague.objects.select_for_update().get_or_create(vague=vague, defaults=grille_par_defaut(vague))
    if grille.comite_clos:
        raise ConflitEtat(f"Le comité de la vague {vague.numero} est clos : ses décisions sont définitives.")
    attente = comite_en_attente(Vague.objects.get(pk=vague.pk))  # read afresh, under the grid's lock
    if attente:
        raise ConflitEtat(attente)
    return grille


def comite_en_attente(vague: Vague) -> str:
    """Why the committee of ``vague`` cannot sit yet (the French message the pages and the API show),
    or "" when it may: a wave still accepting deposits may still receive a dossier."""
    if not vague.depots_encore_possibles():
        return ""
    return COMITE_AVANT_LA_DATE_LIMITE.format(numero=vague.numero, date=formats.date_format(vague.date_limite, "j F Y"))


COMITE_AVANT_LA_DATE_LIMITE = (
    "La vague {numero} accepte encore des dépôts jusqu'au {date} à 23 h 59 (heure de Paris) : "
    "le comité ne statue et ne se clôt qu'après la date limite."
)


def complement_ouvert_message(demande) -> str:
    return (
        f"Une demande de complément est encore ouverte sur le dossier {demande.dossier} (à renvoyer avant le "
        f"{demande.date_limite:%d/%m/%Y}) : annulez-la ou attendez la réponse du porteur, ou décidez quand même "
        "en indiquant pourquoi — la demande sera alors close."
    )


def decision_enregistrer(*, dossier: Dossier, resultat: str, motivation: str = "", par, complement_motif: str = "") -> Decision:
    """Record (or change) the committee's provisional decision on a dossier.

    A dossier whose complement request is still open is decided only with ``complement_motif``
    (an explicit choice): the request is then closed and the choice journalled, so that the porteur
    never reads a decision beside « Compléments demandés… à renvoyer ».
    """
    from candidatures.models import DemandeComplement

    motivation = (motivation or "").strip()
    complement_motif = (complement_motif or "").strip()
    if resultat not in Decision.Resultat.values:
        raise ErreurMetier("Choisissez une décision : retenu, non retenu ou ajourné.", champ="resultat")
    if resultat == Decision.Resultat.NON_RETENU and not motivation:
        raise ErreurMetier(MOTIVATION_OBLIGATOIRE, champ="motivation")
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update(of=("self",)).select_related("vague").get(pk=dossier.pk)
        _grille_ouverte(dossier.vague)
        if dossier.statut not in STATUTS_DECIDABLES:
            raise ConflitEtat(f"Le dossier {dossier} est « {dossier.get_statut_display()} » : le comité ne peut pas statuer dessus.")
        if resultat == Decision.Resultat.RETENU:
            soutien = soutien_en_cours(dossier.tiers_lieu, exclure=dossier)
            if soutien is not None:
                raise ErreurMetier(message_soutien_unique(dossier.tiers_lieu, soutien), champ="resultat")
        ouverte = DemandeComplement.objects.select_for_update().filter(dossier=dossier, statut=DemandeComplement.Statut.OUVERTE).first()
        if ouverte is not None:
            if not complement_motif:
                raise ErreurMetier(complement_ouvert_message(ouverte), champ="complement_motif", code="complement_ouvert")
            transition(ouverte, vers=DemandeComplement.Statut.ANNULEE, table=TRANSITIONS_COMPLEMENT, par=par, action=None)
            transition(
                dossier,
                vers=ouverte.statut_dossier_avant,
                table=TRANSITIONS_DOSSIER,
                par=par,
                action="comite.decision.malgre_complement",
                donnees={"demande": ouverte.pk, "motif": empreinte_texte(complement_motif)},
            )
        avant = Decision.objects.filter(dossier=dossier, vague=dossier.vague).first()
        decision, _ = Decision.objects.update_or_create(
            dossier=dossier,
            vague=dossier.vague,
            defaults={"resultat": resultat, "motivation": motivation, "decide_par": par, "decide_le": maintenant()},
        )
        journaliser(
            acteur=par,
            action="comite.decision.provisoire",
            objet=dossier,
            avant=avant.resultat if avant else "",
            apres=resultat,
            donnees={"motivation": empreinte_texte(motivation)},
        )
    return decision


def decisions_en_masse(*, dossiers, resultat: str, motivation: str = "", par) -> int:
    """Record the same decision for every dossier of the queryset, all or nothing."""
    n = 0
    with transaction.atomic():
        for dossier in dossiers.order_by("pk"):
            decision_enregistrer(dossier=dossier, resultat=resultat, motivation=motivation, par=par)
            n += 1
    return n


STATUT_APRES_DECISION = {
    Decision.Resultat.RETENU: S.RETENU,
    Decision.Resultat.NON_RETENU: S.NON_RETENU,
    Decision.Resultat.AJOURNE: S.AJOURNE,
}


def comite_clore(*, vague: Vague, par, derogation_motif: str | None = None) -> GrilleVague:
    """Close the wave's committee: every dossier must have a decision; decisions become final, each
    dossier takes its status, and a grant is proposed for each laureate (when financement offers it).

    Before anything changes, the laureates' proposed schedules are checked against both envelopes
    with the very figures the committee page shows (``financement.chiffres``): over an envelope,
    closing needs ``derogation_motif``, which every grant over it records and the journal keeps.
    """
    try:
        from financement.services import subvention_proposer
    except ImportError:  # the financement app does not offer it (yet)
        subvention_proposer = None
    derogation_motif = (derogation_motif or "").strip()
    with transaction.atomic():
        grille = _grille_ouverte(vague)
        dossiers = list(Dossier.objects.select_for_update().filter(vague=vague, statut__in=STATUTS_COMITE).order_by("pk"))
        decisions = {d.dossier_id: d for d in Decision.objects.select_for_update().filter(vague=vague)}
        sans = [d for d in dossiers if d.pk not in decisions and d.statut in STATUTS_DECIDABLES]
        if sans:
            liste = ", ".join(str(d) for d in sans[:10]) + (" …" if len(sans) > 10 else "")
            raise ConflitEtat(
                f"{len(sans)} dossier{'s' if len(sans) > 1 else ''} n'{'ont' if len(sans) > 1 else 'a'} pas encore de décision : {liste}."
            )
        _verifier_aucun_complement_ouvert(vague)
        depassement = _verifier_enveloppes_du_comite(dossiers, decisions, derogation_motif, par) if subvention_proposer else None
        moment = maintenant()
        grille.comite_clos_le, grille.comite_clos_par = moment, par
        grille.save(update_fields=["comite_clos_le", "comite_clos_par"])
        donnees = {"decisions": len(decisions)}
        if depassement:
            donnees.update(depassement)
        journaliser(acteur=par, action="comite.clos", objet=vague, donnees=donnees)
        for dossier in dossiers:
            decision = decisions.get(dossier.pk)
            if decision is None:
                continue
            decision.definitive = True
            decision.save(update_fields=["definitive"])
            nouveau = STATUT_APRES_DECISION[decision.resultat]
            if nouveau == S.RETENU and (soutien := soutien_en_cours(dossier.tiers_lieu, exclure=dossier)) is not None:
                raise ConflitEtat(
                    f"Dossier {dossier} : {message_soutien_unique(dossier.tiers_lieu, soutien)} Changez sa décision avant de clore."
                )
            transition(
                dossier,
                vers=nouveau,
                table=TRANSITIONS_DOSSIER,
                par=par,
                action="comite.decision.definitive",
                donnees={"motivation": empreinte_texte(decision.motivation)},
            )
            if nouveau == S.RETENU and subvention_proposer is not None:
                subvention_proposer(dossier=dossier, par=par, derogation_motif=derogation_motif or None)
            elif nouveau == S.AJOURNE:
                _reporter(dossier=dossier, depuis=vague, par=par)
    return grille


def _verifier_aucun_complement_ouvert(vague: Vague) -> None:
    from candidatures.models import DemandeComplement

    ouvertes = list(
        DemandeComplement.objects.filter(dossier__vague=vague, statut=DemandeComplement.Statut.OUVERTE).select_related("dossier")
    )
    if ouvertes:
        liste = ", ".join(str(d.dossier) for d in ouvertes[:10]) + (" …" if len(ouvertes) > 10 else "")
        n = len(ouvertes)
        raise ConflitEtat(
            f"{n} demande{'s' if n > 1 else ''} de complément encore ouverte{'s' if n > 1 else ''} ({liste}) : "
            "annulez-les, attendez la réponse ou redécidez ces dossiers en indiquant pourquoi, avant de clore le comité."
        )


def _verifier_enveloppes_du_comite(dossiers, decisions, motif: str, par) -> dict | None:
    """Check the laureates' schedules against both envelopes, with the committee page's figures.

    Return what to journal when an envelope is exceeded with a motif; raise without one.
    """
    from commun.montants import euros_texte
    from financement.chiffres import chiffres_programme
    from financement.services.enveloppe import EnveloppeDepassee, verrouiller_enveloppes

    verrouiller_enveloppes()
    retenus = [d for d in dossiers if (dec := decisions.get(d.pk)) and dec.resultat == Decision.Resultat.RETENU]
    chiffres = chiffres_programme(retenus_a_venir=retenus, cache=False)
    if not chiffres.depasse:
        return None
    detail = " ; ".join(
        f"l'enveloppe {e.libelle.lower()} de {euros_texte(e.depassement)} (reste {euros_texte(e.reste)}, à engager {euros_texte(e.a_engager)})"
        for e in chiffres.enveloppes
        if e.depassement
    )
    if not motif:
        raise EnveloppeDepassee(
            f"Les lauréats de ce comité dépassent {detail}. Indiquez le motif du dépassement pour clore le comité.",
            champ="derogation_motif",
        )
    verifier(par, "enveloppe.deroger", message="Seul un administrateur peut autoriser un dépassement de l'enveloppe.")
    return {
        "motif_depassement": empreinte_texte(motif),
        "depassements": {e.code: str(e.depassement) for e in chiffres.enveloppes if e.depassement},
    }


def vague_suivante(vague: Vague) -> Vague | None:
    """Return the next wave of the same call not yet judged (by deposit deadline), where adjourned dossiers go."""
    return (
        Vague.objects.filter(date_limite__gt=vague.date_limite, appel_id=vague.appel_id)
        .exclude(statut=Vague.Statut.RESULTATS_PUBLIES)
        .exclude(grille__comite_clos_le__isnull=False)
        .order_by("date_limite", "numero")
        .first()
    )


def _reporter(*, dossier: Dossier, depuis: Vague, par) -> None:
    """Move an adjourned dossier to the next wave (status stays « ajourné », its reviews stay with
    it, its decision of this wave stays in the history). Without a next wave, or when the tiers-lieu
    already has a dossier there, it stays where it is and the journal says why."""
    suivante = vague_suivante(depuis)
    if suivante is None:
        journaliser(acteur=par, action="comite.report.impossible", objet=dossier, donnees={"motif": "aucune vague suivante"})
        return
    if Dossier.objects.filter(tiers_lieu_id=dossier.tiers_lieu_id, vague=suivante).exclude(statut=S.RETIRE).exists():
        journaliser(
            acteur=par,
            action="comite.report.impossible",
            objet=dossier,
            donnees={"motif": f"le tiers-lieu a déjà un dossier dans la vague {suivante.numero}"},
        )
        return
    dossier.vague = suivante
    dossier.save(update_fields=["vague", "modifie_le"])
    synthese_recalculer(dossier_ids=[dossier.pk])  # the next wave's grid may weigh the criteria otherwise
    journaliser(acteur=par, action="comite.report", objet=dossier, donnees={"de": depuis.numero, "vers": suivante.numero})
