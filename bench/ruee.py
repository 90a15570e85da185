"""The deadline rush: hundreds of applicants save and deposit in the last minutes before a
deadline, which passes during the test. Against gunicorn and PostgreSQL on this machine.

    .venv/bin/python -m bench.ruee --utilisateurs 300 --duree 120 --coupure 60

Then it checks, in the database: every deposit acknowledged before the deadline is recorded once;
every deposit after it was refused with the deadline message and its draft kept; no 5xx; the last
saved text of every draft is the one in the database. Prints throughput and latency percentiles.
"""

import argparse
import datetime as dt
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
BASE = os.environ.get("RUEE_BASE", "fabriques_ruee")
SERVEUR_PG = os.environ.get("RUEE_SERVEUR_PG", "postgres://postgres@127.0.0.1:5432")
MOT_DE_PASSE = "Ruee-Mot-de-passe-2026"
LIMITE_JOUR = dt.date(2026, 12, 30)


def _env(**extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings_ruee",
        "DATABASE_URL": f"{SERVEUR_PG}/{BASE}",
        "CELERY_BROKER_URL": "",
        **extra,
    }


def preparer(nombre: int) -> list[dict]:
    """Create the database, a wave closing on LIMITE_JOUR and ``nombre`` complete drafts."""
    import psycopg

    with psycopg.connect(f"{SERVEUR_PG}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BASE}")
        admin.execute(f"CREATE DATABASE {BASE}")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=RACINE, env=_env(), check=True)
    script = f"""
import json, time_machine, datetime as dt
from decimal import Decimal
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from fabriques.identifiants import siret_fictif
from candidatures.models import Dossier, PieceJointe, Vague
from candidatures.services.dossiers import dossier_enregistrer_montants, dossier_enregistrer_section
from candidatures.services.pieces import piece_ajouter
from comptes.models import User
from comptes.roles import Role
from fabriques.models import Departement, Implantation, TiersLieu
from candidatures.demo.depot import TEXTE
PDF = b"%PDF-1.4\\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\\ntrailer<</Root 1 0 R>>\\n%%EOF\\n"
comptes = []
with time_machine.travel(dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC), tick=False):
    vague = Vague.objects.create(numero=1, titre="Vague de la ruée", date_ouverture=dt.date(2026, 10, 1), date_limite=dt.date.fromisoformat("{LIMITE_JOUR}"), statut=Vague.Statut.OUVERTE)
    dep = Departement.objects.get(code="35")
    for i in range({nombre}):
        email = f"ruee{{i:04d}}@exemple.fr"
        user = User.objects.create_user(email=email, password="{MOT_DE_PASSE}")
        user.attribuer_role(Role.PORTEUR)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        lieu = TiersLieu.objects.create(nom=f"Lieu {{i}}", structure_porteuse=f"Association {{i}}", forme_juridique="association",
            siret=siret_fictif("8", i), adresse="1 rue", code_postal="35000", commune="Rennes", departement=dep,
            region=dep.region, implantation=Implantation.HORS_GRANDS_CENTRES)
        lieu.gestionnaires.add(user)
        d = Dossier.objects.create(tiers_lieu=lieu, vague=vague, cree_par=user)
        for code, champs in TEXTE.items():
            d = dossier_enregistrer_section(dossier=d, section=code, donnees={{k: v.replace("{{nom}}", "x") for k, v in champs.items()}}, par=user)
        d = dossier_enregistrer_montants(dossier=d, montants={{1: Decimal("50000"), 2: Decimal("40000"), 3: Decimal("30000")}}, par=user).dossier
        piece_ajouter(dossier=d, type=PieceJointe.Type.STATUTS, fichier=SimpleUploadedFile("statuts.pdf", PDF), par=user)
        piece_ajouter(dossier=d, type=PieceJointe.Type.BUDGET, fichier=SimpleUploadedFile("budget.pdf", PDF + b"b"), par=user)
        comptes.append({{"email": email, "dossier": d.pk}})
print(json.dumps(comptes))
"""
    sortie = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=RACINE, env=_env(), check=True, capture_output=True, text=True
    )
    return json.loads(sortie.stdout.strip().splitlines()[-1])


