"""Every URL of the financement app, for every role, answers the expected status — never a 500.

The same table belongs in tests/test_acces_urls.py (ACCES) once merged.
"""

import pytest
from django.urls import get_resolver, reverse

from tests.conftest import creer_utilisateur

ROLES = ("anonyme", "porteur", "instructeur", "administrateur")
PUBLIC = dict.fromkeys(ROLES, 200)
CONNECTE = {"anonyme": 302, "porteur": 200, "instructeur": 200, "administrateur": 200}
ADMINISTRATEUR = {"anonyme": 302, "porteur": 403, "instructeur": 403, "administrateur": 200}
POST_SEUL = {"anonyme": 302, "porteur": 405, "instructeur": 405, "administrateur": 405}
INCONNU_ADMIN = {"anonyme": 302, "porteur": 403, "instructeur": 403, "administrateur": 404}
INCONNU = {"anonyme": 302, "porteur": 404, "instructeur": 404, "administrateur": 404}

ACCES = {
    "financement:tableau_de_bord": ({}, ADMINISTRATEUR),
    "financement:enveloppe_modifier": ({}, POST_SEUL),
    "financement:subvention_proposer": ({"dossier_pk": 999999}, INCONNU_ADMIN),
    "financement:subvention": ({"pk": 999999}, INCONNU_ADMIN),
    "financement:subvention_ajuster": ({"pk": 999999}, POST_SEUL),
    "financement:subvention_notifier": ({"pk": 999999}, INCONNU),
    "financement:subvention_signer": ({"pk": 999999}, POST_SEUL),
    "financement:subvention_documents": ({"pk": 999999}, POST_SEUL),
    "financement:subvention_resilier": ({"pk": 999999}, POST_SEUL),
    "financement:rapport_deposer": ({"pk": 999999}, POST_SEUL),
    "financement:versement_statut": ({"pk": 999999}, POST_SEUL),
    "financement:document": ({"pk": 999999}, INCONNU),
    "financement:rapport": ({"pk": 999999}, INCONNU),
    "financement:mes_subventions": ({}, CONNECTE),
    "financement:opendata_csv": ({}, PUBLIC),
    "financement:opendata_json": ({}, PUBLIC),
}


def test_chaque_url_du_financement_est_declaree():
    noms = {f"financement:{nom}" for nom in get_resolver().namespace_dict["financement"][1].reverse_dict if isinstance(nom, str)}
    assert noms == set(ACCES)


@pytest.mark.django_db
@pytest.mark.parametrize("nom", sorted(ACCES))
def test_statut_attendu_pour_chaque_role(client, nom):
    utilisateurs = {
        "anonyme": None,
        "porteur": creer_utilisateur("p@walk.fr", "porteur"),
        "instructeur": creer_utilisateur("i@walk.fr", "instructeur"),
        "administrateur": creer_utilisateur("a@walk.fr", "administrateur"),
    }
    kwargs, attendus = ACCES[nom]
    url = reverse(nom, kwargs=kwargs)
    for role in ROLES:
        client.logout()
        if utilisateurs[role]:
            client.force_login(utilisateurs[role])
        assert client.get(url).status_code == attendus[role], f"{url} pour {role}"
