"""The audit trail page: administrateurs only, filters per dossier and per user, paginated, read-only."""

import datetime as dt
import html

import pytest
import time_machine
from django.urls import reverse

from commun.journal import journaliser
from commun.temps import PARIS
from tests.candidatures import factories_instruction as fi

pytestmark = pytest.mark.django_db


@pytest.fixture
def journal(porteur, administrateur):
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=PARIS), tick=False):
        un = fi.dossier(numero="FDT-2026-V4-00007")
        deux = fi.dossier(numero="FDT-2026-V4-00008")
        journaliser(acteur=porteur, action="dossier.depose", objet=un, avant="brouillon", apres="depose")
        journaliser(acteur=administrateur, action="comite.decision.provisoire", objet=deux, apres="retenu")
    with time_machine.travel(dt.datetime(2026, 11, 25, 10, tzinfo=PARIS), tick=False):
        for i in range(60):
            journaliser(acteur=porteur, action="dossier.section_enregistree", objet=un, donnees={"section": f"s{i}"})
    return un, deux


def _page(client, **params):
    reponse = client.get(reverse("comptes:journal"), params)
    return reponse, html.unescape(reponse.content.decode())


def test_reserve_aux_administrateurs(client, porteur, instructeur):
    for user in (porteur, instructeur):
        client.force_login(user)
        assert client.get(reverse("comptes:journal")).status_code == 403
    assert client.post(reverse("comptes:journal")).status_code in (403, 405)


def test_filtre_par_dossier_et_pagination(client, administrateur, journal):
    un, deux = journal
    client.force_login(administrateur)
    reponse, page = _page(client, dossier="fdt-2026-v4-00007")
    assert reponse.status_code == 200
    assert "61 entrées — page 1 sur 2" in page and "comite.decision.provisoire" not in page
    _r, page2 = _page(client, dossier="FDT-2026-V4-00007", page=2)
    assert "page 2 sur 2" in page2 and "dossier.depose" in page2 and "brouillon → depose" in page2
    _r, par_id = _page(client, dossier=str(deux.pk))
    assert "1 entrée" in par_id and "comite.decision.provisoire" in par_id


def test_filtre_par_utilisateur_action_et_dates(client, administrateur, porteur, journal):
    client.force_login(administrateur)
    _r, page = _page(client, utilisateur=porteur.email.upper(), action="dossier.depose")
    assert "1 entrée" in page and porteur.email in page
    _r, page = _page(client, utilisateur=administrateur.email, du="2026-11-20", au="2026-11-21")
    assert "1 entrée" in page and "comite.decision.provisoire" in page


def test_filtres_invalides_sans_erreur_500(client, administrateur, journal):
    client.force_login(administrateur)
    reponse, page = _page(client, dossier="FDT-INCONNU", du="2026-12-01", au="2026-11-01", utilisateur="pas une adresse")
    assert reponse.status_code == 400
    assert "La date de fin précède la date de début." in page and 'value="FDT-INCONNU"' in page
    reponse, page = _page(client, dossier="FDT-INCONNU")
    assert reponse.status_code == 400 and "Aucun dossier ne porte le numéro « FDT-INCONNU »" in page
    assert client.get(reverse("comptes:journal"), {"page": "abc"}).status_code == 200


def test_un_dossier_purge_se_retrouve_par_son_numero(client, administrateur, journal):
    from candidatures.models import Dossier

    un, _deux = journal
    Dossier.objects.filter(pk=un.pk).delete()
    client.force_login(administrateur)
    reponse, page = _page(client, dossier="FDT-2026-V4-00007")
    assert reponse.status_code == 200 and "61 entrées" in page


def test_le_journal_se_lit_en_francais_et_garde_l_enregistrement_brut(client, administrateur, porteur):
    import re

    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=PARIS), tick=False):
        dossier = fi.dossier(numero="FDT-2026-V4-00009")
        journaliser(acteur=porteur, action="dossier.depose", objet=dossier, avant="brouillon", apres="depose")
        journaliser(
            acteur=administrateur,
            action="comite.decision.provisoire",
            objet=dossier,
            apres="retenu",
            donnees={
                "bonus": False,
                "montants": ["50000.00", "40000.00"],
                "date_limite": "2026-12-30",
                "sections": ["budget", "montants"],
                "automatique": True,
            },
        )
    client.force_login(administrateur)
    reponse, page = _page(client)
    # The visible part of each row: French labels and formatted values, no code nor Python data.
    visible = re.sub(r"<details.*?</details>", "", page, flags=re.S)
    assert "Dossier déposé" in visible and "Brouillon → Déposé" in visible and "— → Retenu" in visible
    assert "Décision provisoire du comité" in visible
    assert "<strong>Bonus numérique</strong> : non" in visible and "<strong>Date limite</strong> : 30 décembre 2026" in visible
    assert "<strong>Montants</strong> : 50 000,00 €, 40 000,00 €" in visible.replace("\u202f", " ").replace("\xa0", " ")
    assert "<strong>Automatique</strong> : oui" in visible
    for brut in ("dossier.depose", "comite.decision.provisoire", "brouillon → depose", "False", "'bonus'", "candidatures.dossier"):
        assert brut not in visible, brut
    # The raw record, one click away.
    assert '<details class="fr-mt-1v"><summary>Enregistrement brut</summary>' in page
    assert "action : comite.decision.provisoire" in page and '"bonus": false' in page and "état : brouillon → depose" in page


def test_labels_implantations_et_proposition_se_lisent_en_francais(client, administrateur):
    """The entries the publication, the implantations page and the decision aid write read in French
    on the journal page, not as codes (« fabriques · label · attribue », « — → numerique »)."""
    import re

    from fabriques.models import Implantation
    from tests.fabriques.factories import fabrique

    lieu = fabrique(label_type="numerique")
    label = lieu.labels.get()
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=PARIS), tick=False):
        journaliser(
            acteur=administrateur, action="fabriques.label.attribue", objet=label, apres="numerique", donnees={"tiers_lieu": lieu.pk}
        )
        journaliser(
            acteur=administrateur,
            action="fabriques.tiers_lieu.implantation_fixee",
            objet=lieu,
            avant="non_renseignee",
            apres=Implantation.HORS_GRANDS_CENTRES,
        )
        journaliser(acteur=administrateur, action="publication.terminee", objet=lieu, donnees={"laureats": 8, "sha256": "ab12"})
        journaliser(acteur=administrateur, action="comite.proposition.appliquee", objet=lieu)
    client.force_login(administrateur)
    _reponse, page = _page(client)
    visible = re.sub(r"<details.*?</details>", "", page, flags=re.S)
    assert "Label attribué" in visible and "— → Fabrique numérique de territoire" in visible
    assert "Implantation du tiers-lieu renseignée" in visible and "Non renseignée → Hors des grands centres urbains" in visible
    assert "<strong>Lauréats</strong> : 8" in visible and "<strong>Empreinte SHA-256</strong> : ab12" in visible
    assert "Proposition de sélection appliquée" in visible
    for code in ("fabriques · label", "→ numerique", "non renseignee", "comite · proposition", "Laureats"):
        assert code not in visible, code
