"""Writes of the instruction: reviewer scopes and conflicts, assignments (manual, bulk, automatic),
reviews (draft, submit, lock) and the selection committee (decisions, closing).

Every operation runs in one transaction, locks the rows it changes, checks the state, raises a
domain error with a precise French message, and writes the audit journal.
"""
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import formats

from commun.erreurs import ConflitEtat, ErreurMetier
from commun.journal import empreinte_texte, journaliser
from commun.montants import NombreIllisible, lire_decimal
from commun.politique import peut, verifier
from commun.temps import maintenant
from commun.transitions import transition

from ..models import (
    TRANSITIONS_COMPLEMENT,
    TRANSITIONS_DOSSIER,
    TRANSITIONS_EVALUATION,
    Affectation,
    ConflitInteret,
    Critere,
    Decision,
    Dossier,
    Evaluation,
    GrilleVague,
    NoteCritere,
    ProfilInstructeur,
    Vague,
)
from ..models.instruction import GRILLE_PAR_DEFAUT
from ..selectors import message_soutien_unique, soutien_en_cours
from ..selectors_instruction import STATUTS_A_AFFECTER, STATUTS_COMITE, STATUTS_DECIDABLES, STATUTS_INSTRUCTION, grille_de
from .synthese import synthese_recalculer, synthese_recalculer_vague

S = Dossier.Statut
# The deposit time orders dossiers; a dossier without one (imported) comes last.
F_DEPOT = F("depose_le").asc(nulls_last=True)


class ErreursGrille(ErreurMetier):
    """Several fields of a review are wrong at once: ``erreurs`` lists ``(champ, message)``."""

    def __init__(self, erreurs: list[tuple[str | None, str]]):
        self.erreurs = erreurs
        super().__init__(" ".join(m for _c, m in erreurs), champ=erreurs[0][0] if erreurs else None)


def _nom(user) -> str:
    return user.get_full_name() or user.email


# --- Wave grid -----------------------------------------------------------------------------
def grille_enregistrer(*, vague: Vague, par, **reglages) -> GrilleVague:
    """Create or change the grid of a wave (scale, weights, reviewers per dossier, blind, anonymity).
    Refused once the committee is closed, and refused for the scale once a review is submitted."""
    inconnus = set(reglages) - set(GRILLE_PAR_DEFAUT)
    if inconnus:
        raise ValueError(f"Réglages inconnus : {sorted(inconnus)}")
    with transaction.atomic():
        grille, _ = GrilleVague.objects.select_for_update().get_or_create(vague=vague, defaults=GRILLE_PAR_DEFAUT)
        if grille.comite_clos:
            raise ConflitEtat("Le comité de cette vague est clos : la grille ne peut plus être modifiée.")
        echelle = {k for k in ("note_min", "note_max") if k in reglages and reglages[k] != getattr(grille, k)}
        if echelle and Evaluation.objects.filter(dossier__vague=vague, statut=Evaluation.Statut.SOUMISE).exists():
            raise ConflitEtat("Des évaluations sont déjà soumises : l'échelle de notation ne peut plus changer.")
        avant = {k: getattr(grille, k) for k in reglages}
        for k, v in reglages.items():
            setattr(grille, k, v)
        try:
            grille.full_clean()
        except ValidationError as erreur:
            raise ErreurMetier(" ".join(erreur.messages))
        grille.save()
        if any(k.startswith("poids_") or k.startswith("note_") for k in reglages):
            synthese_recalculer_vague(vague=vague)
        journaliser(acteur=par, action="instruction.grille.modifiee", objet=grille, donnees={"avant": avant, "apres": reglages})
    return grille


