"""Every e-mail (text and HTML, the portal's and allauth's) and every PDF of the demo reads as plain
French: no HTML entity, no « \\uXXXX », no placeholder left, the portal named, its real address given."""

import datetime as dt
import html
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sites.models import Site
from django.core import mail
from django.core.management import call_command
from django.utils.html import strip_tags
from pypdf import PdfReader

from candidatures.documents import rendre_liste_laureats
from candidatures.models import Decision, Dossier, Publication, Vague
from candidatures.services.completude import dossier_manques
from commun.courriels import courriel_rendre
from commun.models import Courriel
from comptes.models import Invitation, User
from financement.models import DocumentSubvention, Subvention, Tranche, Versement

pytestmark = pytest.mark.django_db(transaction=True)
GABARITS = sorted(
    {p.name.split(".")[0] for p in (Path(settings.BASE_DIR) / "templates" / "courriels").glob("*.txt") if not p.name.startswith("_")}
)
DEFAUTS = [
    (re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);"), "entité HTML"),
    (re.compile(r"\\?u00[0-9a-fA-F]{2}"), "échappement \\uXXXX"),
    (re.compile(r"\{\{|\}\}|\{%|%\}|%\(\w+\)s|\{[a-z_]+\}"), "marque non remplacée"),
    (re.compile(r"example\.com"), "site par défaut de Django"),
]


def defauts(texte: str) -> list[str]:
    return [
        f"{nom} : {m.group(0)!r} dans « …{texte[max(0, m.start() - 40) : m.end() + 40]}… »"
        for motif, nom in DEFAUTS
        for m in motif.finditer(texte)
    ]


def lisible_html(contenu: str) -> str:
    """What a mail client shows of an HTML e-mail (entities decoded once: one more would be a double escape)."""
    return html.unescape(strip_tags(contenu))


def _contexte_de_la_demo() -> dict:
    # The porteur's draft: « L'Atelier des Landes », in « Vague 4 de 2026 — dépôt jusqu'au … ».
    dossier = (
        Dossier.objects.select_related("vague", "tiers_lieu").filter(vague__titre__contains="'", tiers_lieu__nom__contains="'").first()
    )
    vague = dossier.vague
    suivante = Vague.objects.exclude(pk=vague.pk).filter(titre__contains="'").first()
    subvention = Subvention.objects.exclude(reference_convention="").first()
    tranche = Tranche.objects.filter(subvention=subvention).first()
    admin = User.objects.get(email="admin@demo.fabriques.anct.fr")
    invitation = Invitation.objects.create(email="nouvelle@exemple.fr", role="instructeur", invite_par=admin)
    return {
        "dossier": dossier,
        "vague": vague,
        "tiers_lieu": dossier.tiers_lieu,
        "dossiers": [dossier],
        "decision": Decision.objects.exclude(motivation="").first(),
        "suivante": suivante,
        "vague_suivante": suivante,
        "ouverture_suivante": suivante.date_ouverture,
        "depose_le": Dossier.objects.exclude(depose_le=None).first().depose_le,
        "total": "120 000,00 €",
        "lien": "/candidatures/",
        "url": f"{settings.SITE_URL}/candidatures/",
        "jours": 7,
        "annee": 1,
        "manques": dossier_manques(dossier),
        "sections": ["Présentation du projet", "Budget prévisionnel"],
        "message": "Merci d'ajouter le budget de l'année 2.",
        "date_limite": dt.date(2026, 12, 18),
        "invitation": invitation,
        "invite_par": admin,
        "equipe": True,
        "compte_existant": False,
        "lettre": True,
        "subvention": subvention,
        "tranche": tranche,
        "versement": Versement.objects.filter(tranche=tranche).first(),
        "montant_total": Decimal("120000.00"),
    }


