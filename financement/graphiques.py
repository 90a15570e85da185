"""Bar charts drawn on the server as SVG (no JavaScript, no CDN): values become percentages."""

from decimal import Decimal

from commun.montants import euros_texte

SERIES = [("engage", "Engagé", "#000091"), ("verse", "Versé", "#18753c")]


def barres(lignes: list[dict], *, series=SERIES) -> dict:
    """Return what ``financement/_graphique.html`` draws: one group of bars per line."""
    maximum = max((Decimal(ligne[cle]) for ligne in lignes for cle, _l, _c in series), default=Decimal("0"))
    groupes = []
    hauteur_groupe = 38 + 16 * len(series)
    for i, ligne in enumerate(lignes):
        y = i * hauteur_groupe
        barres_ = []
        for j, (cle, libelle, couleur) in enumerate(series):
            valeur = Decimal(ligne[cle])
            largeur = float(valeur / maximum * 100) if maximum else 0.0
            barres_.append(
                {
                    "libelle": libelle,
                    "valeur": valeur,
                    "couleur": couleur,
                    "largeur": round(max(largeur, 0.3 if valeur else 0), 2),
                    "y": y + 34 + 16 * j,
                }
            )
        resume = ", ".join(f"{b['libelle'].lower()} {euros_texte(b['valeur'])}" for b in barres_)
        groupes.append({"libelle": ligne["libelle"], "resume": resume, "y_texte": y + 14, "y_resume": y + 29, "barres": barres_})
    return {
        "groupes": groupes,
        "hauteur": max(hauteur_groupe * len(lignes), 20),
        "series": [{"libelle": l_, "couleur": c} for _k, l_, c in series],
    }


def progression(quotas: list[dict]) -> dict:
    """Return the quota bars: progress towards each target, on the same 0–100 % scale."""
    groupes = []
    for i, quota in enumerate(quotas):
        y = i * 40
        groupes.append({**quota, "y_texte": y + 14, "y": y + 20, "largeur": quota["pourcentage"]})
    return {"groupes": groupes, "hauteur": 40 * len(quotas)}
