"""Shared by the applicant's services (dossiers, pieces): who manages the tiers-lieu, and the dossier locked
while it may be edited. Private to the services package: the pages and the API go through the services."""

from django.utils import formats

from commun.erreurs import ConflitEtat
from commun.politique import verifier
from commun.temps import en_paris

from ..models import Dossier


def _moment_lisible(moment) -> str:
    return formats.date_format(en_paris(moment), "l j F Y à H \\h i")


def _verifier_gestionnaire(tiers_lieu, par) -> None:
    verifier(par, "tiers_lieu.gerer", tiers_lieu, message="Vous ne gérez pas ce tiers-lieu.")


def _brouillon_verrouille(dossier: Dossier) -> Dossier:
    dossier = Dossier.objects.select_for_update(of=("self",)).select_related("tiers_lieu", "vague").get(pk=dossier.pk)
    if dossier.statut != Dossier.Statut.BROUILLON:
        if dossier.a_ete_depose:
            raise ConflitEtat(
                f"Le dossier {dossier.numero} a été déposé le {_moment_lisible(dossier.depose_le)} : il n'est plus modifiable."
            )
        raise ConflitEtat(f"Ce dossier est « {dossier.get_statut_display()} » : il n'est plus modifiable.")
    return dossier


def _modifiable_verrouille(dossier: Dossier, section: str) -> Dossier:
    """Lock and return the dossier if ``section`` may be edited now: any section of a draft, or a
    section named by the open request for complements. Raise ``ConflitEtat`` otherwise."""
    from ..selectors.instruction import demande_complement_ouverte

    verrouille = Dossier.objects.select_for_update(of=("self",)).select_related("tiers_lieu", "vague").get(pk=dossier.pk)
    if verrouille.statut == Dossier.Statut.COMPLEMENT_DEMANDE:
        demande = demande_complement_ouverte(verrouille)
        if demande is not None and section in demande.sections:
            return verrouille
        titres = ", ".join(f"« {t} »" for t in demande.titres_sections) if demande else ""
        raise ConflitEtat(
            f"Seules les sections demandées en complément sont modifiables ({titres})."
            if titres
            else "Aucune demande de complément n'est en attente : le dossier n'est pas modifiable."
        )
    return _brouillon_verrouille(verrouille)
