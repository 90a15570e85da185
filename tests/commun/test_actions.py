"""Every audited action the code writes (services, commands, demo) is in the one list, with a
French label; the applicant's timeline and the journal page read names from that list."""

import re
from pathlib import Path

from candidatures.selectors.porteur import LIBELLES_EVENEMENTS
from commun import journal_lisible
from commun.actions import ACTIONS
from financement.models import HistoriqueSubvention, Versement

RACINE = Path(__file__).resolve().parents[2]
APPS = ("appels", "candidatures", "commun", "comptes", "fabriques", "financement", "portail", "selection")

LITTERAL = re.compile(r'action\s*=\s*"([a-z_]+(?:\.[a-z_]+)+)"')
CONDITIONNEL = re.compile(r'action\s*=\s*"([a-z_.]+)"\s+if\s+[^"]+\s+else\s+"([a-z_.]+)"')
FAMILLE = re.compile(r'action\s*=\s*f"([a-z_]+)\.\{(\w+)\}"')
# The families written with an f-string, and the values they take: every payment status; the
# grant's history actions that go with a change of status (``_changer_statut``).
_SUBVENTIONS = (RACINE / "financement" / "services" / "subventions.py").read_text(encoding="utf-8")
FAMILLES = {
    "versement": Versement.Statut.values,
    "subvention": [
        getattr(HistoriqueSubvention.Action, nom).value
        for nom in re.findall(r"_changer_statut\([^)]*?action=HistoriqueSubvention\.Action\.(\w+)", _SUBVENTIONS)
    ],
}
# The set-based journal of a wave's closing writes its action as an SQL parameter.
EN_SQL = re.compile(r'acteur_id,\s*"([a-z_]+\.[a-z_]+)"')


def _sources():
    for app in APPS:
        for chemin in sorted((RACINE / app).rglob("*.py")):
            if "migrations" not in chemin.parts:
                yield chemin, chemin.read_text(encoding="utf-8")


def actions_ecrites() -> dict[str, str]:
    trouvees = {}
    for chemin, texte in _sources():
        lieu = str(chemin.relative_to(RACINE))
        for code in LITTERAL.findall(texte) + EN_SQL.findall(texte):
            trouvees[code] = lieu
        for paire in CONDITIONNEL.findall(texte):
            trouvees.update(dict.fromkeys(paire, lieu))
        for famille, _variable in FAMILLE.findall(texte):
            trouvees.update({f"{famille}.{valeur}": lieu for valeur in FAMILLES[famille]})
    return trouvees


def test_chaque_action_journalisee_est_dans_la_liste():
    trouvees = actions_ecrites()
    assert len(trouvees) > 60  # the search does find the actions
    assert "dossier.depose" in trouvees and "versement.verse" in trouvees and "dossier.en_instruction" in trouvees
    absentes = {code: lieu for code, lieu in trouvees.items() if code not in ACTIONS}
    assert not absentes, f"Actions journalisées absentes de commun/actions.py : {absentes}"


def test_chaque_action_a_un_libelle_francais():
    assert all(libelle.strip() and libelle[0].isupper() for libelle in ACTIONS.values())
    assert journal_lisible.ACTIONS is ACTIONS


def test_la_chronologie_du_porteur_lit_des_actions_de_la_liste():
    assert set(LIBELLES_EVENEMENTS) <= set(ACTIONS)


def test_la_demo_ecrit_les_memes_noms_que_les_services():
    demo = "".join(texte for chemin, texte in _sources() if chemin.name.startswith("demo") or "demo" in chemin.parts)
    ecrites = set(LITTERAL.findall(demo))
    assert "dossier.depose" in ecrites
    assert ecrites <= set(ACTIONS)
    assert not [code for code in ecrites if code.startswith("candidatures.")]
