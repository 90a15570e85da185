"""Factories of the candidatures tests: territories, tiers-lieux, waves, complete drafts, files."""

import datetime as dt
import io
import itertools
import re
import zipfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from candidatures.models import Dossier, PieceJointe, Vague
from candidatures.services.dossiers import dossier_enregistrer_montants, dossier_enregistrer_section
from candidatures.services.pieces import piece_ajouter
from fabriques.models import FormeJuridique, Implantation, TiersLieu
from tests.fabriques import factories as fab

SIRETS = itertools.cycle(["88412345600011", "79512345400006", "13002603200016", "73282932000074", "55208131766522", "35600000000048"])


def tiers_lieu(gestionnaire=None, *, qpv: bool = False, nom: str = "La Fabrique des Communs", siret: str | None = None) -> TiersLieu:
    """A tiers-lieu in Rennes managed by ``gestionnaire`` (in the Blosne priority neighbourhood if ``qpv``)."""
    quartier = fab.qpv(code="QN03501M", nom="Le Blosne", commune="Rennes", departement=fab.departement("35")) if qpv else None
    return fab.tiers_lieu(
        gestionnaires=[gestionnaire] if gestionnaire is not None else (),
        nom=nom,
        structure_porteuse=f"Association {nom}",
        forme_juridique=FormeJuridique.ASSOCIATION,
        siret=siret or next(SIRETS),
        adresse="1 rue de la Paix",
        code_postal="35000",
        commune="Rennes",
        implantation=Implantation.QPV if qpv else Implantation.HORS_GRANDS_CENTRES,
        qpv=quartier,
    )


def vague(*, numero: int = 4, ouverture=dt.date(2026, 10, 1), limite=dt.date(2026, 12, 30), statut=Vague.Statut.OUVERTE) -> Vague:
    return Vague.objects.create(numero=numero, titre=f"Vague {numero}", date_ouverture=ouverture, date_limite=limite, statut=statut)


def brouillon(porteur, vague_=None, lieu=None) -> Dossier:
    lieu = lieu or tiers_lieu(porteur)
    return Dossier.objects.create(tiers_lieu=lieu, vague=vague_ or vague(), cree_par=porteur)


TEXTES = {
    "presentation": {"nom_projet": "Fabrique des Communs", "resume": "Un atelier partagé.", "publics": "Habitants"},
    "ambition": {"essor_territoire": "Animer le réseau.", "autres_tiers_lieux": "Tête de réseau."},
    "ancrage": {"diagnostic": "Besoins identifiés.", "porteur": "Association de 2015."},
    "gouvernance": {"instances": "Collèges.", "contribution": "Usagers au conseil."},
    "modele_economique": {"modele": "Adhésions.", "equilibre": "Autofinancement."},
    "roles": {"ressources": "Permanences.", "formation": "Ateliers.", "creation": "Résidences.", "inclusion_numerique": "Médiation."},
    "partenaires": {"partenaires": "Commune"},
    "budget": {
        "charges_1": "100000.00",
        "ressources_1": "100000.00",
        "charges_2": "100000.00",
        "ressources_2": "100000.00",
        "charges_3": "100000.00",
        "ressources_3": "100000.00",
    },
}


def pdf(nom: str = "statuts.pdf", texte: str = "document") -> SimpleUploadedFile:
    from weasyprint import HTML

    return SimpleUploadedFile(nom, HTML(string=f"<p>{texte}</p>").write_pdf(), content_type="application/pdf")


PDF_MINIMAL = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG_MINIMAL = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x1f\x15\xc4\x89" + b"\x00" * 40


def fichier(nom: str, contenu: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, contenu, content_type=content_type)


def zip_bureautique(entrees: dict[str, bytes], *, mimetype: str | None = None) -> bytes:
    """An office-like ZIP, byte for byte the same on every call.

    Each entry carries a fixed date: these bytes serve as test parameters, and the pytest-xdist
    workers, collecting at different instants, must see the same test ids.
    """
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        if mimetype:
            archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        for nom, contenu in entrees.items():
            archive.writestr(zipfile.ZipInfo(nom, date_time=(2025, 1, 1, 0, 0, 0)), contenu)
    return tampon.getvalue()


def completer(
    dossier: Dossier, porteur, *, montants=(Decimal("50000"), Decimal("40000"), Decimal("30000")), pieces: bool = True
) -> Dossier:
    for section, donnees in TEXTES.items():
        dossier = dossier_enregistrer_section(dossier=dossier, section=section, donnees=donnees, par=porteur)
    dossier = dossier_enregistrer_montants(dossier=dossier, montants=dict(enumerate(montants, start=1)), par=porteur).dossier
    if pieces:
        piece_ajouter(dossier=dossier, type=PieceJointe.Type.STATUTS, fichier=fichier("statuts.pdf", PDF_MINIMAL), par=porteur)
        piece_ajouter(dossier=dossier, type=PieceJointe.Type.BUDGET, fichier=fichier("budget.pdf", PDF_MINIMAL + b"budget"), par=porteur)
    dossier.refresh_from_db()
    return dossier


def nombre_ecrit(texte: str) -> Decimal | None:
    """The number a person wrote, as the programme's forms read it (a model for the property
    tests, written apart from the portal's code): digits 0 to 9, a sign, one decimal comma or
    point, spaces and « € » aside. « 50.000 » is not fifty euros, « ٣ » and « 1e1 » are not numbers."""
    texte = re.sub("[ \u00a0\u202f\u2009€]", "", texte.strip())
    if not re.fullmatch(r"[+-]?[0-9]+([.,][0-9]+)?", texte) or re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})+|[0-9]{1,3}(,[0-9]{3}){2,}", texte):
        return None
    return Decimal(texte.replace(",", "."))