# --- Reviewers' scope and conflicts ---------------------------------------------------------
def profil_instructeur_definir(*, user, national: bool, regions, par) -> ProfilInstructeur:
    """Set the scope of a reviewer: national, or a list of régions (at least one)."""
    regions = list(regions)
    if not peut(user, "instruction.recevoir_affectation"):
        raise ErreurMetier(f"{_nom(user)} n'a pas le rôle d'instructeur.", champ="instructeur")
    if not national and not regions:
        raise ErreurMetier("Choisissez au moins une région, ou un périmètre national.", champ="regions")
    with transaction.atomic():
        profil, _ = ProfilInstructeur.objects.select_for_update().get_or_create(user=user)
        profil.national = national
        profil.save(update_fields=["national"])
        profil.regions.set([] if national else regions)
        journaliser(
            acteur=par, action="instruction.perimetre.defini", objet=profil,
            donnees={"national": national, "regions": [r.code for r in regions]},
        )
    return profil


def conflit_declarer(*, instructeur, motif: str, tiers_lieu=None, structure: str = "", commune: str = "") -> ConflitInteret:
    """Declare a conflict of interest. The reviewer's assignments it concerns are removed, except
    where a review is already submitted (then the administrateurs are told by the journal)."""
    structure, commune, motif = (structure or "").strip(), (commune or "").strip(), (motif or "").strip()
    cibles = [x for x in (tiers_lieu, structure, commune) if x]
    if len(cibles) != 1:
        raise ErreurMetier("Indiquez un seul objet de conflit : un tiers-lieu, une structure porteuse ou une commune.")
    if not motif:
        raise ErreurMetier("Expliquez en quelques mots la nature du conflit d'intérêts.", champ="motif")
    with transaction.atomic():
        conflit = ConflitInteret.objects.create(instructeur=instructeur, tiers_lieu=tiers_lieu, structure=structure, commune=commune, motif=motif)
        journaliser(acteur=instructeur, action="instruction.conflit.declare", objet=conflit, donnees={"cible": conflit.cible})
        concernees = [
            a for a in Affectation.objects.select_for_update(of=("self",)).filter(instructeur=instructeur).select_related("dossier__tiers_lieu")
            if conflit.concerne(a.dossier.tiers_lieu)
        ]
        for affectation in concernees:
            soumise = Evaluation.objects.filter(dossier=affectation.dossier, instructeur=instructeur, statut=Evaluation.Statut.SOUMISE).exists()
            if soumise:
                journaliser(acteur=instructeur, action="instruction.conflit.apres_evaluation", objet=affectation.dossier,
                            donnees={"conflit": conflit.pk})
                continue
            Evaluation.objects.filter(dossier=affectation.dossier, instructeur=instructeur).delete()
            journaliser(acteur=instructeur, action="instruction.affectation.retiree_pour_conflit", objet=affectation.dossier,
                        donnees={"instructeur": instructeur.email})
            affectation.delete()
        synthese_recalculer(dossier_ids=[a.dossier_id for a in concernees])
    return conflit


def conflit_supprimer(*, conflit: ConflitInteret, par) -> None:
    verifier(par, "instruction.conflit_retirer", conflit, message="Vous ne pouvez retirer que vos propres déclarations.")
    with transaction.atomic():
        journaliser(acteur=par, action="instruction.conflit.retire", objet=conflit, donnees={"cible": conflit.cible})
        conflit.delete()


# --- Assignments ----------------------------------------------------------------------------
def _conflits(instructeur) -> list[ConflitInteret]:
    return list(ConflitInteret.objects.filter(instructeur=instructeur))


def _verifier_affectable(*, dossier: Dossier, instructeur, conflits=None, profil=None) -> None:
    if not peut(instructeur, "instruction.recevoir_affectation"):
        raise ErreurMetier(f"{_nom(instructeur)} n'a pas le rôle d'instructeur.", champ="instructeur")
    if dossier.statut not in STATUTS_INSTRUCTION or dossier.statut in (S.RETENU, S.NON_RETENU):
        raise ConflitEtat(f"Le dossier {dossier} est « {dossier.get_statut_display()} » : il ne peut pas recevoir d'instructeur.")
    if profil is None:
        profil = ProfilInstructeur.objects.filter(user=instructeur).prefetch_related("regions").first()
    if profil is None or not profil.couvre(dossier.tiers_lieu.region_id):
        raise ErreurMetier(
            f"Le dossier {dossier} ({dossier.tiers_lieu.region}) est hors du périmètre de {_nom(instructeur)}.", champ="instructeur"
        )
    conflits = _conflits(instructeur) if conflits is None else conflits
    for conflit in conflits:
        if conflit.concerne(dossier.tiers_lieu):
            raise ErreurMetier(
                f"{_nom(instructeur)} a déclaré un conflit d'intérêts avec ce dossier ({conflit.cible}) : "
                "il ne peut pas lui être affecté.", champ="instructeur",
            )


