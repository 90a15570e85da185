"""A call's file: TOML read by the standard library, checked field by field, turned into a ``Definition``.

The format is documented in the README (« Les appels du programme ») with the two shipped files
(``appels/fichiers/``) as examples. ``lire(texte)`` returns the frozen ``Definition`` the code reads,
or raises ``FichierInvalide`` listing every problem in French with its line and field, as a
programme officer would fix it. ``en_donnees``/``depuis_donnees`` turn a definition into the plain
JSON kept with each version of a call (``VersionAppel.definition``) and back.

This module holds only data and checks: no database access, so a file can be checked anywhere.
"""

import datetime as dt
import re
import tomllib
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from fabriques.models import FormeJuridique, Implantation

from .regles_financieres import NOMBRE_ANNEES, ReglesFinancieres
from .sections import TYPES_DE_CHAMP, Section, sections_depuis_donnees

FORMAT = 1
NATURES = ("fonctionnement", "investissement")
# The programme's targets and envelopes a call may state (appels.programme combines the calls').
OBJECTIFS = ("fabriques", "qpv", "hors_grands_centres", "numeriques")
ENVELOPPES = ("fonctionnement", "investissement")
ELIGIBILITES_BONUS = ("qpv_ou_proximite", "tous")
_CODE = re.compile(r"[a-z][a-z0-9_]{0,29}")
_JOUR_MOIS = re.compile(r"([0-3][0-9])/([01][0-9])")


# --- The definition the code reads ---------------------------------------------------------------


@dataclass(frozen=True)
class Critere:
    """A selection criterion: its code, its label word for word, its weight in the score."""

    code: str
    libelle: str
    poids: int = 1


@dataclass(frozen=True)
class Calendrier:
    """Deposit deadlines, days in Paris (up to 23:59:59): fixed ``dates_limites``, or every year on
    each (day, month) of ``echeances_annuelles``; ``ouverture`` opens the first wave of fixed dates."""

    echeances_annuelles: tuple[tuple[int, int], ...] = ()
    dates_limites: tuple[dt.date, ...] = ()
    ouverture: dt.date | None = None

    def limites_de_l_annee(self, annee: int) -> list[dt.date]:
        if self.echeances_annuelles:
            return [dt.date(annee, mois, jour) for jour, mois in self.echeances_annuelles]
        return [d for d in self.dates_limites if d.year == annee]

    @property
    def en_texte(self) -> str:
        if self.echeances_annuelles:
            return "chaque année les " + ", ".join(f"{j:02d}/{m:02d}" for j, m in self.echeances_annuelles)
        return ", ".join(d.strftime("%d/%m/%Y") for d in self.dates_limites)


@dataclass(frozen=True)
class Candidats:
    """Who may apply: legal forms and implantations of the tiers-lieu (empty: all)."""

    formes_juridiques: tuple[str, ...] = ()
    implantations: tuple[str, ...] = ()
    texte: str = ""

    def admet(self, tiers_lieu) -> bool:
        return (not self.formes_juridiques or tiers_lieu.forme_juridique in self.formes_juridiques) and (
            not self.implantations or tiers_lieu.implantation in self.implantations
        )


@dataclass(frozen=True)
class Definition:
    """One version of a call, as the code reads it."""

    slug: str
    nom: str
    description: str
    candidats: Candidats
    calendrier: Calendrier
    note_min: int
    note_max: int
    criteres: tuple[Critere, ...]
    regles: ReglesFinancieres
    bonus_libelle: str = ""
    objectifs: dict = field(default_factory=dict)
    enveloppes: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)
    sections: tuple[Section, ...] = ()

    @property
    def poids(self) -> dict[str, int]:
        return {c.code: c.poids for c in self.criteres}

    def document(self, cle: str, **valeurs) -> str:
        """A wording of the call's documents (``[documents]``), with ``{numero}``-like values filled in."""
        return self.documents.get(cle, "").format(**valeurs)


