"""The envelope check shared by every decision that commits money."""

from decimal import Decimal

from appels.regles_financieres import REGLES_FABRIQUES, ReglesFinancieres
from commun.erreurs import ErreurMetier
from commun.journal import journaliser
from commun.montants import euros_texte
from commun.politique import verifier
from financement import echeancier
from financement.chiffres import engage_fonctionnement, engage_numerique
from financement.models import Enveloppe


class EnveloppeDepassee(ErreurMetier):
    code = "enveloppe_depassee"


def verrouiller_enveloppes() -> tuple[Enveloppe, Enveloppe]:
    """Lock both envelope rows (« programme » first, always in this order) until commit."""
    return Enveloppe.objects.courante(verrouiller=True), Enveloppe.objects.numerique(verrouiller=True)


def verifier_enveloppe(
    *, montants: dict, regles: ReglesFinancieres = REGLES_FABRIQUES, subvention=None, par, derogation_motif: str | None
) -> tuple[bool, Decimal]:
    """Lock both envelopes and check that the schedule ``montants`` of ``subvention`` fits in them:
    its operating money in the operating envelope, its investment money (the bonus, and the yearly
    tranches of an investment call: ``regles.nature``) in the numérique (investment) one.

    Must run inside the caller's transaction: the locks on the envelope rows (« programme » first)
    are held until commit, so two concurrent decisions are checked one after the other. Return
    ``(derogation, depassement)`` (the sum of what exceeds each envelope); raise
    ``EnveloppeDepassee`` unless an administrateur gave a reason.
    """
    fonctionnement, numerique = verrouiller_enveloppes()
    en_fonctionnement, en_investissement = echeancier.par_nature(montants, regles=regles)
    controles = (
        ("l'enveloppe de fonctionnement du programme", fonctionnement, engage_fonctionnement(exclure=subvention), en_fonctionnement),
        ("l'enveloppe d'investissement des Fabriques numériques", numerique, engage_numerique(exclure=subvention), en_investissement),
    )
    depassements = []
    for libelle, enveloppe, engage_ailleurs, nouveau in controles:
        depassement = engage_ailleurs + nouveau - enveloppe.montant
        if nouveau > 0 and depassement > 0:
            reste = max(enveloppe.montant - engage_ailleurs, Decimal("0.00"))
            depassements.append((libelle, depassement, reste))
    if not depassements:
        return False, Decimal("0.00")
    motif = (derogation_motif or "").strip()
    if not motif:
        detail = " ; ".join(f"{libelle} de {euros_texte(d)} (reste disponible : {euros_texte(r)})" for libelle, d, r in depassements)
        raise EnveloppeDepassee(
            f"Cette décision dépasse {detail}. Un administrateur peut autoriser le dépassement en indiquant un motif.",
            champ="derogation_motif",
        )
    verifier(par, "enveloppe.deroger", message="Seul un administrateur peut autoriser un dépassement de l'enveloppe.")
    return True, sum((d for _l, d, _r in depassements), Decimal("0.00"))


def journaliser_derogation(*, subvention, par, motif: str, depassement: Decimal) -> None:
    journaliser(
        acteur=par,
        action="financement.enveloppe.derogation",
        objet=subvention,
        donnees={"motif": motif, "depassement": str(depassement)},
    )


def enveloppe_modifier(*, montant: Decimal, motif: str, par, code: str = Enveloppe.Code.PROGRAMME) -> "Enveloppe":
    """Set an envelope (``code``: operating « programme » or « numerique »; e.g. raised by the
    recovery plan); never below what is committed in it."""
    from django.db import transaction

    from commun.montants import arrondir

    verifier(par, "enveloppe.modifier", message="Seul un administrateur peut modifier l'enveloppe du programme.")
    motif = (motif or "").strip()
    if not motif:
        raise ErreurMetier("Indiquez le motif de la modification de l'enveloppe.", champ="motif")
    montant = arrondir(montant)
    with transaction.atomic():
        if code not in Enveloppe.Code.values:
            raise ErreurMetier("Choisissez l'enveloppe à modifier.", champ="code")
        enveloppe = Enveloppe.objects.courante(verrouiller=True, code=code)
        engage = engage_numerique() if code == Enveloppe.Code.NUMERIQUE else engage_fonctionnement()
        if montant < engage:
            raise ErreurMetier(
                f"L'enveloppe ne peut pas être inférieure au montant déjà engagé ({euros_texte(engage)}) : il manque {euros_texte(engage - montant)}.",
                champ="montant",
            )
        avant = enveloppe.montant
        enveloppe.montant = montant
        enveloppe.save(update_fields=["montant", "modifie_le"])
        journaliser(
            acteur=par,
            action="financement.enveloppe.modifiee",
            objet=enveloppe,
            avant=str(avant),
            apres=str(montant),
            donnees={"motif": motif, "enveloppe": code},
        )
    return enveloppe