def affectation_creer(*, dossier: Dossier, instructeur, par, mode: str = Affectation.Mode.MANUEL, explication: str = "",
                      _conflits_connus=None, _profil=None, _synthese=True) -> Affectation:
    """Assign ``instructeur`` to ``dossier``: within their scope, never in conflict, never twice.
    (``_synthese=False``: the caller recomputes the dossiers' synthesis once, at the end.)"""
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update(of=("self",)).select_related("tiers_lieu__region").get(pk=dossier.pk)
        _verifier_affectable(dossier=dossier, instructeur=instructeur, conflits=_conflits_connus, profil=_profil)
        if Affectation.objects.filter(dossier=dossier, instructeur=instructeur).exists():
            raise ErreurMetier(f"{_nom(instructeur)} est déjà affecté au dossier {dossier}.", champ="instructeur")
        if not explication:
            explication = f"Affectation manuelle par {_nom(par)}." if par else "Affectation manuelle."
        affectation = Affectation.objects.create(dossier=dossier, instructeur=instructeur, par=par, mode=mode, explication=explication)
        if _synthese:
            synthese_recalculer(dossier_ids=[dossier.pk])
        journaliser(acteur=par, action="instruction.affectation.creee", objet=dossier,
                    donnees={"instructeur": instructeur.email, "mode": mode, "explication": explication})
    return affectation


def affectation_supprimer(*, affectation: Affectation, par) -> None:
    """Remove an assignment and its draft review; refused once the review is submitted."""
    with transaction.atomic():
        affectation = Affectation.objects.select_for_update(of=("self",)).select_related("dossier", "instructeur").get(pk=affectation.pk)
        evaluations = Evaluation.objects.filter(dossier=affectation.dossier, instructeur=affectation.instructeur)
        if evaluations.filter(statut=Evaluation.Statut.SOUMISE).exists():
            raise ConflitEtat(
                f"{_nom(affectation.instructeur)} a déjà soumis son évaluation du dossier {affectation.dossier} : "
                "l'affectation ne peut plus être retirée."
            )
        evaluations.delete()
        journaliser(acteur=par, action="instruction.affectation.supprimee", objet=affectation.dossier,
                    donnees={"instructeur": affectation.instructeur.email})
        affectation.delete()
        synthese_recalculer(dossier_ids=[affectation.dossier_id])


def affectation_reassigner(*, affectation: Affectation, vers, par) -> Affectation:
    """Move an assignment (with no submitted review) to another reviewer, in one transaction."""
    with transaction.atomic():
        dossier = affectation.dossier
        ancien = affectation.instructeur
        affectation_supprimer(affectation=affectation, par=par)
        nouvelle = affectation_creer(dossier=dossier, instructeur=vers, par=par,
                                     explication=f"Réaffectation par {_nom(par)} : remplace {_nom(ancien)}.")
        journaliser(acteur=par, action="instruction.affectation.reassignee", objet=dossier,
                    donnees={"de": ancien.email, "vers": vers.email})
    return nouvelle


@dataclass
class BilanMasse:
    crees: int = 0
    deja: int = 0
    refuses: list[str] = field(default_factory=list)


