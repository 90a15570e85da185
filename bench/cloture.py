"""Benchmark: closing a wave of 10 000 deposited dossiers against one bare SQL UPDATE of the same rows.

Run: .venv/bin/python -m bench.cloture [--n 10000] [--repetitions 3]
It builds a throw-away SQLite database in a temporary folder (never your own database; set
BENCH_DATABASE_URL to measure PostgreSQL). The floor is ``UPDATE … SET statut = 'en_instruction'``
alone; ``vague_cloturer`` adds the lock, the audit entries (bulk) and the wave's bookkeeping, and
should stay within 10× of it.
"""

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from decimal import Decimal


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args()

    dossier_tmp = tempfile.mkdtemp(prefix="bench-cloture-")
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{dossier_tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from candidatures.models import Dossier, Vague
    from candidatures.services.cloture import vague_cloturer
    from comptes.models import User
    from fabriques.models import Departement, TiersLieu

    departement = Departement.objects.select_related("region").get(code="84")
    user = User.objects.create_user(email="bench@exemple.fr", password="x")
    vague = Vague.objects.create(
        numero=1, titre="Vague de mesure", date_ouverture=dt.date(2026, 1, 1), date_limite=dt.date(2026, 3, 30), statut=Vague.Statut.OUVERTE
    )
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
            for i in range(args.n)
        ],
        batch_size=2000,
    )
    depot = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    Dossier.objects.bulk_create(
        [
            Dossier(
                tiers_lieu=lieu,
                vague=vague,
                statut=Dossier.Statut.DEPOSE,
                numero=f"FDT-2026-V1-{i:05d}",
                depose_le=depot,
                montant_annee_1=Decimal("50000"),
                montant_annee_2=Decimal("40000"),
                montant_annee_3=Decimal("30000"),
                cree_par=user,
            )
            for i, lieu in enumerate(lieux)
        ],
        batch_size=2000,
    )
    apres = dt.datetime(2026, 4, 1, 8, tzinfo=dt.UTC)

    def remettre():
        Dossier.objects.filter(vague=vague).update(statut=Dossier.Statut.DEPOSE)
        Vague.objects.filter(pk=vague.pk).update(statut=Vague.Statut.OUVERTE, cloturee_le=None)

    def update_seul():
        with transaction.atomic(), connection.cursor() as curseur:
            curseur.execute(
                "UPDATE candidatures_dossier SET statut = %s WHERE vague_id = %s AND statut = %s",
                [Dossier.Statut.EN_INSTRUCTION, vague.pk, Dossier.Statut.DEPOSE],
            )

    def cloture():
        bilan = vague_cloturer(vague_id=vague.pk, moment=apres)
        assert bilan.en_instruction == args.n, bilan

    def mesurer(fonction):
        durees = []
        for _ in range(args.repetitions):
            remettre()
            debut = time.perf_counter()
            fonction()
            durees.append(time.perf_counter() - debut)
        return statistics.median(durees)

    plancher = mesurer(update_seul)
    portail = mesurer(cloture)
    print(f"Clôture d'une vague de {args.n} dossiers déposés ({connection.vendor}) — médiane sur {args.repetitions} passages")
    print(f"  UPDATE SQL seul du statut        : {plancher:.3f} s")
    print(f"  vague_cloturer (journal compris) : {portail:.3f} s")
    print(f"  rapport                          : {portail / plancher:.1f} (cible ≤ 10)")


if __name__ == "__main__":
    main()
