"""Pure functions on a grant schedule: propose one from a dossier's asks, check one against the rules.

A schedule is a dict ``{"annee_1": Decimal, "annee_2": Decimal, "annee_3": Decimal, "bonus": Decimal}``;
a year at 0 (or missing) has no tranche. The bonus numérique is an investment amount « pouvant se
monter à » 100 000 € (000): 0 for none; ``True`` (older callers, the API's boolean) means the most. The rules come from ``appels.regles_financieres``.
"""

from dataclasses import dataclass, field
from decimal import ROUND_UP, Decimal, InvalidOperation

from appels.regles_financieres import NOMBRE_ANNEES, REGLES_FABRIQUES, ReglesFinancieres
from commun.erreurs import ErreurMetier
from commun.montants import CENTIME, euros_texte

ANNEES = tuple(range(1, NOMBRE_ANNEES + 1))
ZERO = Decimal("0.00")


class EcheancierInvalide(ErreurMetier):
    """The schedule breaks one or more rules; ``erreurs`` lists ``(champ, message)`` pairs."""

    code = "echeancier_invalide"

    def __init__(self, erreurs: list[tuple[str | None, str]]):
        self.erreurs = erreurs
        super().__init__(" ".join(message for _champ, message in erreurs), champ=erreurs[0][0])


@dataclass
class Proposition:
    montants: dict
    remarques: list[str] = field(default_factory=list)


def annee_bonus() -> int:
    """The year whose tranche carries the bonus numérique: a choice of the portal (setting
    ``PROGRAMME_ANNEE_BONUS_NUMERIQUE``), since no document of the AMI says when it is paid."""
    from django.conf import settings

    annee = settings.PROGRAMME_ANNEE_BONUS_NUMERIQUE
    if annee not in ANNEES:
        raise ValueError(f"PROGRAMME_ANNEE_BONUS_NUMERIQUE vaut {annee} : une année de 1 à {NOMBRE_ANNEES} est attendue.")
    return annee


def cle(annee: int) -> str:
    return f"annee_{annee}"


def total_fonctionnement(montants: dict) -> Decimal:
    return sum((Decimal(montants.get(cle(a)) or 0) for a in ANNEES), ZERO)


def lire_bonus(valeur, *, regles: ReglesFinancieres = REGLES_FABRIQUES) -> Decimal:
    """Return the bonus amount of ``valeur`` (an amount, ``True`` for the call's most, ``False``/empty for none).

    Raise ``InvalidOperation`` when it is not a number."""
    plus_haut = regles.bonus_maximum or ZERO
    if valeur is True:
        return plus_haut
    if valeur in (None, False, "", "false", "False"):
        return ZERO
    if valeur in ("true", "True", "on"):
        return plus_haut
    montant = Decimal(str(valeur).replace(" ", "").replace("\u00a0", "").replace(",", "."))
    if not montant.is_finite():
        raise InvalidOperation(valeur)
    return montant


def montant_bonus(montants: dict) -> Decimal:
    """Return the investment amount of the schedule (the bonus numérique), zero without one."""
    try:
        return lire_bonus(montants.get("bonus"))
    except (InvalidOperation, TypeError, ValueError):
        return ZERO


def par_nature(montants: dict, *, regles: ReglesFinancieres = REGLES_FABRIQUES) -> tuple[Decimal, Decimal]:
    """Return ``(fonctionnement, investissement)`` of the schedule: the yearly amounts finance what
    the grant's call says (``regles.nature``: operating for the Fabriques, investment for the 2019
    numérique call); the bonus is always investment."""
    annuel, bonus = total_fonctionnement(montants), montant_bonus(montants)
    if regles.nature == "investissement":
        return ZERO, annuel + bonus
    return annuel, bonus


def montant_total(montants: dict) -> Decimal:
    return total_fonctionnement(montants) + montant_bonus(montants)


BONUS_DEJA_RECU = "Le bonus Fabrique numérique est accordé une seule fois par tiers-lieu : ce tiers-lieu l'a déjà reçu."


