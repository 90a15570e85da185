"""Builders of the financement tests: a wave and a retained dossier, plain functions with keyword
arguments like the other ``tests/*/factories.py`` (the tiers-lieu comes from
``tests.fabriques.factories``)."""

import datetime as dt
import itertools
from decimal import Decimal

from candidatures.models import Dossier, Vague
from tests.conftest import creer_utilisateur
from tests.fabriques.factories import tiers_lieu

_numeros = itertools.count(1)


def vague(*, numero: int = 1, **champs) -> Vague:
    """The wave ``numero`` (created the first time, its results published by default: grants are
    notified once the wave's results are published, financement.services.exiger_resultats_publies)."""
    champs = {
        "titre": "Vague de test",
        "date_ouverture": dt.date(2026, 1, 5),
        "date_limite": dt.date(2026, 3, 30),
        "date_comite": dt.date(2026, 5, 15),
        "date_publication": dt.date(2026, 5, 22),
        "statut": Vague.Statut.RESULTATS_PUBLIES,
        **champs,
    }
    return Vague.objects.get_or_create(numero=numero, defaults=champs)[0]


def dossier(**champs) -> Dossier:
    """A retained dossier of wave 1 (120 000 € over three years), of a new tiers-lieu unless given."""
    n = next(_numeros)
    champs = {
        "numero": f"FDT-TEST-{n:05d}",
        "statut": Dossier.Statut.RETENU,
        "depose_le": dt.datetime(2026, 9, 15, 10, 0, tzinfo=dt.UTC),
        "bonus_numerique": False,
        "montant_annee_1": Decimal("50000.00"),
        "montant_annee_2": Decimal("40000.00"),
        "montant_annee_3": Decimal("30000.00"),
        **champs,
    }
    champs.setdefault("tiers_lieu", tiers_lieu(siret="73282932000074"))
    champs.setdefault("vague", vague())
    champs.setdefault("cree_par", creer_utilisateur(f"createur{n}@exemple.fr"))
    return Dossier.objects.create(**champs)


def dossier_de(porteur, **champs) -> Dossier:
    """Return a retenu dossier of a tiers-lieu managed by ``porteur``."""
    d = dossier(cree_par=porteur, **champs)
    d.tiers_lieu.gestionnaires.add(porteur)
    return d
