"""The committee's decision aid, measured without a database (the solver is pure):

1. solve time of a proposal for a wave of 300 and of 3 000 dossiers — the optimal selection alone,
   then with every explanation (reasons, price of each limit, counterfactuals);
2. on generated waves, the proposal against the plain ranking (taken from the top until the
   operating money runs out): total score, progress towards the targets, constraints broken.

    .venv/bin/python -m bench.selection [--vagues 20] [--graine 1]

Generated waves: 18 régions of unequal size, implantation 20 % QPV, 15 % near a QPV, 45 % hors des
grands centres urbains, 20 % grand centre; a quarter of the QPV dossiers ask the numérique bonus;
3-year amounts of 75 000 to 150 000 €; scores as means of two reviewers' integer notes (ties
happen); 10 % disagreement, 5 % open complement. Parameters: 25 000 € per dossier of operating
envelope (≈ 55 laureates for 300 dossiers), 1 M€ of numérique envelope, at least 20 in or near a
QPV and 20 hors des grands centres (for 300), at most 8 numériques, one Fabrique per région.
"""

import argparse
import random
import statistics
import time
from dataclasses import replace
from decimal import Decimal

from selection.proposition import Candidat, Modele, Parametres, classement_simple, contraintes_non_respectees, inegibilite, proposer

REGIONS = [
    ("Auvergne-Rhône-Alpes", 12),
    ("Île-de-France", 14),
    ("Occitanie", 10),
    ("Nouvelle-Aquitaine", 10),
    ("Hauts-de-France", 9),
    ("Grand Est", 8),
    ("Provence-Alpes-Côte d'Azur", 8),
    ("Bretagne", 6),
    ("Pays de la Loire", 6),
    ("Normandie", 5),
    ("Bourgogne-Franche-Comté", 5),
    ("Centre-Val de Loire", 4),
    ("Corse", 1),
    ("Guadeloupe", 1),
    ("Martinique", 1),
    ("Guyane", 1),
    ("La Réunion", 2),
    ("Mayotte", 1),
]
IMPLANTATIONS = [("qpv", 20), ("proximite_qpv", 15), ("hors_grands_centres", 45), ("grand_centre", 20)]


def vague(n: int, graine: int, continues: bool = False) -> list[Candidat]:
    rnd = random.Random(graine)
    regions, poids_r = zip(*REGIONS, strict=True)
    implantations, poids_i = zip(*IMPLANTATIONS, strict=True)
    candidats = []
    for i in range(n):
        implantation = rnd.choices(implantations, poids_i)[0]
        bonus = implantation in ("qpv", "proximite_qpv") and rnd.random() < 0.25
        notes = [sum(rnd.choices(range(1, 6), [1, 2, 4, 5, 3], k=2)) for _ in range(4)]  # two reviewers, four criteria
        score = round(rnd.uniform(30, 95), 2) if continues else round(100 * (sum(notes) / 2 - 4) / 16, 2)
        score = None if rnd.random() < 0.02 else score
        candidats.append(
            Candidat(
                id=i + 1,
                numero=f"FDT-{i + 1:05d}",
                score=score,
                rang=0,
                montant=Decimal(rnd.randrange(75000, 150001, 5000)),
                region=rnd.choices(regions, poids_r)[0],
                implantation=implantation,
                bonus_numerique=bonus,
                montant_bonus=Decimal("100000.00") if bonus else Decimal("0.00"),
                desaccord=rnd.random() < 0.10,
                complement_ouvert=rnd.random() < 0.05,
            )
        )
    ordre = sorted(candidats, key=lambda c: (-(c.score if c.score is not None else -1), c.id))
    return [replace(c, rang=rang) for rang, c in enumerate(ordre, start=1)]


