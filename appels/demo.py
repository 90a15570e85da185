"""Demo data: the programme's two calls, loaded from their shipped files (an unchanged file adds no version)."""

from .services import FICHIERS, appel_charger_fichier

FICHIERS_DEMO = ("fabriques-de-territoire.toml", "fabriques-numeriques-2019.toml")


def charger(stdout):
    for nom in FICHIERS_DEMO:
        chargement = appel_charger_fichier(FICHIERS / nom)
        etat = "chargé" if chargement.nouvelle else "déjà chargé"
        stdout.write(f"  Appel « {chargement.version.appel.nom} » : version {chargement.version.numero} ({etat}).")
