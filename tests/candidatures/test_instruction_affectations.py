"""Assignments: scope, conflicts, bulk across all matching dossiers, automatic and balanced."""

from collections import Counter

import pytest

from candidatures.models import Affectation, ConflitInteret, Dossier
from candidatures.services.instruction import (
    affectation_automatique,
    affectation_creer,
    affectation_en_masse,
    affectation_reassigner,
    affectation_supprimer,
    conflit_declarer,
    grille_enregistrer,
)
from commun.erreurs import ConflitEtat, ErreurMetier
from commun.models import EntreeJournal
from tests.candidatures import factories_instruction as f

pytestmark = pytest.mark.django_db


def test_jamais_affecte_a_un_dossier_en_conflit(administrateur):
    ivan = f.instructeur(national=True)
    d = f.dossier()
    conflit_declarer(instructeur=ivan, structure=d.tiers_lieu.structure_porteuse.lower(), motif="J'en suis adhérent.")
    with pytest.raises(ErreurMetier, match="conflit d'intérêts"):
        affectation_creer(dossier=d, instructeur=ivan, par=administrateur)
    assert not Affectation.objects.exists()


def test_hors_perimetre_refuse(administrateur):
    ines = f.instructeur(regions=["84"])
    d = f.dossier(code_region="11")
    with pytest.raises(ErreurMetier, match="hors du périmètre"):
        affectation_creer(dossier=d, instructeur=ines, par=administrateur)


def test_declarer_un_conflit_retire_les_affectations_sans_evaluation_soumise(administrateur):
    ivan = f.instructeur(national=True)
    d = f.dossier()
    affectation_creer(dossier=d, instructeur=ivan, par=administrateur)
    conflit_declarer(instructeur=ivan, tiers_lieu=d.tiers_lieu, motif="Ancien salarié.")
    assert not Affectation.objects.filter(instructeur=ivan).exists()
    assert EntreeJournal.objects.filter(action="instruction.affectation.retiree_pour_conflit").exists()


def test_un_conflit_ne_vise_qu_une_cible():
    ivan = f.instructeur(national=True)
    with pytest.raises(ErreurMetier, match="un seul objet"):
        conflit_declarer(instructeur=ivan, structure="A", commune="B", motif="x")
    assert not ConflitInteret.objects.exists()


def test_supprimer_et_reassigner_sont_journalises(administrateur):
    a, b = f.instructeur(national=True), f.instructeur(national=True)
    d = f.dossier()
    affectation = affectation_creer(dossier=d, instructeur=a, par=administrateur)
    nouvelle = affectation_reassigner(affectation=affectation, vers=b, par=administrateur)
    assert list(d.affectations.values_list("instructeur", flat=True)) == [b.pk]
    assert "remplace" in nouvelle.explication
    assert EntreeJournal.objects.filter(action="instruction.affectation.reassignee", acteur=administrateur).exists()
    f.evaluer(d, b)
    with pytest.raises(ConflitEtat, match="déjà soumis"):
        affectation_supprimer(affectation=nouvelle, par=administrateur)


def test_affectation_en_masse_couvre_tous_les_dossiers_du_filtre(administrateur):
    ivan = f.instructeur(regions=["84"])
    v = f.vague()
    dossiers = [f.dossier(v) for _ in range(60)]  # more than one page of 50
    hors = f.dossier(v, code_region="11")
    f.affecter(dossiers[0], ivan)
    bilan = affectation_en_masse(dossiers=Dossier.objects.filter(vague=v), instructeur=ivan, par=administrateur)
    assert (bilan.crees, bilan.deja, len(bilan.refuses)) == (59, 1, 1)
    assert "hors du périmètre" in bilan.refuses[0]
    assert ivan.affectations.count() == 60
    assert not hors.affectations.exists()


def test_affectation_automatique_equilibree_et_sans_conflit(administrateur):
    v = f.vague()
    grille_enregistrer(vague=v, par=administrateur, nb_instructeurs=2)
    regionaux = [f.instructeur(f"ara{i}@anct.example.fr", regions=["84"]) for i in range(3)]
    bretons = [f.instructeur(f"bzh{i}@anct.example.fr", regions=["53"]) for i in range(4)]
    ara = [f.dossier(v, "84") for _ in range(10)]
    bzh = [f.dossier(v, "53") for _ in range(7)]
    conflit_declarer(instructeur=regionaux[0], tiers_lieu=ara[3].tiers_lieu, motif="Je siège à son conseil d'administration.")
    f.dossier(v, "84", statut="brouillon")  # never assigned

    bilan = affectation_automatique(vague=v, par=administrateur)

    assert len(bilan.creees) == 34 and bilan.incomplets == []
    for d in ara + bzh:
        assert d.affectations.count() == 2
    assert not ara[3].affectations.filter(instructeur=regionaux[0]).exists()
    charges_ara = Counter(Affectation.objects.filter(instructeur__in=regionaux).values_list("instructeur", flat=True))
    charges_bzh = Counter(Affectation.objects.filter(instructeur__in=bretons).values_list("instructeur", flat=True))
    assert max(charges_ara.values()) - min(charges_ara.values()) <= 1
    assert max(charges_bzh.values()) - min(charges_bzh.values()) <= 1
    explication = ara[3].affectations.first().explication
    assert "fait partie des moins chargés" in explication and "conflit d'intérêts" in explication

    # Deterministic and idempotent: a second run adds nothing.
    assert affectation_automatique(vague=v, par=administrateur).creees == []


def test_affectation_automatique_signale_les_dossiers_sans_assez_d_instructeurs(administrateur):
    v = f.vague()
    f.instructeur(regions=["84"])
    d = f.dossier(v, "84")
    bilan = affectation_automatique(vague=v, par=administrateur)
    assert bilan.incomplets == [(d, 1)]


def test_affectation_automatique_est_deterministe(administrateur):
    v = f.vague()
    a, b, c = (f.instructeur(f"{x}@anct.example.fr", national=True) for x in "abc")
    dossiers = [f.dossier(v) for _ in range(5)]
    affectation_automatique(vague=v, par=administrateur)
    choisis = [sorted(d.affectations.values_list("instructeur__email", flat=True)) for d in dossiers]
    # Least loaded first, ties by e-mail: (a,b), (c,a), (b,c), (a,b), (c,a).
    assert [[e[0] for e in x] for x in choisis] == [["a", "b"], ["a", "c"], ["b", "c"], ["a", "b"], ["a", "c"]]


def test_definir_le_perimetre(administrateur, porteur):
    from candidatures.services.instruction import profil_instructeur_definir

    ines = f.instructeur(national=True)
    profil = profil_instructeur_definir(user=ines, national=False, regions=[f.region("84"), f.region("53")], par=administrateur)
    assert not profil.national and {r.code for r in profil.regions.all()} == {"84", "53"}
    with pytest.raises(ErreurMetier, match="au moins une région"):
        profil_instructeur_definir(user=ines, national=False, regions=[], par=administrateur)
    with pytest.raises(ErreurMetier, match="n'a pas le rôle d'instructeur"):
        profil_instructeur_definir(user=porteur, national=True, regions=[], par=administrateur)
    assert EntreeJournal.objects.filter(action="instruction.perimetre.defini").count() == 1
