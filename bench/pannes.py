"""Fault scenarios against gunicorn and PostgreSQL on this machine, each with its verdict.

    .venv/bin/python -m bench.pannes redis      # the broker is down while applicants deposit
    .venv/bin/python -m bench.pannes postgres   # PostgreSQL restarts under load
    .venv/bin/python -m bench.pannes worker     # a real Celery worker killed (SIGKILL) in the middle of a job

« redis »: deposits succeed while the broker is unreachable; proofs of deposit and e-mails are
produced from the database (outbox, missing proofs) once it is back — nothing lost, nothing twice.
« postgres »: requests fail only while the database restarts; the portal recovers by itself,
without restarting gunicorn (connection health checks).
« worker »: a real Celery worker (solo pool) is killed in the middle of closing a wave, then of
publishing a wave's results (twice: inside the PDF transaction, then during the cumulative list);
a new worker gets the task again (late ack, short visibility timeout: bench/settings_pannes.py)
and each step is done exactly once (checked in the database and the media folder).
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter

os.environ.setdefault("RUEE_BASE", "fabriques_pannes")

from bench import ruee  # noqa: E402

PORT = 8766


def _demarrer(env_extra: dict) -> subprocess.Popen:
    env = ruee._env(**env_extra)
    serveur = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{PORT}", "--workers", "2", "--timeout", "60"],
        cwd=ruee.RACINE,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(4)
    return serveur


def _session(email: str):
    import requests

    s = requests.Session()
    page = s.get(f"http://127.0.0.1:{PORT}/compte/login/")
    jeton = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    s.post(f"http://127.0.0.1:{PORT}/compte/login/", data={"login": email, "password": ruee.MOT_DE_PASSE, "csrfmiddlewaretoken": jeton})
    return s


def _shell(code: str, **env_extra) -> str:
    sortie = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ruee.RACINE,
        env=ruee._env(**env_extra),
        check=True,
        capture_output=True,
        text=True,
    )
    return sortie.stdout.strip().splitlines()[-1]


def panne_redis(nombre: int) -> bool:
    comptes = ruee.preparer(nombre)
    # A broker address where nothing listens: every .delay() fails at once.
    serveur = _demarrer({"CELERY_BROKER_URL": "redis://127.0.0.1:6399/0"})
    statuts = Counter()
    try:
        for compte in comptes:
            s = _session(compte["email"])
            url = f"http://127.0.0.1:{PORT}/candidatures/dossiers/{compte['dossier']}/deposer/"
            page = s.get(url)
            jeton = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
            statuts[s.post(url, data={"csrfmiddlewaretoken": jeton}, allow_redirects=False).status_code] += 1
    finally:
        serveur.terminate()
        serveur.wait(timeout=30)
    avant = _shell(
        "from candidatures.models import Dossier; print(Dossier.objects.filter(statut='depose').count(), "
        "Dossier.objects.filter(statut='depose', accuse_reception='').count())"
    )
    print(f"Broker coupé : réponses aux dépôts {dict(statuts)} ; en base (déposés, sans accusé) : {avant}")
    # The broker is back: the periodic jobs run (here inline) and catch up from the database.
    apres = _shell(
        "from candidatures.tasks.depot import produire_accuses_manquants; from commun.tasks import envoyer_courriels_en_attente; "
        "from commun.models import Courriel; from candidatures.models import Dossier; "
        "a = produire_accuses_manquants(); e = envoyer_courriels_en_attente(); "
        "a2 = produire_accuses_manquants(); e2 = envoyer_courriels_en_attente(); "
        "print(a, e, a2, e2, Dossier.objects.filter(statut='depose', accuse_reception='').count(), "
        "Courriel.objects.filter(statut='envoye').count())"
    )
    a, e, a2, e2, manquants, envoyes = map(int, apres.split())
    print(
        f"Broker revenu : {a} accusé(s) produit(s), {e} courriel(s) envoyé(s) ; second passage : {a2} et {e2} ; "
        f"accusés manquants : {manquants} ; courriels envoyés au total : {envoyes}"
    )
    ok = (
        statuts == Counter({302: nombre})
        and avant == f"{nombre} {nombre}"
        and a == nombre
        and envoyes == nombre
        and a2 == e2 == 0
        and manquants == 0
    )
    print("VERDICT :", "réussi — dépôts enregistrés pendant la coupure, accusés et courriels rattrapés une seule fois" if ok else "ÉCHEC")
    return ok


def panne_postgres(duree: int) -> bool:
    comptes = ruee.preparer(5)
    serveur = _demarrer({})
    s = _session(comptes[0]["email"])
    url = f"http://127.0.0.1:{PORT}/candidatures/mes-dossiers/"
    chronologie = []
    cluster = subprocess.run(["bash", "-c", "ls /etc/postgresql | head -1"], capture_output=True, text=True).stdout.strip()
    debut = time.time()
    redemarre = False
    try:
        while time.time() - debut < duree:
            if not redemarre and time.time() - debut > duree / 3:
                subprocess.Popen(["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"])
                redemarre = True
                chronologie.append((time.time() - debut, "redémarrage"))
            try:
                code = s.get(url, timeout=10, allow_redirects=False).status_code
            except Exception as exc:  # connection refused by gunicorn would be a real failure
                code = type(exc).__name__
            chronologie.append((time.time() - debut, code))
            time.sleep(0.2)
    finally:
        serveur.terminate()
        serveur.wait(timeout=30)
    codes = [c for _, c in chronologie if c != "redémarrage"]
    instant = next(t for t, c in chronologie if c == "redémarrage")
    apres = [c for t, c in chronologie if c != "redémarrage" and t > instant + 10]
    print(f"Requêtes : {Counter(codes)} ; après le redémarrage (+10 s) : {Counter(apres)}")
    # During the restart the portal answers 503 « momentanément indisponible » (commun.views.erreur_500), never a 500.
    ok = bool(apres) and all(c == 200 for c in apres) and 500 not in codes
    print("VERDICT :", "réussi — 503 expliqué pendant le redémarrage, aucune 500, puis rétabli seul" if ok else "ÉCHEC")
    return ok


# --- « worker »: a real Celery worker killed in the middle of a job ---------------------------
BASE_WORKER = "fabriques_pannes_worker"
BROKER_WORKER = "redis://127.0.0.1:6379/11"


def _env_worker(media: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings_pannes",
        "DATABASE_URL": f"{ruee.SERVEUR_PG}/{BASE_WORKER}",
        "CELERY_BROKER_URL": BROKER_WORKER,
        "MEDIA_ROOT": media,
    }


def _worker_demarrer(env: dict, journal) -> subprocess.Popen:
    """A real worker, solo pool (the task runs in the worker's own process: SIGKILL stops it dead)."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "-n",
            "pannes@%h",
        ],
        cwd=ruee.RACINE,
        env=env,
        stdout=journal,
        stderr=subprocess.STDOUT,
    )


