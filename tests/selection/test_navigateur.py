"""In Chromium: the administrateur asks for a proposal from the committee page, reads the reasons,
applies it as provisional decisions, then changes one decision. Each page passes axe-core, and the
proposal reads at 375 px without the page scrolling sideways."""

import pytest

from candidatures.models import Decision, Dossier
from tests.candidatures import factories_instruction as fi
from tests.conftest import MOT_DE_PASSE
from tests.navigateur import capturer, connecter, verifier_accessibilite

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_proposer_lire_appliquer_puis_changer_une_decision(page, live_server, administrateur):
    base = live_server.url
    vague = fi.vague(numero=8)
    dossiers = []
    for score, region in ((90, "84"), (85, "84"), (80, "84"), (65, "53"), (50, "84")):
        d = fi.dossier(vague, code_region=region)
        Dossier.objects.filter(pk=d.pk).update(score=score, nb_evaluations=2, nb_attendues=2)
        dossiers.append(d)
    a, b, c, bretagne, faible = dossiers

    connecter(page, base, administrateur.email, MOT_DE_PASSE)
    page.goto(f"{base}/candidatures/comite/vagues/{vague.pk}/")
    page.click("text=Proposer une sélection")
    page.wait_for_load_state()
    verifier_accessibilite(page)
    # The committee's own envelope for this wave, no share of the targets.
    page.fill("#id_enveloppe_fonctionnement", "400 000")
    page.fill("#id_part_objectifs", "0")
    page.click("text=Calculer la proposition")
    page.wait_for_load_state()
    ligne_bretagne = page.locator(f"#proposition-{bretagne.pk}")
    assert "Retenu pour couvrir la région Bretagne" in ligne_bretagne.inner_text()
    assert "Écarté : l'enveloppe restante ne permet pas 120" in page.locator(f"#proposition-{c.pk}").inner_text()
    assert "Écarté : note inférieure au minimum de 60/100" in page.locator(f"#proposition-{faible.pk}").inner_text()
    assert "permettraient de retenir aussi" in page.inner_text("#limites + ul")
    verifier_accessibilite(page)
    capturer(page, "administrateur-proposition")

    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    verifier_accessibilite(page)
    capturer(page, "administrateur-proposition-mobile")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.click("text=Appliquer comme décisions provisoires")
    page.wait_for_load_state()
    assert "Proposition appliquée : 3 dossiers retenus, 2 non retenus" in page.inner_text("#messages")
    assert set(Decision.objects.filter(vague=vague, resultat="retenu").values_list("dossier_id", flat=True)) == {a.pk, b.pk, bretagne.pk}
    verifier_accessibilite(page)

    # The committee overrules one: the third dossier is retained after all.
    page.locator(f"#dossier-{c.pk}").get_by_role("link", name="Modifier").click()
    page.wait_for_load_state()
    assert page.input_value("#id_motivation").startswith("Non retenu par le comité de sélection : l'enveloppe restante")
    page.click("label[for=id_resultat_0]")
    page.click("text=Enregistrer la décision provisoire")
    page.wait_for_load_state()
    assert Decision.objects.get(dossier=c, vague=vague).resultat == "retenu"
    assert "Décision provisoire enregistrée" in page.inner_text("#messages")
