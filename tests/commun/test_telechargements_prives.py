"""Every private file of the portal leaves through ``commun.fichiers.telechargement`` with the same
headers: an attachment under a clean name, never sniffed, never run, never stored by a cache."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from commun.fichiers import nom_d_envoi
from tests.test_acces_urls import _monde_du_module, monde  # noqa: F401  (the walker's world, reused)


def _document(m):
    from financement.services import documents_generer

    return documents_generer(subvention_id=m["signee"].pk)[0] if not m["signee"].documents.exists() else m["signee"].documents.first()


def _export_pret(m):
    from candidatures.services.exports import export_demander, export_generer

    admin = m["utilisateurs"]["admin"]
    return export_generer(export_id=export_demander(demandeur=admin, format="xlsx", parametres="").pk)


# kind of file: (who downloads, the URL, through the API, the type expected)
SORTES = {
    "pièce du dossier": (
        "porteur",
        lambda m: reverse("candidatures:piece_telecharger", args=[m["brouillon"].pk, m["piece"].pk]),
        False,
        None,
    ),
    "pièce du dossier (API)": (
        "porteur",
        lambda m: reverse("api-dossier-piece", kwargs={"pk": m["brouillon"].pk, "piece_pk": m["piece"].pk}),
        True,
        None,
    ),
    "pièce jointe d'un message": (
        "porteur",
        lambda m: reverse("candidatures:message_fichier", args=[m["instruit"].pk, m["message"].pk]),
        False,
        "application/pdf",
    ),
    "accusé de dépôt": ("porteur", lambda m: reverse("candidatures:dossier_accuse", args=[m["instruit"].pk]), False, "application/pdf"),
    "accusé de dépôt (API)": ("porteur", lambda m: reverse("api-dossier-accuse", kwargs={"pk": m["instruit"].pk}), True, "application/pdf"),
    "rapport d'activité": ("porteur", lambda m: reverse("financement:rapport", args=[m["rapport"].pk]), False, "application/pdf"),
    "rapport d'activité (API)": (
        "porteur",
        lambda m: reverse("api-rapport-fichier", kwargs={"pk": m["rapport"].pk}),
        True,
        "application/pdf",
    ),
    "document de la subvention": ("admin", lambda m: reverse("financement:document", args=[_document(m).pk]), False, "application/pdf"),
    "export d'instruction CSV": (
        "admin",
        lambda m: reverse("candidatures:instruction_export", kwargs={"format": "csv"}),
        False,
        "text/csv",
    ),
    "export d'instruction XLSX": (
        "admin",
        lambda m: reverse("candidatures:instruction_export", kwargs={"format": "xlsx"}),
        False,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "export d'instruction (API)": ("admin", lambda m: reverse("api-instruction-export"), True, "text/csv"),
    "export d'instruction préparé": (
        "admin",
        lambda m: reverse("candidatures:instruction_export_telecharger", args=[_export_pret(m).pk]),
        False,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "mes données personnelles": ("porteur", lambda m: reverse("comptes:mes_donnees"), False, "application/zip"),
}


@pytest.mark.parametrize("sorte", list(SORTES))
def test_chaque_fichier_prive_part_avec_les_memes_entetes(client, monde, sorte):  # noqa: F811
    role, url, api, type_attendu = SORTES[sorte]
    utilisateur = monde["utilisateurs"][role]
    if api:
        client = APIClient()
        client.force_authenticate(utilisateur)
    else:
        client.force_login(utilisateur)
    reponse = client.get(url(monde))
    assert reponse.status_code == 200, sorte
    disposition = reponse["Content-Disposition"]
    assert disposition.startswith("attachment; filename="), disposition
    assert "/" not in disposition and "\\" not in disposition
    assert reponse["X-Content-Type-Options"] == "nosniff"
    # (the pages' middleware adds « max-age=0, no-cache, must-revalidate » for a session)
    assert {"private", "no-store"} <= {d.strip() for d in reponse["Cache-Control"].split(",")}
    assert reponse["Content-Security-Policy"] == "default-src 'none'; sandbox"
    if type_attendu:
        assert reponse["Content-Type"].startswith(type_attendu)
    contenu = b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
    assert contenu, sorte


@pytest.mark.parametrize(
    "nom, envoye",
    [
        ("rapport.pdf", "rapport.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\moi\\statuts signés.pdf", "statuts signés.pdf"),
        ('devis"\r\nX-Injecte: 1.pdf', "devisX-Injecte 1.pdf"),
        ("...", "fichier"),
    ],
)
def test_le_nom_d_envoi_est_propre(nom, envoye):
    assert nom_d_envoi(nom) == envoye
