"""Writes of the decision aid: apply a proposal as the committee's provisional decisions."""

from dataclasses import asdict
from decimal import Decimal

from django.db import transaction

from candidatures.models import Decision, Dossier, Vague
from commun.erreurs import ConflitEtat
from commun.journal import journaliser

from ..donnees import valeurs_en_json
from ..models import ParametresVague
from ..proposition import Proposition
from .comite import decision_enregistrer

# Left out for these reasons, a dossier is not refused: the committee decides on it one by one.
A_DECIDER_UN_PAR_UN = {
    "desaccord": "désaccord entre les instructeurs",
    "complement": "demande de complément en cours",
    "note_absente": "pas encore noté",
}


def motivation_de(raison: str) -> str:
    """The refusal's motivation, prefilled from the reason: the part a porteur may read (no other
    dossier is named), as a sentence."""
    texte = raison.split(" ; ")[0].removeprefix("écarté : ")
    return f"Non retenu par le comité de sélection : {texte}."


def _code(ligne) -> str:
    if ligne.code == "note" and ligne.candidat.score is None:
        return "note_absente"
    return ligne.code


def empreinte(proposition: Proposition) -> str:
    """What the committee saw: the retained dossiers' ids, to check nothing moved before applying."""
    return ",".join(str(i) for i in sorted(proposition.ids_retenus))


def proposition_appliquer(*, vague: Vague, proposition: Proposition, vue: str, valeurs: dict, par) -> dict:
    """Record the proposal as provisional decisions, all or nothing, through the committee's own
    service (``decision_enregistrer``: open committee, decidable dossier, journal). A retained
    dossier becomes « retenu »; a dossier left out becomes « non retenu » with its reason as the
    motivation (editable afterwards on the committee page); a dossier left out because reviewers
    disagree, a complement is awaited or it has no score keeps its current decision. ``vue`` is the
    empreinte of the proposal the committee saw: if the data moved since, nothing is written.
    ``valeurs`` (the form's values) become the wave's defaults for its next proposal."""
    if empreinte(proposition) != vue:
        raise ConflitEtat(
            "Les dossiers ou leurs notes ont changé depuis la proposition affichée : relisez la nouvelle proposition avant de l'appliquer."
        )
    bilan = {"retenus": 0, "non_retenus": 0, "a_decider": []}
    with transaction.atomic():
        dossiers = {d.pk: d for d in Dossier.objects.filter(vague=vague, pk__in=[ligne.candidat.id for ligne in proposition.lignes])}
        for ligne in proposition.lignes:
            dossier = dossiers[ligne.candidat.id]
            if ligne.retenu:
                decision_enregistrer(dossier=dossier, resultat=Decision.Resultat.RETENU, motivation="", par=par)
                bilan["retenus"] += 1
            elif _code(ligne) in A_DECIDER_UN_PAR_UN:
                bilan["a_decider"].append(ligne.candidat.numero)
            else:
                decision_enregistrer(
                    dossier=dossier, resultat=Decision.Resultat.NON_RETENU, motivation=motivation_de(ligne.raison), par=par
                )
                bilan["non_retenus"] += 1
        ParametresVague.objects.update_or_create(vague=vague, defaults={"valeurs": valeurs_en_json(valeurs), "modifie_par": par})
        p = proposition.parametres
        journaliser(
            acteur=par,
            action="comite.proposition.appliquee",
            objet=vague,
            donnees={
                "parametres": {cle: (str(valeur) if isinstance(valeur, Decimal) else valeur) for cle, valeur in asdict(p).items()},
                "resultat": {
                    "retenus": sorted(proposition.ids_retenus),
                    "score": proposition.totaux.score,
                    "montant": str(proposition.totaux.montant),
                    "bonus": str(proposition.totaux.bonus),
                    "conflit": proposition.conflit.message if proposition.conflit else "",
                    "limites_saturees": [lim.code for lim in proposition.limites if lim.saturee],
                    "resolutions": proposition.resolutions,
                    "duree_s": round(proposition.duree, 3),
                },
                "a_decider": bilan["a_decider"],
            },
        )
    return bilan
