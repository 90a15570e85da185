"""The apps form one-way stairs: an app imports only the apps below it.

    commun ← comptes ← fabriques ← appels ← candidatures ← financement ← selection ← portail

Every module of every app is read with ``ast`` (imports at module level and inside functions). An
import going up the stairs fails the test, naming the file, the line and the import, unless it is
made inside a function and the line, or the line above, says why with ``# import différé : <why>``
(e.g. a Celery task, a signal); those stay few. ``config/`` and ``tests/`` sit above every app and
are not checked. An app of the list that does not exist (yet) is skipped.
"""

import ast
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
ESCALIER = ["commun", "comptes", "fabriques", "appels", "candidatures", "financement", "selection", "portail"]
RANG = {app: rang for rang, app in enumerate(ESCALIER)}
JUSTIFICATION = "# import différé :"


def _modules(app: str):
    dossier = RACINE / app
    if not dossier.is_dir():
        return []
    return sorted(p for p in dossier.rglob("*.py") if "migrations" not in p.relative_to(dossier).parts)


def _imports(arbre: ast.AST):
    """Yield (node, imported module, inside a function) for every absolute import of the module."""

    def visiter(noeud, dans_fonction: bool):
        for enfant in ast.iter_child_nodes(noeud):
            if isinstance(enfant, ast.Import):
                for alias in enfant.names:
                    yield enfant, alias.name, dans_fonction
            elif isinstance(enfant, ast.ImportFrom) and enfant.level == 0 and enfant.module:
                yield enfant, enfant.module, dans_fonction
            yield from visiter(enfant, dans_fonction or isinstance(enfant, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    yield from visiter(arbre, False)


def _justifie(lignes: list[str], numero: int) -> bool:
    """True when the import's line or the line above carries the « import différé » reason."""
    candidates = [lignes[numero - 1]] + ([lignes[numero - 2]] if numero >= 2 else [])
    for ligne in candidates:
        if JUSTIFICATION in ligne and ligne.split(JUSTIFICATION, 1)[1].strip():
            return True
    return False


def _violations():
    violations, differes = [], []
    for app in ESCALIER:
        for chemin in _modules(app):
            texte = chemin.read_text(encoding="utf-8")
            lignes = texte.splitlines()
            for noeud, module, dans_fonction in _imports(ast.parse(texte, filename=str(chemin))):
                cible = module.split(".")[0]
                if cible not in RANG or RANG[cible] <= RANG[app]:
                    continue
                endroit = f"{chemin.relative_to(RACINE)}:{noeud.lineno}: {app} importe {module}"
                if dans_fonction and _justifie(lignes, noeud.lineno):
                    differes.append(endroit)
                else:
                    violations.append(endroit + ("" if dans_fonction else " (au niveau du module)"))
    return violations, differes


def test_chaque_app_n_importe_que_les_apps_en_dessous_d_elle():
    violations, _ = _violations()
    assert not violations, (
        "Import vers une app plus haute dans l'escalier "
        + " ← ".join(ESCALIER)
        + " :\n"
        + "\n".join(violations)
        + "\nDéplacer le code là où il appartient ; sinon, dans une fonction, dire pourquoi par « # import différé : … »."
    )


def test_les_imports_differes_sont_peu_nombreux_et_justifies():
    _, differes = _violations()
    assert len(differes) <= 5, "Trop d'imports différés vers le haut :\n" + "\n".join(differes)


def test_l_escalier_lit_bien_les_imports_dans_les_fonctions():
    """The reader sees an import made inside a function, and a reason on the line above."""
    source = "def f():\n    # import différé : Celery\n    from selection.tasks import x\n\ndef g():\n    import portail.views\n"
    trouves = [(module, dedans, _justifie(source.splitlines(), n.lineno)) for n, module, dedans in _imports(ast.parse(source))]
    assert trouves == [("selection.tasks", True, True), ("portail.views", True, False)]
