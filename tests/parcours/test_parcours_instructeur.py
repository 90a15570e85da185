"""Journey 2, in Chromium: an instructeur logs in, sees the dossiers assigned to them, declares a
conflict of interest, scores a dossier with comments and sees the other reviews only after
submitting theirs. Every page visited passes the axe-core audit."""

import pytest

from candidatures.models import Affectation, ConflitInteret, Evaluation
from tests.candidatures import factories as fc
from tests.candidatures import factories_instruction as fi
from tests.conftest import MOT_DE_PASSE
from tests.navigateur import capturer, connecter, verifier_accessibilite

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_parcours_instructeur(page, live_server):
    base = live_server.url
    iris = fi.instructeur("iris@anct.example.fr", national=True)
    ivan = fi.instructeur("ivan@anct.example.fr", national=True)
    vague = fi.vague(numero=8)
    a_noter = fi.dossier(vague, tl=fc.tiers_lieu(nom="La Cordée des Volcans", siret="88412345600011"))
    en_conflit = fi.dossier(vague, tl=fc.tiers_lieu(nom="Le Moulin Partagé", siret="79512345400006"))
    for dossier in (a_noter, en_conflit):
        fi.affecter(dossier, iris)
        fi.affecter(dossier, ivan)
    fi.evaluer(a_noter, ivan, (2, 2, 3, 2), avis="reserve")

    connecter(page, base, iris.email, MOT_DE_PASSE)
    page.goto(f"{base}/candidatures/instruction/")
    verifier_accessibilite(page)
    liste = page.inner_text("main")
    assert a_noter.numero in liste and en_conflit.numero in liste
    capturer(page, "instructeur-liste")

    # A conflict of interest: the dossier leaves the list and cannot be opened, even by its URL.
    page.goto(f"{base}/candidatures/instruction/conflits/")
    verifier_accessibilite(page)
    page.click("label:has-text('Un tiers-lieu précis')")
    page.select_option("#id_tiers_lieu", label="Le Moulin Partagé")
    page.fill("#id_motif", "Membre du conseil d'administration de l'association.")
    page.click("text=Déclarer ce conflit")
    page.wait_for_load_state()
    assert ConflitInteret.objects.filter(instructeur=iris, tiers_lieu=en_conflit.tiers_lieu).exists()
    assert not Affectation.objects.filter(instructeur=iris, dossier=en_conflit).exists()
    reponse = page.goto(f"{base}/candidatures/instruction/dossiers/{en_conflit.pk}/")
    assert reponse.status == 403

    # Blind review: the other reviewer's opinion is hidden until Iris submits hers.
    page.goto(f"{base}/candidatures/instruction/dossiers/{a_noter.pk}/")
    verifier_accessibilite(page)
    assert "vous seront visibles après la soumission" in page.inner_text("main")
    assert "Argumenté." not in page.inner_text("#titre-autres >> xpath=..")  # Ivan's comments, still hidden
    for code, note in (("ambition", "4"), ("ancrage", "5"), ("gouvernance", "4"), ("modele_economique", "3")):
        page.fill(f"#id_note_{code}", note)
    for code in ("ambition", "ancrage", "gouvernance"):
        page.fill(f"#id_commentaire_{code}", f"Argumentation sur le critère {code}.")
    page.click("label[for=id_avis_0]")
    page.click("button[value=soumettre]")
    # A missing comment: a precise message at the top, and nothing typed is lost.
    assert "commentaire" in page.inner_text("#resume-erreurs").lower()
    assert page.input_value("#id_commentaire_ancrage") == "Argumentation sur le critère ancrage."
    verifier_accessibilite(page)
    page.fill("#id_commentaire_modele_economique", "Recettes propres à consolider.")
    page.click("button[value=soumettre]")
    # Submitting locks it at once: a page shows the review again and says so, then Iris confirms.
    assert "verrouillée aussitôt" in page.inner_text("#effets-confirmation")
    assert "Recettes propres à consolider." in page.inner_text("main")
    verifier_accessibilite(page)
    capturer(page, "confirmation-evaluation")
    page.click("text=Soumettre définitivement")
    assert "Votre évaluation est soumise" in page.inner_text("#messages")
    autres = page.inner_text("#titre-autres >> xpath=..")
    assert "Argumenté." in autres and "Score pondéré" in autres  # now Ivan's review shows
    capturer(page, "instructeur-evaluation")
    assert Evaluation.objects.get(dossier=a_noter, instructeur=iris).statut == Evaluation.Statut.SOUMISE