BONUS_NON_DEMANDE = (
    "Le bonus Fabrique numérique n'a pas été demandé dans le dossier : pour reconnaître ce tiers-lieu comme Fabrique "
    "numérique, indiquez le motif de la reconnaissance."
)


def verifier(
    montants: dict,
    *,
    bonus_demande: bool,
    en_qpv_ou_proximite: bool,
    bonus_deja_recu: bool = False,
    reconnaissance: bool = False,
    regles: ReglesFinancieres = REGLES_FABRIQUES,
) -> dict:
    """Return the normalised schedule, or raise ``EcheancierInvalide`` naming each broken rule and by how much.

    ``regles`` are the dossier's call's (``Dossier.regles``). For the Fabriques, the bonus goes up
    to 100 000 €, to a tiers-lieu in or next to a QPV, once; one not asked in the dossier needs
    ``reconnaissance`` (the administrateur recognises a remarkable Fabrique, 003)."""
    erreurs: list[tuple[str | None, str]] = []
    propres: dict = {}
    plafond = regles.plafond_annuel
    for annee in ANNEES:
        brut = montants.get(cle(annee))
        try:
            montant = Decimal(brut if brut not in (None, "") else 0)
        except (InvalidOperation, TypeError, ValueError):
            erreurs.append((cle(annee), f"Le montant de l'année {annee} n'est pas un nombre."))
            continue
        if not montant.is_finite():
            erreurs.append((cle(annee), f"Le montant de l'année {annee} n'est pas un nombre."))
            continue
        if montant != montant.quantize(CENTIME):
            erreurs.append((cle(annee), f"Le montant de l'année {annee} doit être arrondi au centime."))
            continue
        montant = montant.quantize(CENTIME)
        if montant < 0:
            erreurs.append((cle(annee), f"Le montant de l'année {annee} ne peut pas être négatif ({euros_texte(montant)})."))
        elif annee > regles.annees and montant:
            erreurs.append((cle(annee), f"L'appel de ce dossier finance {regles.duree} : pas de montant en année {annee}."))
        elif montant > plafond:
            depassement = montant - plafond
            erreurs.append(
                (cle(annee), f"L'année {annee} dépasse le plafond annuel de {euros_texte(plafond)} de {euros_texte(depassement)}.")
            )
        propres[cle(annee)] = montant
    if not erreurs:
        erreur_total = _erreur_total(total_fonctionnement(propres), regles)
        if erreur_total:
            erreurs.append((None, erreur_total))
    try:
        bonus = lire_bonus(montants.get("bonus"), regles=regles)
    except (InvalidOperation, TypeError, ValueError):
        erreurs.append(("bonus", "Le montant du bonus numérique n'est pas un nombre."))
        bonus = ZERO
    if bonus != bonus.quantize(CENTIME):
        erreurs.append(("bonus", "Le montant du bonus numérique doit être arrondi au centime."))
    elif bonus < 0:
        erreurs.append(("bonus", f"Le bonus numérique ne peut pas être négatif ({euros_texte(bonus)})."))
    elif bonus and not regles.a_un_bonus:
        erreurs.append(("bonus", "L'appel de ce dossier ne prévoit pas de bonus."))
    elif bonus > (regles.bonus_maximum or ZERO):
        erreurs.append(
            (
                "bonus",
                f"Le bonus numérique va jusqu'à {euros_texte(regles.bonus_maximum)} : {euros_texte(bonus - regles.bonus_maximum)} de trop.",
            )
        )
    bonus = max(bonus, ZERO).quantize(CENTIME)
    if bonus and not regles.a_un_bonus:
        pass  # refused above: the call has no bonus
    elif bonus and not bonus_demande and not reconnaissance:
        erreurs.append(("bonus", BONUS_NON_DEMANDE))
    elif bonus and regles.bonus_qpv and not en_qpv_ou_proximite:
        erreurs.append(
            (
                "bonus",
                "Le bonus Fabrique numérique est réservé aux tiers-lieux situés dans un quartier prioritaire (QPV) ou à sa proximité immédiate.",
            )
        )
    elif bonus and bonus_deja_recu:
        erreurs.append(("bonus", BONUS_DEJA_RECU))
    if erreurs:
        raise EcheancierInvalide(erreurs)
    propres["bonus"] = bonus
    return propres


