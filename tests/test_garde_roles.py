"""Guard: who may do what is decided by the access policy only. A role test (``est_administrateur``,
``est_instructeur``, ``est_porteur``, ``a_role(``, ``groups__name``, ``Role.X`` in a condition…)
outside the rules modules fails this test: ask ``peut`` / ``exiger`` / ``verifier`` / ``filtrer``, or
``{% peut %}`` in a template, and declare the rule in the app's ``regles.py``."""

import re
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
IGNORES = {".venv", "node_modules", "tests", "migrations", "static", "docs", "var", "__pycache__", ".git"}

# The project's idioms for a role test.
IDIOMES = re.compile(
    r"\best_(administrateur|instructeur|porteur)\b"
    r"|\ba_role\("
    r"|\bhas_role\b"
    r"|\brole_principal\b"
    r"|\bgroups__name\b"
    r"|\bgroups\.(filter|all|values_list)\b"
    r"|\buser\.roles\b|\brequest\.user\.roles\b"
    r"|\bRole\.(PORTEUR|INSTRUCTEUR|ADMINISTRATEUR)\b"
    r"|\bGROUPES\["
)

# Where role tests belong: the rules and the definition of the roles.
MODULES_DES_REGLES = re.compile(r"(^|/)regles([a-z_]*|/[a-z_]+)\.py$|^commun/politique\.py$|^comptes/roles\.py$|^comptes/models\.py$")

# Places that give or describe roles without deciding access with them (each with its reason).
EXCEPTIONS = {
    "comptes/services.py": "gives roles (invitation accepted, roles_modifier): the writer of roles",
    "comptes/adapters.py": "gives the porteur role to a person who signs up",
    "comptes/admin.py": "the choices of the roles field, saved by services.roles_modifier",
    "comptes/notifications.py": "which optional e-mails each role receives: a preference, not an access",
    "templates/comptes/mon_compte.html": "shows the person their own roles",
    "comptes/api.py": "« moi » tells the person their own roles",
    "portail/rgpd.py": "the personal-data export lists the person's roles",
    "comptes/demo.py": "demo data: creates the demo accounts with their roles",
    "candidatures/demo/": "demo data",
    "selection/demo/": "demo data",
    "financement/demo.py": "demo data",
    "fabriques/demo.py": "demo data",
    "commun/chargement_demo.py": "demo data",
    "bench/": "load-test data generation",
    "scripts/": "one-off scripts",
}


def _fichiers():
    for chemin in RACINE.rglob("*"):
        if chemin.suffix not in {".py", ".html"} or IGNORES & set(chemin.relative_to(RACINE).parts):
            continue
        yield chemin, chemin.relative_to(RACINE).as_posix()


def _permis(relatif: str) -> bool:
    return bool(MODULES_DES_REGLES.search(relatif)) or any(relatif == e or (e.endswith("/") and relatif.startswith(e)) for e in EXCEPTIONS)


def test_aucun_test_de_role_hors_des_regles():
    trouves = []
    for chemin, relatif in _fichiers():
        if _permis(relatif):
            continue
        for numero, ligne in enumerate(chemin.read_text(encoding="utf-8").splitlines(), 1):
            if IDIOMES.search(ligne):
                trouves.append(f"{relatif}:{numero}: {ligne.strip()}")
    assert trouves == [], "Tests de rôle hors de la politique d'accès :\n" + "\n".join(trouves)


def test_la_garde_voit_un_test_de_role():
    """The guard is not blind: the idioms match the forms the code used before the policy layer."""
    for ligne in (
        "if request.user.est_administrateur:",
        "{% if request.user.est_instructeur %}",
        "User.objects.filter(groups__name=GROUPES[Role.INSTRUCTEUR])",
        'if par.a_role("porteur"):',
    ):
        assert IDIOMES.search(ligne), ligne
    assert not _permis("candidatures/views/instruction.py") and not _permis("templates/base.html")
    assert _permis("candidatures/regles/instruction.py") and _permis("commun/politique.py")


def test_les_exceptions_existent():
    """An exception names a file that exists (a removed file leaves no blind spot behind)."""
    for chemin in EXCEPTIONS:
        assert (RACINE / chemin).exists(), chemin
