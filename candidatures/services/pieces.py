"""Attachments: the file check of ``commun.fichiers`` (formats by content, clean names), the dossier's size
limit, private storage, fingerprints."""

from django.db import transaction
from django.db.models import Sum

from commun.erreurs import ErreurMetier
from commun.fichiers import TAILLE_MAX_FICHIER, FichierVerifie, fichier_verifier
from commun.journal import journaliser
from commun.poids import MO
from commun.poids import poids as taille_lisible  # « 2,4 Mo », « 812 Ko », « 35 octets »

from ..models import Dossier, PieceJointe
from .verrous import _modifiable_verrouille, _verifier_gestionnaire

TAILLE_MAX_PIECE = TAILLE_MAX_FICHIER
TAILLE_MAX_DOSSIER = 50 * MO


def _verifier_total(dossier: Dossier, taille: int, sauf: PieceJointe | None = None) -> None:
    pieces = dossier.pieces.all()
    if sauf is not None:
        pieces = pieces.exclude(pk=sauf.pk)
    deja = pieces.aggregate(total=Sum("taille"))["total"] or 0
    if deja + taille > TAILLE_MAX_DOSSIER:
        raise ErreurMetier(
            f"Les pièces jointes d'un dossier ne peuvent pas dépasser {taille_lisible(TAILLE_MAX_DOSSIER)} au total : "
            f"le dossier en compte déjà {taille_lisible(deja)} et ce fichier fait {taille_lisible(taille)}.",
            champ="fichier",
        )


def _supprimer_apres_commit(stockage, nom: str) -> None:
    transaction.on_commit(lambda: stockage.delete(nom), robust=True)


# The journal keeps no file name (it may name a person and outlives the dossier, see
# services/retention.py): the type, the size and the SHA-256 fingerprint identify the file.
def piece_ajouter(*, dossier: Dossier, type: str, fichier, par) -> PieceJointe:
    """Attach ``fichier`` to a draft after checking its format (by content) and the size limits."""
    if type not in PieceJointe.Type.values:
        raise ErreurMetier("Choisissez le type de la pièce (statuts, budget, lettres de soutien, comptes annuels, autres).", champ="type")
    verifie = fichier_verifier(fichier)  # the check of every upload of the portal (commun.fichiers)
    with transaction.atomic():
        dossier = _modifiable_verrouille(dossier, "pieces")
        _verifier_gestionnaire(dossier.tiers_lieu, par)
        _verifier_total(dossier, fichier.size)
        piece = PieceJointe(dossier=dossier, type=type, ajoute_par=par)
        _stocker(piece, fichier, verifie)
        journaliser(
            acteur=par,
            action="piece.ajoutee",
            objet=dossier,
            donnees={
                "piece": piece.pk,
                "type": type,
                "taille": piece.taille,
                "sha256": piece.sha256,
            },
        )
    return piece


def piece_remplacer(*, piece: PieceJointe, fichier, par) -> PieceJointe:
    """Replace the file of an attachment of a draft (the old file is deleted after commit)."""
    verifie = fichier_verifier(fichier)
    with transaction.atomic():
        dossier = _modifiable_verrouille(piece.dossier, "pieces")
        _verifier_gestionnaire(dossier.tiers_lieu, par)
        piece = PieceJointe.objects.select_for_update().get(pk=piece.pk, dossier=dossier)
        _verifier_total(dossier, fichier.size, sauf=piece)
        ancien = (piece.fichier.storage, piece.fichier.name, piece.nom, piece.sha256)
        piece.ajoute_par = par
        _stocker(piece, fichier, verifie)
        _supprimer_apres_commit(ancien[0], ancien[1])
        journaliser(
            acteur=par,
            action="piece.remplacee",
            objet=dossier,
            donnees={
                "piece": piece.pk,
                "type": piece.type,
                "ancien_sha256": ancien[3],
                "taille": piece.taille,
                "sha256": piece.sha256,
            },
        )
    return piece


def piece_supprimer(*, piece: PieceJointe, par) -> None:
    """Delete an attachment of a draft (its file is deleted after commit)."""
    with transaction.atomic():
        dossier = _modifiable_verrouille(piece.dossier, "pieces")
        _verifier_gestionnaire(dossier.tiers_lieu, par)
        piece = PieceJointe.objects.select_for_update().get(pk=piece.pk, dossier=dossier)
        stockage, nom_stocke = piece.fichier.storage, piece.fichier.name
        donnees = {"piece": piece.pk, "type": piece.type, "sha256": piece.sha256}
        piece.delete()
        _supprimer_apres_commit(stockage, nom_stocke)
        journaliser(acteur=par, action="piece.supprimee", objet=dossier, donnees=donnees)


def _stocker(piece: PieceJointe, fichier, verifie: FichierVerifie) -> None:
    """Write the file to private storage under its clean name and save the row; remove the file if the row fails."""
    piece.nom, piece.type_mime, piece.taille, piece.sha256 = verifie.nom, verifie.type_mime, verifie.taille, verifie.sha256
    fichier.seek(0)
    piece.fichier.save(piece.nom, fichier, save=False)
    nom_stocke, stockage = piece.fichier.name, piece.fichier.storage
    try:
        piece.save()
    except Exception:
        stockage.delete(nom_stocke)
        raise
    # If the surrounding transaction rolls back later, the stored file would be orphaned: a
    # rollback is rare here (the journal write follows) and the orphan is harmless (private).
