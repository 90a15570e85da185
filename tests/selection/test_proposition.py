"""The decision aid's core, without the database: on small waves every subset is enumerated, so the
optimum is known; the proposal must reach it, keep every constraint, and name the conflict when
there is none."""

import itertools
import random
from dataclasses import replace
from decimal import Decimal

import pytest

from selection.proposition import (
    EXCLURE,
    SIGNALER,
    Candidat,
    Parametres,
    classement_simple,
    contraintes_non_respectees,
    inegibilite,
    proposer,
)

REGIONS = ["Bretagne", "Corse", "Occitanie", "Grand Est"]
IMPLANTATIONS = ["qpv", "proximite_qpv", "hors_grands_centres", "grand_centre"]


def vague_au_hasard(rnd: random.Random, n: int) -> list[Candidat]:
    candidats = []
    for i in range(n):
        implantation = rnd.choice(IMPLANTATIONS)
        bonus = implantation in ("qpv", "proximite_qpv") and rnd.random() < 0.35
        # Scores on a coarse grid, as means of integer notes are: ties happen.
        score = None if rnd.random() < 0.05 else rnd.choice([45.0, 52.5, 60.0, 62.5, 67.5, 70.0, 72.5, 75.0, 80.0, 87.5, 91.25])
        candidats.append(
            Candidat(
                id=100 + i,
                numero=f"FDT-{i:02d}",
                score=score,
                rang=0,
                montant=Decimal(rnd.choice([75000, 90000, 120000, 135500, 150000])),
                region=rnd.choice(REGIONS),
                implantation=implantation,
                bonus_numerique=bonus,
                montant_bonus=Decimal("100000.00") if bonus else Decimal("0.00"),
                desaccord=rnd.random() < 0.15,
                complement_ouvert=rnd.random() < 0.1,
            )
        )
    ordre = sorted(candidats, key=lambda c: (-(c.score if c.score is not None else -1), c.id))
    return [replace(c, rang=rang) for rang, c in enumerate(ordre, start=1)]


def parametres_au_hasard(rnd: random.Random, n: int) -> Parametres:
    return Parametres(
        enveloppe_fonctionnement=Decimal(rnd.randrange(150000, 110000 * n, 25000)),
        enveloppe_numerique=Decimal(rnd.choice([0, 100000, 200000, 1000000])),
        note_minimale=rnd.choice([0, 55, 60, 70]),
        min_qpv=rnd.choice([0, 0, 0, 1, 2, 3]),
        min_hors_grands_centres=rnd.choice([0, 0, 0, 1, 2, 3]),
        max_numeriques=rnd.choice([None, 0, 1, 2]),
        max_laureats=rnd.choice([None, None, 2, 4]),
        couvrir_regions=rnd.random() < 0.4,
        desaccord=rnd.choice([EXCLURE, SIGNALER]),
        complement=rnd.choice([EXCLURE, SIGNALER]),
        contrefactuels_max=2,
    )


def centiemes(ensemble) -> int:
    return sum(round(c.score * 100) for c in ensemble)


def enumerer(candidats, p):
    """Every subset of the eligible dossiers that keeps every constraint: (score in hundredths, set)."""
    eligibles = [c for c in candidats if inegibilite(c, p) is None]
    regions = {c.region for c in eligibles}
    for k in range(len(eligibles) + 1):
        for ensemble in itertools.combinations(eligibles, k):
            if not contraintes_non_respectees(ensemble, p, regions):
                yield centiemes(ensemble), ensemble


def manque(ensemble, p, regions) -> int:
    """Total shortfall against the minimums (counts, and régions left without a Fabrique)."""
    qpv = sum(c.qpv for c in ensemble)
    hgc = sum(c.hors_grands_centres for c in ensemble)
    oubliees = len(set(regions) - {c.region for c in ensemble}) if p.couvrir_regions else 0
    return max(0, p.min_qpv - qpv) + max(0, p.min_hors_grands_centres - hgc) + oubliees


