"""Reads of the audit trail for administrateurs: entries about a dossier, by or about a person."""

from django.db.models import Q

from candidatures.models import Evaluation
from commun.models import EntreeJournal
from commun.temps import debut_de_journee_paris, fin_de_journee_paris


def journal_filtre(*, dossier=None, utilisateur=None, action: str = "", du=None, au=None):
    """Return the journal entries matching the filters, newest first.

    ``dossier``: entries about the dossier, its reviews and its decisions (kept after a purge, by
    the dossier's identifier). ``utilisateur``: entries the person did or that concern their account.
    """
    qs = EntreeJournal.objects.select_related("acteur")
    if dossier is not None:
        evaluations = [str(pk) for pk in Evaluation.objects.filter(dossier_id=dossier).values_list("pk", flat=True)]
        qs = qs.filter(
            Q(objet_type="candidatures.dossier", objet_id=str(dossier)) | Q(objet_type="candidatures.evaluation", objet_id__in=evaluations)
        )
    if utilisateur is not None:
        qs = qs.filter(Q(acteur=utilisateur) | Q(objet_type="comptes.user", objet_id=str(utilisateur.pk)))
    if action:
        qs = qs.filter(action__startswith=action)
    if du:
        qs = qs.filter(horodatage__gte=debut_de_journee_paris(du))
    if au:
        qs = qs.filter(horodatage__lte=fin_de_journee_paris(au))
    return qs.order_by("-horodatage", "-id")
