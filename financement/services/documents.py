"""Generated documents (convention, notification letter) and the activity reports uploaded."""

import hashlib
import json

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from commun.documents import rendre_pdf
from commun.erreurs import ConflitEtat, ErreurMetier
from commun.fichiers import PDF, TAILLE_MAX_FICHIER, fichier_verifier
from commun.journal import journaliser
from commun.politique import verifier
from commun.temps import aujourdhui_paris
from financement.models import DocumentSubvention, RapportActivite, Subvention

TAILLE_MAX_RAPPORT = TAILLE_MAX_FICHIER
GABARITS = {
    DocumentSubvention.Type.CONVENTION: "financement/pdf/convention.html",
    DocumentSubvention.Type.NOTIFICATION: "financement/pdf/notification.html",
}


def _empreinte(subvention: Subvention) -> str:
    """Return a fingerprint of what the documents show: same fingerprint, same document."""
    tiers_lieu = subvention.dossier.tiers_lieu
    contenu = {
        "tranches": [(t.annee, t.nature, str(t.montant)) for t in subvention.tranches.order_by("nature", "annee")],
        "reference": subvention.reference_convention,
        "date_convention": str(subvention.date_convention or ""),
        "structure": tiers_lieu.structure_porteuse,
        "siret": tiers_lieu.siret,
        "tiers_lieu": tiers_lieu.nom,
    }
    return hashlib.sha256(json.dumps(contenu, sort_keys=True).encode()).hexdigest()


def contexte_document(subvention: Subvention) -> dict:
    from financement.selectors import rapprochement

    tranches = list(subvention.tranches.order_by("nature", "annee"))
    return {
        "subvention": subvention,
        "dossier": subvention.dossier,
        "tiers_lieu": subvention.dossier.tiers_lieu,
        "tranches": tranches,
        "totaux": rapprochement(subvention),
        "attributeur": settings.ORGANISME_ATTRIBUTEUR,
        "attributeur_siret": settings.ORGANISME_ATTRIBUTEUR_SIRET,
        "date_edition": aujourdhui_paris(),
        # The portal's choices (settings), not rules of the AMI: the convention says so.
        "rapport_conditionne": settings.PROGRAMME_RAPPORT_CONDITIONNE_VERSEMENT,
        "annee_bonus": next((t.annee for t in tranches if t.bonus), None),
        "engagements": list(settings.PROGRAMME_ENGAGEMENTS_CONVENTION),
    }


def documents_generer(*, subvention_id: int) -> list[DocumentSubvention]:
    """Render the convention and the notification letter if the schedule changed since the last version.

    Safe to run twice: an identical schedule produces no new version. Every version is kept.
    """
    crees = []
    with transaction.atomic():
        subvention = (
            Subvention.objects.select_for_update(of=("self",)).select_related("dossier__tiers_lieu", "dossier__vague").get(pk=subvention_id)
        )
        empreinte = _empreinte(subvention)
        for type_, gabarit in GABARITS.items():
            derniere = subvention.documents.filter(type=type_).order_by("-version").first()
            if derniere and derniere.empreinte_echeancier == empreinte:
                continue
            version = (derniere.version + 1) if derniere else 1
            contenu = rendre_pdf(gabarit, {**contexte_document(subvention), "version": version})
            document = DocumentSubvention(
                subvention=subvention,
                type=type_,
                version=version,
                sha256=hashlib.sha256(contenu).hexdigest(),
                empreinte_echeancier=empreinte,
            )
            document.fichier.save(f"{type_}.pdf", ContentFile(contenu), save=False)
            document.save()
            journaliser(
                acteur=None,
                action="subvention.document_genere",
                objet=subvention,
                donnees={"type": type_, "version": version, "sha256": document.sha256},
            )
            crees.append(document)
    return crees


def notification_envoyer(*, subvention_id: int) -> int:
    """E-mail the notification letter to the tiers-lieu's managers (once per manager and version of
    the letter, through the outbox); return how many e-mails were planned. Safe to run twice."""
    from commun.courriels import courriel_planifier

    documents_generer(subvention_id=subvention_id)
    subvention = Subvention.objects.select_related("dossier__tiers_lieu").get(pk=subvention_id)
    lettre = subvention.documents.filter(type=DocumentSubvention.Type.NOTIFICATION).order_by("-version").first()
    envoyes = 0
    for gestionnaire in subvention.dossier.tiers_lieu.gestionnaires.all():
        courriel_planifier(
            cle=f"notification-subvention:{subvention.pk}:v{lettre.version}:{gestionnaire.pk}",
            destinataire=gestionnaire.email,
            gabarit="subvention_notifiee",
            contexte={"subvention": subvention, "tiers_lieu": subvention.dossier.tiers_lieu, "montant_total": subvention.montant_total},
            pieces_jointes=[
                {"chemin": lettre.fichier.name, "nom": f"notification-{subvention.reference_convention}.pdf", "type": "application/pdf"}
            ],
        )
        envoyes += 1
    return envoyes


def rapport_deposer(*, subvention: Subvention, annee: int, fichier, par) -> RapportActivite:
    """Store the annual activity report uploaded by a manager of the Fabrique (PDF, 10 Mo at most),
    checked like every upload of the portal (type from the content, clean name, see commun.fichiers)."""
    verifier(
        par,
        "subvention.deposer_rapport",
        subvention,
        message="Seuls les gestionnaires du tiers-lieu peuvent déposer son rapport d'activité.",
    )
    if annee not in (1, 2, 3):
        raise ErreurMetier("L'année du rapport va de 1 à 3.", champ="annee")
    verifie = fichier_verifier(
        fichier, formats=[PDF], taille_max=TAILLE_MAX_RAPPORT, nature="le rapport d'activité", defaut=f"rapport-activite-annee-{annee}"
    )
    with transaction.atomic():
        subvention = Subvention.objects.select_for_update().get(pk=subvention.pk)
        if subvention.statut != Subvention.Statut.CONVENTIONNEE:
            raise ConflitEtat("Le rapport d'activité se dépose une fois la convention signée et tant que la subvention n'est pas soldée.")
        rapport = RapportActivite(subvention=subvention, annee=annee, nom_original=verifie.nom, sha256=verifie.sha256, depose_par=par)
        fichier.seek(0)
        rapport.fichier.save(verifie.nom, fichier, save=False)
        rapport.save()
        journaliser(acteur=par, action="subvention.rapport_depose", objet=subvention, donnees={"annee": annee, "sha256": rapport.sha256})
    return rapport