def affectation_en_masse(*, dossiers, instructeur, par) -> BilanMasse:
    """Assign ``instructeur`` to every dossier of the queryset ``dossiers`` (all matching rows, not
    a page). Dossiers already assigned are skipped; those out of scope or in conflict are listed."""
    bilan = BilanMasse()
    conflits = _conflits(instructeur)
    profil = ProfilInstructeur.objects.filter(user=instructeur).prefetch_related("regions").first()
    with transaction.atomic():
        deja = set(Affectation.objects.filter(instructeur=instructeur).values_list("dossier_id", flat=True))
        affectes = []
        for dossier in dossiers.select_related("tiers_lieu__region").order_by("pk"):
            if dossier.pk in deja:
                bilan.deja += 1
                continue
            try:
                affectation_creer(dossier=dossier, instructeur=instructeur, par=par,
                                  explication=f"Affectation en masse par {_nom(par)}.", _conflits_connus=conflits, _profil=profil,
                                  _synthese=False)
            except ErreurMetier as erreur:
                bilan.refuses.append(erreur.message)
            else:
                bilan.crees += 1
                affectes.append(dossier.pk)
        synthese_recalculer(dossier_ids=affectes)
    return bilan


@dataclass
class BilanAutomatique:
    creees: list[Affectation] = field(default_factory=list)
    incomplets: list[tuple[Dossier, int]] = field(default_factory=list)


def affectation_automatique(*, vague: Vague, par) -> BilanAutomatique:
    """Give every deposited dossier of the wave the grid's number of reviewers.

    Rule (deterministic): dossiers are taken by deposit time then number; for each, the
    candidates are the reviewers whose scope covers the dossier's région (national or regional),
    not already assigned and not in conflict; the least loaded in the wave are chosen, ties broken
    by e-mail address. Within one scope loads therefore differ by at most one. Each assignment
    stores why it was made.
    """
    from ..regles_instruction import q_relecteurs

    bilan = BilanAutomatique()
    n = grille_de(vague).nb_instructeurs
    with transaction.atomic():
        Vague.objects.select_for_update().get(pk=vague.pk)  # one automatic run at a time per wave
        profils = {
            p.user_id: p for p in ProfilInstructeur.objects.filter(
                q_relecteurs("user__"),
            ).select_related("user").prefetch_related("regions")
        }
        conflits: dict[int, list[ConflitInteret]] = {uid: [] for uid in profils}
        for c in ConflitInteret.objects.filter(instructeur_id__in=profils):
            conflits[c.instructeur_id].append(c)
        charges = {uid: 0 for uid in profils}
        existantes: dict[int, set[int]] = {}
        for dossier_id, uid in Affectation.objects.filter(dossier__vague=vague).values_list("dossier_id", "instructeur_id"):
            existantes.setdefault(dossier_id, set()).add(uid)
            if uid in charges:
                charges[uid] += 1
        dossiers = (
            Dossier.objects.filter(vague=vague, statut__in=STATUTS_A_AFFECTER)
            .select_related("tiers_lieu__region").order_by(F_DEPOT, "numero", "pk")
        )
        for dossier in dossiers:
            deja = existantes.get(dossier.pk, set())
            manquants = n - len(deja)
            if manquants <= 0:
                continue
            tl = dossier.tiers_lieu
            couverts = [uid for uid, p in profils.items() if uid not in deja and p.couvre(tl.region_id)]
            exclus = [profils[uid].user for uid in couverts if any(c.concerne(tl) for c in conflits[uid])]
            candidats = sorted((uid for uid in couverts if profils[uid].user not in exclus), key=lambda uid: (charges[uid], profils[uid].user.email))
            for uid in candidats[:manquants]:
                user = profils[uid].user
                pourquoi = (
                    f"Affectation automatique ({n} instructeur{'s' if n > 1 else ''} par dossier) : {_nom(user)} fait partie des "
                    f"moins chargés ({charges[uid]} dossier{'s' if charges[uid] > 1 else ''} dans la vague au moment du choix) parmi les "
                    f"{len(candidats)} instructeur{'s' if len(candidats) > 1 else ''} disponibles dont le périmètre couvre « {tl.region} » ; "
                    "à charge égale, ordre alphabétique de l'adresse électronique."
                )
                if exclus:
                    pourquoi += f" Écarté{'s' if len(exclus) > 1 else ''} pour conflit d'intérêts : {', '.join(_nom(u) for u in exclus)}."
                affectation = Affectation.objects.create(
                    dossier=dossier, instructeur=user, par=par, mode=Affectation.Mode.AUTOMATIQUE, explication=pourquoi,
                )
                journaliser(acteur=par, action="instruction.affectation.automatique", objet=dossier,
                            donnees={"instructeur": user.email, "explication": pourquoi})
                charges[uid] += 1
                bilan.creees.append(affectation)
            if len(candidats) < manquants:
                bilan.incomplets.append((dossier, manquants - len(candidats)))
        synthese_recalculer(dossier_ids={a.dossier_id for a in bilan.creees})
    return bilan


