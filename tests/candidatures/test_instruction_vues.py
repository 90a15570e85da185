"""The instruction pages as users see them: access, the grid, bulk actions, the committee."""

import html

import pytest
from django.urls import reverse

from candidatures.models import Affectation, ConflitInteret, Decision, Evaluation
from tests.candidatures import factories_instruction as f
from tests.conftest import MOT_DE_PASSE

pytestmark = pytest.mark.django_db


def texte(reponse) -> str:
    return html.unescape(reponse.content.decode())


def _connecter(client, user):
    assert client.login(email=user.email, password=MOT_DE_PASSE)
    return client


@pytest.fixture
def ivan():
    return f.instructeur("ivan@anct.example.fr", regions=["84"])


def _grille(**valeurs):
    donnees = {"avis": "favorable", "note_comite": ""}
    for c in ("ambition", "ancrage", "gouvernance", "modele_economique"):
        donnees[f"note_{c}"] = "3"
        donnees[f"commentaire_{c}"] = f"Commentaire {c}"
    donnees.update(valeurs)
    return donnees


def test_403_meme_par_url_sur_un_dossier_en_conflit(client, ivan):
    d = f.dossier()
    f.affecter(d, ivan)
    ConflitInteret.objects.create(instructeur=ivan, tiers_lieu=d.tiers_lieu, motif="Administrateur de l'association.")
    _connecter(client, ivan)
    url = reverse("candidatures:instruction_dossier", args=[d.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _grille(action="soumettre")).status_code == 403
    assert not Evaluation.objects.exists()
    assert d.numero not in texte(client.get(reverse("candidatures:instruction")))


def test_403_sur_un_dossier_non_affecte_et_pour_un_porteur(client, ivan, porteur):
    d = f.dossier()
    _connecter(client, ivan)
    assert client.get(reverse("candidatures:instruction_dossier", args=[d.pk])).status_code == 403
    assert client.get(reverse("candidatures:comite_index")).status_code == 403
    client.logout()
    _connecter(client, porteur)
    assert client.get(reverse("candidatures:instruction")).status_code == 403


def test_mauvaise_saisie_message_precis_et_saisie_conservee(client, ivan):
    d = f.dossier()
    f.affecter(d, ivan)
    _connecter(client, ivan)
    url = reverse("candidatures:instruction_dossier", args=[d.pk])
    reponse = client.post(
        url,
        _grille(
            note_ambition="7",
            commentaire_gouvernance="",
            note_comite="Projet solide, à suivre.",
            commentaire_ancrage="Très bon ancrage local",
            action="soumettre",
        ),
    )
    page = texte(reponse)
    assert reponse.status_code == 400
    assert "doit être comprise entre 0 et 5 (vous avez saisi 7)" in page
    assert "Le commentaire du critère « Gouvernance claire et contributive » est obligatoire" in page
    assert 'value="7"' in page and "Très bon ancrage local" in page and "Projet solide, à suivre." in page
    assert not Evaluation.objects.filter(statut="soumise").exists()


def test_brouillon_puis_soumission_puis_verrou(client, ivan):
    d = f.dossier()
    f.affecter(d, ivan)
    _connecter(client, ivan)
    url = reverse("candidatures:instruction_dossier", args=[d.pk])
    reponse = client.post(url, {"note_ambition": "4", "commentaire_ambition": "Ambitieux", "action": "brouillon"}, follow=True)
    assert "Votre brouillon d'évaluation est enregistré." in texte(reponse)
    assert 'value="4"' in texte(reponse)
    # « Soumettre » keeps the grid as a draft and asks to confirm, on a page that says it locks at once.
    reponse = client.post(url, _grille(action="soumettre"), follow=True)
    confirmer = reverse("candidatures:instruction_evaluation_soumettre", args=[d.pk])
    assert reponse.redirect_chain[-1][0] == confirmer
    page = texte(reponse)
    assert "Soumettre mon évaluation du dossier" in page and "verrouillée aussitôt" in page and "Commentaire gouvernance" in page
    assert Evaluation.objects.get().statut == Evaluation.Statut.BROUILLON
    assert Evaluation.objects.get().notes.get(critere="ambition").note == 3
    reponse = client.post(confirmer, {"confirme": "1"}, follow=True)
    assert "Votre évaluation est soumise" in texte(reponse)
    assert Evaluation.objects.get().statut == Evaluation.Statut.SOUMISE
    reponse = client.post(url, _grille(note_ambition="1", action="soumettre"), follow=True)
    assert "déjà soumise" in texte(reponse)
    assert Evaluation.objects.get().notes.get(critere="ambition").note == 3


def test_page_a_l_aveugle(client, ivan):
    d = f.dossier()
    ines = f.instructeur(regions=["84"])
    for u in (ivan, ines):
        f.affecter(d, u)
    f.evaluer(d, ines, (5, 5, 5, 5))
    _connecter(client, ivan)
    url = reverse("candidatures:instruction_dossier", args=[d.pk])
    page = texte(client.get(url))
    assert "Évaluation à l'aveugle" in page
    assert "Argumenté." not in page  # the other reviewer's comments
    confirmation = texte(client.post(url, _grille(action="soumettre"), follow=True))
    assert "L'évaluation de l'autre instructeur affecté à ce dossier vous deviendra visible" in confirmation
    assert "Argumenté." not in confirmation
    client.post(reverse("candidatures:instruction_evaluation_soumettre", args=[d.pk]), {"confirme": "1"})
    page = texte(client.get(url))
    assert "Argumenté." in page and "5 / 5" in page


def test_identite_masquee_si_la_vague_anonymise(client, ivan, administrateur):
    from candidatures.services.instruction import grille_enregistrer

    d = f.dossier()
    grille_enregistrer(vague=d.vague, par=administrateur, anonymiser=True)
    f.affecter(d, ivan)
    _connecter(client, ivan)
    page = texte(client.get(reverse("candidatures:instruction_dossier", args=[d.pk])))
    assert d.tiers_lieu.nom not in page and d.tiers_lieu.structure_porteuse not in page
    assert d.tiers_lieu.nom not in texte(client.get(reverse("candidatures:instruction")))
    recherche = client.get(reverse("candidatures:instruction"), {"q": d.tiers_lieu.nom}).context["page"]
    assert list(recherche) == []  # the applicant's name does not find the dossier
    assert [x.pk for x in client.get(reverse("candidatures:instruction"), {"q": d.numero}).context["page"]] == [d.pk]


def test_affectation_en_masse_porte_sur_toutes_les_pages(client, administrateur, ivan):
    v = f.vague()
    autre = f.vague()
    for _ in range(55):
        f.dossier(v)
    f.dossier(autre)
    _connecter(client, administrateur)
    liste = client.get(reverse("candidatures:instruction"), {"vague": v.pk, "page": 2})
    assert "55 dossiers" in texte(liste)
    reponse = client.post(
        reverse("candidatures:instruction_affecter_en_masse"), {"filtres": f"vague={v.pk}", "instructeur": ivan.pk}, follow=True
    )
    assert "55 affectations créées" in texte(reponse)
    assert Affectation.objects.filter(instructeur=ivan).count() == 55
    assert not Affectation.objects.filter(dossier__vague=autre).exists()


def test_filtres_de_la_liste(client, administrateur, ivan):
    v = f.vague()
    a = f.dossier(v, bonus_numerique=True)
    b = f.dossier(v, code_region="11")
    for u in (ivan, f.instructeur(regions=["84"])):
        f.affecter(a, u)
    f.evaluer(a, ivan, (5, 5, 5, 5))
    f.evaluer(a, a.affectations.exclude(instructeur=ivan).get().instructeur, (3, 5, 5, 5))
    _connecter(client, administrateur)
    url = reverse("candidatures:instruction")

    def numeros(**params):
        return [d.numero for d in client.get(url, params).context["page"]]

    assert numeros(desaccord="oui") == [a.numero]
    assert numeros(bonus="True") == [a.numero]
    assert numeros(region=b.tiers_lieu.region_id) == [b.numero]
    assert numeros(instructeur=ivan.pk) == [a.numero]
    assert numeros(score_min=80) == [a.numero]
    assert numeros(q=b.tiers_lieu.commune) == [b.numero]
    assert numeros(tri="numero") == sorted([a.numero, b.numero])


def test_comite_refus_sans_motivation_garde_la_saisie(client, administrateur):
    v = f.vague()
    d = f.dossier(v)
    _connecter(client, administrateur)
    reponse = client.post(
        reverse("candidatures:comite", args=[v.pk]), {"masse-resultat": "non_retenu", "masse-motivation": "", "dossiers": [d.pk]}
    )
    page = texte(reponse)
    assert reponse.status_code == 400
    assert "La motivation est obligatoire pour un dossier non retenu" in page
    assert f'value="{d.pk}" id="coche-{d.pk}" checked' in page
    reponse = client.post(reverse("candidatures:comite_decision", args=[d.pk]), {"resultat": "non_retenu", "motivation": ""})
    assert reponse.status_code == 400 and 'value="non_retenu"' in texte(reponse)
    assert not Decision.objects.exists()


def test_comite_decisions_puis_cloture(client, administrateur):
    v = f.vague()
    a, b = f.dossier(v), f.dossier(v)
    _connecter(client, administrateur)
    client.post(reverse("candidatures:comite", args=[v.pk]), {"masse-resultat": "retenu", "dossiers": [a.pk]})
    client.post(reverse("candidatures:comite_decision", args=[b.pk]), {"resultat": "non_retenu", "motivation": "Gouvernance floue."})
    page = texte(client.get(reverse("candidatures:comite", args=[v.pk])))
    assert "(provisoire)" in page and "Gouvernance floue." in page
    reponse = client.post(reverse("candidatures:comite_clore", args=[v.pk]), follow=True)
    assert "les décisions sont définitives" in texte(reponse)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.statut, b.statut) == ("retenu", "non_retenu")