def _erreur_total(total: Decimal, regles: ReglesFinancieres = REGLES_FABRIQUES) -> str | None:
    minimum, maximum = regles.total_minimum, regles.total_maximum
    if total < minimum:
        return f"Le total de {regles.nature} ({euros_texte(total)}) est inférieur au minimum de {euros_texte(minimum)} de {euros_texte(minimum - total)}."
    if total > maximum:
        return f"Le total de {regles.nature} ({euros_texte(total)}) dépasse le maximum de {euros_texte(maximum)} de {euros_texte(total - maximum)}."
    return None


def verifier_total(total: Decimal, *, regles: ReglesFinancieres = REGLES_FABRIQUES) -> None:
    """Raise ``EcheancierInvalide`` if an operating total is outside the call's range (75 000–150 000 € for the Fabriques)."""
    erreur = _erreur_total(total, regles)
    if erreur:
        raise EcheancierInvalide([(None, erreur)])


def proposer(
    demandes: dict,
    *,
    bonus_demande: bool,
    en_qpv_ou_proximite: bool,
    bonus_deja_recu: bool = False,
    regles: ReglesFinancieres = REGLES_FABRIQUES,
) -> Proposition:
    """Return the schedule proposed from the amounts asked, brought within the rules.

    Each year is capped at the annual ceiling; a total below the minimum is raised to it by
    spreading the shortfall over the years that still have room (the committee retained the project,
    so it receives at least the minimum grant). The remarks explain every change to the asks.
    """
    remarques: list[str] = []
    montants: dict = {}
    plafond, minimum = regles.plafond_annuel, regles.total_minimum
    annees = [a for a in ANNEES if a <= regles.annees]
    for annee in ANNEES:
        demande = Decimal(demandes.get(cle(annee)) or 0).quantize(CENTIME) if annee in annees else ZERO
        montant = max(ZERO, demande)
        if montant > plafond:
            remarques.append(f"Année {annee} : {euros_texte(demande)} demandés, ramenés au plafond annuel de {euros_texte(plafond)}.")
            montant = plafond
        montants[cle(annee)] = montant
    manque = minimum - total_fonctionnement(montants)
    if manque > 0:
        remarques.append(f"Total porté au minimum de {euros_texte(minimum)} ({euros_texte(total_fonctionnement(montants))} demandés).")
        while manque > 0:
            ouvertes = [a for a in annees if montants[cle(a)] < plafond]
            part = (manque / len(ouvertes)).quantize(CENTIME, rounding=ROUND_UP)
            for annee in ouvertes:
                ajout = min(part, plafond - montants[cle(annee)], manque)
                montants[cle(annee)] += ajout
                manque -= ajout
    eligible = en_qpv_ou_proximite or not regles.bonus_qpv
    bonus = (regles.bonus_maximum or ZERO) if bonus_demande and regles.a_un_bonus and eligible and not bonus_deja_recu else ZERO
    if bonus_demande and not regles.a_un_bonus:
        remarques.append("Bonus demandé mais non proposé : l'appel de ce dossier n'en prévoit pas.")
    elif bonus_demande and not eligible:
        remarques.append(
            "Bonus Fabrique numérique demandé mais non proposé : le tiers-lieu n'est ni dans un QPV ni à sa proximité immédiate."
        )
    elif bonus_demande and bonus_deja_recu:
        remarques.append(f"Bonus Fabrique numérique demandé mais non proposé. {BONUS_DEJA_RECU}")
    montants["bonus"] = bonus
    return Proposition(montants=montants, remarques=remarques)


def en_texte(montants: dict) -> dict:
    """Return the schedule with amounts as strings (for JSON: no float ever)."""
    resultat = {cle(a): str(Decimal(montants.get(cle(a)) or 0).quantize(CENTIME)) for a in ANNEES}
    bonus = montant_bonus(montants)
    resultat["bonus"] = str(bonus.quantize(CENTIME)) if bonus > 0 else False
    return resultat