# --- Reviews --------------------------------------------------------------------------------
def _lire_note(valeur, libelle: str, grille: GrilleVague) -> tuple[int | None, str | None]:
    """Return (note, None) or (None, message). Accepts int, Decimal, str or None (not scored)."""
    if valeur is None or valeur == "":
        return None, None
    echelle = f"entre {grille.note_min} et {grille.note_max}"
    if isinstance(valeur, bool) or not isinstance(valeur, (int, float, Decimal, str)):
        return None, f"La note du critère « {libelle} » doit être un nombre entier {echelle}."
    try:
        nombre = lire_decimal(valeur) if isinstance(valeur, str) else Decimal(repr(valeur) if isinstance(valeur, float) else valeur)
    except (NombreIllisible, InvalidOperation):
        nombre = None
    if nombre is None:
        return None, f"La note du critère « {libelle} » doit être un nombre entier {echelle}."
    if not nombre.is_finite() or nombre != nombre.to_integral_value():
        return None, f"La note du critère « {libelle} » doit être un nombre entier de points {echelle} (pas de demi-point)."
    if not grille.note_min <= nombre <= grille.note_max:
        return None, f"La note du critère « {libelle} » doit être comprise {echelle} (vous avez saisi {nombre})."
    return int(nombre), None


def _lire_texte(valeur, champ: str, libelle: str) -> tuple[str, tuple[str, str] | None]:
    """Return (text, None) or ("", (champ, message)): a text, or nothing; never a number, a list, a NUL."""
    if valeur is None:
        return "", None
    if not isinstance(valeur, str):
        return "", (champ, f"{libelle} doit être un texte.")
    if "\x00" in valeur:
        return "", (champ, f"{libelle} contient un caractère nul : retirez-le.")
    if not valeur.isascii() and any("\ud800" <= c <= "\udfff" for c in valeur):
        return "", (champ, f"{libelle} contient un caractère invalide (substitut Unicode isolé).")
    return valeur.strip(), None


def _ecrire(evaluation: Evaluation, grille, notes, avis, note_comite, *, complete: bool) -> None:
    """Check every field of the grid, then write them all; on any error write nothing."""
    lues, avis, note_comite = _lire_grille(grille, notes, avis, note_comite, complete=complete)
    for code, (note, commentaire) in lues.items():
        NoteCritere.objects.update_or_create(evaluation=evaluation, critere=code, defaults={"note": note, "commentaire": commentaire})
    evaluation.avis = avis
    evaluation.note_comite = note_comite


def evaluation_controler(*, dossier: Dossier, notes: dict, avis: str, note_comite: str = "") -> None:
    """Raise ``ErreursGrille`` if this review could not be submitted as it is (writes nothing): the
    page checks it before asking the reviewer to confirm the submission."""
    _lire_grille(grille_de(dossier.vague), notes, avis, note_comite, complete=True)