def seules(p: Parametres, codes) -> Parametres:
    """Keep only the constraints named by ``codes`` (the eligibility stays that of ``p``)."""
    return replace(
        p,
        min_qpv=p.min_qpv if "qpv" in codes else 0,
        min_hors_grands_centres=p.min_hors_grands_centres if "hors_grands_centres" in codes else 0,
        couvrir_regions=p.couvrir_regions and "regions" in codes,
        enveloppe_fonctionnement=p.enveloppe_fonctionnement if "enveloppe" in codes else Decimal("1e12"),
        enveloppe_numerique=p.enveloppe_numerique if "enveloppe_numerique" in codes else Decimal("1e12"),
        max_numeriques=p.max_numeriques if "plafond_numeriques" in codes else None,
        max_laureats=p.max_laureats if "plafond_laureats" in codes else None,
    )


def tient(ensemble, p, regions) -> bool:
    return not contraintes_non_respectees(ensemble, p, regions)


@pytest.mark.parametrize("graine", range(100))
def test_la_proposition_atteint_l_optimum_trouve_par_enumeration(graine):
    rnd = random.Random(graine)
    n = rnd.randint(4, 12)
    candidats = vague_au_hasard(rnd, n)
    p = parametres_au_hasard(rnd, n)
    faisables = list(enumerer(candidats, p))
    proposition = proposer(candidats, p)
    retenus = proposition.retenus
    regions = {c.region for c in candidats if inegibilite(c, p) is None}
    if faisables:
        meilleur = max(score for score, _ in faisables)
        assert proposition.conflit is None
        assert centiemes(retenus) == meilleur
        assert contraintes_non_respectees(retenus, p, regions) == []
        # Ties broken by the ranking: among the best sets, the one the tie-break prefers.
        n_elig = len([c for c in candidats if inegibilite(c, p) is None])
        position = {c.id: k for k, c in enumerate(sorted((c for c in candidats if inegibilite(c, p) is None), key=lambda c: c.rang))}
        departage = max(sum(n_elig - position[c.id] for c in e) for s, e in faisables if s == meilleur)
        assert sum(n_elig - position[c.id] for c in retenus) == departage
    else:
        conflit = proposition.conflit
        assert conflit is not None and conflit.contraintes
        # The relaxation keeps the hard limits (money, caps) and the eligibility…
        durs = replace(p, min_qpv=0, min_hors_grands_centres=0, couvrir_regions=False)
        assert contraintes_non_respectees(retenus, durs, ()) == []
        # … and falls short of the minimums by as little as any set can.
        eligibles = [c for c in candidats if inegibilite(c, p) is None]
        ensembles = [e for k in range(len(eligibles) + 1) for e in itertools.combinations(eligibles, k)]
        assert manque(retenus, p, regions) == min(manque(e, p, regions) for e in ensembles if not contraintes_non_respectees(e, durs, ()))
        # The constraints named cannot hold together; without any one of them, the others can.
        assert not any(tient(e, seules(p, conflit.codes), regions) for e in ensembles)
        for code in conflit.codes:
            assert any(tient(e, seules(p, [c for c in conflit.codes if c != code]), regions) for e in ensembles), code
    assert all(inegibilite(c, p) is None for c in retenus)
    assert {ligne.candidat.id for ligne in proposition.lignes} == {c.id for c in candidats}
    assert all(ligne.raison for ligne in proposition.lignes)


def test_quinze_dossiers_enumeres():
    rnd = random.Random(2026)
    candidats = vague_au_hasard(rnd, 15)
    p = Parametres(
        enveloppe_fonctionnement=Decimal("900000"),
        enveloppe_numerique=Decimal("200000"),
        note_minimale=50,
        min_qpv=2,
        min_hors_grands_centres=1,
        max_numeriques=1,
        couvrir_regions=False,
        desaccord=SIGNALER,
        complement=SIGNALER,
    )
    meilleur = max(score for score, _ in enumerer(candidats, p))
    assert centiemes(proposer(candidats, p).retenus) == meilleur