def test_declarer_un_conflit_par_la_page(client, ivan):
    _connecter(client, ivan)
    url = reverse("candidatures:instruction_conflits")
    reponse = client.post(url, {"type_cible": "commune", "commune": "", "motif": ""})
    assert reponse.status_code == 400
    reponse = client.post(url, {"type_cible": "commune", "commune": "Lyon", "motif": "J'y suis élu."}, follow=True)
    assert "Votre déclaration est enregistrée" in texte(reponse)
    assert ConflitInteret.objects.get(instructeur=ivan).commune == "Lyon"


def test_page_affectations_automatique(client, administrateur):
    v = f.vague()
    f.instructeur(national=True)
    f.instructeur(national=True)
    f.dossier(v)
    _connecter(client, administrateur)
    url = reverse("candidatures:instruction_affectations") + f"?vague={v.pk}"
    assert client.get(url).status_code == 200
    reponse = client.post(url, {"action": "automatique"}, follow=True)
    assert "2 affectations créées" in texte(reponse)


def test_reglages_de_la_grille(client, administrateur):
    v = f.vague()
    _connecter(client, administrateur)
    url = reverse("candidatures:instruction_affectations") + f"?vague={v.pk}"
    donnees = {
        "action": "grille",
        "note_min": "5",
        "note_max": "5",
        "poids_ambition": "2",
        "poids_ancrage": "1",
        "poids_gouvernance": "1",
        "poids_modele_economique": "1",
        "nb_instructeurs": "3",
        "evaluation_aveugle": "on",
    }
    reponse = client.post(url, donnees)
    assert reponse.status_code == 400
    assert "La note minimale doit être inférieure à la note maximale." in texte(reponse)
    donnees["note_max"] = "10"
    donnees["note_min"] = "0"
    client.post(url, donnees)
    v.grille.refresh_from_db()
    assert (v.grille.note_max, v.grille.poids_ambition, v.grille.nb_instructeurs, v.grille.anonymiser) == (10, 2, 3, False)


