"""The label « Fabrique de territoire » / « Fabrique numérique de territoire »."""

import datetime as dt

from django.db import IntegrityError, transaction

from commun.erreurs import ConflitEtat, ErreurMetier
from commun.journal import journaliser

from ..models import Label, TiersLieu


def label_attribuer(*, tiers_lieu: TiersLieu, type: str, vague, date: dt.date, nouvelle_fabrique: bool | None = True, par) -> Label:
    """Label ``tiers_lieu`` by the laureate decision of ``vague`` taken on ``date``.

    Called by the publication of a wave's results. A Fabrique numérique must be in a QPV or in its
    immediate proximity. A tiers-lieu holds each label once: a second one raises ``ConflitEtat``.
    """
    if type not in Label.Type.values:
        raise ErreurMetier(f"Label inconnu : {type}.", champ="type")
    if date is None:
        raise ErreurMetier("Indiquez la date de la décision.", champ="date")
    with transaction.atomic():
        tiers_lieu = TiersLieu.objects.select_for_update().get(pk=tiers_lieu.pk)
        if type == Label.Type.NUMERIQUE and not tiers_lieu.en_qpv_ou_proximite:
            raise ErreurMetier(
                "Le label « Fabrique numérique de territoire » est réservé aux tiers-lieux situés dans un quartier "
                "prioritaire ou à sa proximité immédiate.",
                champ="type",
            )
        return _creer(
            tiers_lieu=tiers_lieu,
            type=type,
            vague=vague,
            date=date,
            nouvelle_fabrique=nouvelle_fabrique,
            historique=False,
            commentaire="",
            par=par,
        )


def label_historique_enregistrer(
    *, tiers_lieu: TiersLieu, type: str, date: dt.date | None = None, nouvelle_fabrique: bool | None = None, commentaire: str = "", par
) -> Label:
    """Record a label given before the portal existed (published list, archives).

    The date and the « nouvelle Fabrique » flag may be unknown (empty): nothing is invented.
    """
    if type not in Label.Type.values:
        raise ErreurMetier(f"Label inconnu : {type}.", champ="type")
    with transaction.atomic():
        tiers_lieu = TiersLieu.objects.select_for_update().get(pk=tiers_lieu.pk)
        return _creer(
            tiers_lieu=tiers_lieu,
            type=type,
            vague=None,
            date=date,
            nouvelle_fabrique=nouvelle_fabrique,
            historique=True,
            commentaire=commentaire,
            par=par,
        )


def _creer(*, tiers_lieu, type, vague, date, nouvelle_fabrique, historique, commentaire, par) -> Label:
    existant = Label.objects.filter(tiers_lieu=tiers_lieu, type=type).first()
    if existant is not None:
        depuis = f" depuis le {existant.date_obtention:%d/%m/%Y}" if existant.date_obtention else ""
        raise ConflitEtat(f"« {tiers_lieu} » est déjà {existant.get_type_display()}{depuis}.")
    try:
        with transaction.atomic():
            label = Label.objects.create(
                tiers_lieu=tiers_lieu,
                type=type,
                vague=vague,
                date_obtention=date,
                nouvelle_fabrique=nouvelle_fabrique,
                historique=historique,
                commentaire=commentaire,
            )
    except IntegrityError:
        raise ConflitEtat(f"« {tiers_lieu} » a déjà ce label.")
    journaliser(
        acteur=par,
        action="fabriques.label.historique_enregistre" if historique else "fabriques.label.attribue",
        objet=label,
        apres=type,
        donnees={"tiers_lieu": tiers_lieu.pk, "vague": getattr(vague, "pk", None), "date": date.isoformat() if date else None},
    )
    return label