def _c(numero, score, montant, region="Bretagne", implantation="grand_centre", rang=None, **extra):
    return Candidat(
        id=int(numero[-2:]),
        numero=numero,
        score=score,
        rang=rang or int(numero[-2:]),
        montant=Decimal(montant),
        region=region,
        implantation=implantation,
        **extra,
    )


def test_raisons_en_francais():
    candidats = [
        _c("FDT-01", 90, 150000),
        _c("FDT-02", 85, 150000),
        _c("FDT-03", 80, 100000),
        _c("FDT-04", 62, 100000, region="Corse"),
        _c("FDT-05", 55, 75000),
    ]
    p = Parametres(enveloppe_fonctionnement=Decimal("400000"), note_minimale=60, couvrir_regions=True)
    proposition = proposer(candidats, p)
    raisons = {ligne.candidat.numero: ligne.raison for ligne in proposition.lignes}
    assert proposition.ids_retenus == {1, 2, 4}
    assert raisons["FDT-04"] == "retenu pour couvrir la région Corse"
    assert raisons["FDT-05"] == "écarté : note inférieure au minimum de 60/100 (55,0/100)"
    assert raisons["FDT-03"] == (
        "écarté : l'enveloppe restante ne permet pas 100\u202f000\u00a0€ de plus ; "
        "le retenir ferait écarter FDT-02 (note totale −5,0 points)"
    )
    phrases = {lim.code: lim.phrase for lim in proposition.limites}
    assert (
        phrases["enveloppe"]
        == "100\u202f000\u00a0€ d'enveloppe de fonctionnement de plus permettraient de retenir aussi FDT-03 (+80,0 points)."
    )
    assert phrases["regions"] == "Renoncer à couvrir chaque région permettrait de retenir FDT-03 au lieu de FDT-04 (+18,0 points)."
    # The plain ranking takes 01, 02, 03 and stops there (no money left): Corse has no Fabrique.
    assert [c.numero for c in classement_simple(candidats, p)] == ["FDT-01", "FDT-02", "FDT-03"]
    assert proposition.non_respectees_par_classement == ["région sans lauréat : Corse"]
    assert proposition.ecarts_classement == [
        "La proposition retient FDT-04, que le classement seul ne retiendrait pas.",
        "Le classement seul retiendrait FDT-03, que la proposition écarte.",
    ]


def test_ecarte_sans_ecarter_un_mieux_note():
    candidats = [_c("FDT-01", 90, 150000), _c("FDT-02", 70, 150000)]
    proposition = proposer(candidats, Parametres(enveloppe_fonctionnement=Decimal("200000"), couvrir_regions=False))
    assert (
        proposition.lignes[1].raison
        == "écarté : l'enveloppe restante ne permet pas 150\u202f000\u00a0€ de plus sans écarter un dossier mieux noté"
    )


def test_desaccord_et_complement_exclus_ou_signales():
    candidats = [_c("FDT-01", 90, 100000, desaccord=True), _c("FDT-02", 80, 100000, complement_ouvert=True)]
    exclus = proposer(candidats, Parametres(enveloppe_fonctionnement=Decimal("1000000"), desaccord=EXCLURE, complement=EXCLURE))
    assert exclus.ids_retenus == set()
    assert exclus.lignes[0].raison.startswith("écarté : désaccord entre les instructeurs")
    assert exclus.lignes[1].raison == "écarté : une demande de complément est en cours"
    signales = proposer(candidats, Parametres(enveloppe_fonctionnement=Decimal("1000000"), desaccord=SIGNALER, complement=SIGNALER))
    assert signales.ids_retenus == {1, 2}
    assert signales.lignes[0].signalements == ["désaccord entre les instructeurs"]


