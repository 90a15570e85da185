"""Publishing a wave's results: labels, the laureate list PDF, decision e-mails, public pages."""

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from candidatures.models import Decision, Dossier, Publication, Vague
from commun.erreurs import ConflitEtat
from commun.templatetags.portail import poids as _poids
from fabriques.models import Departement, Label, Qpv
from selection.services import publication as service
from selection.services.comite import comite_clore, decision_enregistrer
from selection.services.publication import vague_publier
from tests.conftest import creer_utilisateur

from . import factories_instruction as fi

pytestmark = pytest.mark.django_db
MIDI = dt.datetime(2026, 7, 20, 10, tzinfo=dt.UTC)


def _lieu(nom, dep="84", qpv=False, gestionnaire=None):
    departement = Departement.objects.select_related("region").get(code=dep)
    extra = {
        "nom": nom,
        "structure_porteuse": f"Association {nom}",
        "departement": departement,
        "region": departement.region,
        "commune": {"84": "Avignon", "29": "Brest", "07": "Privas"}[dep],
        "code_postal": f"{dep}000",
    }
    if qpv:
        extra["qpv"], _ = Qpv.objects.get_or_create(
            code="QN08401M", defaults={"nom": "Monclar", "commune": "Avignon", "departement": departement}
        )
        extra["implantation"] = "qpv"
    lieu = fi.tiers_lieu(**extra)
    if gestionnaire:
        lieu.gestionnaires.add(gestionnaire)
    return lieu


@pytest.fixture
def monde(administrateur):
    """A wave whose committee is closed: two laureates (one numérique), one refused, one adjourned."""
    porteur = creer_utilisateur("gestion@lieux.fr", "porteur")
    with time_machine.travel(MIDI, tick=False):
        vague = fi.vague(numero=7, titre="Vague 2 de 2026", date_ouverture=dt.date(2026, 3, 31), date_limite=dt.date(2026, 6, 30))
        fi.vague(
            numero=8,
            titre="Vague 3 de 2026",
            date_ouverture=dt.date(2026, 7, 1),
            date_limite=dt.date(2026, 9, 30),
            statut=Vague.Statut.OUVERTE,
        )
        gare = fi.dossier(vague_=vague, tl=_lieu("La Gare Numérique", "84", qpv=True, gestionnaire=porteur), bonus_numerique=True)
        station = fi.dossier(vague_=vague, tl=_lieu("Station Brest", "29", gestionnaire=porteur))
        refuse = fi.dossier(vague_=vague, tl=_lieu("Atelier Refusé", "07", gestionnaire=porteur))
        ajourne = fi.dossier(vague_=vague, tl=_lieu("Lieu Ajourné", "07", gestionnaire=porteur))
        for dossier in (gare, station):
            decision_enregistrer(dossier=dossier, resultat=Decision.Resultat.RETENU, par=administrateur)
        decision_enregistrer(
            dossier=refuse, resultat=Decision.Resultat.NON_RETENU, motivation="Modèle économique trop fragile.", par=administrateur
        )
        decision_enregistrer(dossier=ajourne, resultat=Decision.Resultat.AJOURNE, motivation="Gouvernance à préciser.", par=administrateur)
        comite_clore(vague=vague, par=administrateur)
    return {"vague": vague, "gare": gare, "station": station, "refuse": refuse, "ajourne": ajourne, "porteur": porteur}


def _publier(vague, par, capture):
    with time_machine.travel(MIDI, tick=False), capture(execute=True):
        publication = vague_publier(vague=vague, par=par)
    publication.refresh_from_db()
    return publication


def _texte(publication) -> str:
    with publication.fichier.open("rb") as fichier:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(fichier.read())).pages)


