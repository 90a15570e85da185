"""Benchmark: the 300-laureate list PDF against WeasyPrint rendering the same table from static HTML.

Run: .venv/bin/python -m bench.pdf_laureats [--n 300] [--repetitions 5]
The floor is WeasyPrint alone on the already rendered HTML (no Django, no database), writing the
same tagged PDF/UA-1: the portal's renderer should stay within 2× of it.
"""

import argparse
import datetime as dt
import os
import statistics
import time


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from candidatures.documents import LigneLaureat, contexte_liste, rendre_liste_laureats
    from commun.documents import OPTIONS_PDF

    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--repetitions", type=int, default=5)
    args = parser.parse_args()

    regions = ["Auvergne-Rhône-Alpes", "Bretagne", "Grand Est", "Hauts-de-France", "Île-de-France", "Normandie", "Occitanie", "La Réunion"]
    lignes = [
        LigneLaureat(regions[i % len(regions)], f"Structure porteuse n° {i:03d}", "84 - Vaucluse", "Avignon", i % 4 == 0, i % 3 == 0)
        for i in range(args.n)
    ]
    kwargs = {"titre": "Liste des Fabriques de territoire", "sous_titre": "Vague de mesure", "date_publication": dt.date(2026, 11, 23)}
    html_statique = render_to_string("candidatures/pdf/liste_laureats.html", contexte_liste(lignes=lignes, **kwargs))

    def mesurer(fonction):
        durees = []
        for _ in range(args.repetitions):
            debut = time.perf_counter()
            fonction()
            durees.append(time.perf_counter() - debut)
        return statistics.median(durees)

    plancher = mesurer(lambda: HTML(string=html_statique).write_pdf(**OPTIONS_PDF))  # the same tagged PDF/UA
    portail = mesurer(lambda: rendre_liste_laureats(lignes=lignes, **kwargs))
    print(f"Liste de {args.n} lauréats en PDF — médiane sur {args.repetitions} rendus")
    print(f"  WeasyPrint seul (HTML statique) : {plancher:.3f} s")
    print(f"  portail (gabarit + rendu)       : {portail:.3f} s")
    print(f"  rapport                         : {portail / plancher:.2f} (cible ≤ 2)")


if __name__ == "__main__":
    main()
