"""Factories of the financement tests. Region and Departement are fetched by code (a data
migration of the territories may have created them already)."""
import datetime as dt
from decimal import Decimal

import factory

from candidatures.models import Dossier, Vague
from fabriques.models import Departement, Implantation, Qpv, Region, TiersLieu
from tests.conftest import creer_utilisateur


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "84"
    nom = "Auvergne-Rhône-Alpes"


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ("code",)

    code = "69"
    nom = "Rhône"
    region = factory.SubFactory(RegionFactory)


class QpvFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qpv
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"QN0{69000 + n}")
    nom = factory.Sequence(lambda n: f"Quartier {n}")
    commune = "Lyon"


class TiersLieuFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TiersLieu

    nom = factory.Sequence(lambda n: f"Tiers-lieu {n}")
    structure_porteuse = factory.Sequence(lambda n: f"Association Porteuse {n}")
    forme_juridique = "association"
    siret = "73282932000074"
    adresse = "1 place de la République"
    code_postal = "69001"
    commune = "Lyon"
    departement = factory.SubFactory(DepartementFactory)
    region = factory.LazyAttribute(lambda o: o.departement.region)
    implantation = Implantation.GRAND_CENTRE
    qpv = None

    class Params:
        en_qpv = factory.Trait(implantation=Implantation.QPV, qpv=factory.SubFactory(QpvFactory))
        hors_grands_centres = factory.Trait(implantation=Implantation.HORS_GRANDS_CENTRES)


class VagueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vague
        django_get_or_create = ("numero",)

    numero = 1
    titre = "Vague de test"
    date_ouverture = dt.date(2026, 1, 5)
    date_limite = dt.date(2026, 3, 30)
    date_comite = dt.date(2026, 5, 15)
    # Grants are notified once the wave's results are published (financement.services.exiger_resultats_publies).
    date_publication = dt.date(2026, 5, 22)
    statut = Vague.Statut.RESULTATS_PUBLIES


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    numero = factory.Sequence(lambda n: f"FDT-TEST-{n:05d}")
    tiers_lieu = factory.SubFactory(TiersLieuFactory)
    vague = factory.SubFactory(VagueFactory)
    statut = Dossier.Statut.RETENU
    depose_le = factory.LazyFunction(lambda: dt.datetime(2026, 9, 15, 10, 0, tzinfo=dt.UTC))
    bonus_numerique = False
    montant_annee_1 = Decimal("50000.00")
    montant_annee_2 = Decimal("40000.00")
    montant_annee_3 = Decimal("30000.00")
    cree_par = factory.LazyFunction(lambda: creer_utilisateur(f"createur{DossierFactory._compteur()}@exemple.fr"))

    _n = 0

    @classmethod
    def _compteur(cls):
        cls._n += 1
        return cls._n


def dossier_de(porteur, **kwargs) -> Dossier:
    """Return a retenu dossier of a tiers-lieu managed by ``porteur``."""
    dossier = DossierFactory(cree_par=porteur, **kwargs)
    dossier.tiers_lieu.gestionnaires.add(porteur)
    return dossier
