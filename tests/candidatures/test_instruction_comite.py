"""The selection committee: provisional decisions, mandatory refusal motivation, closing."""

import sys
import types

import pytest

from candidatures.models import Decision, Dossier
from commun.erreurs import ConflitEtat, ErreurMetier
from commun.models import EntreeJournal
from selection.selectors.comite import comite_de_la_vague
from selection.services.comite import comite_clore, decision_enregistrer, decisions_en_masse
from tests.candidatures import factories_instruction as f

pytestmark = pytest.mark.django_db


def test_un_refus_doit_etre_motive(administrateur):
    d = f.dossier()
    with pytest.raises(ErreurMetier) as erreur:
        decision_enregistrer(dossier=d, resultat="non_retenu", motivation="  ", par=administrateur)
    assert erreur.value.message.startswith("La motivation est obligatoire pour un dossier non retenu")
    assert erreur.value.champ == "motivation"
    assert not Decision.objects.exists()
    decision_enregistrer(dossier=d, resultat="non_retenu", motivation="Modèle économique trop fragile.", par=administrateur)
    assert Decision.objects.get().definitive is False


def test_decisions_en_masse_toutes_ou_aucune(administrateur):
    v = f.vague()
    for _ in range(60):
        f.dossier(v)
    with pytest.raises(ErreurMetier, match="motivation est obligatoire"):
        decisions_en_masse(dossiers=Dossier.objects.filter(vague=v), resultat="non_retenu", par=administrateur)
    assert decisions_en_masse(dossiers=Dossier.objects.filter(vague=v), resultat="ajourne", par=administrateur) == 60
    assert Decision.objects.filter(vague=v, resultat="ajourne").count() == 60


def test_clore_exige_une_decision_par_dossier(administrateur):
    v = f.vague()
    a, b = f.dossier(v), f.dossier(v)
    decision_enregistrer(dossier=a, resultat="retenu", par=administrateur)
    with pytest.raises(ConflitEtat, match=f"1 dossier n'a pas encore de décision : {b.numero}"):
        comite_clore(vague=v, par=administrateur)


def test_clore_rend_les_decisions_definitives_et_propose_les_subventions(administrateur, monkeypatch):
    appels = []
    faux = types.ModuleType("financement.services")
    faux.subvention_proposer = lambda *, dossier, par, derogation_motif=None: appels.append((dossier.pk, par.pk))
    monkeypatch.setitem(sys.modules, "financement.services", faux)
    v = f.vague()
    a, b, c = f.dossier(v), f.dossier(v), f.dossier(v)
    decision_enregistrer(dossier=a, resultat="retenu", par=administrateur)
    decision_enregistrer(dossier=b, resultat="non_retenu", motivation="Ancrage insuffisant.", par=administrateur)
    decision_enregistrer(dossier=c, resultat="ajourne", motivation="À représenter.", par=administrateur)

    comite_clore(vague=v, par=administrateur)

    assert [Dossier.objects.get(pk=x.pk).statut for x in (a, b, c)] == ["retenu", "non_retenu", "ajourne"]
    assert all(Decision.objects.filter(vague=v).values_list("definitive", flat=True))
    assert appels == [(a.pk, administrateur.pk)]
    assert EntreeJournal.objects.filter(action="comite.decision.definitive").count() == 3
    with pytest.raises(ConflitEtat, match="est clos"):
        decision_enregistrer(dossier=a, resultat="non_retenu", motivation="x", par=administrateur)
    with pytest.raises(ConflitEtat, match="est clos"):
        comite_clore(vague=v, par=administrateur)


def test_clore_sans_service_de_financement(administrateur, monkeypatch):
    monkeypatch.setitem(sys.modules, "financement.services", None)  # import raises ImportError
    v = f.vague()
    a = f.dossier(v)
    decision_enregistrer(dossier=a, resultat="retenu", par=administrateur)
    comite_clore(vague=v, par=administrateur)
    assert Dossier.objects.get(pk=a.pk).statut == "retenu"