def test_courriels_et_pdf_de_la_demo_sans_entite_ni_marque(client):
    call_command("charger_demo", stdout=io.StringIO())
    problemes = []

    # Every e-mail template of the portal, rendered with the demo's data (its names hold apostrophes).
    contexte = _contexte_de_la_demo()
    assert "'" in contexte["vague"].titre and "'" in contexte["tiers_lieu"].nom
    for gabarit in GABARITS:
        sujet, texte, contenu_html = courriel_rendre(gabarit, contexte, categorie="messages")
        problemes += [f"{gabarit} (sujet) : {d}" for d in defauts(sujet)]
        problemes += [f"{gabarit}.txt : {d}" for d in defauts(texte)]
        problemes += [f"{gabarit}.html : {d}" for d in defauts(lisible_html(contenu_html))]
        if "Fabriques de territoire" not in texte or settings.SITE_URL not in texte:
            problemes.append(f"{gabarit}.txt : ni le nom du portail ni son adresse")
    # Every e-mail the demo queued.
    courriels = list(Courriel.objects.all())
    assert len(courriels) >= 3
    for courriel in courriels:
        problemes += [
            f"courriel {courriel.sujet} : {d}" for d in defauts(courriel.sujet + "\n" + courriel.texte + lisible_html(courriel.html))
        ]

    # allauth's: the sign-up confirmation, the password reset, « you already have an account ».
    mail.outbox.clear()
    client.post(
        "/compte/signup/",
        {
            "email": "nouveau.porteur@exemple.fr",
            "password1": "Un-mot-de-passe-2026",
            "password2": "Un-mot-de-passe-2026",
            "first_name": "Nadia",
            "last_name": "L'Hôte",
        },
    )
    client.post("/compte/password/reset/", {"email": "porteur@demo.fabriques.anct.fr"})
    client.post(
        "/compte/signup/",
        {
            "email": "porteur@demo.fabriques.anct.fr",
            "password1": "Un-mot-de-passe-2026",
            "password2": "Un-mot-de-passe-2026",
            "first_name": "Paul",
            "last_name": "Porteur",
        },
    )
    assert len(mail.outbox) == 3, [m.subject for m in mail.outbox]
    for message in mail.outbox:
        problemes += [f"allauth « {message.subject} » : {d}" for d in defauts(message.subject + "\n" + message.body)]
        assert message.body.startswith("Bonjour,") and "portail Fabriques de territoire" in message.body
        assert f"{settings.SITE_URL}/" in message.body and message.subject.startswith("[Fabriques de territoire] ")
    confirmation = mail.outbox[0]
    assert confirmation.subject == "[Fabriques de territoire] Confirmez votre adresse de courriel pour créer votre compte"
    assert re.search(r"http://testserver/compte/confirm-email/\S+", confirmation.body)

    # Every PDF of the demo: proofs of deposit, the laureate list, the grant documents.
    pdfs = [d.accuse_reception for d in Dossier.objects.exclude(accuse_reception="")]
    pdfs += [p.fichier for p in Publication.objects.exclude(fichier="")]
    pdfs += [d.fichier for d in DocumentSubvention.objects.all()]
    assert len(pdfs) >= 3 and Publication.objects.exclude(fichier="").exists()
    for fichier in pdfs:
        with fichier.open("rb") as flux:
            texte = "\n".join(page.extract_text() for page in PdfReader(flux).pages)
        problemes += [f"PDF {fichier.name} : {d}" for d in defauts(texte)]
    # The laureate list of a wave whose title holds an apostrophe: its running header read « jusquu0027au ».
    vague = contexte["vague"]
    liste = rendre_liste_laureats(
        titre=f"Liste des lauréats — {vague.titre}",
        sous_titre="« Fabriques de territoire » <2026> & co",
        date_publication=dt.date(2026, 12, 4),
        lignes=[],
    )
    texte = PdfReader(io.BytesIO(liste)).pages[0].extract_text()
    en_tete = " ".join(texte.split())
    assert f"Liste des lauréats — {vague.titre}" in en_tete and "« Fabriques de territoire » <2026> & co" in en_tete
    problemes += [f"PDF liste des lauréats : {d}" for d in defauts(texte)]

    assert not problemes, "\n".join(problemes)


@pytest.mark.django_db
def test_le_site_porte_le_nom_et_l_adresse_du_portail():
    site = Site.objects.get_current()
    assert (site.name, site.domain) == ("Fabriques de territoire", "127.0.0.1:8000")
