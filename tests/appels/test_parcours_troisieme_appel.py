"""A third call, from its file only (tests/appels/appel_de_test.py): three criteria weighted 3, 2, 1
on a scale of 1 to 10, two deadlines a year, two years of at most 40 000 €, no bonus. A porteur
applies, a reviewer scores on the call's criteria, the committee decides, the grant is proposed
within the call's rules and an adjustment outside them is refused — no code of the portal names it."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from appels.services import appel_charger
from candidatures.forms.instruction import GrilleEvaluationForm
from candidatures.models import Dossier, Evaluation
from candidatures.selectors.instruction import criteres_de, grille_de
from candidatures.services.cloture import vague_cloturer
from candidatures.services.dossiers import dossier_creer, dossier_deposer
from candidatures.services.instruction import ErreursGrille, evaluation_soumettre
from candidatures.services.vagues import vagues_creer_annee
from financement.echeancier import EcheancierInvalide
from financement.models import Subvention
from financement.services import subvention_ajuster
from selection.services.comite import comite_clore, decision_enregistrer
from tests.candidatures import factories as f
from tests.candidatures import factories_instruction as fi
from tests.financement.conftest import fixer_enveloppe

from .appel_de_test import texte_appel_de_test

pytestmark = pytest.mark.django_db
D = Decimal


def notes(utilite, cooperation, sobriete):
    return {
        code: {"note": note, "commentaire": "Argumenté."}
        for code, note in (("utilite", utilite), ("cooperation", cooperation), ("sobriete", sobriete))
    }


def test_porteur_instructeur_comite_et_subvention_d_un_troisieme_appel(porteur, autre_porteur, administrateur):
    appel = appel_charger(texte=texte_appel_de_test(), par=administrateur).version.appel
    fixer_enveloppe("45000000")
    printemps, automne = vagues_creer_annee(annee=2027, appel=appel, par=administrateur)
    assert (printemps.date_limite, automne.date_limite) == (dt.date(2027, 5, 31), dt.date(2027, 11, 30))

    # Two porteurs apply to the spring wave.
    with time_machine.travel(dt.datetime(2027, 5, 10, 10, tzinfo=dt.UTC), tick=False):
        premier = dossier_creer(tiers_lieu=f.tiers_lieu(porteur, nom="La Grange"), vague=printemps, par=porteur)
        second = dossier_creer(tiers_lieu=f.tiers_lieu(autre_porteur, nom="Le Fournil"), vague=printemps, par=autre_porteur)
        premier = dossier_deposer(dossier=f.completer(premier, porteur, montants=(D("40000"), D("35000"))), par=porteur)
        second = dossier_deposer(dossier=f.completer(second, autre_porteur, montants=(D("20000"), D("15000"))), par=autre_porteur)
    with time_machine.travel(dt.datetime(2027, 6, 2, 10, tzinfo=dt.UTC), tick=False):
        vague_cloturer(vague_id=printemps.pk)

    # The reviewer scores on the call's three criteria, on its scale (1 to 10).
    assert [(c.value, c.poids) for c in criteres_de(printemps)] == [("utilite", 3), ("cooperation", 2), ("sobriete", 1)]
    grille = grille_de(printemps)
    assert (grille.note_min, grille.note_max) == (1, 10)
    formulaire = GrilleEvaluationForm(grille=grille)
    assert [c.label for c, _note, _commentaire in formulaire.criteres()] == [
        "Utilité pour les habitants du bassin de vie",
        "Coopération avec les communes voisines",
        "Sobriété du projet",
    ]
    relecteur = fi.instructeur(national=True)
    for dossier in (premier, second):
        fi.affecter(Dossier.objects.get(pk=dossier.pk), relecteur)
    with pytest.raises(ErreursGrille) as refus:
        evaluation_soumettre(dossier=premier, instructeur=relecteur, notes=fi.notes(), avis="favorable")
    assert ("note_utilite", "Notez le critère « Utilité pour les habitants du bassin de vie » (1 à 10).") in refus.value.erreurs
    evaluation_soumettre(dossier=premier, instructeur=relecteur, notes=notes(10, 7, 4), avis="favorable")
    evaluation_soumettre(dossier=second, instructeur=relecteur, notes=notes(2, 5, 10), avis="defavorable")
    assert Evaluation.objects.filter(statut=Evaluation.Statut.SOUMISE).count() == 2
    # Score on 100 = Σ poids × (moyenne − 1) / ((10 − 1) × Σ poids): (3×9 + 2×6 + 1×3) / 54 and (3×1 + 2×4 + 1×9) / 54.
    premier, second = Dossier.objects.get(pk=premier.pk), Dossier.objects.get(pk=second.pk)
    assert (premier.score, second.score) == (round(100 * 42 / 54, 2), round(100 * 20 / 54, 2))

    # The committee decides; closing it proposes the grant within the call's rules.
    decision_enregistrer(dossier=premier, resultat="retenu", par=administrateur)
    decision_enregistrer(dossier=second, resultat="non_retenu", motivation="Coopération à construire.", par=administrateur)
    comite_clore(vague=printemps, par=administrateur)
    subvention = Subvention.objects.get(dossier=premier)
    assert subvention.montants() == {"annee_1": D("40000.00"), "annee_2": D("35000.00"), "annee_3": None, "bonus": None}
    assert (subvention.plafond_annuel, subvention.total_minimum, subvention.total_maximum, subvention.bonus_maximum) == (
        D("40000.00"),
        D("30000.00"),
        D("80000.00"),
        None,
    )
    with pytest.raises(EcheancierInvalide) as refus:
        subvention_ajuster(
            subvention=subvention, montants={"annee_1": D("40000"), "annee_2": D("40000.01"), "annee_3": 0, "bonus": 0}, par=administrateur
        )
    assert refus.value.erreurs == [("annee_2", "L'année 2 dépasse le plafond annuel de 40 000,00 € de 0,01 €.")]
    assert not Subvention.objects.filter(dossier=second).exists()
