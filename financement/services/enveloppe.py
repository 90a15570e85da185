"""The envelope check shared by every decision that commits money."""
from decimal import Decimal

from commun.erreurs import AccesRefuse, ErreurMetier
from commun.journal import journaliser
from financement.models import Enveloppe
from financement.plafonds import euros_texte
from financement.selectors import montant_engage


class EnveloppeDepassee(ErreurMetier):
    code = "enveloppe_depassee"


def verifier_enveloppe(*, nouveau_montant: Decimal, subvention=None, par, derogation_motif: str | None) -> tuple[bool, Decimal]:
    """Lock the envelope and check that committing ``nouveau_montant`` for ``subvention`` fits.

    Must run inside the caller's transaction: the lock on the single envelope row is held until
    commit, so two concurrent decisions are checked one after the other. Return
    ``(derogation, depassement)``; raise ``EnveloppeDepassee`` unless an administrateur gave a reason.
    """
    enveloppe = Enveloppe.objects.courante(verrouiller=True)
    engage_ailleurs = montant_engage(exclure=subvention)
    depassement = engage_ailleurs + nouveau_montant - enveloppe.montant
    if depassement <= 0:
        return False, Decimal("0.00")
    motif = (derogation_motif or "").strip()
    if not motif:
        reste = max(enveloppe.montant - engage_ailleurs, Decimal("0.00"))
        raise EnveloppeDepassee(
            f"Cette décision dépasse l'enveloppe du programme de {euros_texte(depassement)} "
            f"(reste disponible : {euros_texte(reste)}). Un administrateur peut autoriser le dépassement en indiquant un motif.",
            champ="derogation_motif",
        )
    if not (par and par.est_administrateur):
        raise AccesRefuse("Seul un administrateur peut autoriser un dépassement de l'enveloppe.")
    return True, depassement


def journaliser_derogation(*, subvention, par, motif: str, depassement: Decimal) -> None:
    journaliser(
        acteur=par, action="financement.enveloppe.derogation", objet=subvention,
        donnees={"motif": motif, "depassement": str(depassement)},
    )


def enveloppe_modifier(*, montant: Decimal, motif: str, par) -> "Enveloppe":
    """Set the programme envelope (e.g. raised by the recovery plan); never below what is committed."""
    from django.db import transaction

    from financement.plafonds import arrondir

    if not (par and par.is_authenticated and par.est_administrateur):
        raise AccesRefuse("Seul un administrateur peut modifier l'enveloppe du programme.")
    motif = (motif or "").strip()
    if not motif:
        raise ErreurMetier("Indiquez le motif de la modification de l'enveloppe.", champ="motif")
    montant = arrondir(montant)
    with transaction.atomic():
        enveloppe = Enveloppe.objects.courante(verrouiller=True)
        engage = montant_engage()
        if montant < engage:
            raise ErreurMetier(
                f"L'enveloppe ne peut pas être inférieure au montant déjà engagé ({euros_texte(engage)}) : il manque {euros_texte(engage - montant)}.",
                champ="montant",
            )
        avant = enveloppe.montant
        enveloppe.montant = montant
        enveloppe.save(update_fields=["montant", "modifie_le"])
        journaliser(acteur=par, action="financement.enveloppe.modifiee", objet=enveloppe, avant=str(avant), apres=str(montant), donnees={"motif": motif})
    return enveloppe
