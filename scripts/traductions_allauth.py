"""Build locale/fr/LC_MESSAGES/django.po: the portal's wording over django-allauth's French.

allauth says « e-mail » where the portal says « courriel », « Création de compte » where a button
says what it does, and « Merci de nous contacter » without saying how. The project's catalogue
(LOCALE_PATHS) comes before allauth's: only the entries changed here are written.

Run again after an upgrade of allauth, then compile with gettext:
`msgfmt -o locale/fr/LC_MESSAGES/django.mo locale/fr/LC_MESSAGES/django.po` — the compiled
catalogue is committed: nothing to install or run at deploy.
"""

import re
import sys
from pathlib import Path

import allauth

SOURCE = Path(allauth.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"
CIBLE = Path(__file__).resolve().parent.parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"
CONTACT = "nouveauxliens@anct.gouv.fr"

# Whole entries the portal words its own way (msgid → msgstr).
ENTREES = {
    "Sign Up": "Créer un compte",
    "Signup": "Créer un compte",
    "Please contact us if you have any trouble resetting your password.": f"Un souci pour changer votre mot de passe ? Écrivez à l'équipe du programme : {CONTACT}.",
}
# Then, in every other entry: « e-mail » becomes « courriel ».
REMPLACEMENTS = [
    (r"Merci de nous contacter", f"Écrivez à l'équipe du programme ({CONTACT})"),
    (r"merci de nous contacter", f"écrivez à l'équipe du programme ({CONTACT})"),
    (r"\b[Aa]dresses e-mail\b", "adresses de courriel"),
    (r"\b([Aa])dresse e-mail\b", r"\1dresse de courriel"),
    (r"\bd'e-mail\b", "de courriel"),
    (r"\bl'e-mail\b", "le courriel"),
    (r"\bL'e-mail\b", "Le courriel"),
    (r"\bcet e-mail\b", "ce courriel"),
    (r"\bCet e-mail\b", "Ce courriel"),
    (r"\bun e-mail\b", "un courriel"),
    (r"\bUn e-mail\b", "Un courriel"),
    (r"\be-mails\b", "courriels"),
    (r"\bE-mails\b", "Courriels"),
    (r"\be-mail\b", "courriel"),
    (r"\bl'email\b", "le courriel"),
    (r"\bcet email\b", "ce courriel"),
    (r"\bun email\b", "un courriel"),
    (r"(?<![(\w])email(?![)\w])", "courriel"),
    (r"\bE-mail\b", "Courriel"),
    (r"\bInscription\b", "Création du compte"),
    (r"\bCréation de compte\b", "Créer un compte"),
]


def _entrees(texte: str):
    """Yield (msgid, msgid_plural or None, [msgstr…]) of a .po file (active entries only)."""
    for bloc in texte.split("\n\n"):
        lignes = [ligne for ligne in bloc.splitlines() if not ligne.startswith("#")]
        if not lignes:
            continue
        champs: dict[str, str] = {}
        courant = None
        for ligne in lignes:
            m = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', ligne)
            if m:
                courant = m.group(1)
                champs[courant] = m.group(2)
            elif ligne.startswith('"') and courant:
                champs[courant] += ligne[1:-1]
        if "msgid" in champs and champs["msgid"] and "msgctxt" not in champs:
            yield champs


def _po(chaine: str) -> str:
    return '"' + chaine + '"'


def main() -> int:
    sortie = [
        "# The portal's wording over django-allauth's French (scripts/traductions_allauth.py).",
        'msgid ""',
        'msgstr ""',
        '"Project-Id-Version: fabriques-de-territoire\\n"',
        '"MIME-Version: 1.0\\n"',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"',
        '"Language: fr\\n"',
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"',
        "",
    ]
    for champs in _entrees(SOURCE.read_text(encoding="utf-8")):
        cles = [c for c in champs if c.startswith("msgstr")]
        nouveaux = {}
        for cle in cles:
            texte = ENTREES.get(champs["msgid"]) if cle == "msgstr" and champs["msgid"] in ENTREES else champs[cle]
            for motif, remplacement in REMPLACEMENTS:
                texte = re.sub(motif, remplacement, texte)
            nouveaux[cle] = texte
        if all(nouveaux[c] == champs[c] for c in cles):
            continue
        sortie.append(f"msgid {_po(champs['msgid'])}")
        if "msgid_plural" in champs:
            sortie.append(f"msgid_plural {_po(champs['msgid_plural'])}")
        sortie += [f"{cle} {_po(nouveaux[cle])}" for cle in cles]
        sortie.append("")
    CIBLE.parent.mkdir(parents=True, exist_ok=True)
    CIBLE.write_text("\n".join(sortie), encoding="utf-8")
    print(f"{CIBLE} : {sum(1 for ligne in sortie if ligne.startswith('msgid '))} entrées")
    return 0


if __name__ == "__main__":
    sys.exit(main())