def test_totaux_du_comite(administrateur):
    v = f.vague(plafond_laureats=1)
    avant = f.vague()
    f.dossier(avant, statut="retenu", tl=f.tiers_lieu(implantation="grand_centre"))
    a = f.dossier(v)
    b = f.dossier(v)
    for d in (a, b):
        decision_enregistrer(dossier=d, resultat="retenu", par=administrateur)
    comite = comite_de_la_vague(v)
    assert comite.retenus == 2 and comite.plafond_depasse
    assert comite.montant_retenus == 2 * a.montant_total_demande
    chiffres = comite.chiffres
    assert (chiffres.fabriques.atteint, chiffres.fabriques.a_venir, chiffres.fabriques.total) == (1, 2, 3)
    assert chiffres.hors_grands_centres.total == 2
    assert [ligne.cumul_retenus for ligne in comite.lignes] == [1, 2]
    # What closing will commit: the proposed schedules (operating only; no bonus asked).
    assert chiffres.fonctionnement.a_engager == 2 * a.montant_total_demande
    assert chiffres.fonctionnement.reste_apres == chiffres.fonctionnement.reste - chiffres.fonctionnement.a_engager


def test_un_dossier_ajourne_passe_a_la_vague_suivante(administrateur):
    from datetime import date

    v = f.vague(date_limite=date(2026, 3, 30))
    suivante = f.vague(date_ouverture=date(2026, 4, 1), date_limite=date(2026, 6, 30), statut="ouverte")
    d = f.dossier(v)
    decision_enregistrer(dossier=d, resultat="ajourne", motivation="Plan de financement à consolider.", par=administrateur)
    comite_clore(vague=v, par=administrateur)
    d.refresh_from_db()
    assert (d.vague, d.statut) == (suivante, "ajourne")
    assert Decision.objects.get(vague=v).resultat == "ajourne"  # the history of the first wave stays
    assert [ligne.dossier for ligne in comite_de_la_vague(suivante).lignes] == [d]

    decision_enregistrer(dossier=d, resultat="retenu", par=administrateur)
    comite_clore(vague=suivante, par=administrateur)
    d.refresh_from_db()
    assert d.statut == "retenu"


def test_sans_vague_suivante_le_dossier_ajourne_reste(administrateur):
    v = f.vague()
    d = f.dossier(v)
    decision_enregistrer(dossier=d, resultat="ajourne", par=administrateur)
    comite_clore(vague=v, par=administrateur)
    d.refresh_from_db()
    assert (d.vague, d.statut) == (v, "ajourne")
    assert EntreeJournal.objects.filter(action="comite.report.impossible").exists()


@pytest.mark.parametrize(
    ("retenus", "attendu"),
    [(0, "0 retenu · 2 dossiers sans décision"), (1, "1 retenu · 1 dossier sans décision"), (2, "2 retenus · 0 dossier sans décision")],
)
def test_totaux_du_comite_au_singulier_jusqu_a_un(client, administrateur, retenus, attendu):
    """The committee's tile writes French plurals: « 0 dossier sans décision », not « 0 dossiers »."""
    import re

    from django.urls import reverse

    v = f.vague()
    dossiers = [f.dossier(v), f.dossier(v)]
    for d in dossiers[:retenus]:
        decision_enregistrer(dossier=d, resultat="retenu", par=administrateur)
    client.force_login(administrateur)
    page = client.get(reverse("candidatures:comite", args=[v.pk]))
    texte = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    assert attendu in texte


def test_le_porteur_ne_lit_pas_une_decision_provisoire(client, administrateur, django_capture_on_commit_callbacks):
    """A provisional decision (it may change until closing) never reaches the applicant's timeline;
    the definitive one appears with the published results, as the decision on the dossier's page."""
    from django.urls import reverse

    from selection.services.publication import vague_publier

    v = f.vague()
    d = f.dossier(v)
    porteur = d.cree_par
    d.tiers_lieu.gestionnaires.add(porteur)
    decision_enregistrer(dossier=d, resultat="retenu", par=administrateur)
    client.force_login(porteur)

    def chronologie():
        return client.get(reverse("candidatures:dossier", args=[d.pk])).content.decode()

    assert "Statut : Retenu" not in chronologie()
    decision_enregistrer(dossier=d, resultat="non_retenu", motivation="Modèle économique trop fragile.", par=administrateur)
    assert "Statut : Non retenu" not in chronologie()
    comite_clore(vague=v, par=administrateur)
    assert "Statut : Non retenu" not in chronologie()  # closed, not yet published
    with django_capture_on_commit_callbacks(execute=True):
        vague_publier(vague=v, par=administrateur)
    page = chronologie()
    assert page.count("Statut : Non retenu") == 1 and "Statut : Retenu" not in page
