"""Demo data: the committee wave's proposal parameters, chosen so that « Proposer une sélection »
shows every kind of reason — a dossier retained to cover its région, one left out for the envelope.

The demo's twelve dossiers ask about 1.4 M€ while the programme has tens of millions left: with the
programme's figures every eligible dossier would fit. The demo therefore gives its wave the envelope
a committee would give it: the largest amount (by steps of 50 000 €) under which the proposal keeps
a dossier for its région and leaves another one out for the money.
"""

from decimal import Decimal

from candidatures.models import Vague

from ..donnees import calculer, parametres_par_defaut, valeurs_en_json
from ..models import ParametresVague
from ..selectors.comite import comite_de_la_vague

PAS = Decimal("50000.00")


def _montre_tout(proposition) -> bool:
    """A proposal whose every constraint holds, with a dossier kept for its région and one left out for the money."""
    codes = {(ligne.retenu, ligne.code) for ligne in proposition.lignes}
    return proposition.conflit is None and (True, "region") in codes and (False, "enveloppe") in codes


def charger(stdout):
    vague = Vague.objects.filter(statut=Vague.Statut.EN_INSTRUCTION, grille__comite_clos_le__isnull=True).order_by("-date_limite").first()
    if vague is None or ParametresVague.objects.filter(vague=vague).exists():
        return
    comite = comite_de_la_vague(vague)
    # Twelve dossiers cannot bring a quarter of what remains of the targets (the portal's default,
    # sized for waves of hundreds): the demo's committee asks 2 % of it (a few dossiers), or 1 % when
    # the wave's eligible dossiers cannot bring that many (the remaining targets follow the labels).
    demande = sum((ligne.dossier.montant_total_demande for ligne in comite.lignes), Decimal("0.00"))
    for part in (2, 1):
        valeurs = {**parametres_par_defaut(vague, comite), "note_minimale": Decimal("52"), "part_objectifs": part}
        montant = (demande // PAS) * PAS
        while montant > 0:
            valeurs["enveloppe_fonctionnement"] = montant
            if _montre_tout(calculer(vague, valeurs, comite).proposition):
                ParametresVague.objects.create(vague=vague, valeurs=valeurs_en_json(valeurs))
                stdout.write(
                    f"  sélection : vague {vague.numero}, proposition sous une enveloppe de {montant} € ({part} % des objectifs restants)."
                )
                return
            montant -= PAS
    stdout.write(
        f"  sélection : vague {vague.numero}, aucune enveloppe ne montre à la fois couverture et limite : paramètres du programme."
    )
