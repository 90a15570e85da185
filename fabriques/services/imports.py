"""Imports of reference files: the QPV list and the published list of Fabriques.

Both are all-or-nothing: every row is checked first, and the file is refused as a whole, with the
line numbers and what to fix, if one row is wrong. Nothing is ever half-imported.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import transaction

from commun.erreurs import ErreurMetier
from commun.journal import journaliser
from commun.textes import compter

from ..models import Departement, Label, Qpv, SourceTiersLieu, TiersLieu
from .labels import label_historique_enregistrer

# Layout of the official list of QPV (data.gouv.fr, « Liste des quartiers prioritaires de la
# politique de la ville »): one row per quartier. Other columns of the official file are ignored.
COLONNES_QPV = ("code_qp", "nom_qp", "commune_qp", "departement")
# Layout of fabriques/data/fabriques_publiees.csv (see fabriques/data/LISEZMOI.md).
COLONNES_PUBLIEES = ("region", "structure_porteuse", "departement", "commune", "nouvelle_fabrique", "commentaire")
# Optional columns of the same file: the label type (« fabrique » or « numerique », empty: fabrique)
# and the document that names a Fabrique numérique.
COLONNES_PUBLIEES_FACULTATIVES = ("label", "source_label")
_LABELS_PUBLIES = {
    "": Label.Type.FABRIQUE,
    "fabrique": Label.Type.FABRIQUE,
    "numerique": Label.Type.NUMERIQUE,
    "numérique": Label.Type.NUMERIQUE,
}

_CODE_QPV = re.compile(r"^Q[NP][0-9][0-9AB][0-9A-Z]{3,5}$")


class ImportRefuse(ErreurMetier):
    """The file is refused as a whole; ``lignes`` says what to fix, line by line."""

    code = "import_refuse"

    def __init__(self, message: str, lignes: list[str] | None = None):
        super().__init__(message)
        self.lignes = lignes or []

    def __str__(self):
        return "\n".join([self.message, *self.lignes])


@dataclass
class RapportImport:
    crees: int = 0
    mis_a_jour: int = 0
    ignores: list[str] = field(default_factory=list)


def _lire_csv(contenu: bytes | str, colonnes: tuple[str, ...], facultatives: tuple[str, ...] = ()) -> list[tuple[int, dict]]:
    """Return (line number, row) pairs; refuse a file whose header lacks an expected column."""
    if isinstance(contenu, bytes):
        try:
            texte = contenu.decode("utf-8-sig")
        except UnicodeDecodeError:
            texte = contenu.decode("cp1252")  # official files are sometimes saved by Excel in Windows-1252
    else:
        texte = contenu.lstrip("\ufeff")
    premiere = texte.split("\n", 1)[0]
    separateur = ";" if premiere.count(";") >= premiere.count(",") else ","
    lecteur = csv.DictReader(io.StringIO(texte), delimiter=separateur)
    entete = [(c or "").strip().lower() for c in (lecteur.fieldnames or [])]
    manquantes = [c for c in colonnes if c not in entete]
    if manquantes:
        raise ImportRefuse(
            f"Le fichier n'a pas les colonnes attendues. Colonnes attendues : {', '.join(colonnes)}. "
            f"Colonnes manquantes : {', '.join(manquantes)}. Colonnes trouvées : {', '.join(entete) or 'aucune'}."
        )
    lecteur.fieldnames = entete
    lignes = []
    for ligne in lecteur:
        valeurs = {k: (v or "").strip() for k, v in ligne.items() if k in colonnes or k in facultatives}
        valeurs.update({k: "" for k in facultatives if k not in valeurs})
        if any(valeurs.values()):
            lignes.append((lecteur.line_num, valeurs))
    return lignes


def _code_departement(valeur: str) -> str:
    """Read « 75 », « 075 », « 75 - Paris » or « 2A » as a département code."""
    code = re.split(r"[\s\-–]", valeur.strip(), maxsplit=1)[0].upper()
    if len(code) == 3 and code.startswith("0"):
        code = code[1:]
    return code


def qpv_importer(*, contenu: bytes | str) -> RapportImport:
    """Load (create or update) the QPV of a CSV file in the official layout, all or nothing."""
    departements = {d.code: d for d in Departement.objects.all()}
    erreurs, propres, vus = [], [], {}
    for numero, ligne in _lire_csv(contenu, COLONNES_QPV):
        code = ligne["code_qp"].upper()
        problemes = []
        if not _CODE_QPV.match(code):
            problemes.append(f"code_qp « {ligne['code_qp']} » n'a pas la forme d'un code de quartier (ex. QN07501M)")
        elif code in vus:
            problemes.append(f"le code {code} figure déjà ligne {vus[code]}")
        if not ligne["nom_qp"]:
            problemes.append("nom_qp est vide")
        if not ligne["commune_qp"]:
            problemes.append("commune_qp est vide")
        dep_code = _code_departement(ligne["departement"]) if ligne["departement"] else _code_departement(code[2:5])
        if dep_code not in departements:
            problemes.append(f"département « {ligne['departement'] or dep_code} » inconnu (ex. 75, 2A, 971)")
        if problemes:
            erreurs.append(f"Ligne {numero} : " + " ; ".join(problemes) + ".")
            continue
        vus[code] = numero
        propres.append((code, ligne["nom_qp"], ligne["commune_qp"], departements[dep_code]))
    if erreurs:
        raise ImportRefuse(f"Aucun quartier n'a été importé : {compter(len(erreurs), 'ligne')} à corriger.", erreurs)
    if not propres:
        raise ImportRefuse("Le fichier ne contient aucun quartier.")
    rapport = RapportImport()
    with transaction.atomic():
        existants = {q.code: q for q in Qpv.objects.select_for_update().filter(code__in=[p[0] for p in propres])}
        for code, nom, commune, departement in propres:
            qpv = existants.get(code)
            if qpv is None:
                Qpv.objects.create(code=code, nom=nom, commune=commune, departement=departement)
                rapport.crees += 1
            elif (qpv.nom, qpv.commune, qpv.departement_id) != (nom, commune, departement.pk):
                qpv.nom, qpv.commune, qpv.departement = nom, commune, departement
                qpv.save(update_fields=["nom", "commune", "departement"])
                rapport.mis_a_jour += 1
    return rapport


def _booleen(valeur: str) -> tuple[bool | None, bool]:
    """Return (value, understood) for « oui », « non » or empty (unknown)."""
    valeur = valeur.strip().lower()
    if valeur in ("", "inconnu"):
        return None, True
    if valeur in ("oui", "1", "vrai"):
        return True, True
    if valeur in ("non", "0", "faux"):
        return False, True
    return None, False


def fabriques_publiees_importer(*, contenu: bytes | str, par=None) -> RapportImport:
    """Import the published laureate list: a tiers-lieu (source « liste publiée ») and a historical label per row.

    Rows whose structure or département could not be read are skipped and reported, never guessed.
    Running it twice changes nothing (a row matches an imported tiers-lieu by structure and département).
    """
    departements = {d.code: d for d in Departement.objects.select_related("region")}
    erreurs, propres, rapport = [], [], RapportImport()
    for numero, ligne in _lire_csv(contenu, COLONNES_PUBLIEES, COLONNES_PUBLIEES_FACULTATIVES):
        if not ligne["structure_porteuse"] or not ligne["departement"]:
            manque = "structure porteuse" if not ligne["structure_porteuse"] else "département"
            rapport.ignores.append(
                f"Ligne {numero} : {manque} illisible dans la liste publiée, ligne non importée ({ligne['commentaire']})."
            )
            continue
        problemes = []
        departement = departements.get(_code_departement(ligne["departement"]))
        if departement is None:
            problemes.append(f"département « {ligne['departement']} » inconnu")
        elif ligne["region"] and ligne["region"] != departement.region.nom:
            problemes.append(
                f"la région « {ligne['region']} » n'est pas celle du département {departement.code} ({departement.region.nom})"
            )
        nouvelle, compris = _booleen(ligne["nouvelle_fabrique"])
        if not compris:
            problemes.append(f"nouvelle_fabrique « {ligne['nouvelle_fabrique']} » : écrivez oui, non ou laissez vide")
        type_label = _LABELS_PUBLIES.get(ligne["label"].lower())
        if type_label is None:
            problemes.append(f"label « {ligne['label']} » : écrivez fabrique, numerique ou laissez vide")
        elif type_label == Label.Type.NUMERIQUE and not ligne["source_label"]:
            problemes.append("label numerique sans source_label : indiquez le document qui nomme cette Fabrique numérique")
        if problemes:
            erreurs.append(f"Ligne {numero} : " + " ; ".join(problemes) + ".")
            continue
        propres.append((ligne, departement, nouvelle, type_label))
    if erreurs:
        raise ImportRefuse(f"Aucune Fabrique n'a été importée : {compter(len(erreurs), 'ligne')} à corriger.", erreurs)
    with transaction.atomic():
        for ligne, departement, nouvelle, type_label in propres:
            tiers_lieu = TiersLieu.objects.filter(
                source=SourceTiersLieu.LISTE_PUBLIEE, structure_porteuse__iexact=ligne["structure_porteuse"], departement=departement
            ).first()
            if tiers_lieu is None:
                tiers_lieu = TiersLieu.objects.create(
                    nom=ligne["structure_porteuse"],
                    structure_porteuse=ligne["structure_porteuse"],
                    commune=ligne["commune"],
                    departement=departement,
                    region=departement.region,
                    source=SourceTiersLieu.LISTE_PUBLIEE,
                )
                journaliser(acteur=par, action="fabriques.tiers_lieu.importe", objet=tiers_lieu, apres="liste_publiee")
                rapport.crees += 1
            commentaire = " ; ".join(
                filter(None, [ligne["commentaire"], ligne["source_label"] and f"label numérique : {ligne['source_label']}"])
            )
            historique = Label.objects.filter(tiers_lieu=tiers_lieu, historique=True, vague__isnull=True).first()
            if historique is None:
                label_historique_enregistrer(
                    tiers_lieu=tiers_lieu,
                    type=type_label,
                    nouvelle_fabrique=nouvelle,
                    commentaire=commentaire,
                    par=par,
                )
            elif historique.type != type_label:
                # An earlier import read every row as a plain Fabrique: the label the documents give replaces it.
                avant, historique.type, historique.commentaire = historique.type, type_label, commentaire
                historique.save(update_fields=["type", "commentaire"])
                journaliser(
                    acteur=par,
                    action="fabriques.label.type_corrige",
                    objet=historique,
                    avant=avant,
                    apres=type_label,
                    donnees={"tiers_lieu": tiers_lieu.pk, "source": ligne["source_label"]},
                )
                rapport.mis_a_jour += 1
    return rapport
