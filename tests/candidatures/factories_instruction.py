"""Builders for the instruction tests: plain functions, like the other ``tests/*/factories.py``.
Régions, départements and tiers-lieux come from ``tests.fabriques.factories``."""

import itertools
from datetime import date, timedelta
from decimal import Decimal

from candidatures.models import Affectation, Dossier, ProfilInstructeur, Vague
from candidatures.services.instruction import evaluation_soumettre
from comptes.roles import Role
from fabriques.models import Departement, Region, TiersLieu
from tests.conftest import creer_utilisateur
from tests.fabriques import factories as fab

_compteur = itertools.count(1)

# The département each test région places its tiers-lieux in.
DEPARTEMENTS = {"84": "69", "11": "75", "53": "35"}


def region(code="84") -> Region:
    return fab.region(code)


def departement(code_region="84") -> Departement:
    return fab.departement(DEPARTEMENTS[code_region])


def vague(numero=None, **extra) -> Vague:
    numero = numero or 100 + next(_compteur)
    champs = {
        "titre": f"Vague {numero}",
        "date_ouverture": date(2026, 1, 1),
        "date_limite": date(2026, 3, 30),
        "statut": Vague.Statut.EN_INSTRUCTION,
        **extra,
    }
    return Vague.objects.create(numero=numero, **champs)


def tiers_lieu(code_region="84", **extra) -> TiersLieu:
    n = next(_compteur)
    champs = {
        "nom": f"Tiers-lieu {n}",
        "structure_porteuse": f"Association {n}",
        "siret": "73282932000074",
        "adresse": f"{n} rue de la Paix",
        "code_postal": "69001",
        "commune": f"Commune {n}",
        "departement": departement(code_region),
        "region": region(code_region),
        "implantation": "hors_grands_centres",
        **extra,
    }
    return fab.tiers_lieu(**champs)


def porteur_demo():
    from comptes.models import User

    return User.objects.filter(email="porteur.factory@exemple.fr").first() or creer_utilisateur("porteur.factory@exemple.fr", Role.PORTEUR)


def dossier(vague_=None, code_region="84", statut=Dossier.Statut.EN_INSTRUCTION, tl=None, depose_le=None, **extra) -> Dossier:
    vague_ = vague_ or vague()
    tl = tl or tiers_lieu(code_region)
    n = next(_compteur)
    from commun.temps import maintenant

    champs = {
        "numero": f"FT-{vague_.numero}-{n:05d}",
        "montant_annee_1": Decimal("50000.00"),
        "montant_annee_2": Decimal("40000.00"),
        "montant_annee_3": Decimal("30000.00"),
        **extra,
    }
    return Dossier.objects.create(
        tiers_lieu=tl,
        vague=vague_,
        statut=statut,
        cree_par=porteur_demo(),
        depose_le=depose_le or (maintenant() - timedelta(days=30) + timedelta(minutes=n)),
        **champs,
    )


def instructeur(email=None, regions=(), national=False):
    user = creer_utilisateur(email or f"instructeur{next(_compteur)}@anct.example.fr", Role.INSTRUCTEUR)
    profil = ProfilInstructeur.objects.create(user=user, national=national)
    profil.regions.set([region(c) for c in regions])
    return user


def affecter(dossier_, user, par=None) -> Affectation:
    """Assign directly (no scope check), keeping the dossier's stored synthesis right."""
    from candidatures.services.synthese import synthese_recalculer

    affectation = Affectation.objects.create(dossier=dossier_, instructeur=user, par=par, explication="test")
    synthese_recalculer(dossier_ids=[dossier_.pk])
    return affectation


def notes(valeurs=(3, 3, 3, 3), commentaire="Argumenté."):
    codes = ["ambition", "ancrage", "gouvernance", "modele_economique"]
    return {c: {"note": v, "commentaire": commentaire} for c, v in zip(codes, valeurs, strict=True)}


def evaluer(dossier_, user, valeurs=(3, 3, 3, 3), avis="favorable"):
    return evaluation_soumettre(dossier=dossier_, instructeur=user, notes=notes(valeurs), avis=avis)