def test_un_instructeur_n_a_pas_le_filtre_par_instructeur(client, ivan):
    _connecter(client, ivan)
    assert "instructeur" not in client.get(reverse("candidatures:instruction")).context["filtre"].form.fields


def test_affectation_unitaire_hors_perimetre_message_clair(client, administrateur, ivan):
    d = f.dossier(code_region="11")
    _connecter(client, administrateur)
    reponse = client.post(reverse("candidatures:instruction_affecter", args=[d.pk]), {"instructeur": ivan.pk}, follow=True)
    assert "est hors du périmètre de" in texte(reponse)
    assert not Affectation.objects.exists()


def test_un_instructeur_ne_peut_ni_affecter_ni_decider(client, ivan):
    d = f.dossier()
    f.affecter(d, ivan)
    _connecter(client, ivan)
    assert client.post(reverse("candidatures:instruction_affecter", args=[d.pk]), {"instructeur": ivan.pk}).status_code == 403
    assert client.post(reverse("candidatures:comite_decision", args=[d.pk]), {"resultat": "retenu"}).status_code == 403
    assert client.post(reverse("candidatures:comite_clore", args=[d.vague_id])).status_code == 403


def test_parametres_invalides_sans_erreur_500(client, administrateur):
    f.dossier()
    _connecter(client, administrateur)
    reponse = client.get(reverse("candidatures:instruction"), {"vague": "abc", "score_min": "beaucoup", "tri": "n'importe"})
    assert reponse.status_code == 200 and "Le formulaire contient" in texte(reponse)
    assert client.get(reverse("candidatures:instruction_affectations"), {"vague": "abc"}).status_code == 200
    export = client.get(reverse("candidatures:instruction_export", args=["csv"]), {"score_min": "x"}, follow=True)
    assert "Les filtres de la liste sont invalides" in texte(export)


