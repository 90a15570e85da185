"""Helpers for browser tests: an axe-core audit, keyboard checks and screenshots for the README."""

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

CAPTURES = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
_axe = Axe()


def violations_graves(page) -> list[str]:
    """Return the axe-core violations of impact serious or critical on the current page."""
    resultats = _axe.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in resultats.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def verifier_accessibilite(page) -> None:
    graves = violations_graves(page)
    assert not graves, f"{page.url} : " + "\n".join(graves)


def contenu_au_dessus_du_pied_de_page(page) -> list[str]:
    """Return the visible elements of <main> that reach into the footer (empty: the layout holds).
    (A closed <details> still lays its content out: checkVisibility() leaves it aside.)"""
    return page.evaluate("""() => {
      const pied = document.querySelector('footer').getBoundingClientRect().top + window.scrollY;
      return [...document.querySelectorAll('main *')]
        .filter(e => e.checkVisibility() && e.getBoundingClientRect().height > 0
                  && e.getBoundingClientRect().bottom + window.scrollY > pied + 1)
        .slice(0, 5).map(e => `${e.tagName}#${e.id}.${e.className} (bas ${Math.round(e.getBoundingClientRect().bottom + window.scrollY)} > pied ${Math.round(pied)})`);
    }""")


def capturer(page, nom: str) -> None:
    """Keep a screenshot of the page in docs/screenshots/ (shown in the README), once checked that
    nothing of the page runs over its footer."""
    debordements = contenu_au_dessus_du_pied_de_page(page)
    assert not debordements, f"{page.url} : {debordements}"
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / f"{nom}.png"), full_page=True)


def connecter(page, base_url: str, email: str, mot_de_passe: str) -> None:
    page.goto(f"{base_url}/compte/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(mot_de_passe)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_load_state()
