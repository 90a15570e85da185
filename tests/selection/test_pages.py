"""The decision aid's page and its « apply » action: defaults from the programme, reasons in French,
one action that writes provisional decisions through the committee's service, journalled."""

from decimal import Decimal

import pytest
from django.urls import reverse

from candidatures.models import Decision, Dossier
from commun.models import EntreeJournal
from selection.services.comite import comite_clore, decision_enregistrer
from tests.candidatures import factories_instruction as f

pytestmark = pytest.mark.django_db


def _note(dossier, score, **extra):
    Dossier.objects.filter(pk=dossier.pk).update(score=score, nb_evaluations=2, nb_attendues=2, **extra)


@pytest.fixture
def vague():
    """Four ranked dossiers of 120 000 € each: three in Auvergne-Rhône-Alpes, one in Bretagne
    noted lower; one more below the minimum score."""
    v = f.vague()
    for score, region in ((90, "84"), (85, "84"), (80, "84"), (65, "53"), (50, "84")):
        _note(f.dossier(v, code_region=region), score)
    return v


PARAMETRES = {
    "note_minimale": "60",
    "enveloppe_fonctionnement": "400 000",
    "enveloppe_numerique": "0",
    "part_objectifs": "0",
    "max_numeriques": "",
    "max_laureats": "",
    "couvrir_regions": "on",
    "desaccord": "signaler",
    "complement": "exclure",
}


def _dossiers(v):
    return list(Dossier.objects.filter(vague=v).order_by("-score"))


def test_la_page_propose_avec_les_valeurs_du_programme(client, administrateur, vague):
    client.force_login(administrateur)
    page = client.get(reverse("selection:proposition", args=[vague.pk]))
    assert page.status_code == 200
    texte = page.content.decode()
    assert "Proposer une sélection — vague" in texte
    assert 'value="60"' in texte  # the portal's minimum score by default
    assert "45 000 000,00" in texte  # what remains of the programme envelope
    assert "Appliquer comme décisions provisoires" in texte
    assert "Écarté : note inférieure au minimum de 60/100 (50,0/100)" in texte


def test_la_proposition_explique_chaque_dossier(client, administrateur, vague):
    client.force_login(administrateur)
    page = client.get(reverse("selection:proposition", args=[vague.pk]), PARAMETRES)
    assert page.status_code == 200
    p = page.context["p"]
    a, b, c, bretagne, faible = _dossiers(vague)
    assert p.ids_retenus == {a.pk, b.pk, bretagne.pk}
    raisons = {ligne.candidat.id: ligne.raison for ligne in p.lignes}
    assert raisons[bretagne.pk] == "retenu pour couvrir la région Bretagne"
    assert raisons[c.pk].startswith("écarté : l'enveloppe restante ne permet pas 120\u202f000\u00a0€ de plus")
    texte = page.content.decode()
    assert "Retenu pour couvrir la région Bretagne" in texte
    assert "d&#x27;enveloppe de fonctionnement de plus permettraient de retenir aussi" in texte
    assert f"La proposition retient {bretagne.numero}, que le classement seul ne retiendrait pas." in texte


def test_parametres_invalides_message_et_pas_de_proposition(client, administrateur, vague):
    client.force_login(administrateur)
    page = client.get(
        reverse("selection:proposition", args=[vague.pk]), {**PARAMETRES, "note_minimale": "120", "enveloppe_fonctionnement": "beaucoup"}
    )
    assert page.status_code == 400
    assert page.context["p"] is None
    assert "inférieure ou égale à 100" in page.content.decode()