def test_contraintes_en_conflit_et_meilleure_relaxation():
    candidats = [
        _c("FDT-01", 90, 150000, implantation="qpv"),
        _c("FDT-02", 80, 150000, implantation="hors_grands_centres"),
        _c("FDT-03", 70, 150000, implantation="hors_grands_centres", region="Corse"),
    ]
    p = Parametres(enveloppe_fonctionnement=Decimal("300000"), min_qpv=1, min_hors_grands_centres=2, couvrir_regions=False)
    proposition = proposer(candidats, p)
    assert proposition.conflit is not None
    assert proposition.conflit.contraintes == [
        "au moins 1 dossier en QPV ou à proximité",
        "au moins 2 dossiers hors des grands centres urbains",
        "l'enveloppe de fonctionnement restante (300\u202f000\u00a0€)",
    ]
    assert proposition.conflit.relaxation == ["1 hors des grands centres urbains au lieu de 2"]
    assert proposition.ids_retenus == {1, 2}


def test_pas_assez_de_dossiers_eligibles():
    candidats = [_c("FDT-01", 90, 100000, implantation="qpv"), _c("FDT-02", 50, 100000, implantation="qpv")]
    proposition = proposer(candidats, Parametres(enveloppe_fonctionnement=Decimal("1000000"), note_minimale=60, min_qpv=2))
    assert proposition.conflit.contraintes == [
        "au moins 2 dossiers en QPV ou à proximité",
        "les dossiers éligibles (note minimale, exclusions) n'y suffisent pas",
    ]
    assert proposition.ids_retenus == {1}


def test_vague_vide():
    proposition = proposer([], Parametres(enveloppe_fonctionnement=Decimal("1000000")))
    assert proposition.retenus == [] and proposition.conflit is None


def test_explications_au_dela_du_temps_donne_dites_en_termes_generaux():
    candidats = [_c("FDT-01", 90, 150000), _c("FDT-02", 85, 150000), _c("FDT-03", 80, 100000), _c("FDT-04", 62, 100000, region="Corse")]
    p = Parametres(enveloppe_fonctionnement=Decimal("400000"), couvrir_regions=True, budget_explications=0.0)
    proposition = proposer(candidats, p)
    assert proposition.ids_retenus == {1, 2, 4}  # the proposal itself is still the optimum
    assert not proposition.explications_completes
    raisons = {ligne.candidat.numero: ligne.raison for ligne in proposition.lignes}
    assert (
        raisons["FDT-03"]
        == "écarté : l'enveloppe restante ne permet pas 100\u202f000\u00a0€ de plus sans baisser la note totale de la sélection"
    )
    assert all("effet non calculé" in lim.phrase for lim in proposition.limites)


@pytest.mark.parametrize("graine", range(12))
def test_explications_calculees_cote_a_cote_identiques_a_celles_calculees_une_a_une(graine, monkeypatch):
    """The explanations' solves run side by side on several threads: the committee reads, word for
    word, what one solve after the other gives (reasons, prices of the limits, totals)."""
    import selection.proposition as module

    rnd = random.Random(graine)
    candidats = vague_au_hasard(rnd, 14)
    p = replace(parametres_au_hasard(rnd, 14), contrefactuels_max=6, budget_explications=60.0)

    def lire(fils: int):
        monkeypatch.setattr(module, "FILS", fils)
        proposition = proposer(candidats, p)
        return (
            [(ligne.candidat.numero, ligne.retenu, ligne.raison) for ligne in proposition.lignes],
            [lim.phrase for lim in proposition.limites],
            proposition.totaux,
            proposition.resolutions,
        )

    une_a_une, cote_a_cote = lire(1), lire(4)
    assert cote_a_cote[:3] == une_a_une[:3]
    assert cote_a_cote[3] == une_a_une[3]  # the same solves, none twice
