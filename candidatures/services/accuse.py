"""The proof of deposit (accusé de réception): a PDF stored with the dossier and e-mailed once."""

from django.core.files.base import ContentFile
from django.db import transaction

from appels.regles_financieres import montant_bonus
from commun.courriels import courriel_planifier
from commun.documents import rendre_pdf
from commun.erreurs import ConflitEtat
from commun.montants import formater_euros
from commun.temps import en_paris

from ..models import Dossier
from ..schema import SECTIONS_PAR_CODE


def accuse_contexte(dossier: Dossier) -> dict:
    """Return what the proof of deposit shows (also used to check it in tests)."""
    pieces = list(dossier.pieces.order_by("type", "ajoute_le", "id"))
    nom_projet = SECTIONS_PAR_CODE["presentation"].champ("nom_projet")  # labels and titles: the sections' schema
    appel = dossier.version_appel.definition if dossier.version_appel_id else None  # its wording: the call's [documents]
    return {
        "entete": appel.document("entete") if appel else "",
        "titre_accuse": appel.document("titre_accuse") if appel else "",
        "nature": appel.regles.nature if appel else "fonctionnement",
        "dossier": dossier,
        "tiers_lieu": dossier.tiers_lieu,
        "vague": dossier.vague,
        "depose_le": en_paris(dossier.depose_le),
        "montants": [(annee, formater_euros(m or 0)) for annee, m in enumerate(dossier.montants, start=1)],
        "total": formater_euros(dossier.montant_total_demande),
        "bonus": formater_euros(
            montant_bonus(
                bonus_numerique=dossier.bonus_numerique,
                en_qpv_ou_proximite=dossier.tiers_lieu.en_qpv_ou_proximite,
                regles=dossier.regles,
            )
        )
        if dossier.bonus_numerique
        else None,
        "pieces": pieces,
        "nom_projet": (nom_projet.libelle, dossier.section("presentation").get(nom_projet.code) or ""),
        "titre_montants": SECTIONS_PAR_CODE["montants"].titre,
        "titre_pieces": SECTIONS_PAR_CODE["pieces"].titre,
    }


def nom_fichier_accuse(dossier: Dossier) -> str:
    return f"accuse-reception-{dossier.numero}.pdf"


def dossier_accuse_produire(*, dossier_id: int) -> Dossier:
    """Build and store the proof of deposit if missing, and queue its e-mail (both at most once).

    Safe to call again: an existing PDF is kept, the e-mail key makes the outbox send it once.
    """
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update(of=("self",)).select_related("tiers_lieu", "vague", "depose_par").get(pk=dossier_id)
        if not dossier.a_ete_depose:
            raise ConflitEtat("Ce dossier n'a pas été déposé : il n'a pas d'accusé de réception.")
        if not dossier.accuse_reception:
            pdf = rendre_pdf("candidatures/porteur/accuse_reception.html", accuse_contexte(dossier))
            dossier.accuse_reception.save(nom_fichier_accuse(dossier), ContentFile(pdf), save=False)
            dossier.save(update_fields=["accuse_reception"])
        destinataire = dossier.depose_par.email if dossier.depose_par else dossier.cree_par.email
        courriel_planifier(
            cle=f"accuse-depot:dossier-{dossier.pk}",
            destinataire=destinataire,
            gabarit="accuse_depot",
            contexte={"dossier": dossier, "depose_le": en_paris(dossier.depose_le), "total": formater_euros(dossier.montant_total_demande)},
            pieces_jointes=[{"chemin": dossier.accuse_reception.name, "nom": nom_fichier_accuse(dossier), "type": "application/pdf"}],
        )
    return dossier