def test_publier_labellise_construit_la_liste_et_publie_la_vague(monde, administrateur, django_capture_on_commit_callbacks):
    publication = _publier(monde["vague"], administrateur, django_capture_on_commit_callbacks)
    assert (publication.statut, publication.progression, publication.nombre_laureats) == (Publication.Statut.TERMINEE, 100, 2)
    assert len(publication.sha256) == 64
    vague = Vague.objects.get(pk=monde["vague"].pk)
    assert vague.statut == Vague.Statut.RESULTATS_PUBLIES and vague.date_publication == dt.date(2026, 7, 20)
    labels = {lab.tiers_lieu.nom: lab for lab in Label.objects.filter(vague=vague).select_related("tiers_lieu")}
    assert set(labels) == {"La Gare Numérique", "Station Brest"}
    assert labels["La Gare Numérique"].type == Label.Type.NUMERIQUE  # the grant has the investment bonus
    assert labels["Station Brest"].type == Label.Type.FABRIQUE and labels["Station Brest"].nouvelle_fabrique is True
    texte = _texte(publication)
    bretagne, paca = texte.index("BRETAGNE"), texte.index("PROVENCE-ALPES-CÔTE D'AZUR")
    assert bretagne < texte.index("Association Station Brest") < texte.index("29 - Finistère") < paca
    assert paca < texte.index("Association La Gare Numérique") < texte.index("84 - Vaucluse")
    assert "Atelier Refusé" not in texte and "Lieu Ajourné" not in texte
    assert "Total : 2 Fabriques de territoire" in texte and "Vague 7" in texte


