"""The implantation of the Fabriques imported from the published list, set by an administrateur.

The published list gives no implantation: until it is set, a historical Fabrique counts towards
no target of the programme. The administrateur sets it in bulk (for the categories without a
quartier) or for a few Fabriques of one quartier prioritaire at a time.
"""

from django.db import transaction

from commun.erreurs import ErreurMetier
from commun.journal import journaliser

from ..models import Implantation, Qpv, SourceTiersLieu, TiersLieu


def implantations_fixer(*, tiers_lieux_ids, implantation: str, qpv: str | Qpv | None = None, par) -> int:
    """Give ``implantation`` (and the quartier, for the two QPV categories) to the historical
    Fabriques ``tiers_lieux_ids``, all or none; return how many changed. Each change is journalled.

    Only fiches imported from the published list are changed here: a porteur's own fiche keeps the
    implantation its porteur gave (he edits it on his fiche).
    """
    ids = sorted({int(i) for i in tiers_lieux_ids or []})
    if not ids:
        raise ErreurMetier("Cochez au moins une Fabrique.", champ="tiers_lieux")
    if implantation not in Implantation.values:
        raise ErreurMetier("Choisissez une implantation de la liste.", champ="implantation")
    if isinstance(qpv, str):
        code = qpv.strip().upper()
        qpv = Qpv.objects.select_related("departement").filter(code=code).first() if code else None
        if code and qpv is None:
            raise ErreurMetier(f"Le quartier {code} est inconnu : vérifiez son code (par exemple QN07501M).", champ="qpv")
    en_qpv = implantation in Implantation.en_qpv_ou_proximite()
    if en_qpv and qpv is None:
        raise ErreurMetier(
            "Indiquez le quartier prioritaire (QPV) : il est le même pour toutes les Fabriques cochées. "
            "Pour des quartiers différents, cochez les Fabriques d'un même quartier à la fois.",
            champ="qpv",
        )
    if not en_qpv:
        qpv = None
    with transaction.atomic():
        lieux = list(TiersLieu.objects.select_for_update().select_related("departement").filter(pk__in=ids).order_by("pk"))
        if len(lieux) != len(ids):
            raise ErreurMetier("Une Fabrique cochée n'existe plus : rechargez la page.", champ="tiers_lieux")
        saisis = [t.nom for t in lieux if t.source != SourceTiersLieu.LISTE_PUBLIEE]
        if saisis:
            raise ErreurMetier(
                f"« {saisis[0]} » n'est pas une Fabrique importée de la liste publiée : son implantation se modifie sur sa fiche.",
                champ="tiers_lieux",
            )
        if implantation == Implantation.QPV and qpv.departement_id:
            ailleurs = [t for t in lieux if t.departement_id != qpv.departement_id]
            if ailleurs:
                raise ErreurMetier(
                    f"Le quartier {qpv.code} est dans le département {qpv.departement.code}, pas « {ailleurs[0].nom} » "
                    f"({ailleurs[0].departement.code}) : vérifiez le quartier ou choisissez « à proximité immédiate ».",
                    champ="qpv",
                )
        changes = 0
        for lieu in lieux:
            if (lieu.implantation, lieu.qpv_id) == (implantation, qpv.pk if qpv else None):
                continue
            avant = lieu.implantation
            lieu.implantation, lieu.qpv = implantation, qpv
            lieu.save(update_fields=["implantation", "qpv", "modifie_le"])
            journaliser(
                acteur=par,
                action="fabriques.tiers_lieu.implantation_fixee",
                objet=lieu,
                avant=avant or "non_renseignee",
                apres=implantation,
                donnees={"qpv": qpv.code if qpv else None, "lot": len(ids)},
            )
            changes += 1
    return changes
