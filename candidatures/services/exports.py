"""Large exports of the reviewers' list, generated in the background (small ones are streamed)."""

import datetime as dt

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import QueryDict

from commun.journal import journaliser
from commun.taches import lancer, lancer_apres_validation
from commun.temps import maintenant

from ..exports import instruction as exports
from ..models import ExportInstruction

# Above this many rows the export is prepared by a worker and offered as a link when ready.
SEUIL_EXPORT_IMMEDIAT = 2000


def export_demander(*, demandeur, format: str, parametres: str) -> ExportInstruction:
    """Record the request and queue its generation after commit."""
    from ..tasks.instruction import generer_export

    with transaction.atomic():
        export = ExportInstruction.objects.create(demandeur=demandeur, format=format, parametres=parametres)
        journaliser(acteur=demandeur, action="instruction.export.demande", objet=export, donnees={"filtres": parametres})
        # The row stays « en cours » if the broker is down: relancer_exports_en_attente queues it again.
        lancer_apres_validation(generer_export, export.pk)
    return export


def export_generer(*, export_id: int) -> ExportInstruction:
    """Build the file of an export (idempotent: a finished export is left as it is)."""
    from ..filtres.instruction import DossiersInstructionFiltre
    from ..selectors.instruction import liste_instruction

    export = ExportInstruction.objects.select_related("demandeur").get(pk=export_id)
    if export.statut != ExportInstruction.Statut.EN_COURS:
        return export
    user = export.demandeur
    filtre = DossiersInstructionFiltre(QueryDict(export.parametres), queryset=liste_instruction(user), user=user)
    if not filtre.is_valid():
        export.statut, export.erreur, export.termine_le = ExportInstruction.Statut.ECHEC, "Filtres invalides.", maintenant()
        export.save(update_fields=["statut", "erreur", "termine_le"])
        return export
    qs = filtre.qs
    total = qs.count()

    def suivi(lignes_faites: int) -> None:
        # Outside any transaction: the requester's page sees it at once (« Mes exports »).
        progression = min(99, lignes_faites * 100 // max(total, 1))
        ExportInstruction.objects.filter(pk=export_id, statut=ExportInstruction.Statut.EN_COURS).update(progression=progression)

    try:
        if export.format == ExportInstruction.Format.CSV:
            morceaux = []
            for n, morceau in enumerate(exports.csv_flux(user, qs)):  # n = rows written (the header is morceau 0)
                morceaux.append(morceau)
                if n and n % exports.LOT == 0:
                    suivi(n)
            contenu = "".join(morceaux).encode("utf-8")
        else:
            contenu = exports.xlsx_octets(user, qs, suivi=suivi)
    except Exception as erreur:  # recorded for the requester, then re-raised for the logs and retries
        ExportInstruction.objects.filter(pk=export_id).update(
            statut=ExportInstruction.Statut.ECHEC, erreur=str(erreur)[:500], termine_le=maintenant()
        )
        raise
    with transaction.atomic():
        export = ExportInstruction.objects.select_for_update().get(pk=export_id)
        if export.statut != ExportInstruction.Statut.EN_COURS:
            return export
        export.fichier.save(f"dossiers-instruction-{export.pk}.{export.format}", ContentFile(contenu), save=False)
        export.nb_lignes, export.progression = total, 100
        export.statut, export.termine_le = ExportInstruction.Statut.PRET, maintenant()
        export.save(update_fields=["fichier", "nb_lignes", "progression", "statut", "termine_le"])
    return export


def exports_relancer_en_attente(*, moment=None) -> int:
    """Queue again every export still waiting for a worker (« en cours », nothing written yet)
    ``EXPORT_RELANCE_APRES_MINUTES`` after its request — the broker was down when it was asked.
    Generating is idempotent. Returns how many were queued."""
    from ..tasks.instruction import generer_export  # the tasks module imports the services

    moment = moment or maintenant()
    limite = moment - dt.timedelta(minutes=settings.EXPORT_RELANCE_APRES_MINUTES)
    en_attente = ExportInstruction.objects.filter(statut=ExportInstruction.Statut.EN_COURS, progression=0, cree_le__lte=limite)
    return sum(lancer(generer_export, pk) for pk in en_attente.values_list("pk", flat=True))