def _dossier_redige():
    """A deposited dossier with what its applicant wrote and one attachment."""
    from django.core.files.base import ContentFile

    from candidatures.models import PieceJointe

    d = f.dossier(
        contenu={
            "presentation": {"nom_projet": "La Fabrique des Sorgues"},
            "ambition": {"essor_territoire": "Animer le réseau des tiers-lieux du Vaucluse.\nDeux antennes rurales."},
            "modele_economique": {"modele": "Adhésions et location d'ateliers."},
            "budget": {"charges_1": "98000.00", "ressources_1": "98000.00"},
        }
    )
    piece = PieceJointe(
        dossier=d,
        type=PieceJointe.Type.STATUTS,
        nom="statuts-association.pdf",
        type_mime="application/pdf",
        taille=9,
        sha256="0" * 64,
        ajoute_par=d.cree_par,
    )
    piece.fichier.save("statuts.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return d, piece


def test_l_instructeur_lit_le_contenu_du_dossier_et_ses_pieces(client, ivan):
    """The reviewer scores what the applicant wrote: each section of the dossier, its amounts and
    its attachments are on the review page."""
    d, piece = _dossier_redige()
    f.affecter(d, ivan)
    _connecter(client, ivan)
    page = texte(client.get(reverse("candidatures:instruction_dossier", args=[d.pk])))
    assert "Contenu du dossier" in page
    assert "Animer le réseau des tiers-lieux du Vaucluse.<br>Deux antennes rurales." in page
    assert "Adhésions et location d'ateliers." in page and "98\u00a0000,00\u00a0€" in page and "La Fabrique des Sorgues" in page
    assert page.index("Critère 1 — Ambition") < page.index("Animer le réseau") < page.index("Critère 4 — Modèle économique")
    lien = reverse("candidatures:piece_telecharger", args=[d.pk, piece.pk])
    assert f'href="{lien}"' in page and "statuts-association.pdf" in page and "Modifier" not in page
    assert "Empreinte SHA-256" not in page  # the narrow column shows type, name and size
    # On a phone the grid comes after the reading: links lead from one to the other.
    assert page.count('href="#titre-grille"') == 2 and 'href="#titre-contenu"' in page
    assert client.get(lien).status_code == 200


def test_instruction_anonyme_le_contenu_sans_les_pieces_qui_nomment_le_porteur(client, ivan, administrateur):
    from candidatures.services.instruction import grille_enregistrer

    d, piece = _dossier_redige()
    grille_enregistrer(vague=d.vague, par=administrateur, anonymiser=True)
    f.affecter(d, ivan)
    _connecter(client, ivan)
    page = texte(client.get(reverse("candidatures:instruction_dossier", args=[d.pk])))
    assert "Animer le réseau des tiers-lieux du Vaucluse." in page
    assert "La Fabrique des Sorgues" not in page  # the project's name names the applicant
    assert 'Nom du projet de Fabrique</dt>\n          <dd class="fr-mb-2w texte-saisi"><em>Masqué pour cette vague' in page
    assert "statuts-association.pdf" not in page and "Les pièces jointes ne sont pas montrées dans cette vague" in page
    lien = reverse("candidatures:piece_telecharger", args=[d.pk, piece.pk])
    assert client.get(lien).status_code == 403  # not by URL either
    client.force_login(administrateur)
    assert client.get(lien).status_code == 200
