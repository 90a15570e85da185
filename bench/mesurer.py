"""Measure the portal on data made by ``bench.generer``, in one run, and print a table.

Run: .venv/bin/python -m bench.mesurer --database-url postgres://postgres@127.0.0.1:5432/fabriques_bench \
         --petit-database-url postgres://postgres@127.0.0.1:5432/fabriques_bench_petit

« Server time » is the time of a request through Django's test Client, in process: the whole
middleware stack, the view, the templates and the database, without the network and the WSGI
server. The floor is ``/bench/minimal/`` (bench/urls.py) served the same way, on the same database,
in the same run; ``/bench/gabarit-vide/`` (the empty page shell) and the minimal view for a signed-in
user are printed for reference.
The query counts are taken on the big database and, in a subprocess, on the small one: they must
be equal. The full test suite's duration is measured apart (``make test``), never from here.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import tracemalloc

REPETITIONS = 15


def _configurer(database_url):
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()


def _pages():
    """Return [(label, user e-mail or None, url)] of the main pages, from the generated data."""
    from django.db.models import Count, F, Q
    from django.urls import reverse

    from candidatures.models import Affectation, Dossier, Vague
    from comptes.models import User

    # The same profile at every scale, so that query counts compare like with like: a porteur with
    # four dossiers, one of them a draft (porteur.bench@exemple.fr when the data has none such);
    # a reviewer on a dossier under review that they have already scored.
    # The porteur's page also builds the creation form when one of their tiers-lieux may still apply
    # to the open wave: the profile fixes that too (exactly one such tiers-lieu).
    ouverte = Vague.objects.filter(statut=Vague.Statut.OUVERTE).first()
    candidats = (
        User.objects.filter(tiers_lieux__isnull=False)
        .distinct()
        .annotate(
            nb=Count("tiers_lieux__dossiers"),
            brouillons=Count("tiers_lieux__dossiers", filter=Q(tiers_lieux__dossiers__statut="brouillon")),
        )
        .filter(nb=4, brouillons=1)
        .order_by("pk")[:200]
    )
    porteur = next(
        (
            u
            for u in candidats
            if ouverte
            and sum(1 for t in u.tiers_lieux.all() if not t.dossiers.filter(vague=ouverte).exclude(statut="retire").exists()) == 1
        ),
        None,
    ) or User.objects.get(email="porteur.bench@exemple.fr")
    dossier = Dossier.objects.filter(tiers_lieu__gestionnaires=porteur, depose_le__isnull=False).order_by("pk").first()
    vague = Vague.objects.get(statut=Vague.Statut.EN_INSTRUCTION)
    affectation = (
        Affectation.objects.filter(
            dossier__vague=vague,
            dossier__statut=Dossier.Statut.EN_INSTRUCTION,
            dossier__evaluations__instructeur=F("instructeur"),
            dossier__evaluations__statut="soumise",
        )
        .select_related("instructeur")
        .order_by("dossier_id", "instructeur_id")
        .first()
    )
    instructeur = affectation.instructeur.email
    return [
        ("minimal (plancher)", None, "/bench/minimal/"),
        ("gabarit vide (référence)", None, "/bench/gabarit-vide/"),
        # The minimal view behind login_required: what every signed-in page pays before its own work
        # (the session and the user read from the database). For reference only.
        ("minimal, connecté (référence)", "admin.bench@exemple.fr", "/bench/minimal-connecte/"),
        ("porteur : tableau de bord", porteur.email, reverse("candidatures:mes_dossiers")),
        ("porteur : page du dossier", porteur.email, reverse("candidatures:dossier", args=[dossier.pk])),
        ("instructeur : liste", instructeur, reverse("candidatures:instruction")),
        ("administrateur : liste", "admin.bench@exemple.fr", reverse("candidatures:instruction")),
        ("administrateur : liste d'une vague", "admin.bench@exemple.fr", reverse("candidatures:instruction") + f"?vague={vague.pk}"),
        ("instructeur : dossier", instructeur, reverse("candidatures:instruction_dossier", args=[affectation.dossier_id])),
        ("comité de la vague", "admin.bench@exemple.fr", reverse("candidatures:comite", args=[vague.pk])),
        ("annuaire public (lauréats)", None, reverse("fabriques:annuaire")),
        ("financement : tableau de bord", "admin.bench@exemple.fr", reverse("financement:tableau_de_bord")),
        ("API : lauréats (public)", None, reverse("api-laureats")),
        ("API : annuaire (public)", None, reverse("api-fabriques")),
        ("API : dossiers du porteur", porteur.email, reverse("api-dossiers")),
        ("API : instruction (administrateur)", "admin.bench@exemple.fr", reverse("api-instruction-dossiers")),
    ]


def _client(email):
    from django.test import Client

    from comptes.models import User

    client = Client()
    if email:
        client.force_login(User.objects.get(email=email))
    return client


def compter_requetes() -> dict:
    """Return {label: number of SQL queries} for each page (one request, after a warm-up)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    comptes = {}
    for label, email, url in _pages():
        client = _client(email)
        client.get(url)
        cache.clear()  # the queries of a page computed, not of one served from commun.cache
        with CaptureQueriesContext(connection) as requetes:
            reponse = client.get(url)
        assert reponse.status_code == 200, (label, url, reponse.status_code)
        comptes[label] = len(requetes)
    return comptes