def test_appliquer_ecrit_les_decisions_provisoires_et_le_journal(client, administrateur, vague):
    client.force_login(administrateur)
    vue = client.get(reverse("selection:proposition", args=[vague.pk]), PARAMETRES).context["empreinte"]
    reponse = client.post(reverse("selection:appliquer", args=[vague.pk]), {**PARAMETRES, "vue": vue}, follow=True)
    assert reponse.redirect_chain[-1][0] == reverse("candidatures:comite", args=[vague.pk])
    assert "Proposition appliquée : 3 dossiers retenus, 2 non retenus" in reponse.content.decode()
    a, b, c, bretagne, faible = _dossiers(vague)
    decisions = {d.dossier_id: d for d in Decision.objects.filter(vague=vague)}
    assert {pk for pk, d in decisions.items() if d.resultat == "retenu"} == {a.pk, b.pk, bretagne.pk}
    assert decisions[c.pk].resultat == "non_retenu"
    assert decisions[c.pk].motivation.startswith(
        "Non retenu par le comité de sélection : l'enveloppe restante ne permet pas 120\u202f000\u00a0€ de plus"
    )
    assert decisions[faible.pk].motivation == "Non retenu par le comité de sélection : note inférieure au minimum de 60/100 (50,0/100)."
    assert not any(d.definitive for d in decisions.values())
    entree = EntreeJournal.objects.get(action="comite.proposition.appliquee")
    assert entree.acteur == administrateur
    assert entree.donnees["parametres"]["enveloppe_fonctionnement"] == "400000.00"
    assert sorted(entree.donnees["resultat"]["retenus"]) == sorted([a.pk, b.pk, bretagne.pk])
    assert EntreeJournal.objects.filter(action="comite.decision.provisoire").count() == 5
    # The next proposal for this wave starts from these parameters.
    page = client.get(reverse("selection:proposition", args=[vague.pk]))
    assert page.context["p"].parametres.enveloppe_fonctionnement == Decimal("400000.00")
    assert "dernière proposition appliquée pour cette vague" in page.content.decode()
    # Each decision stays editable one by one, and the committee closes as before.
    decision_enregistrer(dossier=c, resultat="retenu", par=administrateur)
    comite_clore(vague=vague, par=administrateur)
    assert Dossier.objects.get(pk=c.pk).statut == "retenu"


def test_appliquer_refuse_si_la_situation_a_change(client, administrateur, vague):
    client.force_login(administrateur)
    vue = client.get(reverse("selection:proposition", args=[vague.pk]), PARAMETRES).context["empreinte"]
    _a, _b, c, _bretagne, _faible = _dossiers(vague)
    _note(c, 99)  # a review arrived meanwhile
    reponse = client.post(reverse("selection:appliquer", args=[vague.pk]), {**PARAMETRES, "vue": vue}, follow=True)
    assert "ont changé depuis la proposition affichée" in reponse.content.decode()
    assert not Decision.objects.filter(vague=vague).exists()


def test_desaccord_exclu_reste_a_decider(client, administrateur, vague):
    a = _dossiers(vague)[0]
    _note(a, 90, ecart_max=3)
    client.force_login(administrateur)
    parametres = {**PARAMETRES, "desaccord": "exclure"}
    vue = client.get(reverse("selection:proposition", args=[vague.pk]), parametres).context["empreinte"]
    reponse = client.post(reverse("selection:appliquer", args=[vague.pk]), {**parametres, "vue": vue}, follow=True)
    assert f"À décider un par un : {a.numero}." in reponse.content.decode()
    assert not Decision.objects.filter(dossier=a).exists()


def test_comite_clos_rien_ne_s_applique(client, administrateur, vague):
    for d in _dossiers(vague):
        decision_enregistrer(dossier=d, resultat="ajourne", motivation="Plus tard.", par=administrateur)
    comite_clore(vague=vague, par=administrateur)
    client.force_login(administrateur)
    page = client.get(reverse("selection:proposition", args=[vague.pk]), PARAMETRES)
    assert "Appliquer comme décisions provisoires" not in page.content.decode()
    reponse = client.post(reverse("selection:appliquer", args=[vague.pk]), {**PARAMETRES, "vue": ""}, follow=True)
    assert reponse.status_code == 200
    assert Decision.objects.filter(vague=vague, resultat="ajourne").count() == 5


def test_le_comite_mene_a_la_proposition(client, administrateur, vague):
    client.force_login(administrateur)
    page = client.get(reverse("candidatures:comite", args=[vague.pk]))
    assert reverse("selection:proposition", args=[vague.pk]) in page.content.decode()


@pytest.mark.parametrize("role", ["porteur", "instructeur"])
def test_reserve_aux_administrateurs(client, request, vague, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("selection:proposition", args=[vague.pk])).status_code == 403
    assert client.post(reverse("selection:appliquer", args=[vague.pk]), PARAMETRES).status_code == 403
    assert Decimal("0") == Decimal(Decision.objects.count())


def test_contraintes_en_conflit_nommees_sur_la_page(client, administrateur, vague):
    client.force_login(administrateur)
    page = client.get(reverse("selection:proposition", args=[vague.pk]), {**PARAMETRES, "enveloppe_fonctionnement": "200 000"})
    texte = page.content.decode()
    assert "Les contraintes ne peuvent pas toutes tenir" in texte
    assert "au moins une Fabrique dans chacune des 2 régions qui ont un dossier éligible" in texte
    assert "Meilleure relaxation" in texte and "aucune Fabrique en Bretagne" in texte