def _lire_grille(grille, notes, avis, note_comite, *, complete: bool) -> tuple[dict, str, str]:
    """Read and check every field of the grid; raise ``ErreursGrille`` with every error at once.

    The input may come from anywhere (a form, the API, a script): ``notes`` must map each
    criterion code to ``{"note": …, "commentaire": …}``; a bare value gives a field error."""
    erreurs: list[tuple[str, str]] = []
    lues = {}
    if notes is None:
        notes = {}
    if not isinstance(notes, Mapping):
        raise ErreursGrille([("notes", "Les notes doivent être données critère par critère : {critère: {note, commentaire}}.")])
    for c in Critere:
        saisie = notes.get(c.value)
        if saisie is None:
            saisie = {}
        if not isinstance(saisie, Mapping):
            erreurs.append((f"note_{c.value}", f"Le critère « {c.label} » attend une note et un commentaire, pas une valeur seule."))
            continue
        note, message = _lire_note(saisie.get("note"), c.label, grille)
        commentaire, erreur = _lire_texte(saisie.get("commentaire"), f"commentaire_{c.value}", f"Le commentaire du critère « {c.label} »")
        if message:
            erreurs.append((f"note_{c.value}", message))
        elif complete and note is None:
            erreurs.append((f"note_{c.value}", f"Notez le critère « {c.label} » ({grille.note_min} à {grille.note_max})."))
        if erreur:
            erreurs.append(erreur)
        elif complete and not commentaire:
            erreurs.append((f"commentaire_{c.value}", f"Le commentaire du critère « {c.label} » est obligatoire : justifiez votre note."))
        lues[c.value] = (note, commentaire)
    if avis is None:
        avis = ""
    if not isinstance(avis, str) or (avis and avis not in Evaluation.Avis.values):
        erreurs.append(("avis", "Choisissez un avis parmi : favorable, réservé, défavorable."))
    elif complete and not avis:
        erreurs.append(("avis", "Indiquez votre avis global : favorable, réservé ou défavorable."))
    note_comite, erreur = _lire_texte(note_comite, "note_comite", "La note au comité")
    if erreur:
        erreurs.append(erreur)
    if erreurs:
        raise ErreursGrille(erreurs)
    return lues, avis, note_comite


def _evaluation_modifiable(*, dossier: Dossier, instructeur) -> Evaluation:
    from ..selectors_instruction import en_conflit

    if not Affectation.objects.filter(dossier=dossier, instructeur=instructeur).exists():
        raise ErreurMetier("Vous n'êtes pas affecté à ce dossier : vous ne pouvez pas l'évaluer.")
    if en_conflit(instructeur, dossier):
        raise ErreurMetier("Vous avez déclaré un conflit d'intérêts avec ce dossier : vous ne pouvez pas l'évaluer.")
    if grille_de(dossier.vague).comite_clos:
        raise ConflitEtat("Le comité de cette vague est clos : les évaluations ne peuvent plus être modifiées.")
    evaluation, _ = Evaluation.objects.select_for_update().get_or_create(dossier=dossier, instructeur=instructeur)
    if evaluation.est_soumise:
        raise ConflitEtat("Votre évaluation est déjà soumise : elle est verrouillée et ne peut plus être modifiée.")
    return evaluation


def evaluation_enregistrer(*, dossier: Dossier, instructeur, notes: dict, avis: str = "", note_comite: str = "") -> Evaluation:
    """Save a draft review. ``notes`` maps each criterion code to ``{"note": …, "commentaire": …}``;
    missing values are allowed in a draft, values out of the wave's scale are not."""
    with transaction.atomic():
        evaluation = _evaluation_modifiable(dossier=dossier, instructeur=instructeur)
        _ecrire(evaluation, grille_de(dossier.vague), notes, avis, note_comite, complete=False)
        evaluation.save(update_fields=["avis", "note_comite", "modifie_le"])
        journaliser(acteur=instructeur, action="instruction.evaluation.brouillon", objet=evaluation)
    return evaluation


