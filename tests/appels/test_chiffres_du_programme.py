"""The programme's envelopes and targets are read from the calls' files: an envelope is shared by
the calls (the same amount in each, another one is refused at loading), a target is the largest a
call states, the settings only when no call is loaded; a wave's committee shows its call's targets."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from appels.format import FichierInvalide
from appels.models import Appel
from appels.programme import enveloppes_du_programme, objectifs_du_programme
from appels.services import FICHIERS, appel_charger, appel_charger_fichier, appel_fabriques
from commun.montants import euros_texte
from financement.chiffres import chiffres_programme
from financement.models import Enveloppe
from tests.candidatures import factories_instruction as f

pytestmark = pytest.mark.django_db
D = Decimal
FABRIQUES = FICHIERS / "fabriques-de-territoire.toml"
NUMERIQUES = FICHIERS / "fabriques-numeriques-2019.toml"


def _texte(chemin, **remplacements) -> str:
    texte = chemin.read_text(encoding="utf-8")
    for avant, apres in remplacements.items():
        texte, n = re.subn(rf"(?m)^{avant} = .*$", f"{avant} = {apres}", texte)
        assert n == 1, avant
    return texte


def test_sans_appel_charge_les_reglages(settings):
    settings.PROGRAMME_ENVELOPPE, settings.PROGRAMME_OBJECTIF_QPV = D("50000000.00"), 140
    assert not Appel.objects.exists()
    assert enveloppes_du_programme()["fonctionnement"] == D("50000000.00")
    assert objectifs_du_programme()["qpv"] == 140


def test_les_chiffres_du_programme_viennent_du_fichier_de_l_appel(settings):
    settings.PROGRAMME_ENVELOPPE, settings.PROGRAMME_OBJECTIF_FABRIQUES = D("1.00"), 1  # not read once a call states them
    appel_charger(texte=_texte(FABRIQUES, fonctionnement="46000000", investissement="3200000", fabriques="320", qpv="160"))
    chiffres = chiffres_programme(cache=False)
    assert (chiffres.fonctionnement.montant, chiffres.numerique.montant) == (D("46000000"), D("3200000"))
    assert (chiffres.fabriques.objectif, chiffres.qpv.objectif, chiffres.hors_grands_centres.objectif, chiffres.numeriques.objectif) == (
        320,
        160,
        150,
        30,
    )
    # The first decision creates the rows with the files' amounts.
    assert Enveloppe.objects.courante(verrouiller=True).montant == D("46000000")
    assert Enveloppe.objects.numerique(verrouiller=True).montant == D("3200000")


def test_un_nouveau_fichier_renouvelle_les_chiffres_en_cache():
    appel_fabriques()
    assert chiffres_programme().fabriques.objectif == 300
    appel_charger(texte=_texte(FABRIQUES, fabriques="310"))
    assert chiffres_programme().fabriques.objectif == 310


def test_les_objectifs_de_plusieurs_appels_le_plus_grand_est_celui_du_programme():
    appel_fabriques()
    appel_charger_fichier(NUMERIQUES)  # qpv = 30: its part of the programme's 150
    assert objectifs_du_programme() == {"fabriques": 300, "qpv": 150, "hors_grands_centres": 150, "numeriques": 30}
    assert enveloppes_du_programme() == {"fonctionnement": D("45000000"), "investissement": D("3000000")}


def test_deux_appels_ne_donnent_pas_deux_montants_a_la_meme_enveloppe():
    appel_fabriques()
    texte = _texte(NUMERIQUES, investissement="3500000")
    with pytest.raises(FichierInvalide) as erreur:
        appel_charger(texte=texte, nom_fichier="fabriques-numeriques-2019.toml")
    ligne = next(n for n, texte_ligne in enumerate(texte.splitlines(), start=1) if texte_ligne.startswith("investissement = "))
    [probleme] = erreur.value.problemes
    assert (probleme.ligne, probleme.champ) == (ligne, "enveloppes.investissement")
    assert probleme.message == (
        f"{euros_texte(D('3500000'))} ici, mais l'appel « Fabriques de territoire » donne {euros_texte(D('3000000'))} "
        "à l'enveloppe d'investissement, partagée par les appels du programme : donnez le même montant, ou retirez cette ligne du fichier."
    )
    assert not Appel.objects.filter(slug="fabriques-numeriques-2019").exists()
    # The same amount is accepted; a new version of the same call may change its own figures.
    appel_charger_fichier(NUMERIQUES)
    with pytest.raises(FichierInvalide, match="l'appel « Fabriques numériques de territoire — appel 2019 » donne"):
        appel_charger(texte=_texte(FABRIQUES, investissement="4000000"))


def test_le_comite_d_une_vague_montre_les_objectifs_de_son_appel(client, administrateur):
    numeriques = appel_charger_fichier(NUMERIQUES).version.appel
    fabriques = appel_fabriques()
    client.force_login(administrateur)
    page = client.get(reverse("candidatures:comite", args=[f.vague(appel=numeriques).pk])).content.decode()
    tableau = page[page.index('id="objectifs-programme"') : page.index("</table>", page.index('id="objectifs-programme"'))]
    assert "Objectifs de l'appel « Fabriques numériques de territoire — appel 2019 »" in tableau
    cibles = re.findall(r'<th scope="row">([^<]+)</th>(?:<td>[^<]*</td>){2}<td>(\d+)</td>', tableau)
    assert cibles == [("Dans un QPV ou à proximité immédiate", "30"), ("Fabriques numériques de territoire", "30")]
    assert "(investissement, sur un an)" in page
    page = client.get(reverse("candidatures:comite", args=[f.vague(appel=fabriques).pk])).content.decode()
    tableau = page[page.index('id="objectifs-programme"') : page.index("</table>", page.index('id="objectifs-programme"'))]
    assert "Objectifs de l'appel « Fabriques de territoire »" in tableau
    assert "(fonctionnement, sur trois ans)" in page
    assert [c for _l, c in re.findall(r'<th scope="row">([^<]+)</th>(?:<td>[^<]*</td>){2}<td>(\d+)</td>', tableau)] == [
        "300",
        "150",
        "150",
        "30",
    ]


def test_le_tableau_des_chiffres_nomme_la_cible_du_fichier(client, administrateur):
    """The hint under the targets says which total a Fabrique of unknown implantation counts in: the
    file's, not a fixed « 300 »."""
    appel_charger(texte=_texte(FABRIQUES, fabriques="320"))
    client.force_login(administrateur)
    page = client.get(reverse("financement:tableau_de_bord")).content.decode()
    assert "dans les 320, ni en QPV ou à proximité, ni hors des grands centres urbains" in page
    assert "dans les 300" not in page