def _attendre(condition, delai: float, pas: float = 0.05):
    """Poll ``condition`` until it returns something true (returned) or ``delai`` seconds pass (None)."""
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        valeur = condition()
        if valeur:
            return valeur
        time.sleep(pas)
    return None


def _requete_du_worker(motif: str) -> bool:
    """True when a backend other than ours, inside an open transaction, runs (or just ran) a query
    containing ``motif``: what the job does is visible in pg_stat_activity before it commits."""
    from django.db import connection

    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND xact_start IS NOT NULL AND query LIKE %s",
            [f"%{motif}%"],
        )
        return curseur.fetchone()[0] > 0


def _transactions_du_worker() -> int:
    from django.db import connection

    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND backend_type = 'client backend'"
        )
        return curseur.fetchone()[0]


def _donnees_worker(deposes: int, brouillons: int, laureats: int):
    """Bulk inserts (as bench/cloture.py): a wave past its deadline with ``deposes`` deposited dossiers
    and ``brouillons`` drafts (two managers each); two waves « en instruction » whose committee is
    closed, with ``laureats`` retenu dossiers each (one manager each)."""
    import datetime as dt
    from decimal import Decimal

    from candidatures.models import Decision, Dossier, GrilleVague, Vague
    from commun.temps import aujourdhui_paris, maintenant
    from comptes.models import User
    from fabriques.models import Departement, TiersLieu

    departement = Departement.objects.select_related("region").get(code="84")
    admin = User.objects.create_user(email="admin@pannes.fr", password="x")
    hier = aujourdhui_paris() - dt.timedelta(days=1)
    a_cloturer = Vague.objects.create(
        numero=3, titre="Vague à clôturer", date_ouverture=hier - dt.timedelta(days=90), date_limite=hier, statut=Vague.Statut.OUVERTE
    )
    a_publier = [
        Vague.objects.create(
            numero=n,
            titre=f"Vague {n} à publier",
            date_ouverture=dt.date(2025, 3 * n - 2, 1),
            date_limite=dt.date(2025, 3 * n - 1, 28),
            statut=Vague.Statut.EN_INSTRUCTION,
        )
        for n in (1, 2)
    ]
    GrilleVague.objects.bulk_create([GrilleVague(vague=v, comite_clos_le=maintenant(), comite_clos_par=admin) for v in a_publier])
    total = deposes + brouillons + 2 * laureats
    lieux = TiersLieu.objects.bulk_create(
        [
            TiersLieu(
                nom=f"Lieu {i}",
                structure_porteuse=f"Structure {i}",
                siret="73282932000074",
                commune="Avignon",
                departement=departement,
                region=departement.region,
            )
            for i in range(total)
        ],
        batch_size=2000,
    )
    nb_gestionnaires = 2 * brouillons + 2 * laureats
    gestionnaires = User.objects.bulk_create(
        [User(email=f"gestion{i:05d}@pannes.fr", password="!") for i in range(nb_gestionnaires)], batch_size=2000
    )
    lien = TiersLieu.gestionnaires.through
    liens = [lien(tierslieu_id=lieux[deposes + i // 2].pk, user_id=g.pk) for i, g in enumerate(gestionnaires[: 2 * brouillons])]
    liens += [lien(tierslieu_id=lieux[deposes + brouillons + i].pk, user_id=g.pk) for i, g in enumerate(gestionnaires[2 * brouillons :])]
    lien.objects.bulk_create(liens, batch_size=2000)
    depot = maintenant() - dt.timedelta(days=2)
    montants = {"montant_annee_1": Decimal("50000"), "montant_annee_2": Decimal("40000"), "montant_annee_3": Decimal("30000")}
    dossiers = [
        Dossier(
            tiers_lieu=lieux[i],
            vague=a_cloturer,
            statut=Dossier.Statut.DEPOSE,
            numero=f"FDT-P-V3-{i:05d}",
            depose_le=depot,
            cree_par=admin,
            **montants,
        )
        for i in range(deposes)
    ]
    dossiers += [Dossier(tiers_lieu=lieux[deposes + i], vague=a_cloturer, cree_par=admin) for i in range(brouillons)]
    retenus = [
        Dossier(
            tiers_lieu=lieux[deposes + brouillons + i],
            vague=a_publier[i // laureats],
            statut=Dossier.Statut.EN_INSTRUCTION,
            numero=f"FDT-P-L-{i:05d}",
            depose_le=depot,
            cree_par=admin,
            **montants,
        )
        for i in range(2 * laureats)
    ]
    Dossier.objects.bulk_create(dossiers + retenus, batch_size=2000)
    Decision.objects.bulk_create(
        [
            Decision(dossier=d, vague=d.vague, resultat=Decision.Resultat.RETENU, definitive=True, decide_par=admin, decide_le=maintenant())
            for d in retenus
        ],
        batch_size=2000,
    )
    return admin, a_cloturer, a_publier


def _tuer(worker: subprocess.Popen) -> None:
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)


def _relancer(env: dict, journal) -> tuple[subprocess.Popen, float]:
    """Start a new worker once the unacknowledged message is older than the visibility timeout:
    kombu puts it back in the queue when a worker starts (then only about every 100 s). Its age is
    read from the transport's ``unacked_index`` (score = moment it was handed to the dead worker)."""
    import redis
    from django.conf import settings

    livraisons = [score for _, score in redis.Redis.from_url(BROKER_WORKER).zrange("unacked_index", 0, -1, withscores=True)]
    reste = max(livraisons, default=0) + settings.VISIBILITE_S + 0.2 - time.time()
    if reste > 0:
        time.sleep(reste)
    return _worker_demarrer(env, journal), time.time()


def _cloture(env, journal, vague, deposes: int, brouillons: int) -> dict:
    from candidatures.models import Dossier, Vague
    from candidatures.tasks import cloturer_vague
    from commun.models import Courriel, EntreeJournal

    worker = _worker_demarrer(env, journal)
    envoi = time.time()
    cloturer_vague.delay(vague.pk)
    # The deposited dossiers are « en instruction » and their audit entries written once the job
    # queues the drafts' e-mails: kill it then, its transaction open.
    vu = _attendre(lambda: _requete_du_worker('INSERT INTO "commun_courriel"'), 180)
    tuer = time.time() - envoi
    _tuer(worker)
    _attendre(lambda: _transactions_du_worker() == 0, 10)
    cles = f"cloture:vague-{vague.pk}:"
    reste = (
        Dossier.objects.filter(vague=vague, statut=Dossier.Statut.EN_INSTRUCTION).count(),
        EntreeJournal.objects.filter(action="dossier.en_instruction").count(),
        Courriel.objects.filter(cle__startswith=cles).count(),
    )
    worker, relance = _relancer(env, journal)
    fini = _attendre(lambda: Vague.objects.filter(pk=vague.pk, cloturee_le__isnull=False).exists(), 300, 0.2)
    duree = time.time() - relance
    en_instruction = Dossier.objects.filter(vague=vague, statut=Dossier.Statut.EN_INSTRUCTION).count()
    entrees = EntreeJournal.objects.filter(action="dossier.en_instruction", objet_type="candidatures.dossier")
    par_dossier = Counter(entrees.values_list("objet_id", flat=True))
    courriels = Counter(Courriel.objects.filter(cle__startswith=cles).values_list("destinataire", flat=True))
    attendus = set(
        Dossier.objects.filter(vague=vague, statut=Dossier.Statut.BROUILLON).values_list("tiers_lieu__gestionnaires__email", flat=True)
    )
    checks = {
        "tué pendant la transaction (courriels en cours)": bool(vu),
        "rien de la première exécution n'est resté (rollback)": reste == (0, 0, 0),
        "tâche relivrée et terminée": bool(fini),
        f"{deposes} dossiers en instruction": en_instruction == deposes
        and not Dossier.objects.filter(vague=vague, statut="depose").exists(),
        "une entrée de journal par dossier": len(par_dossier) == deposes and set(par_dossier.values()) == {1},
        f"{2 * brouillons} gestionnaires de brouillon prévenus une fois": set(courriels) == attendus
        and len(attendus) == 2 * brouillons
        and set(courriels.values()) == {1},
        "clôture journalisée une fois": EntreeJournal.objects.filter(action="vague.cloturee", objet_id=str(vague.pk)).count() == 1,
    }
    # The new worker then sends the queued e-mails; each one once (locked outbox row).
    envoyes = _attendre(lambda: not Courriel.objects.filter(cle__startswith=cles, statut=Courriel.Statut.EN_ATTENTE).exists(), 300, 0.5)
    checks["courriels envoyés une fois"] = bool(envoyes) and set(
        Courriel.objects.filter(cle__startswith=cles).values_list("statut", "tentatives").distinct()
    ) == {(Courriel.Statut.ENVOYE, 1)}
    worker.terminate()
    worker.wait(timeout=60)
    return {
        "nom": f"clôture : {deposes} déposés, {brouillons} brouillons",
        "tuer": tuer,
        "relance": duree,
        "compte": f"{en_instruction} en instruction, {sum(par_dossier.values())} entrées, {sum(courriels.values())} courriels",
        "etat": "transaction ouverte, courriels des brouillons en cours ; en base après le kill : "
        f"{reste[0]} en instruction, {reste[1]} entrée, {reste[2]} courriel",
        "checks": checks,
    }


def _fichiers(vague) -> list[str]:
    from pathlib import Path

    from django.conf import settings

    dossier = Path(settings.MEDIA_ROOT) / "publications" / f"vague-{vague.pk}"
    return sorted(p.name for p in dossier.iterdir()) if dossier.exists() else []


def _publication(env, journal, vague, admin, laureats: int, moment: str) -> dict:
    from candidatures.models import Decision, Publication
    from commun.models import Courriel, EntreeJournal
    from fabriques.models import Label
    from selection.services.publication import vague_publier

    worker = _worker_demarrer(env, journal)
    envoi = time.time()
    publication = vague_publier(vague=vague, par=admin)  # queued on commit (autocommit here)
    suivie = Publication.objects.filter(pk=publication.pk)
    if moment == "pdf":
        # PDF rendered and written to the media folder, while the transaction that records it,
        # publishes the wave and queues the decision e-mails is still open: kill it there.
        vu = _attendre(lambda: _fichiers(vague) and suivie.filter(sha256="").exists(), 300, 0.01)
    else:
        # The wave's PDF is stored (committed), the cumulative list is being built.
        vu = _attendre(
            lambda: suivie.exclude(sha256="").exists()
            and Publication.objects.filter(vague=None, statut=Publication.Statut.EN_COURS).exists(),
            300,
        )
    tuer = time.time() - envoi
    _tuer(worker)
    _attendre(lambda: _transactions_du_worker() == 0, 10)
    avant = suivie.get()
    worker, relance = _relancer(env, journal)
    fini = _attendre(lambda: suivie.filter(statut=Publication.Statut.TERMINEE).exists(), 300, 0.2)
    duree = time.time() - relance
    worker.terminate()
    worker.wait(timeout=60)
    publication = suivie.get()
    labels = Counter(Label.objects.filter(vague=vague).values_list("tiers_lieu_id", flat=True))
    decisions = Decision.objects.filter(vague=vague, definitive=True)
    cles = Counter(
        Courriel.objects.filter(
            cle__startswith="decision:",
            cle__in=[f"decision:{pk}:user-{u}" for pk, u in decisions.values_list("pk", "dossier__tiers_lieu__gestionnaires")],
        ).values_list("destinataire", flat=True)
    )
    cumulee = Publication.objects.filter(vague=None, statut=Publication.Statut.TERMINEE).order_by("-pk").first()
    publiees = Label.objects.filter(vague__statut="resultats_publies").count()
    checks = {
        "tué au moment visé": bool(vu),
        "tâche relivrée et terminée": bool(fini),
        "une publication, un PDF (base et disque)": Publication.objects.filter(vague=vague).count() == 1
        and len(publication.sha256) == 64
        and _fichiers(vague) == [f"liste-laureats-{publication.pk}.pdf"],
        f"{laureats} lauréats labellisés une fois": len(labels) == laureats and set(labels.values()) == {1},
        "décisions envoyées une fois": len(cles) == laureats and set(cles.values()) == {1},
        "publication journalisée une fois": EntreeJournal.objects.filter(action="publication.terminee", objet_id=str(vague.pk)).count()
        == 1,
        "liste cumulée reconstruite": cumulee is not None
        and cumulee.terminee_le > publication.cree_le
        and cumulee.nombre_laureats == publiees,
        "aucune publication restée « en cours »": not Publication.objects.filter(statut=Publication.Statut.EN_COURS).exists(),
    }
    etat = f"PDF {'enregistré' if avant.sha256 else 'non enregistré'}, {avant.progression} %"
    return {
        "nom": f"publication : {laureats} lauréats, tué {'dans la transaction du PDF' if moment == 'pdf' else 'pendant la liste cumulée'}",
        "tuer": tuer,
        "relance": duree,
        "etat": etat,
        "compte": f"{len(_fichiers(vague))} PDF, {len(labels)} labels, {sum(cles.values())} courriels, "
        f"liste cumulée de {cumulee.nombre_laureats if cumulee else 0}",
        "checks": checks,
    }


def panne_worker(deposes: int, brouillons: int, laureats: int) -> bool:
    import tempfile

    import psycopg
    import redis

    media = tempfile.mkdtemp(prefix="pannes-worker-")
    env = _env_worker(media)
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "CELERY_BROKER_URL", "MEDIA_ROOT")})
    with psycopg.connect(f"{ruee.SERVEUR_PG}/postgres", autocommit=True) as admin_pg:
        admin_pg.execute(f"DROP DATABASE IF EXISTS {BASE_WORKER}")
        admin_pg.execute(f"CREATE DATABASE {BASE_WORKER}")
    courtier = redis.Redis.from_url(BROKER_WORKER)
    courtier.flushdb()
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ruee.RACINE, env=env, check=True)
    import django

    django.setup()
    print(f"Préparation : {deposes} dossiers déposés et {brouillons} brouillons à clôturer, 2 × {laureats} lauréats à publier…", flush=True)
    admin, a_cloturer, a_publier = _donnees_worker(deposes, brouillons, laureats)
    resultats = []
    with open(os.path.join(media, "worker.log"), "ab") as journal:
        resultats.append(_cloture(env, journal, a_cloturer, deposes, brouillons))
        resultats.append(_publication(env, journal, a_publier[0], admin, laureats, "pdf"))
        resultats.append(_publication(env, journal, a_publier[1], admin, laureats, "cumulee"))
    print("\n=== Worker Celery tué (SIGKILL) au milieu d'un travail, puis relancé ===")
    print(f"{'sous-scénario':<62} {'tué après':>9} {'relance':>8}  vérifié")
    for r in resultats:
        print(f"{r['nom']:<62} {r['tuer']:>7.1f} s {r['relance']:>6.1f} s  {r['compte']}")
        if "etat" in r:
            print(f"{'':<62} au moment du kill : {r['etat']}")
    ok = True
    for r in resultats:
        for libelle, reussi in r["checks"].items():
            if not reussi:
                ok = False
                print(f"ÉCHEC — {r['nom']} : {libelle}")
    print(
        "(tué après = depuis l'envoi de la tâche, démarrage du worker compris ; relance = du démarrage du nouveau worker, "
        "une fois le message plus vieux que le délai de visibilité, à la fin du travail relivré)"
    )
    print(
        "VERDICT :",
        "réussi — chaque travail relivré finit une fois : dossiers, journal, labels, PDF et courriels sans doublon"
        if ok
        else f"ÉCHEC (journal du worker : {media}/worker.log)",
    )
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{ruee.SERVEUR_PG}/postgres", autocommit=True) as admin_pg:
        admin_pg.execute(f"DROP DATABASE IF EXISTS {BASE_WORKER}")
    courtier.flushdb()
    if ok:
        shutil.rmtree(media, ignore_errors=True)
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=["redis", "postgres", "worker"])
    parser.add_argument("--nombre", type=int, default=20)
    parser.add_argument("--duree", type=int, default=30)
    parser.add_argument("--deposes", type=int, default=3000, help="worker : dossiers déposés de la vague à clôturer")
    parser.add_argument("--brouillons", type=int, default=600, help="worker : brouillons (2 gestionnaires chacun) de cette vague")
    parser.add_argument("--laureats", type=int, default=300, help="worker : lauréats de chacune des deux vagues à publier")
    args = parser.parse_args()
    if args.scenario == "worker":
        ok = panne_worker(args.deposes, args.brouillons, args.laureats)
    else:
        ok = panne_redis(args.nombre) if args.scenario == "redis" else panne_postgres(args.duree)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