def parametres(n: int) -> Parametres:
    return Parametres(
        enveloppe_fonctionnement=Decimal(25000 * n),
        enveloppe_numerique=Decimal("1000000.00"),
        note_minimale=60,
        min_qpv=max(1, n * 20 // 300),
        min_hors_grands_centres=max(1, n * 20 // 300),
        max_numeriques=max(1, n * 8 // 300),
        couvrir_regions=True,
    )


def chronometrer(n: int, graine: int, repetitions: int, continues: bool = False) -> tuple[list[float], list[float], int]:
    """Time ``repetitions`` generated waves (one each): the optimal selection alone, then with every explanation."""
    seule, complete, resolutions = [], [], 0
    for k in range(repetitions):
        candidats, p = vague(n, graine + k, continues), parametres(n)
        debut = time.perf_counter()
        modele = Modele([c for c in candidats if inegibilite(c, p) is None])
        modele.resoudre(modele.variante(p))
        seule.append(time.perf_counter() - debut)
        debut = time.perf_counter()
        resolutions = proposer(candidats, p).resolutions
        complete.append(time.perf_counter() - debut)
    return seule, complete, resolutions


def comparer(vagues: int, graine: int, n: int = 300) -> dict:
    lignes = {"proposition": [], "classement": []}
    violations = conflits = 0
    for k in range(vagues):
        candidats, p = vague(n, graine + k), parametres(n)
        proposition = proposer(candidats, p)
        conflits += proposition.conflit is not None
        regions = {c.region for c in candidats if inegibilite(c, p) is None}
        classement = classement_simple(candidats, p)
        violations += bool(contraintes_non_respectees(classement, p, regions))
        for nom, t in (("proposition", proposition.totaux), ("classement", _totaux(classement, regions))):
            lignes[nom].append(t)
    return {"lignes": lignes, "violations": violations, "vagues": vagues, "conflits": conflits}


def _totaux(retenus, regions):
    from selection.proposition import totaux_de

    return totaux_de(retenus, len(regions))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vagues", type=int, default=20)
    parser.add_argument("--graine", type=int, default=1)
    parser.add_argument("--repetitions", type=int, default=7, help="vagues chronométrées de 300 dossiers")
    args = parser.parse_args()

    print("| dossiers | notes | vagues | sélection optimale seule (médiane ; pire) | avec les explications (médiane ; pire) |")
    print("|---:|---|---:|---:|---:|")
    for n, repetitions in ((300, args.repetitions), (3000, 1)):
        for continues, libelle in ((False, "moyennes de notes entières"), (True, "continues")):
            seule, complete, _resolutions = chronometrer(n, args.graine, repetitions, continues)
            print(
                f"| {n} | {libelle} | {repetitions} | {statistics.median(seule):.3f} s ; {max(seule):.3f} s "
                f"| {statistics.median(complete):.2f} s ; {max(complete):.2f} s |",
                flush=True,
            )

    resultats = comparer(args.vagues, args.graine)
    print()
    print(f"Sur {args.vagues} vagues générées de 300 dossiers (moyennes par vague) :")
    print()
    print(
        "| | somme des notes | retenus | en QPV ou à proximité | hors des grands centres | numériques | bonus engagé | régions couvertes |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for nom, libelle in (("proposition", "Proposition"), ("classement", "Classement seul")):
        t = resultats["lignes"][nom]

        def moyenne(attr, t=t):
            return statistics.mean(float(getattr(x, attr)) for x in t)

        print(
            f"| {libelle} | {moyenne('score'):.1f} | {moyenne('retenus'):.1f} | {moyenne('qpv'):.1f} | {moyenne('hors_grands_centres'):.1f} "
            f"| {moyenne('numeriques'):.1f} | {moyenne('bonus'):,.0f} € | {moyenne('regions_couvertes'):.1f} / {moyenne('regions_eligibles'):.1f} |"
        )
    print()
    print(
        f"Le classement seul enfreint au moins une contrainte (enveloppe numérique, plafond de numériques, minimums, "
        f"couverture des régions) dans {resultats['violations']} vague(s) sur {resultats['vagues']} ; la proposition, dans aucune "
        f"({resultats['conflits']} vague(s) où les minimums ne pouvaient pas tous tenir : meilleure relaxation)."
    )


if __name__ == "__main__":
    main()