def mesurer_pages(repetitions: int):
    from django.core.cache import cache

    lignes = []
    for label, email, url in _pages():
        client = _client(email)
        for _ in range(2):
            client.get(url)
        durees = []
        for _ in range(repetitions):
            cache.clear() if os.environ.get("BENCH_SANS_CACHE") else None
            debut = time.perf_counter()
            reponse = client.get(url)
            b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
            durees.append(time.perf_counter() - debut)
            assert reponse.status_code == 200, (label, reponse.status_code)
        durees.sort()
        p95 = durees[min(len(durees) - 1, round(0.95 * (len(durees) - 1)))]
        lignes.append((label, statistics.median(durees), p95))
    return lignes


def mesurer_export(nombre: int):
    """Return (rows, rows/s, peak bytes) for the streamed CSV export of the reviewers' list and for
    the same query iterated with a plain cursor (fetchmany, nothing built). Speed and memory are
    measured in separate passes: tracemalloc slows every Python allocation, which would penalise
    the export (it builds each line) far more than the cursor."""
    from django.db import connection

    from candidatures.exports import instruction as exports
    from candidatures.selectors.instruction import liste_instruction
    from comptes.models import User

    admin = User.objects.get(email="admin.bench@exemple.fr")
    qs = liste_instruction(admin)[:nombre]
    sql, params = exports.requete(qs).query.sql_with_params()

    def exporter():
        return sum(1 for _ in exports.csv_flux(admin, qs)) - 1

    def parcourir():
        m = 0
        with connection.cursor() as curseur:
            curseur.execute(sql, params)
            while lot := curseur.fetchmany(500):
                m += len(lot)
        return m

    def chronometrer(fonction):
        debut = time.perf_counter()
        n = fonction()
        return n, n / (time.perf_counter() - debut)

    def pic(fonction):
        tracemalloc.start()
        fonction()
        valeur = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return valeur

    n, debit = chronometrer(exporter)
    m, debit_curseur = chronometrer(parcourir)
    return {
        "lignes": n,
        "debit": debit,
        "pic": pic(exporter),
        "lignes_curseur": m,
        "debit_curseur": debit_curseur,
        "pic_curseur": pic(parcourir),
    }


