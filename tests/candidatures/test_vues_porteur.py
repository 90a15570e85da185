"""The applicant's pages: dashboard, sections that keep what was typed, deposit, access of others."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from candidatures.models import Dossier
from candidatures.services.dossiers import dossier_deposer
from commun.temps import fin_de_journee_paris

from . import factories as f

pytestmark = pytest.mark.django_db
EN_NOVEMBRE = dt.datetime(2026, 11, 23, 15, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def horloge():
    with time_machine.travel(EN_NOVEMBRE, tick=False) as voyage:
        yield voyage


def section(dossier, code):
    return reverse("candidatures:dossier_section", args=[dossier.pk, code])


def test_tableau_de_bord_distingue_brouillons_et_dossiers_deposes(client, porteur):
    vague = f.vague()
    brouillon = f.brouillon(porteur, vague, f.tiers_lieu(porteur, nom="Le Brouillon"))
    depose = f.completer(f.brouillon(porteur, vague, f.tiers_lieu(porteur, nom="Le Déposé")), porteur)
    dossier_deposer(dossier=depose, par=porteur)
    client.force_login(porteur)
    html = client.get(reverse("candidatures:mes_dossiers")).content.decode()
    brouillons, deposes = html.split("<h2>Brouillons")[1].split("Dossiers déposés</h2>")
    assert "Le Brouillon" in brouillons and "Brouillon — non déposé" in brouillons and "Le Déposé" not in brouillons
    assert "FDT-2026-V1-00001" in deposes and "Le Brouillon —" not in deposes
    # A card per dossier (readable on a phone): its number, its tiers-lieu, the amount asked for.
    assert 'Dossier <span class="sans-coupure">FDT-2026-V1-00001</span> — Le Déposé</a></h3>' in deposes
    assert "montant demandé" in deposes and "<table" not in deposes
    assert "37 jours restants" in html  # 23/11 → 30/12
    assert "Dossier déposé" in deposes and "Pièce jointe ajoutée : budget.pdf" in deposes  # timeline from the journal
    assert str(brouillon.pk) in brouillons


def test_commencer_un_dossier_depuis_le_tableau_de_bord(client, porteur):
    vague = f.vague()
    lieu = f.tiers_lieu(porteur)
    client.force_login(porteur)
    reponse = client.post(reverse("candidatures:dossier_creer"), {"tiers_lieu": lieu.pk})
    dossier = Dossier.objects.get()
    assert reponse.url == reverse("candidatures:dossier", args=[dossier.pk])
    assert (dossier.vague, dossier.tiers_lieu, dossier.statut) == (vague, lieu, "brouillon")
    reponse = client.post(reverse("candidatures:dossier_creer"), {"tiers_lieu": lieu.pk}, follow=True)
    assert "a déjà un dossier dans la vague 4" in reponse.content.decode()
    assert Dossier.objects.count() == 1


def test_section_enregistree_seule_et_relue(client, porteur):
    dossier = f.brouillon(porteur)
    client.force_login(porteur)
    reponse = client.post(section(dossier, "ambition"), {"essor_territoire": "Animer le réseau local.", "suivante": ""})
    assert reponse.url == section(dossier, "ancrage") + "?enregistre=ambition"
    dossier.refresh_from_db()
    assert dossier.contenu == {"ambition": {"essor_territoire": "Animer le réseau local.", "autres_tiers_lieux": ""}}
    assert "Animer le réseau local." in client.get(section(dossier, "ambition")).content.decode()


def test_mauvaise_saisie_garde_ce_qui_a_ete_tape_et_enregistre_le_reste(client, porteur):
    dossier = f.brouillon(porteur)
    client.force_login(porteur)
    trop_long = "x" * 5001
    reponse = client.post(section(dossier, "gouvernance"), {"instances": trop_long, "contribution": "Les usagers au conseil."})
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert trop_long in html  # what was typed is shown again
    assert "Ce qui était valide a été enregistré" in html
    dossier.refresh_from_db()
    assert dossier.section("gouvernance") == {"contribution": "Les usagers au conseil."}


def test_montants_invalides_reaffiches_et_montants_valides_enregistres(client, porteur):
    dossier = f.brouillon(porteur, lieu=f.tiers_lieu(porteur, qpv=True))  # a place that may describe a bonus project
    client.force_login(porteur)
    reponse = client.post(
        section(dossier, "montants"),
        {
            "montant_annee_1": "45 000",
            "montant_annee_2": "60 000,00 €",
            "montant_annee_3": "douze",
            "projet_numerique": "Un fablab.",
        },
    )
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert 'value="60 000,00 €"' in html and 'value="douze"' in html
    assert "au-delà du plafond de 50" in html and "dépassement de 10" in html
    assert "Saisissez un montant en euros" in html
    dossier.refresh_from_db()
    assert dossier.montants == [Decimal("45000.00"), None, None]
    assert dossier.section("montants")["projet_numerique"] == "Un fablab."


def test_bonus_hors_qpv_ni_offert_ni_enregistre_sur_la_page(client, porteur):
    dossier = f.brouillon(porteur, lieu=f.tiers_lieu(porteur, qpv=False))
    client.force_login(porteur)
    page = client.get(section(dossier, "montants"))
    case = page.context["form"]["bonus_numerique"]
    assert case.field.disabled and "ne peut pas demander le bonus numérique" in page.content.decode()
    assert 'name="bonus_numerique"' in page.content.decode() and "disabled" in str(case)
    # A forged POST does not slip the bonus through the disabled box; the amounts are saved.
    client.post(section(dossier, "montants"), {"bonus_numerique": "on", "montant_annee_1": "50000"})
    dossier.refresh_from_db()
    assert dossier.bonus_numerique is False and dossier.montant_annee_1 == Decimal("50000.00")


def test_bonus_offert_en_qpv(client, porteur):
    dossier = f.brouillon(porteur, lieu=f.tiers_lieu(porteur, qpv=True))
    client.force_login(porteur)
    page = client.get(section(dossier, "montants"))
    assert not page.context["form"]["bonus_numerique"].field.disabled
    client.post(section(dossier, "montants"), {"bonus_numerique": "on", "montant_annee_1": "50000", "projet_numerique": "Un fablab."})
    dossier.refresh_from_db()
    assert dossier.bonus_numerique is True


def test_session_expiree_la_connexion_ramene_a_la_section(client, porteur):
    dossier = f.brouillon(porteur)
    reponse = client.get(section(dossier, "roles"))
    assert reponse.status_code == 302
    assert reponse.url == f"{reverse('account_login')}?next={section(dossier, 'roles')}"
    reponse = client.post(reponse.url, {"login": porteur.email, "password": "Mot-de-passe-solide-2026"})
    assert reponse.url == section(dossier, "roles")


def test_autre_porteur_ne_voit_ni_ne_modifie_le_dossier(client, porteur, autre_porteur):
    dossier = f.brouillon(porteur)
    client.force_login(autre_porteur)
    for url in (
        reverse("candidatures:dossier", args=[dossier.pk]),
        section(dossier, "presentation"),
        reverse("candidatures:dossier_deposer", args=[dossier.pk]),
        reverse("candidatures:dossier_pieces", args=[dossier.pk]),
    ):
        assert client.get(url).status_code == 403
    assert client.post(section(dossier, "presentation"), {"resume": "Piraté"}).status_code == 403
    assert "Piraté" not in str(Dossier.objects.get().contenu)
    assert client.get(reverse("candidatures:dossier", args=[999999])).status_code == 404
    assert str(dossier.tiers_lieu) not in client.get(reverse("candidatures:mes_dossiers")).content.decode()


def test_depot_par_la_page_puis_lecture_seule(client, porteur):
    dossier = f.completer(f.brouillon(porteur), porteur)
    client.force_login(porteur)
    url = reverse("candidatures:dossier_deposer", args=[dossier.pk])
    assert "Je dépose mon dossier" in client.get(url).content.decode()
    reponse = client.post(url, follow=True)
    assert "déposé sous le numéro FDT-2026-V1-00001" in reponse.content.decode()
    assert "lecture seule" in reponse.content.decode()
    reponse = client.post(section(dossier, "presentation"), {"resume": "Trop tard"}, follow=True)
    assert "lecture seule" in reponse.content.decode()
    assert Dossier.objects.get().section("presentation")["resume"] == "Un atelier partagé."


def test_depot_a_minuit_refuse_par_la_page_et_brouillon_garde(client, porteur, horloge):
    dossier = f.completer(f.brouillon(porteur), porteur)
    client.force_login(porteur)
    horloge.move_to(fin_de_journee_paris(dt.date(2026, 12, 30)) + dt.timedelta(microseconds=1))
    client.force_login(porteur)  # weeks later: a new session
    reponse = client.post(reverse("candidatures:dossier_deposer", args=[dossier.pk]))
    html = reponse.content.decode()
    assert reponse.status_code == 400
    assert "Le dossier n&#x27;a pas été déposé" in html or "Le dossier n'a pas été déposé" in html
    assert "23 h 59 min 59 s (heure de Paris)" in html
    assert Dossier.objects.get().statut == Dossier.Statut.BROUILLON


def test_depot_incomplet_par_la_page(client, porteur):
    dossier = f.brouillon(porteur)
    client.force_login(porteur)
    reponse = client.post(reverse("candidatures:dossier_deposer", args=[dossier.pk]))
    assert reponse.status_code == 400
    assert "Le dossier est incomplet" in reponse.content.decode()
    assert "Pièce manquante : Statuts de la structure porteuse." in reponse.content.decode()


def test_accuse_telechargeable_par_le_porteur_seulement(client, porteur, autre_porteur):
    dossier = dossier_deposer(dossier=f.completer(f.brouillon(porteur), porteur), par=porteur)
    url = reverse("candidatures:dossier_accuse", args=[dossier.pk])
    client.force_login(autre_porteur)
    assert client.get(url).status_code == 403
    client.force_login(porteur)
    reponse = client.get(url)  # produced on demand if the after-commit job did not run
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content).startswith(b"%PDF")
    assert 'filename="accuse-reception-FDT-2026-V1-00001.pdf"' in reponse["Content-Disposition"]


@pytest.mark.parametrize("saisie", ["NaN", "sNaN", "Infinity", "-Infinity", "1e30", "12,345", "-5", "50 000,001", "\x00"])
def test_saisies_etranges_de_montant_jamais_d_erreur_500(client, porteur, saisie):
    dossier = f.brouillon(porteur)
    client.force_login(porteur)
    for code, champ in (("montants", "montant_annee_1"), ("budget", "charges_1")):
        reponse = client.post(section(dossier, code), {champ: saisie})
        assert reponse.status_code in (200, 302)
    dossier.refresh_from_db()
    assert dossier.montant_annee_1 is None and "charges_1" not in dossier.section("budget")


def test_brouillon_abandonne_ni_parmi_les_brouillons_ni_parmi_les_deposes(client, porteur):
    from candidatures.services.dossiers import dossier_retirer

    dossier = f.brouillon(porteur, lieu=f.tiers_lieu(porteur, nom="Abandonné"))
    dossier_retirer(dossier=dossier, par=porteur)
    client.force_login(porteur)
    html = client.get(reverse("candidatures:mes_dossiers")).content.decode()
    brouillons, reste = html.split("<h2>Brouillons")[1].split("Dossiers déposés</h2>")
    deposes, abandonnes = reste.split("Brouillons abandonnés")
    assert "Abandonné" not in brouillons and "Abandonné" not in deposes
    assert "Abandonné — vague 4, abandonné le 23/11/2026 (jamais déposé)" in abandonnes


def test_la_completude_du_brouillon_se_lit_en_barre_de_progression(client, porteur):
    from candidatures.sections import SECTIONS
    from candidatures.services.completude import sections_avec_etat

    dossier = f.brouillon(porteur)
    client.force_login(porteur)
    html = client.get(reverse("candidatures:dossier", args=[dossier.pk])).content.decode()
    completes = sum(1 for e in sections_avec_etat(dossier) if e["complete"])
    assert completes < len(SECTIONS)
    assert f'<progress id="completude" class="fr-mb-2w" max="{len(SECTIONS)}" value="{completes}">' in html
    assert f'<label for="completude">{completes} section' in html and f"sur {len(SECTIONS)}</label>" in html


def test_un_point_des_milliers_ne_fait_pas_perdre_trois_zeros(client, porteur):
    """« 50.000 » is what many people type for fifty thousand: refused with the way to write it,
    never saved as fifty euros; the amount saved before stays."""
    dossier = f.brouillon(porteur)
    client.force_login(porteur)
    client.post(section(dossier, "montants"), {"montant_annee_1": "40 000"})
    reponse = client.post(section(dossier, "montants"), {"montant_annee_1": "50.000", "montant_annee_2": "1_000", "montant_annee_3": "٣٠"})
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Pour 50 000,00 €, écrivez 50 000." in html and 'value="50.000"' in html
    assert "Écrivez le nombre avec les chiffres 0 à 9" in html and "Saisissez un montant en euros" in html
    dossier.refresh_from_db()
    assert dossier.montants == [Decimal("40000.00"), None, None]


def test_budget_desequilibre_reclame_l_explication_des_l_enregistrement(client, porteur):
    dossier = f.brouillon(porteur)
    client.force_login(porteur)
    budget = {
        "charges_1": "120 000",
        "ressources_1": "120 000",
        "charges_2": "130 000",
        "ressources_2": "110 000",
        "charges_3": "140 000",
        "ressources_3": "140 000",
        "explication": "",
        "suivante": "",
    }
    reponse = client.post(section(dossier, "budget"), budget, follow=True)
    html = reponse.content.decode()
    # Saved, but the porteur stays on the budget and reads, at the top and under the field, what the deposit will ask.
    assert reponse.redirect_chain[-1][0] == section(dossier, "budget") + "?enregistre=budget"
    assert "Enregistré, mais à compléter avant le dépôt : Le budget n&#x27;est pas équilibré (année 2) : expliquez l&#x27;écart." in html
    assert (
        '<p class="fr-message fr-message--warning fr-mt-1v" id="id_explication-avertissement">À remplir avant le dépôt. '
        "Le budget n&#x27;est pas équilibré (année 2) : expliquez l&#x27;écart.</p>"
    ) in html
    assert 'aria-describedby="id_explication-aide id_explication-compteur id_explication-avertissement"' in html
    dossier.refresh_from_db()
    assert dossier.section("budget")["charges_2"] == "130000.00"

    # Explained: nothing more to say, and « Enregistrer et passer » goes on.
    reponse = client.post(section(dossier, "budget"), {**budget, "explication": "Une subvention régionale attendue en année 2."})
    assert reponse.url == section(dossier, "montants") + "?enregistre=budget"
    assert "id_explication-avertissement" not in client.get(section(dossier, "budget")).content.decode()


def test_budget_equilibre_sans_explication_ne_dit_rien(client, porteur):
    dossier = f.brouillon(porteur)
    client.force_login(porteur)
    budget = {f"{genre}_{a}": "100 000" for genre in ("charges", "ressources") for a in (1, 2, 3)}
    reponse = client.post(section(dossier, "budget"), {**budget, "suivante": ""})
    assert reponse.url == section(dossier, "montants") + "?enregistre=budget"
