"""Journey 3, in Chromium: an administrateur creates the year's waves, assigns reviewers
automatically, holds the committee, records decisions within the envelope, publishes the results,
downloads the laureate PDF; the public directory then shows the new Fabriques. Every page visited
passes the axe-core audit."""

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from candidatures.models import Affectation, Dossier, Vague
from tests.candidatures import factories as fc
from tests.candidatures import factories_instruction as fi
from tests.conftest import MOT_DE_PASSE, creer_utilisateur
from tests.navigateur import capturer, connecter, verifier_accessibilite

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def _aller(page, url):
    page.goto(url)
    verifier_accessibilite(page)


def test_parcours_administrateur(page, live_server, administrateur):
    base = live_server.url
    fi.instructeur("iris@anct.example.fr", national=True)
    fi.instructeur("ivan@anct.example.fr", national=True)
    vague = fi.vague(numero=7, date_ouverture=dt.date(2026, 7, 1), date_limite=dt.date(2026, 9, 30), statut=Vague.Statut.EN_INSTRUCTION)
    lieux = [
        fc.tiers_lieu(creer_utilisateur(f"gestion{rang}@lieux.example.fr"), nom=nom, siret=siret)
        for rang, (nom, siret) in enumerate(
            (("La Cordée des Volcans", "88412345600011"), ("Le Moulin Partagé", "79512345400006"), ("Quartier Libre", "73282932000074"))
        )
    ]
    dossiers = [fi.dossier(vague, tl=lieu) for lieu in lieux]

    connecter(page, base, administrateur.email, MOT_DE_PASSE)
    # 1. The year's four waves, from the programme's calendar.
    _aller(page, f"{base}/candidatures/vagues/")
    page.fill("#id_calendrier-annee", "2027")
    page.click("text=Créer les quatre vagues de l'année")
    assert "4 vagues créées pour 2027" in page.inner_text("#messages")
    assert Vague.objects.filter(date_limite__year=2027).count() == 4
    verifier_accessibilite(page)
    capturer(page, "administrateur-vagues")

    # 2. Automatic assignment: two reviewers per dossier, explained.
    _aller(page, f"{base}/candidatures/instruction/affectations/?vague={vague.pk}")
    page.click("text=Lancer l'affectation automatique")
    page.wait_for_load_state()
    assert Affectation.objects.filter(dossier__in=dossiers).count() == 6

    # 3. The committee: decisions one by one, a refusal needs its motivation.
    _aller(page, f"{base}/candidatures/comite/vagues/{vague.pk}/")
    capturer(page, "administrateur-comite")
    for dossier in dossiers[:2]:
        page.click(f"label[for=coche-{dossier.pk}]")
    page.click("label[for=id_masse-resultat_0]")
    page.click("text=Enregistrer la décision pour les dossiers cochés")
    page.click(f"label[for=coche-{dossiers[2].pk}]")
    page.click("label[for=id_masse-resultat_1]")
    page.click("text=Enregistrer la décision pour les dossiers cochés")
    assert "motivation est obligatoire" in page.inner_text("#resume-erreurs")
    verifier_accessibilite(page)
    page.fill("#id_masse-motivation", "Le modèle économique reste à construire.")
    page.click("text=Enregistrer la décision pour les dossiers cochés")
    assert "2 retenus" in page.inner_text("main") or "2 retenu" in page.inner_text("main")
    assert "Reste après ce comité" in page.inner_text("main")  # the envelope, before deciding
    page.click("text=Clore le comité…")
    # The confirmation page says in numbers what closing will do before anything happens.
    bilan = page.inner_text("#bilan-cloture")
    assert "2 dossiers retenus" in bilan and "1 dossier non retenu" in bilan
    verifier_accessibilite(page)
    page.click("text=Clore définitivement le comité")
    page.wait_for_load_state()
    statuts = dict(Dossier.objects.filter(pk__in=[d.pk for d in dossiers]).values_list("pk", "statut"))
    assert list(statuts.values()).count("retenu") == 2 and list(statuts.values()).count("non_retenu") == 1

    # 4. Publication: labels, the list PDF, the decisions e-mailed.
    _aller(page, f"{base}/candidatures/vagues/{vague.pk}/publication/")
    page.click("text=Publier les résultats")
    # A page says, in numbers, what publishing does before anything leaves.
    effets = page.inner_text("#effets-confirmation")
    assert "2 lauréats reçoivent le label" in effets and "3 courriels partiront vers 3 porteurs" in effets
    verifier_accessibilite(page)
    capturer(page, "confirmation-publication")
    page.click("text=Publier et envoyer 3 courriels")
    page.wait_for_load_state()
    page.goto(f"{base}/candidatures/vagues/{vague.pk}/publication/")
    verifier_accessibilite(page)
    capturer(page, "administrateur-publication")
    _aller(page, f"{base}/candidatures/laureats/")
    page.click(f"a[href='/candidatures/laureats/vagues/{vague.numero}/']")
    verifier_accessibilite(page)
    assert "La Cordée des Volcans" in page.inner_text("main")
    # The link says the file's weight, so a visitor on a phone knows what they download.
    lien = page.get_by_role("link", name=re.compile(r"^Télécharger la liste \(PDF, [\d,]+\s(Ko|Mo)\)$")).get_attribute("href")
    reponse = page.request.get(f"{base}{lien}")
    assert reponse.status == 200 and reponse.headers["content-type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(reponse.body()))
    texte = "\n".join(p.extract_text() for p in pdf.pages)
    assert "La Cordée des Volcans" in texte and "Le Moulin Partagé" in texte
    assert "Quartier Libre" not in texte
    assert "35 - Ille-et-Vilaine" in texte

    # 5. The public directory now shows the new Fabriques.
    page.context.clear_cookies()
    _aller(page, f"{base}/fabriques/annuaire/?q=Cordée")
    assert "La Cordée des Volcans" in page.inner_text("main")
    capturer(page, "annuaire-public")