def _volume():
    from candidatures.models import Dossier

    return Dossier.objects.count()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="grande base (par défaut : DATABASE_URL)")
    parser.add_argument("--petit-database-url", default=None, help="petite base, pour comparer les nombres de requêtes")
    parser.add_argument("--repetitions", type=int, default=REPETITIONS)
    parser.add_argument("--exports", default="10000,100000", help="tailles de l'export CSV mesurées")
    parser.add_argument("--sans-pdf", action="store_true")
    parser.add_argument("--sans-pages", action="store_true", help="seulement l'export (et le PDF)")
    parser.add_argument("--comptes-seulement", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    _configurer(args.database_url)

    if args.comptes_seulement:
        print(json.dumps({"volume": _volume(), "comptes": compter_requetes()}))
        return

    import django
    from django.db import connection

    volume = _volume()
    print(
        f"Base {connection.vendor} « {connection.settings_dict['NAME']} » : {volume} dossiers ; Django {django.get_version()} ; "
        f"temps serveur = Client de test Django dans le processus (middleware + vue + gabarits + base, sans réseau)"
    )
    if args.sans_pages:
        comptes, lignes, petit = {}, [], None
    else:
        comptes, lignes, petit = _pages_et_comptes(args)
    _afficher_pages(comptes, lignes, petit, volume)
    _exports_pdf(args, volume)


def _pages_et_comptes(args):
    comptes = compter_requetes()
    petit = None
    if args.petit_database_url:
        sortie = subprocess.run(
            [sys.executable, "-m", "bench.mesurer", "--comptes-seulement", "--database-url", args.petit_database_url],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        petit = json.loads(sortie.strip().splitlines()[-1])
    return comptes, mesurer_pages(args.repetitions), petit


def _afficher_pages(comptes, lignes, petit, volume):
    if not lignes:
        return
    plancher = lignes[0][1]
    entete_petit = f"req. ({petit['volume']})" if petit else "req. (petit)"
    print(
        f"\n{'page':34} {'médiane':>9} {'p95':>9} {'×plancher':>9} {'p95/méd.':>8} {'req. (' + str(volume) + ')':>14} {entete_petit:>14}  cibles"
    )
    for label, mediane, p95 in lignes:
        ratio, dispersion = mediane / plancher, p95 / mediane
        n_petit = petit["comptes"][label] if petit else None
        ok = ratio <= 5 and dispersion <= 5 and (n_petit is None or n_petit == comptes[label])
        print(
            f"{label:34} {mediane * 1000:7.1f}ms {p95 * 1000:7.1f}ms {ratio:9.1f} {dispersion:8.2f} {comptes[label]:14} "
            f"{'' if n_petit is None else n_petit:>14}  {'OK' if ok else 'NON'}"
        )
    print("  cibles : médiane ≤ 5× le plancher, p95 ≤ 5× la médiane, même nombre de requêtes aux deux tailles")


def _exports_pdf(args, volume):
    tailles = [int(x) for x in args.exports.split(",") if x]
    resultats = []
    for taille in tailles:
        if taille > volume:
            print(f"\nExport CSV de {taille} lignes : la base n'a que {volume} dossiers — sauté.")
            continue
        resultats.append(mesurer_export(taille))
    if resultats:
        print("\nExport CSV de la liste d'instruction (flux, candidatures.exports.instruction.csv_flux) vs curseur brut, même requête")
        print(f"{'lignes':>8} {'export l/s':>11} {'curseur l/s':>12} {'rapport':>8} {'pic export':>11} {'pic curseur':>12}")
        for r in resultats:
            print(
                f"{r['lignes']:8} {r['debit']:11.0f} {r['debit_curseur']:12.0f} {r['debit'] / r['debit_curseur']:8.2f} "
                f"{r['pic'] / 1e6:9.1f}Mo {r['pic_curseur'] / 1e6:10.1f}Mo"
            )
        if len(resultats) >= 2:
            print(
                f"  mémoire de l'export, {resultats[-1]['lignes']} vs {resultats[0]['lignes']} lignes : "
                f"×{resultats[-1]['pic'] / resultats[0]['pic']:.2f} (cible : 0,8–1,2) ; débit ≥ 0,5 × curseur"
            )

    print(
        "\nClôture d'une vague de 10 000 dossiers : `python -m bench.cloture` (base jetable ; bench/reproduire.sh la lance sur PostgreSQL)."
    )

    if not args.sans_pdf:
        print()
        sys.stdout.flush()
        subprocess.run(
            [sys.executable, "-m", "bench.pdf_laureats", "--n", "300", "--repetitions", "3"],
            check=True,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
        )
    print("\nDurée de la suite de tests : bench/reproduire.sh la mesure à la fin (`make test`, SQLite).")


if __name__ == "__main__":
    main()
