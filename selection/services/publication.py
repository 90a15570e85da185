"""Publishing a wave's results: labels, the laureate list PDF, the public status, decision e-mails.

``vague_publier`` records a ``Publication`` and queues the job; ``publication_executer`` (the
Celery task's body) does the work in steps that can each run again: a label already given is not
given twice, the wave's PDF is stored once per publication (a rerun finds it), the e-mails have one
outbox key per decision and manager, and the publication is « terminée » only once the cumulative
list is rebuilt too. A task redelivered after its worker died (late ack) therefore finishes exactly
the steps that were left. The administrateur follows ``progression`` and sees ``erreur``.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import formats

from appels.services import appel_fabriques_id
from candidatures.documents import legende_nouvelle, rendre_liste_laureats
from candidatures.models import TRANSITIONS_VAGUE, Decision, Dossier, Publication, Vague
from candidatures.selectors.instruction import grille_de
from commun.cache import PUBLIC, invalider
from commun.courriels import courriel_planifier
from commun.erreurs import ConflitEtat
from commun.journal import journaliser
from commun.models import Courriel
from commun.taches import lancer_apres_validation
from commun.temps import aujourdhui_paris, maintenant
from commun.transitions import transition
from fabriques.models import Label

from ..selectors.publication import derniere_vague_publiee, laureats_cumules, laureats_de_la_vague

logger = logging.getLogger(__name__)

# The programme's list when no one call words it: a cumulative list of laureates of several calls, or
# of historical labels only (the portal's choice: every call of the programme selects Fabriques).
TITRE_LISTE = "Liste des Fabriques de territoire"


def titre_liste(vague: Vague) -> str:
    """The title of a wave's list of laureates, as its call's file words it (``[documents] titre_liste``)."""
    version = vague.appel.version_courante
    return (version.definition.document("titre_liste") if version else "") or TITRE_LISTE


def titre_liste_cumulee() -> str:
    """The cumulative list's title: the wording of the call its laureates were selected under when
    they all were under one call (historical labels, before the portal, are the Fabriques'), else
    the programme's ``TITRE_LISTE``."""
    from appels.models import Appel

    appels = set(Label.objects.filter(vague__statut=Vague.Statut.RESULTATS_PUBLIES).values_list("vague__appel_id", flat=True).distinct())
    if Label.objects.filter(historique=True).exists():
        appels.add(appel_fabriques_id())
    if len(appels) != 1:
        return TITRE_LISTE
    version = Appel.objects.get(pk=appels.pop()).version_courante
    return (version.definition.document("titre_liste") if version else "") or TITRE_LISTE


STATUTS_PUBLIABLES = (Vague.Statut.CLOTUREE, Vague.Statut.EN_INSTRUCTION, Vague.Statut.RESULTATS_PUBLIES)


def vague_publier(*, vague: Vague, par) -> Publication:
    """Start the publication of the wave's results (its committee must be closed) and return it.

    A publication already waiting or running for this wave is returned instead of starting a second
    one (a waiting one is queued again, in case the broker was down the first time). Publishing again a
    published wave rebuilds its list.
    """
    with transaction.atomic():
        vague = Vague.objects.select_for_update().get(pk=vague.pk)
        if not grille_de(vague).comite_clos:
            raise ConflitEtat(
                f"Le comité de la vague {vague.numero} n'est pas clos : ses décisions ne sont pas définitives, "
                "les résultats ne peuvent pas être publiés."
            )
        if vague.statut not in STATUTS_PUBLIABLES:
            raise ConflitEtat(f"La vague {vague.numero} est « {vague.get_statut_display()} » : ses résultats ne peuvent pas être publiés.")
        publication = Publication.objects.filter(vague=vague, statut__in=Publication.STATUTS_ACTIFS).first()
        if publication is None:
            publication = _publication_a_reprendre(vague)
        if publication is None:
            publication = Publication.objects.create(vague=vague, demandee_par=par, etape="En attente d'un worker")
            journaliser(acteur=par, action="publication.demandee", objet=vague, donnees={"publication": publication.pk})
        if publication.statut == Publication.Statut.EN_ATTENTE:
            # Not picked up yet (maybe the broker was down): queue it (again). A running job is
            # left alone; if its worker dies, the broker hands the task to another (late ack).
            from ..tasks import publier_resultats  # the tasks module imports the services

            lancer_apres_validation(publier_resultats, publication.pk)
    return publication


def _publication_a_reprendre(vague: Vague) -> Publication | None:
    """Return the wave's last publication, put back in the queue, when it failed after its PDF was
    stored (the cumulative list failed): running it again finishes it instead of starting over."""
    derniere = Publication.objects.filter(vague=vague).order_by("-cree_le", "-pk").first()
    if derniere is None or derniere.statut != Publication.Statut.ECHEC or not derniere.sha256:
        return None
    derniere.statut, derniere.etape = Publication.Statut.EN_ATTENTE, "Reprise : liste cumulée à reconstruire"
    derniere.save(update_fields=["statut", "etape"])
    return derniere


def _avancer(publication_id: int, progression: int, etape: str) -> None:
    # Outside the job's transactions on purpose: the administrateur's page sees it at once.
    Publication.objects.filter(pk=publication_id).update(progression=progression, etape=etape[:200])


def publication_executer(*, publication_id: int) -> Publication:
    """Run the publication job; never raises: a failure is recorded on the publication and logged."""
    try:
        with transaction.atomic():
            publication = Publication.objects.select_for_update(of=("self",)).select_related("vague").get(pk=publication_id)
            if publication.statut == Publication.Statut.TERMINEE:
                return publication
            publication.statut, publication.erreur = Publication.Statut.EN_COURS, ""
            publication.save(update_fields=["statut", "erreur"])
    except IntegrityError:  # an old failed run replayed while a newer publication of the wave is active
        logger.warning("Publication %s non relancée : une autre publication de la vague est en cours", publication_id)
        return Publication.objects.get(pk=publication_id)
    try:
        if publication.vague_id is None:
            _executer_cumulee(publication)
        else:
            _executer_vague(publication)
    except Exception as exc:
        logger.exception("Publication %s en échec", publication_id)
        Publication.objects.filter(pk=publication_id).update(
            statut=Publication.Statut.ECHEC,
            erreur=f"{type(exc).__name__} : {exc}"[:2000],
            terminee_le=maintenant(),
        )
    invalider(PUBLIC)  # statuses written by queryset updates, which send no signal
    publication.refresh_from_db()
    return publication


def _executer_vague(publication: Publication) -> None:
    """Labels, then (once) the PDF, the wave's status and the e-mails, then the cumulative list,
    then « terminée ». Each step finds what an interrupted run of the same job already did."""
    vague = publication.vague
    par = publication.demandee_par
    retenus = list(
        Dossier.objects.filter(decisions__vague=vague, decisions__resultat=Decision.Resultat.RETENU, decisions__definitive=True)
        .select_related("tiers_lieu")
        .order_by("pk")
    )
    date_decision = vague.date_publication or aujourdhui_paris()
    for rang, dossier in enumerate(retenus, start=1):
        _labelliser(dossier=dossier, vague=vague, date=date_decision, par=par)
        if rang % 20 == 0 or rang == len(retenus):
            _avancer(publication.pk, 5 + 55 * rang // len(retenus), f"Labels attribués : {rang} sur {len(retenus)}")
    if not publication.sha256:  # a run stopped after this step (worker lost) stored the PDF already
        _publier_liste_de_la_vague(publication, date_decision)
    _avancer(publication.pk, 90, "Reconstruction de la liste cumulée")
    cumulee = liste_cumulee_construire(par=par)
    if cumulee.statut != Publication.Statut.TERMINEE:
        raise RuntimeError(f"liste cumulée non reconstruite ({cumulee.erreur})")
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        if publication.statut != Publication.Statut.TERMINEE:
            _terminer(publication)


def _publier_liste_de_la_vague(publication: Publication, date_decision) -> None:
    """Build and store the wave's PDF, publish the wave and queue the decision e-mails, in one
    transaction: a worker lost before its end leaves nothing of it, after its end all of it."""
    vague, par = publication.vague, publication.demandee_par
    _avancer(publication.pk, 65, "Construction de la liste des lauréats (PDF)")
    laureats = laureats_de_la_vague(vague)
    contenu = rendre_liste_laureats(
        titre=titre_liste(vague),
        sous_titre=str(vague),
        date_publication=date_decision,
        lignes=[lau.ligne_pdf() for lau in laureats],
        legende_nouvelle=legende_nouvelle(vague, cumulee=False),
    )
    _avancer(publication.pk, 85, "Enregistrement de la liste et courriels des décisions")
    with transaction.atomic():
        vague = Vague.objects.select_for_update().get(pk=vague.pk)
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        if publication.sha256:  # a concurrent run of the same job stored it first
            return
        _stocker(publication, contenu, len(laureats), terminer=False)
        premiere = vague.statut != Vague.Statut.RESULTATS_PUBLIES
        if vague.date_publication is None:
            vague.date_publication = date_decision
            vague.save(update_fields=["date_publication"])
        for cible in (Vague.Statut.EN_INSTRUCTION, Vague.Statut.RESULTATS_PUBLIES):
            if cible in TRANSITIONS_VAGUE.get(vague.statut, set()):
                transition(
                    vague,
                    vers=cible,
                    table=TRANSITIONS_VAGUE,
                    par=par,
                    action="vague.statut_change",
                    donnees={"publication": publication.pk},
                )
        courriels = _notifier_decisions(vague)
        journaliser(
            acteur=par,
            action="publication.terminee" if premiere else "publication.reconstruite",
            objet=vague,
            donnees={
                "publication": publication.pk,
                "laureats": len(laureats),
                "sha256": publication.sha256,
                "courriels": courriels,
            },
        )


def _labelliser(*, dossier: Dossier, vague: Vague, date, par) -> Label | None:
    """Give the laureate's tiers-lieu the wave's label, once (a rerun finds it and does nothing)."""
    tl = dossier.tiers_lieu
    if Label.objects.filter(tiers_lieu=tl, vague=vague).exists():
        return None
    type_ = Label.Type.NUMERIQUE if _numerique_accorde(dossier) else Label.Type.FABRIQUE
    from fabriques.services import label_attribuer

    try:
        # « Nouvelle Fabrique » as on the published list: selected in this wave.
        return label_attribuer(tiers_lieu=tl, type=type_, vague=vague, date=date, nouvelle_fabrique=True, par=par)
    except ConflitEtat as erreur:  # already holds this label from an earlier wave: it keeps it
        with transaction.atomic():
            journaliser(acteur=par, action="publication.label_deja_detenu", objet=dossier, donnees={"motif": erreur.message})
        return None


def _numerique_accorde(dossier: Dossier) -> bool:
    """The digital label goes to a laureate whose bonus was asked and granted: the grant's investment
    tranche when financement made one, the dossier's request otherwise; always in or near a QPV."""
    if not dossier.tiers_lieu.en_qpv_ou_proximite:
        return False
    try:
        from financement.models import Nature, Subvention
    except ImportError:  # pragma: no cover - financement is installed with the portal
        return dossier.bonus_numerique
    subvention = Subvention.objects.filter(dossier=dossier).exclude(statut=Subvention.Statut.RESILIEE).first()
    if subvention is None:
        return dossier.bonus_numerique
    return subvention.tranches.filter(nature=Nature.INVESTISSEMENT).exists()


def _stocker(publication: Publication, contenu: bytes, nombre: int, *, terminer: bool = True) -> None:
    publication.sha256 = hashlib.sha256(contenu).hexdigest()
    nom = f"liste-laureats-{publication.pk}.pdf"
    # The name is this publication's own: a file there was written by a run of this job whose
    # worker died before its transaction committed. Replace it rather than store a second file.
    chemin = publication.fichier.field.generate_filename(publication, nom)
    if publication.fichier.storage.exists(chemin):
        publication.fichier.storage.delete(chemin)
    publication.fichier.save(nom, ContentFile(contenu), save=False)
    publication.nombre_laureats = nombre
    publication.save(update_fields=["sha256", "fichier", "nombre_laureats"])
    if terminer:
        _terminer(publication)


def _terminer(publication: Publication) -> None:
    publication.statut, publication.progression, publication.etape = Publication.Statut.TERMINEE, 100, "Terminée"
    publication.terminee_le = maintenant()
    publication.save(update_fields=["statut", "progression", "etape", "terminee_le"])


GABARIT_DECISION = {
    Decision.Resultat.RETENU: "decision_retenu",
    Decision.Resultat.NON_RETENU: "decision_non_retenu",
    Decision.Resultat.AJOURNE: "decision_ajourne",
}


def cle_courriel_decision(decision_id: int, user_id: int) -> str:
    return f"decision:{decision_id}:user-{user_id}"


def _notifier_decisions(vague: Vague) -> int:
    """Queue one e-mail per final decision of the wave and manager of the tiers-lieu (once each)."""
    decisions = list(
        Decision.objects.filter(vague=vague, definitive=True)
        .select_related("dossier__tiers_lieu", "dossier__vague")
        .prefetch_related("dossier__tiers_lieu__gestionnaires")
        .order_by("pk")
    )
    deja = (
        set(
            Courriel.objects.filter(
                cle__startswith="decision:",
                cle__in=[cle_courriel_decision(d.pk, g.pk) for d in decisions for g in d.dossier.tiers_lieu.gestionnaires.all()],
            ).values_list("cle", flat=True)
        )
        if decisions
        else set()
    )
    lettres = _lettres_de_notification([d.dossier_id for d in decisions if d.resultat == Decision.Resultat.RETENU])
    # The label each laureate received in this wave (given before the e-mails): a Fabrique numérique is told so.
    numeriques = set(Label.objects.filter(vague=vague, type=Label.Type.NUMERIQUE).values_list("tiers_lieu_id", flat=True))
    planifies = 0
    for decision in decisions:
        dossier = decision.dossier
        lettre = lettres.get(dossier.pk)
        pieces = [{"chemin": lettre.fichier.name, "nom": f"notification-{dossier.numero}.pdf", "type": "application/pdf"}] if lettre else []
        for gestionnaire in dossier.tiers_lieu.gestionnaires.all():
            cle = cle_courriel_decision(decision.pk, gestionnaire.pk)
            if cle in deja or not gestionnaire.is_active:
                continue
            courriel_planifier(
                cle=cle,
                destinataire=gestionnaire.email,
                gabarit=GABARIT_DECISION[decision.resultat],
                contexte={
                    "decision": decision,
                    "dossier": dossier,
                    "vague": vague,
                    "tiers_lieu": dossier.tiers_lieu,
                    "lettre": bool(lettre),
                    "fabrique_numerique": dossier.tiers_lieu_id in numeriques,
                    "vague_suivante": dossier.vague if dossier.vague_id != vague.pk else None,
                },
                pieces_jointes=pieces,
            )
            planifies += 1
    return planifies


def _lettres_de_notification(dossier_ids: list[int]) -> dict:
    """Return the latest notification letter per laureate dossier, when financement generated one."""
    if not dossier_ids:
        return {}
    try:
        from financement.models import DocumentSubvention
    except ImportError:  # pragma: no cover
        return {}
    lettres = {}
    for document in (
        DocumentSubvention.objects.filter(
            subvention__dossier_id__in=dossier_ids,
            type=DocumentSubvention.Type.NOTIFICATION,
        )
        .select_related("subvention")
        .order_by("subvention_id", "-version")
    ):
        lettres.setdefault(document.subvention.dossier_id, document)
    return lettres


# --- The cumulative list ----------------------------------------------------------------------
def liste_cumulee_construire(*, par=None) -> Publication:
    """Build the list of every laureate of every published wave (and historical labels), stored as
    a finished publication without wave. Built again after each wave's publication."""
    # A build whose worker was lost stays « en cours » for ever: this one replaces it.
    Publication.objects.filter(vague=None, statut=Publication.Statut.EN_COURS).update(
        statut=Publication.Statut.ECHEC,
        erreur="Interrompue (worker arrêté) : reconstruite par une publication suivante.",
        terminee_le=maintenant(),
    )
    publication = Publication.objects.create(vague=None, demandee_par=par, statut=Publication.Statut.EN_COURS, etape="Liste cumulée")
    return publication_executer(publication_id=publication.pk)


def _executer_cumulee(publication: Publication) -> None:
    laureats = laureats_cumules()
    derniere = derniere_vague_publiee()
    date = (derniere.date_publication if derniere else None) or aujourdhui_paris()
    contenu = rendre_liste_laureats(
        titre=titre_liste_cumulee(),
        sous_titre=f"Liste cumulée au {formats.date_format(date, 'j F Y')}",
        date_publication=date,
        lignes=[lau.ligne_pdf() for lau in laureats],
        legende_nouvelle=legende_nouvelle(derniere, cumulee=True),
    )
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        _stocker(publication, contenu, len(laureats))
