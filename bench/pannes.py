"""Fault scenarios against gunicorn and PostgreSQL on this machine, each with its verdict.

    .venv/bin/python -m bench.pannes redis      # the broker is down while applicants deposit
    .venv/bin/python -m bench.pannes postgres   # PostgreSQL restarts under load

« redis »: deposits succeed while the broker is unreachable; proofs of deposit and e-mails are
produced from the database (outbox, missing proofs) once it is back — nothing lost, nothing twice.
« postgres »: requests fail only while the database restarts; the portal recovers by itself,
without restarting gunicorn (connection health checks).
"""
import argparse
import os
import re
import subprocess
import sys
import time
from collections import Counter

os.environ.setdefault("RUEE_BASE", "fabriques_pannes")

from bench import ruee  # noqa: E402

PORT = 8766


def _demarrer(env_extra: dict) -> subprocess.Popen:
    env = ruee._env(**env_extra)
    serveur = subprocess.Popen([sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
                                "--workers", "2", "--timeout", "60"], cwd=ruee.RACINE, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
    sortie = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ruee.RACINE, env=ruee._env(**env_extra),
                            check=True, capture_output=True, text=True)
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
    avant = _shell("from candidatures.models import Dossier; print(Dossier.objects.filter(statut='depose').count(), "
                   "Dossier.objects.filter(statut='depose', accuse_reception='').count())")
    print(f"Broker coupé : réponses aux dépôts {dict(statuts)} ; en base (déposés, sans accusé) : {avant}")
    # The broker is back: the periodic jobs run (here inline) and catch up from the database.
    apres = _shell("from candidatures.tasks_depot import produire_accuses_manquants; from commun.tasks import envoyer_courriels_en_attente; "
                   "from commun.models import Courriel; from candidatures.models import Dossier; "
                   "a = produire_accuses_manquants(); e = envoyer_courriels_en_attente(); "
                   "a2 = produire_accuses_manquants(); e2 = envoyer_courriels_en_attente(); "
                   "print(a, e, a2, e2, Dossier.objects.filter(statut='depose', accuse_reception='').count(), "
                   "Courriel.objects.filter(statut='envoye').count())")
    a, e, a2, e2, manquants, envoyes = map(int, apres.split())
    print(f"Broker revenu : {a} accusé(s) produit(s), {e} courriel(s) envoyé(s) ; second passage : {a2} et {e2} ; "
          f"accusés manquants : {manquants} ; courriels envoyés au total : {envoyes}")
    ok = statuts == Counter({302: nombre}) and avant == f"{nombre} {nombre}" and a == nombre and envoyes == nombre and a2 == e2 == 0 and manquants == 0
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
    ok = bool(apres) and all(c == 200 for c in apres)
    print("VERDICT :", "réussi — le portail se rétablit seul après le redémarrage de PostgreSQL" if ok else "ÉCHEC")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=["redis", "postgres"])
    parser.add_argument("--nombre", type=int, default=20)
    parser.add_argument("--duree", type=int, default=30)
    args = parser.parse_args()
    ok = panne_redis(args.nombre) if args.scenario == "redis" else panne_postgres(args.duree)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
