"""The applicant's right of access (RGPD, art. 15) and to portability (art. 20): everything the
portal holds about a person and the dossiers of the tiers-lieux they manage, as JSON plus files."""

import datetime as dt
import json
import tempfile
import zipfile
from decimal import Decimal

from django.db import models

from commun.journal import journaliser
from commun.temps import maintenant

TAILLE_EN_MEMOIRE = 10 * 1024 * 1024


def _valeur(valeur):
    if isinstance(valeur, Decimal):
        return str(valeur)
    if isinstance(valeur, dt.datetime | dt.date):
        return valeur.isoformat()
    if isinstance(valeur, models.Model):
        return str(valeur)
    return valeur


def _champs(objet, exclure=()) -> dict:
    """Return the concrete fields of ``objet`` (files and secrets left out), JSON-ready."""
    donnees = {}
    for champ in objet._meta.concrete_fields:
        if champ.name in exclure or isinstance(champ, models.FileField):
            continue
        valeur = getattr(objet, champ.name)
        donnees[champ.name] = _valeur(valeur)
    return donnees


def _reference(dossier) -> str:
    return dossier.numero or f"brouillon-{dossier.pk}"


def donnees_personnelles(user) -> tuple[dict, list[tuple[str, object]]]:
    """Return the data of ``user`` (account, tiers-lieux managed, their dossiers with contents,
    requests for complements, messages, final decisions, list of files) and the files to join as
    ``(path in the archive, FieldFile)``."""
    from allauth.account.models import EmailAddress

    from candidatures.models import Decision, Dossier
    from fabriques.models import TiersLieu

    fichiers: list[tuple[str, object]] = []
    compte = _champs(user, exclure={"password", "id"})
    compte["roles"] = sorted(user.roles)
    compte["adresses_electroniques"] = [
        {"email": a.email, "verifiee": a.verified, "principale": a.primary} for a in EmailAddress.objects.filter(user=user)
    ]
    tiers_lieux = TiersLieu.objects.filter(gestionnaires=user).select_related("departement", "region", "qpv").order_by("nom")
    dossiers = []
    for dossier in (
        Dossier.objects.filter(tiers_lieu__gestionnaires=user)
        .select_related("vague", "tiers_lieu", "cree_par", "depose_par")
        .order_by("cree_le", "pk")
    ):
        ref = _reference(dossier)
        entree = _champs(dossier, exclure={"contenu"})
        entree["statut_libelle"] = dossier.get_statut_display()
        entree["contenu"] = dossier.contenu
        entree["pieces_jointes"] = []
        for piece in dossier.pieces.all():
            chemin = f"dossiers/{ref}/pieces/{piece.pk}-{piece.nom}"
            entree["pieces_jointes"].append(
                {
                    "type": piece.get_type_display(),
                    "nom": piece.nom,
                    "taille": piece.taille,
                    "sha256": piece.sha256,
                    "ajoutee_le": _valeur(piece.ajoute_le),
                    "fichier": chemin,
                }
            )
            fichiers.append((chemin, piece.fichier))
        if dossier.accuse_reception:
            chemin = f"dossiers/{ref}/accuse-reception.pdf"
            entree["accuse_reception"] = chemin
            fichiers.append((chemin, dossier.accuse_reception))
        entree["demandes_de_complement"] = [
            {
                "demandee_le": _valeur(d.cree_le),
                "sections": d.titres_sections,
                "message": d.message,
                "date_limite": _valeur(d.date_limite),
                "statut": d.get_statut_display(),
                "repondue_le": _valeur(d.repondue_le),
                "versions": d.versions,
            }
            for d in dossier.demandes_complement.all()
        ]
        entree["messages"] = []
        for message in dossier.messages.select_related("auteur"):
            # The team's members are not named: the applicant deals with the team.
            auteur = message.auteur.email if message.cote == message.Cote.PORTEUR else "Équipe d'instruction"
            ligne = {
                "envoye_le": _valeur(message.cree_le),
                "cote": message.get_cote_display(),
                "auteur": auteur,
                "texte": message.texte,
                "lu_le": _valeur(message.lu_le),
            }
            if message.fichier:
                ligne["piece_jointe"] = f"dossiers/{ref}/messages/{message.pk}-{message.fichier_nom}"
                fichiers.append((ligne["piece_jointe"], message.fichier))
            entree["messages"].append(ligne)
        entree["decisions"] = [
            {"resultat": d.get_resultat_display(), "motivation": d.motivation, "vague": d.vague.numero, "decidee_le": _valeur(d.decide_le)}
            for d in Decision.objects.filter(dossier=dossier, definitive=True).select_related("vague")
        ]
        dossiers.append(entree)
    donnees = {
        "genere_le": maintenant().isoformat(),
        "subventions": _subventions(user),
        "compte": compte,
        "tiers_lieux": [
            {**_champs(t, exclure={"texte_recherche"}), "gestionnaires": [g.email for g in t.gestionnaires.all()]} for t in tiers_lieux
        ],
        "dossiers": dossiers,
        "fichiers": [chemin for chemin, _f in fichiers],
    }
    return donnees, fichiers


def _subventions(user) -> list[dict]:
    """The grants of the tiers-lieux ``user`` manages, once notified (a proposal is internal)."""
    from financement.selectors import subventions_de

    return [
        {
            **_champs(s),
            "dossier": s.dossier.numero,
            "tranches": [{"annee": t.annee, "nature": t.get_nature_display(), "montant": str(t.montant)} for t in s.tranches.all()],
        }
        for s in subventions_de(user)
    ]


def archive_donnees_personnelles(*, user):
    """Return an open temporary file holding the ZIP archive (``donnees.json`` + the files);
    the export is recorded in the audit journal."""
    donnees, fichiers = donnees_personnelles(user)
    archive = tempfile.SpooledTemporaryFile(max_size=TAILLE_EN_MEMOIRE)
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zip_:
        zip_.writestr("donnees.json", json.dumps(donnees, ensure_ascii=False, indent=2, default=str))
        for chemin, fichier in fichiers:
            try:
                with fichier.open("rb") as source, zip_.open(chemin, "w") as cible:
                    for morceau in iter(lambda: source.read(1024 * 1024), b""):
                        cible.write(morceau)
            except FileNotFoundError:
                zip_.writestr(chemin + ".absent.txt", "Ce fichier n'a pas été retrouvé dans le stockage.")
    journaliser(
        acteur=user,
        action="comptes.donnees_exportees",
        objet=user,
        donnees={"dossiers": len(donnees["dossiers"]), "fichiers": len(fichiers)},
    )
    archive.seek(0)
    return archive
