"""The programme's envelopes and targets, read from the calls loaded (the current version of each).

How several calls combine (also written in the shipped files and the README):

- **Envelopes** (``[enveloppes]``: ``fonctionnement``, ``investissement``) belong to the programme and
  are shared by every call that charges money to them: the investment envelope pays both the
  Fabriques call's bonus numérique and the grants of the 2019 numérique call. Every call that states
  an envelope states the same amount; the loader refuses a file that gives another amount than a
  call already loaded (``conflits_d_enveloppes``).
- **Targets** (``[objectifs]``: ``fabriques``, ``qpv``, ``hors_grands_centres``, ``numeriques``) of a
  call are its part of the programme's (the 2019 call's 30 places in or next to a QPV are among the
  programme's 150): the programme's target is the largest any call states.
- A figure no loaded call states is the setting (``PROGRAMME_ENVELOPPE``, ``PROGRAMME_ENVELOPPE_NUMERIQUE``,
  ``PROGRAMME_OBJECTIF_*``): a database without any call keeps the historical figures.

An envelope's amount is the files' until the first decision commits money: then its row
(``financement.Enveloppe``) is created with that amount and only an administrateur changes it, with
a motif (recovery plan…).
"""

from decimal import Decimal

from django.conf import settings

from .format import ENVELOPPES, OBJECTIFS, Definition

LIBELLES_ENVELOPPES = {"fonctionnement": "l'enveloppe de fonctionnement", "investissement": "l'enveloppe d'investissement"}


def _reglage_enveloppe(code: str) -> Decimal:
    return Decimal(settings.PROGRAMME_ENVELOPPE_NUMERIQUE if code == "investissement" else settings.PROGRAMME_ENVELOPPE)


def _reglage_objectif(code: str) -> int:
    return getattr(settings, f"PROGRAMME_OBJECTIF_{code.upper()}")


def definitions_chargees(*, sauf: str = "") -> list[tuple[str, Definition]]:
    """``(nom, definition)`` of the current version of every call loaded (but ``sauf``, a slug)."""
    from .models import Appel

    appels = Appel.objects.exclude(slug=sauf).prefetch_related("versions").order_by("id")
    return [(a.nom, v.definition) for a in appels if (v := a.version_courante) is not None]


def enveloppes_du_programme() -> dict[str, Decimal]:
    """The programme's envelopes, ``{"fonctionnement": …, "investissement": …}`` in euros."""
    dits: dict[str, Decimal] = {}
    for _nom, definition in definitions_chargees():
        for code, montant in definition.enveloppes.items():
            dits.setdefault(code, Decimal(montant))  # the loader keeps them equal: the first call stating one gives it
    return {code: dits.get(code, _reglage_enveloppe(code)) for code in ENVELOPPES}


def objectifs_du_programme() -> dict[str, int]:
    """The programme's targets: for each, the largest any loaded call states (the setting when none does)."""
    dits: dict[str, int] = {}
    for _nom, definition in definitions_chargees():
        for code, valeur in definition.objectifs.items():
            dits[code] = max(dits.get(code, 0), valeur)
    return {code: dits.get(code, _reglage_objectif(code)) for code in OBJECTIFS}


def conflits_d_enveloppes(definition: Definition) -> list[tuple[str, str]]:
    """``(champ, message)`` for each envelope ``definition`` states with another amount than a call
    already loaded (its own earlier versions aside)."""
    from commun.montants import euros_texte

    conflits = []
    for nom, autre in definitions_chargees(sauf=definition.slug):
        for code, montant in definition.enveloppes.items():
            if code in autre.enveloppes and Decimal(autre.enveloppes[code]) != Decimal(montant):
                conflits.append(
                    (
                        f"enveloppes.{code}",
                        (
                            f"{euros_texte(Decimal(montant))} ici, mais l'appel « {nom} » donne {euros_texte(Decimal(autre.enveloppes[code]))} "
                            f"à {LIBELLES_ENVELOPPES[code]}, partagée par les appels du programme : donnez le même montant, "
                            "ou retirez cette ligne du fichier."
                        ),
                    )
                )
    return conflits
