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

from commun.erreurs import ConflitEtat, ErreurMetier
from commun.journal import journaliser
from commun.montants import NombreIllisible, lire_decimal
from commun.politique import peut, verifier
from commun.temps import maintenant
from commun.transitions import transition

from ..models import (
    TRANSITIONS_EVALUATION,
    Affectation,
    ConflitInteret,
    Dossier,
    Evaluation,
    GrilleVague,
    NoteCritere,
    ProfilInstructeur,
    Vague,
)
from ..models.instruction import GRILLE_PAR_DEFAUT
from ..selectors.instruction import STATUTS_A_AFFECTER, STATUTS_INSTRUCTION, criteres_de, grille_de, grille_par_defaut
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
        grille, _ = GrilleVague.objects.select_for_update().get_or_create(vague=vague, defaults=grille_par_defaut(vague))
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
            acteur=par,
            action="instruction.perimetre.defini",
            objet=profil,
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
        conflit = ConflitInteret.objects.create(
            instructeur=instructeur, tiers_lieu=tiers_lieu, structure=structure, commune=commune, motif=motif
        )
        journaliser(acteur=instructeur, action="instruction.conflit.declare", objet=conflit, donnees={"cible": conflit.cible})
        concernees = [
            a
            for a in Affectation.objects.select_for_update(of=("self",))
            .filter(instructeur=instructeur)
            .select_related("dossier__tiers_lieu")
            if conflit.concerne(a.dossier.tiers_lieu)
        ]
        for affectation in concernees:
            soumise = Evaluation.objects.filter(
                dossier=affectation.dossier, instructeur=instructeur, statut=Evaluation.Statut.SOUMISE
            ).exists()
            if soumise:
                journaliser(
                    acteur=instructeur,
                    action="instruction.conflit.apres_evaluation",
                    objet=affectation.dossier,
                    donnees={"conflit": conflit.pk},
                )
                continue
            Evaluation.objects.filter(dossier=affectation.dossier, instructeur=instructeur).delete()
            journaliser(
                acteur=instructeur,
                action="instruction.affectation.retiree_pour_conflit",
                objet=affectation.dossier,
                donnees={"instructeur": instructeur.email},
            )
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
                f"{_nom(instructeur)} a déclaré un conflit d'intérêts avec ce dossier ({conflit.cible}) : il ne peut pas lui être affecté.",
                champ="instructeur",
            )


def affectation_creer(
    *,
    dossier: Dossier,
    instructeur,
    par,
    mode: str = Affectation.Mode.MANUEL,
    explication: str = "",
    _conflits_connus=None,
    _profil=None,
    _synthese=True,
) -> Affectation:
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
        journaliser(
            acteur=par,
            action="instruction.affectation.creee",
            objet=dossier,
            donnees={"instructeur": instructeur.email, "mode": mode, "explication": explication},
        )
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
        journaliser(
            acteur=par,
            action="instruction.affectation.supprimee",
            objet=affectation.dossier,
            donnees={"instructeur": affectation.instructeur.email},
        )
        affectation.delete()
        synthese_recalculer(dossier_ids=[affectation.dossier_id])


def affectation_reassigner(*, affectation: Affectation, vers, par) -> Affectation:
    """Move an assignment (with no submitted review) to another reviewer, in one transaction."""
    with transaction.atomic():
        dossier = affectation.dossier
        ancien = affectation.instructeur
        affectation_supprimer(affectation=affectation, par=par)
        nouvelle = affectation_creer(
            dossier=dossier, instructeur=vers, par=par, explication=f"Réaffectation par {_nom(par)} : remplace {_nom(ancien)}."
        )
        journaliser(
            acteur=par, action="instruction.affectation.reassignee", objet=dossier, donnees={"de": ancien.email, "vers": vers.email}
        )
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
                affectation_creer(
                    dossier=dossier,
                    instructeur=instructeur,
                    par=par,
                    explication=f"Affectation en masse par {_nom(par)}.",
                    _conflits_connus=conflits,
                    _profil=profil,
                    _synthese=False,
                )
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
    from ..regles.instruction import q_relecteurs

    bilan = BilanAutomatique()
    n = grille_de(vague).nb_instructeurs
    with transaction.atomic():
        Vague.objects.select_for_update().get(pk=vague.pk)  # one automatic run at a time per wave
        profils = {
            p.user_id: p
            for p in ProfilInstructeur.objects.filter(
                q_relecteurs("user__"),
            )
            .select_related("user")
            .prefetch_related("regions")
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
            .select_related("tiers_lieu__region")
            .order_by(F_DEPOT, "numero", "pk")
        )
        for dossier in dossiers:
            deja = existantes.get(dossier.pk, set())
            manquants = n - len(deja)
            if manquants <= 0:
                continue
            tl = dossier.tiers_lieu
            couverts = [uid for uid, p in profils.items() if uid not in deja and p.couvre(tl.region_id)]
            exclus = [profils[uid].user for uid in couverts if any(c.concerne(tl) for c in conflits[uid])]
            candidats = sorted(
                (uid for uid in couverts if profils[uid].user not in exclus), key=lambda uid: (charges[uid], profils[uid].user.email)
            )
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
                    dossier=dossier,
                    instructeur=user,
                    par=par,
                    mode=Affectation.Mode.AUTOMATIQUE,
                    explication=pourquoi,
                )
                journaliser(
                    acteur=par,
                    action="instruction.affectation.automatique",
                    objet=dossier,
                    donnees={"instructeur": user.email, "explication": pourquoi},
                )
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
    for c in criteres_de(grille.vague):
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
    from ..selectors.instruction import en_conflit

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
        transition(
            evaluation,
            vers=Evaluation.Statut.SOUMISE,
            table=TRANSITIONS_EVALUATION,
            par=instructeur,
            action=None,
            champs={"avis": evaluation.avis, "note_comite": evaluation.note_comite, "soumise_le": maintenant()},
        )
        synthese_recalculer(dossier_ids=[dossier.pk])
        journaliser(
            acteur=instructeur,
            action="instruction.evaluation.soumise",
            objet=evaluation,
            avant=Evaluation.Statut.BROUILLON,
            apres=Evaluation.Statut.SOUMISE,
            donnees={"avis": avis, "notes": {n.critere: n.note for n in evaluation.notes.all()}},
        )
    return evaluation
