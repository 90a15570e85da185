"""Factories of the ``fabriques`` app (territories come from the data migration)."""
import datetime as dt

import factory
from stdnum import luhn

from fabriques.models import Departement, Label, Qpv, SourceTiersLieu, TiersLieu
from fabriques.territoires import departements_du_code_postal


def siret_valide(n: int) -> str:
    """Return a SIRET with correct check digits (SIREN and SIRET), different for each ``n``."""
    siren = f"{n:08d}"
    siren += luhn.calc_check_digit(siren)
    debut = siren + "0001"
    return debut + luhn.calc_check_digit(debut)


def departement(code: str) -> Departement:
    return Departement.objects.select_related("region").get(code=code)


class QpvFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qpv
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"QN075{n:02d}M")
    nom = factory.Sequence(lambda n: f"Quartier {n}")
    commune = "Paris"
    departement = factory.LazyFunction(lambda: departement("75"))


class TiersLieuFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TiersLieu
        skip_postgeneration_save = True

    nom = factory.Sequence(lambda n: f"Tiers-lieu {n:04d}")
    structure_porteuse = factory.Sequence(lambda n: f"Association {n:04d}")
    forme_juridique = "association"
    siret = factory.Sequence(lambda n: siret_valide(n + 1000))
    adresse = "1 rue de la République"
    code_postal = "69001"
    commune = "Lyon"
    departement = factory.LazyAttribute(lambda o: departement(next(iter(departements_du_code_postal(o.code_postal)))))
    region = factory.LazyAttribute(lambda o: o.departement.region)
    implantation = "grand_centre"
    source = SourceTiersLieu.SAISIE

    @factory.post_generation
    def gestionnaires(self, create, extracted, **kwargs):
        if create and extracted:
            self.gestionnaires.add(*extracted)


class LabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Label

    tiers_lieu = factory.SubFactory(TiersLieuFactory)
    type = Label.Type.FABRIQUE
    date_obtention = dt.date(2020, 7, 1)
    nouvelle_fabrique = True


def fabrique(**kwargs) -> TiersLieu:
    """Create a labelled tiers-lieu (``label_type`` picks the label)."""
    type_label = kwargs.pop("label_type", Label.Type.FABRIQUE)
    tiers_lieu = TiersLieuFactory(**kwargs)
    LabelFactory(tiers_lieu=tiers_lieu, type=type_label)
    return tiers_lieu