def evaluation_soumettre(*, dossier: Dossier, instructeur, notes: dict, avis: str, note_comite: str = "") -> Evaluation:
    """Save and submit a review: every criterion scored in whole points within the wave's scale,
    every comment written, an overall opinion given. A submitted review is locked."""
    with transaction.atomic():
        evaluation = _evaluation_modifiable(dossier=dossier, instructeur=instructeur)
        _ecrire(evaluation, grille_de(dossier.vague), notes, avis, note_comite, complete=True)
        transition(evaluation, vers=Evaluation.Statut.SOUMISE, table=TRANSITIONS_EVALUATION, par=instructeur, action=None,
                   champs={"avis": evaluation.avis, "note_comite": evaluation.note_comite, "soumise_le": maintenant()})
        synthese_recalculer(dossier_ids=[dossier.pk])
        journaliser(acteur=instructeur, action="instruction.evaluation.soumise", objet=evaluation,
                    avant=Evaluation.Statut.BROUILLON, apres=Evaluation.Statut.SOUMISE,
                    donnees={"avis": avis, "notes": {n.critere: n.note for n in evaluation.notes.all()}})
    return evaluation


# --- The selection committee ----------------------------------------------------------------
MOTIVATION_OBLIGATOIRE = (
    "La motivation est obligatoire pour un dossier non retenu : le porteur la recevra et pourra en tenir compte "
    "pour candidater à nouveau."
)


def _grille_ouverte(vague: Vague) -> GrilleVague:
    """The wave's grid, locked, if its committee may sit: not closed, and the wave no longer accepts
    deposits (a dossier may still arrive until the deadline: deciding before would rank an incomplete wave)."""
    grille, _ = GrilleVague.objects.select_for_update().get_or_create(vague=vague, defaults=GRILLE_PAR_DEFAUT)
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
    from ..models import DemandeComplement

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
            transition(dossier, vers=ouverte.statut_dossier_avant, table=TRANSITIONS_DOSSIER, par=par,
                       action="comite.decision.malgre_complement",
                       donnees={"demande": ouverte.pk, "motif": empreinte_texte(complement_motif)})
        avant = Decision.objects.filter(dossier=dossier, vague=dossier.vague).first()
        decision, _ = Decision.objects.update_or_create(
            dossier=dossier, vague=dossier.vague,
            defaults={"resultat": resultat, "motivation": motivation, "decide_par": par, "decide_le": maintenant()},
        )
        journaliser(acteur=par, action="comite.decision.provisoire", objet=dossier,
                    avant=avant.resultat if avant else "", apres=resultat, donnees={"motivation": empreinte_texte(motivation)})
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
                raise ConflitEtat(f"Dossier {dossier} : {message_soutien_unique(dossier.tiers_lieu, soutien)} Changez sa décision avant de clore.")
            transition(dossier, vers=nouveau, table=TRANSITIONS_DOSSIER, par=par, action="comite.decision.definitive",
                       donnees={"motivation": empreinte_texte(decision.motivation)})
            if nouveau == S.RETENU and subvention_proposer is not None:
                subvention_proposer(dossier=dossier, par=par, derogation_motif=derogation_motif or None)
            elif nouveau == S.AJOURNE:
                _reporter(dossier=dossier, depuis=vague, par=par)
    return grille


def _verifier_aucun_complement_ouvert(vague: Vague) -> None:
    from ..models import DemandeComplement

    ouvertes = list(DemandeComplement.objects.filter(dossier__vague=vague, statut=DemandeComplement.Statut.OUVERTE).select_related("dossier"))
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
        for e in chiffres.enveloppes if e.depassement
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
    """Return the next wave not yet judged (by deposit deadline), where adjourned dossiers go."""
    return (
        Vague.objects.filter(date_limite__gt=vague.date_limite)
        .exclude(statut=Vague.Statut.RESULTATS_PUBLIES).exclude(grille__comite_clos_le__isnull=False)
        .order_by("date_limite", "numero").first()
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
        journaliser(acteur=par, action="comite.report.impossible", objet=dossier,
                    donnees={"motif": f"le tiers-lieu a déjà un dossier dans la vague {suivante.numero}"})
        return
    dossier.vague = suivante
    dossier.save(update_fields=["vague", "modifie_le"])
    synthese_recalculer(dossier_ids=[dossier.pk])  # the next wave's grid may weigh the criteria otherwise
    journaliser(acteur=par, action="comite.report", objet=dossier, donnees={"de": depuis.numero, "vers": suivante.numero})
