"""Exchanges with the applicant: requests for complements and the dossier's message thread.

Hook for the applicant side (candidatures/views/porteur.py): while a request is open the dossier
is « complément demandé »; ``sections_modifiables(dossier)`` (selectors/instruction.py) gives the
section codes the applicant may edit — and only those. When the applicant resubmits, call
``complement_repondre(demande=…, par=…, avant={code: contenu}, apres={code: contenu})``: it keeps
both versions, puts the dossier back in instruction and tells the reviewer.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from commun.courriels import courriel_planifier
from commun.erreurs import ConflitEtat, ErreurMetier
from commun.fichiers import fichier_verifier
from commun.journal import journaliser
from commun.politique import peut
from commun.temps import aujourdhui_paris, maintenant
from commun.transitions import transition
from comptes.notifications import Categorie

from ..models import TRANSITIONS_COMPLEMENT, TRANSITIONS_DOSSIER, Affectation, DemandeComplement, Dossier, Message
from ..sections import SECTIONS_PAR_CODE
from ..selectors.instruction import grille_de
from ..selectors.porteur import contenu_sections

S = Dossier.Statut
STATUTS_COMPLEMENT_POSSIBLE = [S.DEPOSE, S.EN_INSTRUCTION]


def _destinataires_porteur(dossier: Dossier) -> list[str]:
    emails = {dossier.cree_par.email, *dossier.tiers_lieu.gestionnaires.values_list("email", flat=True)}
    return sorted(e for e in emails if e)


def _url(nom: str, pk: int) -> str:
    return f"{settings.SITE_URL}{reverse(nom, args=[pk])}"


def complement_demander(*, dossier: Dossier, par, sections: list[str], message: str, date_limite: dt.date) -> DemandeComplement:
    """Ask the applicant to complete ``sections`` before ``date_limite`` (a day in Paris). The dossier
    becomes « complément demandé » and the applicant is told by e-mail."""
    sections = list(dict.fromkeys(sections or []))
    message = (message or "").strip()
    if not sections:
        raise ErreurMetier("Choisissez au moins une section à compléter.", champ="sections")
    inconnues = [c for c in sections if c not in SECTIONS_PAR_CODE]
    if inconnues:
        raise ErreurMetier(f"Section inconnue : {', '.join(inconnues)}.", champ="sections")
    if not message:
        raise ErreurMetier("Expliquez au porteur ce qui manque ou ce qu'il doit préciser.", champ="message")
    if date_limite is None or date_limite <= aujourdhui_paris():
        raise ErreurMetier("La date limite de réponse doit être postérieure à aujourd'hui.", champ="date_limite")
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update(of=("self",)).select_related("vague", "cree_par", "tiers_lieu").get(pk=dossier.pk)
        if grille_de(dossier.vague).comite_clos:
            raise ConflitEtat("Le comité de cette vague est clos : plus aucun complément ne peut être demandé.")
        if dossier.statut not in STATUTS_COMPLEMENT_POSSIBLE:
            raise ConflitEtat(f"Le dossier est « {dossier.get_statut_display()} » : un complément ne peut pas être demandé.")
        # The sections as they are now: kept to show the reviewers what the answer changed.
        demande = DemandeComplement.objects.create(
            dossier=dossier,
            demande_par=par,
            sections=sections,
            message=message,
            date_limite=date_limite,
            statut_dossier_avant=dossier.statut,
            versions={"avant": contenu_sections(dossier, sections)},
        )
        transition(
            dossier,
            vers=S.COMPLEMENT_DEMANDE,
            table=TRANSITIONS_DOSSIER,
            par=par,
            action="dossier.complement.demande",
            donnees={"sections": sections, "date_limite": date_limite.isoformat()},
        )
        for email in _destinataires_porteur(dossier):
            courriel_planifier(
                cle=f"complement-demande-{demande.pk}-{email}",
                destinataire=email,
                gabarit="complement_demande",
                contexte={
                    "dossier": str(dossier),
                    "sections": demande.titres_sections,
                    "message": message,
                    "date_limite": date_limite.strftime("%d/%m/%Y"),
                },
            )
    return demande


def complement_repondre(*, demande: DemandeComplement, par, avant: dict | None = None, apres: dict | None = None) -> DemandeComplement:
    """Record the applicant's answer (called by the applicant side when they resubmit): keep both
    versions of the sections, put the dossier back where it was, tell the reviewer who asked."""
    with transaction.atomic():
        demande = DemandeComplement.objects.select_for_update(of=("self",)).select_related("demande_par").get(pk=demande.pk)
        if demande.statut != DemandeComplement.Statut.OUVERTE:
            raise ConflitEtat("Cette demande de complément n'est plus en attente de réponse.")
        dossier = Dossier.objects.select_for_update().get(pk=demande.dossier_id)
        transition(
            demande,
            vers=DemandeComplement.Statut.REPONDUE,
            table=TRANSITIONS_COMPLEMENT,
            par=par,
            action=None,
            champs={"repondue_le": maintenant(), "repondue_par": par, "versions": {"avant": avant or {}, "apres": apres or {}}},
        )
        transition(
            dossier,
            vers=demande.statut_dossier_avant,
            table=TRANSITIONS_DOSSIER,
            par=par,
            action="dossier.complement.repondu",
            donnees={"demande": demande.pk, "sections": demande.sections},
        )
        courriel_planifier(
            cle=f"complement-repondu-{demande.pk}",
            destinataire=demande.demande_par.email,
            gabarit="complement_repondu",
            categorie=Categorie.COMPLEMENTS_RECUS,
            contexte={"dossier": str(dossier), "url": _url("candidatures:instruction_dossier", dossier.pk)},
        )
    return demande


def complement_annuler(*, demande: DemandeComplement, par) -> DemandeComplement:
    """Withdraw an open request: the dossier goes back to its previous status."""
    with transaction.atomic():
        demande = DemandeComplement.objects.select_for_update().get(pk=demande.pk)
        if demande.statut != DemandeComplement.Statut.OUVERTE:
            raise ConflitEtat("Cette demande de complément n'est plus en attente de réponse.")
        dossier = Dossier.objects.select_for_update().get(pk=demande.dossier_id)
        transition(demande, vers=DemandeComplement.Statut.ANNULEE, table=TRANSITIONS_COMPLEMENT, par=par, action=None)
        transition(dossier, vers=demande.statut_dossier_avant, table=TRANSITIONS_DOSSIER, par=par, action="dossier.complement.annule")
    return demande


def message_envoyer(*, dossier: Dossier, auteur, texte: str, fichier=None) -> Message:
    """Post a message in the dossier's thread and tell the other side by e-mail. The side is the
    instructing team for reviewers and administrateurs, the applicant otherwise. An attached
    ``fichier`` follows the rules of the dossier's attachments (formats by content, 10 Mo)."""
    texte = (texte or "").strip()
    if not texte:
        raise ErreurMetier("Le message est vide.", champ="texte")
    if len(texte) > 10000:
        raise ErreurMetier("Le message est trop long (10 000 caractères au plus).", champ="texte")
    verifie = fichier_verifier(fichier) if fichier else None  # the check of every upload (commun.fichiers)
    equipe = peut(auteur, "instruction.acceder")  # the instructing team's side of the thread
    with transaction.atomic():
        dossier = Dossier.objects.select_related("cree_par", "tiers_lieu").get(pk=dossier.pk)
        if not dossier.a_ete_depose:  # read afresh: the rule « dossier.message_ecrire » of pages and API, at its root
            raise ConflitEtat("Les échanges avec l'équipe d'instruction s'ouvrent au dépôt du dossier : un brouillon n'a pas de messages.")
        message = Message(dossier=dossier, auteur=auteur, texte=texte, cote=Message.Cote.EQUIPE if equipe else Message.Cote.PORTEUR)
        donnees = {}
        if verifie:
            # No file name in the journal (it may name a person): its fingerprint and size only.
            donnees = {"sha256": verifie.sha256, "taille": verifie.taille, "format": verifie.type_mime}
            message.fichier_nom, message.fichier_type, message.fichier_taille = verifie.nom, verifie.type_mime, verifie.taille
            fichier.seek(0)
            message.fichier.save(message.fichier_nom, fichier, save=False)
        message.save()
        donnees["message"] = message.pk
        journaliser(acteur=auteur, action="dossier.message.envoye", objet=dossier, donnees=donnees)
        if equipe:
            destinataires = _destinataires_porteur(dossier)
        else:
            destinataires = sorted(set(Affectation.objects.filter(dossier=dossier).values_list("instructeur__email", flat=True)))
        for email in destinataires:
            courriel_planifier(
                cle=f"message-{message.pk}-{email}",
                destinataire=email,
                gabarit="message_dossier",
                categorie=Categorie.MESSAGES,
                contexte={"dossier": str(dossier), "equipe": equipe},
            )
    return message


def messages_marquer_lus(*, dossier: Dossier, lecteur) -> int:
    """Mark as read the messages of the other side (for the reader's side)."""
    cote_lu = Message.Cote.PORTEUR if peut(lecteur, "instruction.acceder") else Message.Cote.EQUIPE
    return Message.objects.filter(dossier=dossier, cote=cote_lu, lu_le__isnull=True).update(lu_le=maintenant())