# --- Errors with their line --------------------------------------------------------------------


@dataclass(frozen=True)
class Probleme:
    ligne: int | None
    champ: str
    message: str

    def __str__(self):
        return f"{'ligne ' + str(self.ligne) if self.ligne else 'fichier'}, « {self.champ} » : {self.message}"


class FichierInvalide(ValueError):
    """The file cannot be loaded; ``problemes`` lists each one with its line and field."""

    def __init__(self, problemes: list[Probleme]):
        self.problemes = problemes
        super().__init__("\n".join(str(p) for p in problemes))


_ENTETE = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?\s*(#.*)?$")
_CLE = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def _lignes_des_champs(texte: str) -> dict[str, int]:
    """Map each field's path (« sections[2].champs[0].libelle ») to its line, for the error messages.

    A small reader of the TOML lines the format uses (tables, arrays of tables, ``key = value``);
    a field it cannot place is reported on its table's line."""
    lignes: dict[str, int] = {}
    compteurs: dict[str, int] = {}
    chemins: dict[str, str] = {}  # table name as written → its indexed path
    courant = ""
    for numero, ligne in enumerate(texte.splitlines(), start=1):
        if entete := _ENTETE.match(ligne):
            double, nom = entete.group(1) == "[[", entete.group(2)
            parent, _, feuille = nom.rpartition(".")
            base = f"{chemins.get(parent, parent)}.{feuille}" if parent else feuille
            if double:
                compteurs[base] = compteurs.get(base, -1) + 1
                courant = f"{base}[{compteurs[base]}]"
            else:
                courant = base
            chemins[nom] = courant
            lignes.setdefault(courant, numero)
        elif cle := _CLE.match(ligne):
            lignes.setdefault(f"{courant}.{cle.group(1)}" if courant else cle.group(1), numero)
    return lignes


class _Lecteur:
    """Reads the parsed TOML and collects every problem with its line."""

    def __init__(self, texte: str):
        self.lignes = _lignes_des_champs(texte)
        self.problemes: list[Probleme] = []

    def ligne(self, chemin: str) -> int | None:
        while chemin:
            if chemin in self.lignes:
                return self.lignes[chemin]
            chemin = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", chemin) if re.search(r"(\.[^.\[\]]+|\[\d+\])$", chemin) else ""
        return None

    def erreur(self, chemin: str, message: str):
        self.problemes.append(Probleme(self.ligne(chemin), chemin, message))

    # Typed reads: the value, or None after noting the problem.
    def texte(self, donnees: dict, cle: str, chemin: str, *, obligatoire=True, defaut=""):
        valeur = donnees.get(cle)
        if valeur is None:
            if obligatoire:
                self.erreur(f"{chemin}{cle}", "champ obligatoire manquant.")
            return defaut
        if not isinstance(valeur, str) or (obligatoire and not valeur.strip()):
            self.erreur(f"{chemin}{cle}", "un texte non vide est attendu, entre guillemets.")
            return defaut
        return valeur.strip()

    def entier(self, donnees: dict, cle: str, chemin: str, *, defaut=None, minimum=None, maximum=None):
        valeur = donnees.get(cle, defaut)
        if valeur is None:
            self.erreur(f"{chemin}{cle}", "champ obligatoire manquant.")
            return None
        if isinstance(valeur, bool) or not isinstance(valeur, int):
            self.erreur(f"{chemin}{cle}", f"un nombre entier est attendu (lu : {valeur!r}).")
            return None
        if (minimum is not None and valeur < minimum) or (maximum is not None and valeur > maximum):
            borne = f"entre {minimum} et {maximum}" if maximum is not None else f"au moins {minimum}"
            self.erreur(f"{chemin}{cle}", f"{valeur} n'est pas admis : {borne}.")
            return None
        return valeur

    def montant(self, donnees: dict, cle: str, chemin: str, *, obligatoire=True):
        valeur = donnees.get(cle)
        if valeur is None:
            if obligatoire:
                self.erreur(f"{chemin}{cle}", "montant obligatoire manquant (en euros, par exemple 50000).")
            return None
        try:
            if isinstance(valeur, bool) or not isinstance(valeur, (int, float, str)):
                raise InvalidOperation
            montant = Decimal(repr(valeur) if isinstance(valeur, float) else str(valeur))
        except InvalidOperation:
            self.erreur(f"{chemin}{cle}", f"un montant en euros est attendu (lu : {valeur!r}).")
            return None
        if not montant.is_finite() or montant < 0 or montant != montant.quantize(Decimal("0.01")) or montant.adjusted() >= 10:
            self.erreur(f"{chemin}{cle}", f"{valeur} n'est pas un montant admis (positif, au centime, moins de 10 milliards).")
            return None
        return montant.quantize(Decimal("0.01"))

    def liste_de(self, donnees: dict, cle: str, chemin: str, admis: tuple[str, ...]) -> tuple[str, ...]:
        valeur = donnees.get(cle, [])
        if not isinstance(valeur, list) or not all(isinstance(v, str) for v in valeur):
            self.erreur(f"{chemin}{cle}", 'une liste de textes est attendue, par exemple ["association"].')
            return ()
        for v in valeur:
            if v not in admis:
                self.erreur(f"{chemin}{cle}", f"« {v} » est inconnu ; valeurs admises : {', '.join(admis)}.")
        return tuple(v for v in valeur if v in admis)

    def table(self, donnees: dict, cle: str, *, obligatoire=True) -> dict:
        valeur = donnees.get(cle)
        if valeur is None:
            if obligatoire:
                self.erreur(cle, f"la table [{cle}] manque.")
            return {}
        if not isinstance(valeur, dict):
            self.erreur(cle, f"[{cle}] doit être une table.")
            return {}
        return valeur

    def inconnus(self, donnees: dict, admis: set[str], chemin: str):
        for cle in donnees:
            if cle not in admis:
                self.erreur(f"{chemin}{cle}", f"champ inconnu ; champs admis ici : {', '.join(sorted(admis))}.")


# --- Reading a file ----------------------------------------------------------------------------


def lire(texte: str) -> Definition:
    """Return the definition written in ``texte`` (a call's TOML file), or raise ``FichierInvalide``."""
    try:
        donnees = tomllib.loads(texte)
    except tomllib.TOMLDecodeError as erreur:
        ligne = re.search(r"line (\d+)", str(erreur))
        raise FichierInvalide(
            [Probleme(int(ligne.group(1)) if ligne else None, "syntaxe", f"le fichier n'est pas du TOML valide ({erreur}).")]
        ) from None
    lecteur = _Lecteur(texte)
    lecteur.inconnus(
        donnees,
        {
            "format",
            "slug",
            "nom",
            "description",
            "candidats",
            "calendrier",
            "grille",
            "criteres",
            "montants",
            "objectifs",
            "enveloppes",
            "documents",
            "sections",
        },
        "",
    )
    if donnees.get("format") != FORMAT:
        lecteur.erreur("format", f"indiquez « format = {FORMAT} » (version du format de fichier d'appel).")
    slug = lecteur.texte(donnees, "slug", "")
    if slug and not re.fullmatch(r"[a-z0-9][a-z0-9\-]{0,79}", slug):
        lecteur.erreur("slug", f"« {slug} » : lettres minuscules sans accent, chiffres et tirets seulement.")
    nom = lecteur.texte(donnees, "nom", "")
    description = lecteur.texte(donnees, "description", "", obligatoire=False)

    candidats = _candidats(lecteur, lecteur.table(donnees, "candidats"))
    calendrier = _calendrier(lecteur, lecteur.table(donnees, "calendrier"))
    grille = lecteur.table(donnees, "grille")
    lecteur.inconnus(grille, {"note_min", "note_max"}, "grille.")
    note_min = lecteur.entier(grille, "note_min", "grille.", minimum=0, maximum=100)
    note_max = lecteur.entier(grille, "note_max", "grille.", minimum=1, maximum=100)
    if note_min is not None and note_max is not None and note_min >= note_max:
        lecteur.erreur("grille.note_max", f"la note maximale ({note_max}) doit dépasser la note minimale ({note_min}).")
    criteres = _criteres(lecteur, donnees.get("criteres"))
    regles, bonus_libelle = _montants(lecteur, lecteur.table(donnees, "montants"))
    table_objectifs = lecteur.table(donnees, "objectifs", obligatoire=False)
    lecteur.inconnus(table_objectifs, set(OBJECTIFS), "objectifs.")
    objectifs = _entiers(lecteur, {k: v for k, v in table_objectifs.items() if k in OBJECTIFS}, "objectifs")
    table_enveloppes = lecteur.table(donnees, "enveloppes", obligatoire=False)
    lecteur.inconnus(table_enveloppes, set(ENVELOPPES), "enveloppes.")
    enveloppes = _montants_nommes(lecteur, {k: v for k, v in table_enveloppes.items() if k in ENVELOPPES}, "enveloppes")
    documents = _textes(lecteur, lecteur.table(donnees, "documents", obligatoire=False), "documents")
    sections = _sections(lecteur, donnees.get("sections"), regles)

    if lecteur.problemes:
        raise FichierInvalide(lecteur.problemes)
    return Definition(
        slug=slug,
        nom=nom,
        description=description,
        candidats=candidats,
        calendrier=calendrier,
        note_min=note_min,
        note_max=note_max,
        criteres=criteres,
        regles=regles,
        bonus_libelle=bonus_libelle,
        objectifs=objectifs,
        enveloppes=enveloppes,
        documents=documents,
        sections=sections,
    )


def _candidats(lecteur: _Lecteur, table: dict) -> Candidats:
    lecteur.inconnus(table, {"formes_juridiques", "implantations", "texte"}, "candidats.")
    return Candidats(
        formes_juridiques=lecteur.liste_de(table, "formes_juridiques", "candidats.", tuple(FormeJuridique.values)),
        implantations=lecteur.liste_de(table, "implantations", "candidats.", tuple(Implantation.values)),
        texte=lecteur.texte(table, "texte", "candidats.", obligatoire=False),
    )


def _calendrier(lecteur: _Lecteur, table: dict) -> Calendrier:
    lecteur.inconnus(table, {"echeances_annuelles", "dates_limites", "ouverture"}, "calendrier.")
    echeances, dates = table.get("echeances_annuelles"), table.get("dates_limites")
    if (echeances is None) == (dates is None):
        lecteur.erreur(
            "calendrier",
            'indiquez soit « echeances_annuelles » (par exemple ["30/03", "30/09"]), '
            "soit « dates_limites » (par exemple [2019-10-15]), l'un des deux.",
        )
        return Calendrier()
    if echeances is not None:
        lues = []
        if not isinstance(echeances, list) or not echeances:
            lecteur.erreur("calendrier.echeances_annuelles", 'une liste de jours « JJ/MM » est attendue, par exemple ["30/03", "30/09"].')
            return Calendrier()
        for valeur in echeances:
            jour_mois = _JOUR_MOIS.fullmatch(valeur) if isinstance(valeur, str) else None
            try:
                dt.date(2023, int(jour_mois.group(2)), int(jour_mois.group(1)))  # a year without 29/02
                lues.append((int(jour_mois.group(1)), int(jour_mois.group(2))))
            except (AttributeError, ValueError):
                lecteur.erreur("calendrier.echeances_annuelles", f"« {valeur} » n'est pas un jour de l'année écrit JJ/MM (29/02 exclu).")
        if lues != sorted(lues, key=lambda jm: (jm[1], jm[0])) or len(set(lues)) != len(lues):
            lecteur.erreur("calendrier.echeances_annuelles", "les échéances se suivent dans l'année, sans doublon.")
        return Calendrier(echeances_annuelles=tuple(lues))
    if not isinstance(dates, list) or not dates or not all(type(d) is dt.date for d in dates):
        lecteur.erreur(
            "calendrier.dates_limites", "une liste de dates est attendue, écrites AAAA-MM-JJ sans guillemets, par exemple [2019-10-15]."
        )
        return Calendrier()
    if dates != sorted(set(dates)):
        lecteur.erreur("calendrier.dates_limites", "les dates limites se suivent, sans doublon.")
    ouverture = table.get("ouverture")
    if ouverture is not None and (type(ouverture) is not dt.date or ouverture > dates[0]):
        lecteur.erreur("calendrier.ouverture", "une date AAAA-MM-JJ, au plus tard la première date limite, est attendue.")
        ouverture = None
    return Calendrier(dates_limites=tuple(dates), ouverture=ouverture)


def _criteres(lecteur: _Lecteur, liste) -> tuple[Critere, ...]:
    if not isinstance(liste, list) or not liste:
        lecteur.erreur("criteres", "au moins un critère [[criteres]] (code, libelle, poids) est attendu.")
        return ()
    criteres, vus = [], set()
    for rang, table in enumerate(liste):
        chemin = f"criteres[{rang}]."
        lecteur.inconnus(table, {"code", "libelle", "poids"}, chemin)
        code = lecteur.texte(table, "code", chemin)
        if code and not _CODE.fullmatch(code):
            lecteur.erreur(f"{chemin}code", f"« {code} » : lettres minuscules sans accent, chiffres et « _ », 30 au plus.")
        elif code in vus:
            lecteur.erreur(f"{chemin}code", f"le critère « {code} » est déjà décrit plus haut.")
        vus.add(code)
        libelle = lecteur.texte(table, "libelle", chemin)
        poids = lecteur.entier(table, "poids", chemin, defaut=1, minimum=1, maximum=100)
        criteres.append(Critere(code, libelle, poids or 1))
    return tuple(criteres)


def _montants(lecteur: _Lecteur, table: dict) -> tuple[ReglesFinancieres, str]:
    chemin = "montants."
    lecteur.inconnus(table, {"nature", "annees", "plafond_annuel", "total_minimum", "total_maximum", "bonus"}, chemin)
    nature = table.get("nature", "fonctionnement")
    if nature not in NATURES:
        lecteur.erreur(f"{chemin}nature", f"« {nature} » est inconnu ; valeurs admises : {', '.join(NATURES)}.")
    annees = lecteur.entier(table, "annees", chemin, minimum=1, maximum=NOMBRE_ANNEES)
    plafond = lecteur.montant(table, "plafond_annuel", chemin)
    minimum = lecteur.montant(table, "total_minimum", chemin)
    maximum = lecteur.montant(table, "total_maximum", chemin)
    if None not in (minimum, maximum) and minimum > maximum:
        lecteur.erreur(f"{chemin}total_maximum", f"le total maximum ({maximum} €) est inférieur au total minimum ({minimum} €).")
    if None not in (annees, plafond, minimum) and annees * plafond < minimum:
        lecteur.erreur(f"{chemin}total_minimum", f"{annees} année(s) à {plafond} € au plus n'atteignent jamais le minimum de {minimum} €.")
    bonus_maximum, bonus_qpv, libelle = None, True, ""
    if "bonus" in table:
        bonus = table["bonus"] if isinstance(table["bonus"], dict) else {}
        cb = f"{chemin}bonus."
        lecteur.inconnus(bonus, {"maximum", "eligibilite", "libelle"}, cb)
        bonus_maximum = lecteur.montant(bonus, "maximum", cb)
        eligibilite = bonus.get("eligibilite", "qpv_ou_proximite")
        if eligibilite not in ELIGIBILITES_BONUS:
            lecteur.erreur(f"{cb}eligibilite", f"« {eligibilite} » est inconnu ; valeurs admises : {', '.join(ELIGIBILITES_BONUS)}.")
        bonus_qpv = eligibilite == "qpv_ou_proximite"
        libelle = lecteur.texte(bonus, "libelle", cb)
    regles = ReglesFinancieres(
        annees=annees or 1,
        plafond_annuel=plafond or Decimal("0.00"),
        total_minimum=minimum or Decimal("0.00"),
        total_maximum=maximum or Decimal("0.00"),
        bonus_maximum=bonus_maximum,
        bonus_qpv=bonus_qpv,
        nature=nature if nature in NATURES else "fonctionnement",
    )
    return regles, libelle


def _entiers(lecteur: _Lecteur, table: dict, nom: str) -> dict:
    return {cle: v for cle in table if (v := lecteur.entier(table, cle, f"{nom}.", minimum=0)) is not None}


def _montants_nommes(lecteur: _Lecteur, table: dict, nom: str) -> dict:
    return {cle: str(v) for cle in table if (v := lecteur.montant(table, cle, f"{nom}.")) is not None}


def _textes(lecteur: _Lecteur, table: dict, nom: str) -> dict:
    return {cle: v for cle in table if (v := lecteur.texte(table, cle, f"{nom}."))}


_CHAMPS_DE_SECTION = {"code", "titre", "aide", "controle", "champs"}
_CHAMPS_DE_CHAMP = {"code", "libelle", "type", "longueur_max", "obligatoire", "identifiant", "aide", "lignes", "choix", "colonne"}
_COLONNES = {f"montant_annee_{a}" for a in range(1, NOMBRE_ANNEES + 1)} | {"bonus_numerique"}
CONTROLES = ("", "roles", "budget", "montants", "pieces")


def _sections(lecteur: _Lecteur, liste, regles: ReglesFinancieres) -> tuple[Section, ...]:
    if not isinstance(liste, list) or not liste:
        lecteur.erreur("sections", "au moins une section [[sections]] (code, titre, champs) est attendue.")
        return ()
    propres, vus = [], set()
    for rang, section in enumerate(liste):
        chemin = f"sections[{rang}]."
        lecteur.inconnus(section, _CHAMPS_DE_SECTION, chemin)
        code = lecteur.texte(section, "code", chemin)
        if code in vus:
            lecteur.erreur(f"{chemin}code", f"la section « {code} » est déjà décrite plus haut.")
        vus.add(code)
        lecteur.texte(section, "titre", chemin)
        if section.get("controle", "") not in CONTROLES:
            lecteur.erreur(
                f"{chemin}controle",
                f"« {section.get('controle')} » est inconnu ; valeurs admises : {', '.join(c for c in CONTROLES if c)}.",
            )
        champs, codes = [], set()
        for position, champ in enumerate(section.get("champs", [])):
            cc = f"{chemin}champs[{position}]."
            lecteur.inconnus(champ, _CHAMPS_DE_CHAMP, cc)
            code_champ = lecteur.texte(champ, "code", cc)
            if code_champ in codes:
                lecteur.erreur(f"{cc}code", f"le champ « {code_champ} » est déjà dans cette section.")
            codes.add(code_champ)
            lecteur.texte(champ, "libelle", cc)
            if champ.get("type", "texte") not in TYPES_DE_CHAMP:
                lecteur.erreur(f"{cc}type", f"« {champ.get('type')} » est inconnu ; valeurs admises : {', '.join(TYPES_DE_CHAMP)}.")
            for booleen in ("obligatoire", "identifiant", "colonne"):
                if booleen in champ and not isinstance(champ[booleen], bool):
                    lecteur.erreur(f"{cc}{booleen}", "true ou false est attendu.")
            for entier in ("longueur_max", "lignes"):
                if entier in champ:
                    lecteur.entier(champ, entier, cc, minimum=1, maximum=100_000)
            if champ.get("colonne") and code_champ not in _COLONNES:
                lecteur.erreur(f"{cc}colonne", f"seuls {', '.join(sorted(_COLONNES))} sont des colonnes du dossier.")
            if code_champ.startswith("montant_annee_") and champ.get("colonne"):
                if int(code_champ.rpartition("_")[2]) > regles.annees:
                    lecteur.erreur(f"{cc}code", f"l'appel compte {regles.annees} année(s) ([montants] annees) : pas de {code_champ}.")
            if code_champ == "bonus_numerique" and champ.get("colonne") and not regles.a_un_bonus:
                lecteur.erreur(f"{cc}code", "l'appel ne prévoit pas de bonus ([montants.bonus]) : retirez ce champ.")
            choix = champ.get("choix", [])
            if not isinstance(choix, list) or not all(
                isinstance(c, list) and len(c) == 2 and all(isinstance(x, str) for x in c) for c in choix
            ):
                lecteur.erreur(f"{cc}choix", 'une liste de paires ["valeur", "libellé"] est attendue.')
            champs.append(champ)
        propres.append({**section, "champs": champs})
    if lecteur.problemes:
        return ()
    try:
        return tuple(sections_depuis_donnees(propres))
    except (TypeError, ValueError) as erreur:
        lecteur.erreur("sections", str(erreur))
        return ()


# --- The JSON kept with a version ------------------------------------------------------------------


def en_donnees(definition: Definition) -> dict:
    """The definition as plain JSON (amounts and dates as strings), as stored in ``VersionAppel.definition``."""
    donnees = asdict(definition)
    regles = donnees["regles"]
    for cle in ("plafond_annuel", "total_minimum", "total_maximum", "bonus_maximum"):
        regles[cle] = None if regles[cle] is None else str(regles[cle])
    calendrier = donnees["calendrier"]
    calendrier["dates_limites"] = [d.isoformat() for d in definition.calendrier.dates_limites]
    calendrier["ouverture"] = definition.calendrier.ouverture.isoformat() if definition.calendrier.ouverture else None
    return donnees


def depuis_donnees(donnees: dict) -> Definition:
    """The definition stored by ``en_donnees``."""
    r = donnees["regles"]
    regles = ReglesFinancieres(
        annees=r["annees"],
        plafond_annuel=Decimal(r["plafond_annuel"]),
        total_minimum=Decimal(r["total_minimum"]),
        total_maximum=Decimal(r["total_maximum"]),
        bonus_maximum=Decimal(r["bonus_maximum"]) if r["bonus_maximum"] else None,
        bonus_qpv=r["bonus_qpv"],
        nature=r["nature"],
    )
    c = donnees["calendrier"]
    calendrier = Calendrier(
        echeances_annuelles=tuple(tuple(jm) for jm in c["echeances_annuelles"]),
        dates_limites=tuple(dt.date.fromisoformat(d) for d in c["dates_limites"]),
        ouverture=dt.date.fromisoformat(c["ouverture"]) if c["ouverture"] else None,
    )
    k = donnees["candidats"]
    sections = [
        {**s, "champs": [{**ch, "choix": [list(x) for x in ch.get("choix", ())]} for ch in s["champs"]]} for s in donnees["sections"]
    ]
    return Definition(
        slug=donnees["slug"],
        nom=donnees["nom"],
        description=donnees["description"],
        candidats=Candidats(tuple(k["formes_juridiques"]), tuple(k["implantations"]), k["texte"]),
        calendrier=calendrier,
        note_min=donnees["note_min"],
        note_max=donnees["note_max"],
        criteres=tuple(Critere(**x) for x in donnees["criteres"]),
        regles=regles,
        bonus_libelle=donnees["bonus_libelle"],
        objectifs=donnees["objectifs"],
        enveloppes=donnees["enveloppes"],
        documents=donnees["documents"],
        sections=tuple(sections_depuis_donnees(sections)),
    )
