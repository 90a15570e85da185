"""The 18 régions and 101 départements, and the postal code rules."""

import pytest

from commun.erreurs import ErreurMetier
from fabriques import territoires
from fabriques.models import Departement, Region
from fabriques.services import localiser

CODES_REGIONS = {"01", "02", "03", "04", "06", "11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"}


def test_le_module_derive_18_regions_et_101_departements_de_pycountry():
    regions = territoires.regions()
    departements = territoires.departements()
    assert {r.code for r in regions} == CODES_REGIONS
    assert sum(r.outre_mer for r in regions) == 5
    assert len(departements) == 101
    codes = [d.code for d in departements]
    attendus = [f"{n:02d}" for n in range(1, 20)] + ["2A", "2B"] + [f"{n:02d}" for n in range(21, 96)] + ["971", "972", "973", "974", "976"]
    assert codes == attendus


def test_noms_officiels_et_bizarreries_iso_redressees():
    regions = {r.code: r.nom for r in territoires.regions()}
    assert regions["44"] == "Grand Est"
    assert regions["52"] == "Pays de la Loire"
    assert regions["93"] == "Provence-Alpes-Côte d'Azur"
    assert regions["94"] == "Corse"
    assert regions["03"] == "Guyane"
    departements = {d.code: d for d in territoires.departements()}
    assert departements["75"].nom == "Paris" and departements["75"].region_code == "11"
    assert departements["67"].region_code == "44" and departements["68"].region_code == "44"  # Alsace → Grand Est
    assert departements["2A"].region_code == "94" and departements["2B"].nom == "Haute-Corse"
    assert departements["69"].nom == "Rhône"
    assert departements["976"].region_code == "06"


@pytest.mark.django_db
def test_la_migration_charge_la_table_officielle():
    assert Region.objects.count() == 18
    assert Departement.objects.count() == 101
    assert Departement.objects.get(code="973").region.nom == "Guyane"
    assert Departement.objects.get(code="13").region.code == "93"
    assert set(Region.objects.filter(outre_mer=True).values_list("code", flat=True)) == {"01", "02", "03", "04", "06"}


@pytest.mark.parametrize(
    ("code_postal", "departement"),
    [
        ("20000", "2A"),
        ("20090", "2A"),
        ("20167", "2A"),
        ("20200", "2B"),
        ("20250", "2B"),
        ("20600", "2B"),
        ("97100", "971"),
        ("97200", "972"),
        ("97300", "973"),
        ("97400", "974"),
        ("97600", "976"),
        ("75011", "75"),
        ("01500", "01"),
        ("69001", "69"),
    ],
)
def test_departement_du_code_postal(code_postal, departement):
    assert territoires.departements_du_code_postal(code_postal) == {departement}


@pytest.mark.parametrize(
    ("code_postal", "message"),
    [
        ("98000", "Monaco"),
        ("97500", "Saint-Pierre-et-Miquelon"),
        ("98800", "Nouvelle-Calédonie"),
        ("20300", "Corse"),
        ("7501", "5 chiffres"),
        ("75O11", "5 chiffres"),
        ("00100", "00"),
        ("96000", "aucun département"),
        ("97000", "outre-mer"),
    ],
)
def test_code_postal_refuse_avec_un_message_qui_dit_quoi_corriger(code_postal, message):
    with pytest.raises(ErreurMetier) as exc:
        territoires.departements_du_code_postal(code_postal)
    assert message in exc.value.message
    assert exc.value.champ == "code_postal"


def test_code_postal_qui_ne_correspond_pas_au_departement():
    with pytest.raises(ErreurMetier) as exc:
        territoires.verifier_code_postal("75011", "93")
    assert "département 75, pas du 93" in exc.value.message
    with pytest.raises(ErreurMetier):
        territoires.verifier_code_postal("20200", "2A")
    territoires.verifier_code_postal("20200", "2B")


@pytest.mark.django_db
def test_la_region_est_deduite_jamais_saisie():
    assert localiser(code_postal="20200").region.nom == "Corse"
    assert localiser(code_postal="97400").region.nom == "La Réunion"
    assert localiser(code_postal="67000").region.nom == "Grand Est"
    with pytest.raises(ErreurMetier):
        localiser(code_postal="67000", departement_code="68")