def test_chaque_porteur_recoit_la_decision_et_sa_motivation_une_fois(monde, administrateur, django_capture_on_commit_callbacks):
    from financement.services.documents import documents_generer

    documents_generer(subvention_id=monde["gare"].subvention.pk)  # the notification letter exists
    _publier(monde["vague"], administrateur, django_capture_on_commit_callbacks)
    sujets = {m.subject: m for m in mail.outbox}
    retenu = next(m for s, m in sujets.items() if "« La Gare Numérique » est retenu" in s)
    assert retenu.attachments and retenu.attachments[0][0].startswith("notification-")
    assert retenu.alternatives  # text and HTML parts
    station = next(m for s, m in sujets.items() if "« Station Brest » est retenu" in s)
    assert not station.attachments and "vous sera adressée prochainement" in station.body
    refus = next(m for s, m in sujets.items() if "décision du comité sur « Atelier Refusé »" in s)
    assert "Modèle économique trop fragile." in refus.body and "candidater à nouveau" in refus.body
    ajourne = next(m for s, m in sujets.items() if "« Lieu Ajourné » est ajourné" in s)
    assert "Gouvernance à préciser." in ajourne.body and "Vague 3 de 2026" in ajourne.body
    assert len(mail.outbox) == 4
    # Publishing again rebuilds the list but sends nothing twice.
    _publier(monde["vague"], administrateur, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 4


def test_reconstruite_la_liste_a_le_meme_contenu(monde, administrateur, django_capture_on_commit_callbacks):
    premiere = _publier(monde["vague"], administrateur, django_capture_on_commit_callbacks)
    seconde = _publier(monde["vague"], administrateur, django_capture_on_commit_callbacks)
    assert seconde.pk != premiere.pk and seconde.statut == Publication.Statut.TERMINEE
    assert _texte(premiere) == _texte(seconde)
    assert Label.objects.filter(vague=monde["vague"]).count() == 2


def test_comite_non_clos_pas_de_publication(administrateur):
    vague = fi.vague()
    with pytest.raises(ConflitEtat, match="n'est pas clos"):
        vague_publier(vague=vague, par=administrateur)
    assert not Publication.objects.exists()


def test_un_echec_est_visible_et_la_relance_termine(monde, administrateur, client, monkeypatch, django_capture_on_commit_callbacks):
    def panne(**kwargs):
        raise OSError("disque plein")

    monkeypatch.setattr(service, "rendre_liste_laureats", panne)
    echec = _publier(monde["vague"], administrateur, django_capture_on_commit_callbacks)
    assert echec.statut == Publication.Statut.ECHEC and "disque plein" in echec.erreur
    assert Vague.objects.get(pk=monde["vague"].pk).statut != Vague.Statut.RESULTATS_PUBLIES
    assert not mail.outbox  # nothing announced while the list is not published
    client.force_login(administrateur)
    page = client.get(reverse("candidatures:vague_publication", kwargs={"pk": monde["vague"].pk})).content.decode()
    assert "La dernière publication a échoué" in page and "disque plein" in page
    monkeypatch.undo()
    relance = _publier(monde["vague"], administrateur, django_capture_on_commit_callbacks)
    assert relance.statut == Publication.Statut.TERMINEE
    assert Label.objects.filter(vague=monde["vague"]).count() == 2  # the labels of the failed run were kept, not doubled


def test_un_lieu_deja_labellise_et_selectionne_par_la_vague_en_est_une_nouvelle_fabrique(
    monde,
    administrateur,
    django_capture_on_commit_callbacks,
):
    """« Nouvelle Fabrique » means selected in that wave (as on the published list), not a first label."""
    Label.objects.create(tiers_lieu=monde["station"].tiers_lieu, type=Label.Type.NUMERIQUE, historique=True)
    _publier(monde["vague"], administrateur, django_capture_on_commit_callbacks)
    label = Label.objects.get(tiers_lieu=monde["station"].tiers_lieu, vague=monde["vague"])
    assert label.type == Label.Type.FABRIQUE and label.nouvelle_fabrique is True


def test_page_de_suivi_s_actualise_pendant_le_travail(monde, administrateur, client):
    publication = Publication.objects.create(
        vague=monde["vague"], statut=Publication.Statut.EN_COURS, progression=40, etape="Labels attribués : 8 sur 20"
    )
    client.force_login(administrateur)
    page = client.get(reverse("candidatures:vague_publication", kwargs={"pk": monde["vague"].pk})).content.decode()
    assert 'data-actualiser="3"' in page and "40 %" in page and "Labels attribués : 8 sur 20" in page
    assert "candidatures/publication.js" in page and "<script>" not in page
    # A second click while it runs does not start a second job.
    assert vague_publier(vague=monde["vague"], par=administrateur).pk == publication.pk


def test_seul_un_administrateur_publie(monde, client, instructeur):
    client.force_login(instructeur)
    assert client.post(reverse("candidatures:vague_publier", kwargs={"pk": monde["vague"].pk})).status_code == 403
    assert not Publication.objects.exists()


def test_publier_passe_par_une_page_qui_compte_les_courriels(monde, client, administrateur, django_capture_on_commit_callbacks):
    client.force_login(administrateur)
    url = reverse("candidatures:vague_publier", kwargs={"pk": monde["vague"].pk})
    assert url in client.get(reverse("candidatures:vague_publication", kwargs={"pk": monde["vague"].pk})).content.decode()
    page = client.get(url).content.decode()
    assert "2 lauréats reçoivent le label" in page and "1 dossier non retenu ; 1 dossier ajourné" in page
    assert "4 courriels partiront vers 1 porteur" in page and "Publier et envoyer 4 courriels" in page
    # A post that does not come confirmed (an old form, a script) only shows the page again.
    assert client.post(url).status_code == 200 and not Publication.objects.exists()
    with time_machine.travel(MIDI, tick=False), django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirme": "1"})
    assert Vague.objects.get(pk=monde["vague"].pk).statut == Vague.Statut.RESULTATS_PUBLIES
    assert len(mail.outbox) == 4
    page = client.get(url).content.decode()
    assert "Reconstruire la liste de la vague 7" in page
    assert "0 courriel partira" in page and "4 courriels déjà partis ne seront pas renvoyés" in page


def test_la_page_de_publication_refuse_un_comite_non_clos(client, administrateur):
    vague = fi.vague(numero=12)
    client.force_login(administrateur)
    reponse = client.get(reverse("candidatures:vague_publier", kwargs={"pk": vague.pk}), follow=True)
    assert "n'est pas clos" in reponse.content.decode()


# --- Public pages -----------------------------------------------------------------------------
def test_pages_publiques_html_pdf_csv_json(monde, administrateur, client, django_capture_on_commit_callbacks):
    _publier(monde["vague"], administrateur, django_capture_on_commit_callbacks)
    client.logout()
    index = client.get(reverse("candidatures:laureats"))
    assert index.status_code == 200 and "Vague 2 de 2026" in index.content.decode() and "2 lauréats" in index.content.decode()
    page = client.get(reverse("candidatures:laureats_vague", kwargs={"numero": 7}))
    html = page.content.decode()
    assert page.status_code == 200 and "public" in page["Cache-Control"] and page.has_header("Last-Modified")
    assert html.index("Bretagne") < html.index("Station Brest") < html.index("Provence-Alpes-Côte d&#x27;Azur")
    assert "84 - Vaucluse" in html and "Fabrique numérique de territoire" in html and "(1 Fabrique" in html
    pdf = client.get(reverse("candidatures:laureats_vague_pdf", kwargs={"numero": 7}))
    contenu = b"".join(pdf.streaming_content)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and contenu.startswith(b"%PDF")
    # The link says the format and the weight of what it downloads (people on modest connections).
    assert f"Télécharger la liste (PDF, {_poids(len(contenu))})" in html
    lignes = client.get(reverse("candidatures:laureats_vague_csv", kwargs={"numero": 7})).content.decode("utf-8-sig").splitlines()
    assert lignes[0].startswith("vague;date_publication;structure_porteuse")
    assert len(lignes) == 3 and any("84;Vaucluse" in ligne and "Fabrique numérique de territoire;oui" in ligne for ligne in lignes)
    donnees = json.loads(client.get(reverse("candidatures:laureats_vague_json", kwargs={"numero": 7})).content)
    assert {lau["tiers_lieu"] for lau in donnees["laureats"]} == {"La Gare Numérique", "Station Brest"}
    assert donnees["laureats"][0]["date_publication"] == "2026-07-20"


def test_liste_cumulee_publiee_avec_chaque_vague(monde, administrateur, client, django_capture_on_commit_callbacks):
    Label.objects.create(tiers_lieu=_lieu("Ancienne Fabrique", "29"), type=Label.Type.FABRIQUE, historique=True)
    _publier(monde["vague"], administrateur, django_capture_on_commit_callbacks)
    cumulee = Publication.objects.get(vague__isnull=True, statut=Publication.Statut.TERMINEE)
    assert cumulee.nombre_laureats == 3 and "Association Ancienne Fabrique" in _texte(cumulee)
    pdf = client.get(reverse("candidatures:laureats_pdf"))
    assert pdf.status_code == 200
    assert (
        f'Télécharger la liste<span class="fr-sr-only"> de toutes les Fabriques</span> (PDF, {_poids(len(b"".join(pdf.streaming_content)))})'
        in client.get(reverse("candidatures:laureats")).content.decode()
    )
    donnees = json.loads(client.get(reverse("candidatures:laureats_json")).content)
    assert len(donnees["laureats"]) == 3


def test_une_vague_non_publiee_n_a_pas_de_page_publique(monde, client):
    for nom in ("laureats_vague", "laureats_vague_pdf", "laureats_vague_csv", "laureats_vague_json"):
        assert client.get(reverse(f"candidatures:{nom}", kwargs={"numero": 7})).status_code == 404


def test_nombre_de_requetes_constant(monde, administrateur, client, django_capture_on_commit_callbacks):
    _publier(monde["vague"], administrateur, django_capture_on_commit_callbacks)
    url = reverse("candidatures:laureats_vague", kwargs={"numero": 7})
    client.logout()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as avant:
        client.get(url)
    for i in range(5):
        lieu = _lieu(f"Lieu {i}", "29")
        dossier = fi.dossier(vague_=monde["vague"], tl=lieu, statut=Dossier.Statut.RETENU)
        Decision.objects.create(
            dossier=dossier, vague=monde["vague"], resultat="retenu", definitive=True, decide_par=administrateur, decide_le=MIDI
        )
        Label.objects.create(tiers_lieu=lieu, vague=monde["vague"], type=Label.Type.FABRIQUE, date_obtention=dt.date(2026, 7, 20))
    with CaptureQueriesContext(connection) as apres:
        page = client.get(url)
    assert "Lieu 4" in page.content.decode()
    assert len(apres.captured_queries) == len(avant.captured_queries)


def test_la_demonstration_publie_une_vague_une_seule_fois(django_capture_on_commit_callbacks):
    import io as _io

    from selection.demo import publication as demo_publication

    creer_utilisateur(demo_publication.ADMIN, "administrateur")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            demo_publication.charger(_io.StringIO())
    publication = Publication.objects.get(vague__isnull=False)
    assert publication.statut == Publication.Statut.TERMINEE and publication.nombre_laureats == 10
    assert publication.vague.statut == Vague.Statut.RESULTATS_PUBLIES
    assert "Fablab des Calanques (démonstration)" in " ".join(_texte(publication).split())


def test_broker_injoignable_la_publication_attend_et_repart_au_clic_suivant(
    monde, administrateur, monkeypatch, django_capture_on_commit_callbacks
):
    from selection import tasks

    def injoignable(*args, **kwargs):
        raise ConnectionError("broker injoignable")

    monkeypatch.setattr(tasks.publier_resultats, "delay", injoignable)
    attente = _publier(monde["vague"], administrateur, django_capture_on_commit_callbacks)
    assert attente.statut == Publication.Statut.EN_ATTENTE  # recorded, nothing lost, no error page
    monkeypatch.undo()
    reprise = _publier(monde["vague"], administrateur, django_capture_on_commit_callbacks)
    assert reprise.pk == attente.pk and reprise.statut == Publication.Statut.TERMINEE


# --- A worker lost in the middle of the job ---------------------------------------------------
class WorkerPerdu(BaseException):
    """What the job sees of a killed worker: nothing after this point runs, nothing is caught."""


def _fichiers_de_la_vague(vague) -> list:
    from pathlib import Path

    from django.conf import settings

    dossier = Path(settings.MEDIA_ROOT) / "publications" / f"vague-{vague.pk}"
    return sorted(p.name for p in dossier.iterdir()) if dossier.exists() else []


@pytest.mark.parametrize("panne", [WorkerPerdu("worker tué"), OSError("disque plein")], ids=["worker_perdu", "exception"])
def test_tache_relivree_apres_la_liste_de_la_vague_finit_le_travail_une_fois(
    monde, administrateur, monkeypatch, panne, django_capture_on_commit_callbacks
):
    """The wave's PDF is stored, the cumulative list is not rebuilt yet when the worker stops: the
    broker hands the task again (late ack); the rerun finishes the remaining steps, once each."""
    from commun.models import Courriel, EntreeJournal
    from selection.tasks import publier_resultats

    construire = service.liste_cumulee_construire
    appels = []

    def cumulee_en_panne_une_fois(**kwargs):
        appels.append(1)
        if len(appels) == 1:
            raise panne
        return construire(**kwargs)

    monkeypatch.setattr(service, "liste_cumulee_construire", cumulee_en_panne_une_fois)
    monkeypatch.setattr(service, "lancer_apres_validation", lambda tache, *args: None)  # the broker holds the task
    with time_machine.travel(MIDI, tick=False), django_capture_on_commit_callbacks(execute=True):
        publication = vague_publier(vague=monde["vague"], par=administrateur)
        if isinstance(panne, WorkerPerdu):
            with pytest.raises(WorkerPerdu):
                publier_resultats.apply(args=[publication.pk])
        else:
            publier_resultats.apply(args=[publication.pk])
    publication.refresh_from_db()
    assert publication.statut != Publication.Statut.TERMINEE and publication.sha256  # PDF stored, job not finished
    assert not Publication.objects.filter(vague__isnull=True, statut=Publication.Statut.TERMINEE).exists()
    pdf = _fichiers_de_la_vague(monde["vague"])

    with time_machine.travel(MIDI, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert publier_resultats.apply(args=[publication.pk]).get() == Publication.Statut.TERMINEE  # the redelivered task

    publication.refresh_from_db()
    assert (publication.statut, publication.progression, publication.nombre_laureats) == (Publication.Statut.TERMINEE, 100, 2)
    assert Publication.objects.filter(vague=monde["vague"]).count() == 1 and _fichiers_de_la_vague(monde["vague"]) == pdf == [
        f"liste-laureats-{publication.pk}.pdf"
    ]
    assert Label.objects.filter(vague=monde["vague"]).count() == 2
    cumulee = Publication.objects.get(vague__isnull=True, statut=Publication.Statut.TERMINEE)
    assert cumulee.nombre_laureats == 2 and "Association Station Brest" in _texte(cumulee)
    assert not Publication.objects.filter(statut=Publication.Statut.EN_COURS).exists()
    assert Courriel.objects.filter(cle__startswith="decision:").count() == 4 and len(mail.outbox) == 4
    assert EntreeJournal.objects.filter(action="publication.terminee").count() == 1
    # Ran a third time (a duplicate delivery): nothing more.
    assert publier_resultats.apply(args=[publication.pk]).get() == Publication.Statut.TERMINEE
    assert Publication.objects.filter(vague=monde["vague"]).count() == 1 and len(appels) == 2


def test_worker_tue_dans_la_transaction_du_pdf_la_relance_ne_laisse_qu_un_fichier(
    monde, administrateur, monkeypatch, django_capture_on_commit_callbacks
):
    """The worker dies after the wave's PDF was written to storage but before the transaction that
    records it commits (found by ``bench.pannes worker``): the rerun stores the PDF under the same
    name instead of leaving the first file behind next to a « liste-laureats-N_AbCdEf.pdf »."""
    from selection.tasks import publier_resultats

    notifier = service._notifier_decisions
    appels = []

    def notifier_en_panne_une_fois(vague):
        appels.append(1)
        if len(appels) == 1:
            raise WorkerPerdu("worker tué")
        return notifier(vague)

    monkeypatch.setattr(service, "_notifier_decisions", notifier_en_panne_une_fois)
    monkeypatch.setattr(service, "lancer_apres_validation", lambda tache, *args: None)  # the broker holds the task
    with time_machine.travel(MIDI, tick=False), django_capture_on_commit_callbacks(execute=True):
        publication = vague_publier(vague=monde["vague"], par=administrateur)
        with pytest.raises(WorkerPerdu):
            publier_resultats.apply(args=[publication.pk])
        publication.refresh_from_db()
        assert not publication.sha256 and _fichiers_de_la_vague(monde["vague"]) == [f"liste-laureats-{publication.pk}.pdf"]
        assert publier_resultats.apply(args=[publication.pk]).get() == Publication.Statut.TERMINEE  # the redelivered task
    publication.refresh_from_db()
    assert _fichiers_de_la_vague(monde["vague"]) == [f"liste-laureats-{publication.pk}.pdf"]
    assert publication.fichier.name.endswith(f"/liste-laureats-{publication.pk}.pdf") and "Station Brest" in _texte(publication)
    assert len(mail.outbox) == 4 and Label.objects.filter(vague=monde["vague"]).count() == 2


def test_publier_a_nouveau_apres_un_echec_de_la_liste_cumulee_reprend_la_meme_publication(
    monde, administrateur, monkeypatch, django_capture_on_commit_callbacks
):
    construire = service.liste_cumulee_construire
    pannes = iter([OSError("disque plein")])

    def cumulee(**kwargs):
        erreur = next(pannes, None)
        if erreur:
            raise erreur
        return construire(**kwargs)

    monkeypatch.setattr(service, "liste_cumulee_construire", cumulee)
    echec = _publier(monde["vague"], administrateur, django_capture_on_commit_callbacks)
    assert echec.statut == Publication.Statut.ECHEC and "disque plein" in echec.erreur
    reprise = _publier(monde["vague"], administrateur, django_capture_on_commit_callbacks)
    assert reprise.pk == echec.pk and reprise.statut == Publication.Statut.TERMINEE and reprise.sha256 == echec.sha256
    assert Publication.objects.filter(vague__isnull=True, statut=Publication.Statut.TERMINEE).count() == 1


def test_le_courriel_du_laureat_dit_l_accompagnement_et_le_contact(monde, administrateur, django_capture_on_commit_callbacks):
    _publier(monde["vague"], administrateur, django_capture_on_commit_callbacks)
    retenu = next(m for m in mail.outbox if "« Station Brest » est retenu" in m.subject)
    corps = " ".join(retenu.body.split())
    assert "France Tiers-Lieux" in corps and "rencontres annuelles" in corps and "une offre, pas une obligation" in corps
    assert "Pour en profiter ou pour toute question : nouveauxliens@anct.gouv.fr" in corps
    assert 'href="mailto:nouveauxliens@anct.gouv.fr"' in retenu.alternatives[0][0]
    refus = next(m for m in mail.outbox if "Atelier Refusé" in m.subject)
    assert "France Tiers-Lieux" not in refus.body


def test_une_fabrique_numerique_le_lit_dans_son_courriel_et_sur_son_dossier(
    monde, administrateur, client, django_capture_on_commit_callbacks
):
    """The laureate labelled « Fabrique numérique » is told so, not « Fabrique de territoire » only."""
    from django.urls import reverse

    _publier(monde["vague"], administrateur, django_capture_on_commit_callbacks)
    sujets = [m.subject for m in mail.outbox]
    assert any("« La Gare Numérique » est retenu comme Fabrique numérique de territoire" in s for s in sujets)
    assert any("« Station Brest » est retenu comme Fabrique de territoire" in s for s in sujets)
    client.force_login(monde["porteur"])
    gare = client.get(reverse("candidatures:dossier", args=[monde["gare"].pk])).content.decode()
    station = client.get(reverse("candidatures:dossier", args=[monde["station"].pk])).content.decode()
    assert "Votre tiers-lieu devient Fabrique numérique de territoire" in gare
    assert "Votre tiers-lieu devient Fabrique de territoire" in station