def verifier(journal: list[dict], limite_reelle: float) -> dict:
    """Check the database against what the clients were told."""
    script = """
import json
from candidatures.models import Dossier
from commun.models import EntreeJournal
etat = {d.pk: {"statut": d.statut, "numero": d.numero, "depose_le": d.depose_le.isoformat() if d.depose_le else None,
               "resume": d.section("presentation").get("resume", ""),
               "depots": EntreeJournal.objects.filter(objet_type="candidatures.dossier", objet_id=str(d.pk), action="dossier.depose").count()}
        for d in Dossier.objects.all()}
print(json.dumps(etat))
"""
    sortie = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=RACINE, env=_env(), check=True, capture_output=True, text=True
    )
    etat = {int(k): v for k, v in json.loads(sortie.stdout.strip().splitlines()[-1]).items()}
    from commun.temps import fin_de_journee_paris

    limite = fin_de_journee_paris(LIMITE_JOUR)
    anomalies = []
    depots_acquittes = [j for j in journal if j["action"] == "depot" and j["statut"] == 302]
    refus_delai = [j for j in journal if j["action"] == "depot" and j.get("refus_delai")]
    erreurs_5xx = [j for j in journal if j["statut"] >= 500]
    for j in depots_acquittes:
        d = etat[j["dossier"]]
        if d["statut"] != "depose" or not d["numero"] or d["depots"] != 1 or dt.datetime.fromisoformat(d["depose_le"]) > limite:
            anomalies.append(f"dépôt acquitté mal enregistré : {j['dossier']} {d}")
        if j["debut"] > limite_reelle + 1:
            anomalies.append(f"dépôt acquitté après la coupure : {j}")
    for j in refus_delai:
        d = etat[j["dossier"]]
        if d["statut"] != "brouillon" or d["depots"] != 0:
            anomalies.append(f"refus de dépôt mais dossier modifié : {j['dossier']} {d}")
        if j["fin"] < limite_reelle - 1:
            anomalies.append(f"refus « date limite » avant la coupure : {j}")
    # The text in the database must be the last one acknowledged, or a later one whose answer the
    # client never got (a user stopped by the end of the test while its request was in flight).
    admis: dict[int, set[str]] = {}
    for j in sorted((j for j in journal if j["action"] == "section"), key=lambda j: j["debut"]):
        if j["statut"] in (200, 302):
            admis[j["dossier"]] = {j["texte"]}
        elif j["statut"] == 0:
            admis.setdefault(j["dossier"], set()).add(j["texte"])
    for dossier, textes in admis.items():
        if etat[dossier]["resume"] not in textes:
            anomalies.append(f"brouillon perdu : {dossier} attend {sorted(textes)}, trouvé « {etat[dossier]['resume']} »")
    return {
        "depots_acquittes": len(depots_acquittes),
        "refus_delai": len(refus_delai),
        "erreurs_5xx": len(erreurs_5xx),
        "sections_enregistrees": sum(1 for j in journal if j["action"] == "section" and j["statut"] in (200, 302)),
        "anomalies": anomalies,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--utilisateurs", type=int, default=300)
    parser.add_argument("--duree", type=int, default=120, help="durée de la charge, en secondes")
    parser.add_argument("--coupure", type=int, default=60, help="secondes après le début où la date limite passe")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    if importlib.util.find_spec("locust") is None:
        sys.exit("Locust n'est pas installé : `make bench-installer` (ou .venv/bin/pip install -r requirements-bench.txt).")
    sys.path.insert(0, str(RACINE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_ruee")
    os.environ["DATABASE_URL"] = f"{SERVEUR_PG}/{BASE}"
    import django

    django.setup()
    print(f"Préparation : {args.utilisateurs} porteurs et brouillons complets…", flush=True)
    comptes = preparer(args.utilisateurs)
    dossier_tmp = Path(tempfile.mkdtemp(prefix="ruee-"))
    resultats = dossier_tmp / "journal.json"
    coupure = time.time() + args.coupure + 5
    from commun.temps import fin_de_journee_paris

    env = _env(
        RUEE_LIMITE=fin_de_journee_paris(LIMITE_JOUR).isoformat(),
        RUEE_COUPURE_EPOCH=str(coupure),
        RUEE_WORKERS=str(args.workers),
        MEDIA_ROOT=str(dossier_tmp / "fichiers"),
    )
    serveur = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "-c", "bench/ruee_gunicorn.py"],
        cwd=RACINE,
        env={**env, "DJANGO_SETTINGS_MODULE": "bench.settings_ruee"},
    )
    try:
        time.sleep(4)
        print(f"Charge : {args.utilisateurs} utilisateurs pendant {args.duree} s, date limite franchie à t+{args.coupure} s…", flush=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                "bench/ruee_locustfile.py",
                "--headless",
                "-u",
                str(args.utilisateurs),
                "-r",
                str(max(1, args.utilisateurs // 10)),
                "-t",
                f"{args.duree}s",
                "--host",
                "http://127.0.0.1:8765",
                "--csv",
                str(dossier_tmp / "locust"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=RACINE,
            env={**env, "RUEE_COMPTES": json.dumps(comptes), "RUEE_RESULTATS": str(resultats), "RUEE_MOT_DE_PASSE": MOT_DE_PASSE},
            check=False,
        )
    finally:
        serveur.terminate()
        serveur.wait(timeout=30)
    journal = json.loads(resultats.read_text())
    bilan = verifier(journal, coupure)
    durees = sorted((j["fin"] - j["debut"]) * 1000 for j in journal)
    depots = sorted((j["fin"] - j["debut"]) * 1000 for j in journal if j["action"] == "depot")
    total = len(journal)
    fenetre = (max(j["fin"] for j in journal) - min(j["debut"] for j in journal)) if journal else 1

    def p95(valeurs):
        return statistics.quantiles(valeurs, n=20)[-1] if len(valeurs) >= 20 else (max(valeurs) if valeurs else 0)

    print("\n=== Ruée avant la date limite ===")
    print(f"écritures mesurées (enregistrements + dépôts) : {total} en {fenetre:.0f} s, soit {total / fenetre:.1f} par seconde")
    print(f"latence des écritures : médiane {statistics.median(durees):.0f} ms, p95 {p95(durees):.0f} ms")
    if depots:
        print(f"latence des dépôts    : médiane {statistics.median(depots):.0f} ms, p95 {p95(depots):.0f} ms")
    print(
        f"dépôts acquittés avant la limite : {bilan['depots_acquittes']} ; refusés avec le message de la date limite : {bilan['refus_delai']}"
    )
    print(f"enregistrements de section : {bilan['sections_enregistrees']} ; réponses 5xx : {bilan['erreurs_5xx']}")
    print(f"statistiques Locust (toutes requêtes) : {dossier_tmp}/locust_stats.csv")
    if bilan["anomalies"] or bilan["erreurs_5xx"]:
        print("ANOMALIES :")
        for ligne in bilan["anomalies"][:20]:
            print("  -", ligne)
        sys.exit(1)
    print("Aucune anomalie : chaque dépôt acquitté est enregistré une fois, chaque dépôt tardif refusé, aucun brouillon perdu.")


if __name__ == "__main__":
    main()
