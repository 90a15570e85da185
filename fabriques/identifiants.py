"""SIRET checking (python-stdnum), with messages that say what to fix."""

from stdnum import exceptions
from stdnum.fr import siret as stdnum_siret

from commun.erreurs import ErreurMetier


def siret_normaliser(valeur: str) -> str:
    """Return the 14 digits of a valid SIRET (spaces and dots removed).

    Raise ``ErreurMetier`` on the field ``siret`` when it has letters, the wrong length or a wrong
    check digit (Luhn; La Poste's establishments have their own rule, handled by python-stdnum).
    """
    brut = (valeur or "").strip()
    chiffres = stdnum_siret.compact(brut)
    if not chiffres:
        raise ErreurMetier("Indiquez le SIRET de la structure porteuse (14 chiffres).", champ="siret")
    if not chiffres.isdigit():
        raise ErreurMetier("Le SIRET ne contient que des chiffres : retirez les lettres et autres signes.", champ="siret")
    if len(chiffres) != 14:
        raise ErreurMetier(f"Le SIRET comporte 14 chiffres : vous en avez saisi {len(chiffres)}.", champ="siret")
    try:
        return stdnum_siret.validate(chiffres)
    except exceptions.InvalidChecksum:
        raise ErreurMetier(
            "Ce SIRET n'est pas valide : sa clé de contrôle ne correspond pas. Vérifiez chaque chiffre "
            "(le SIRET figure sur l'avis de situation au répertoire SIRENE).",
            champ="siret",
        )
    except exceptions.ValidationError:
        raise ErreurMetier("Ce SIRET n'est pas valide : vérifiez les 14 chiffres.", champ="siret")


def siret_fictif(prefixe: str, rang: int) -> str:
    """Return a fictitious SIRET, valid by checksum, for demo and load-test data only.

    ``prefixe`` (one digit) keeps the data sets that use it apart; ``rang`` numbers the structures.
    """
    from stdnum import luhn

    # Both keys: the SIREN (9 digits) and the whole SIRET are each checked by Luhn — a SIRET with
    # only the second one right is refused by siret_normaliser, so its managers could save nothing.
    siren = f"{prefixe}{rang % 10**7:07d}"
    siren += luhn.calc_check_digit(siren)
    debut = siren + "0001"  # the NIC of the head office
    return debut + luhn.calc_check_digit(debut)
