"""Demo data of the instruction: the demo reviewers' scopes, assignments and a few reviews
(idempotent). Run after the demo accounts and the demo dossiers exist."""

from commun.chargement_demo import etape
from comptes.models import User
from fabriques.models import Region

from ..models import Affectation, Dossier, Evaluation, ProfilInstructeur, Vague
from ..models.instruction import CRITERES
from ..selectors.instruction import STATUTS_A_AFFECTER
from ..services.instruction import affectation_automatique, evaluation_soumettre

INSTRUCTEURS = [
    ("instructeur@demo.fabriques.anct.fr", True, []),
    ("instructrice@demo.fabriques.anct.fr", True, []),
    ("instructrice.ara@demo.fabriques.anct.fr", False, [("84", "Auvergne-Rhône-Alpes")]),
]
ADMIN = "admin@demo.fabriques.anct.fr"

COMMENTAIRES = {
    "ambition": "Le projet prévoit d'animer le réseau des tiers-lieux du bassin de vie.",
    "ancrage": "Porteur connu des acteurs locaux, partenariats avec la commune et l'intercommunalité.",
    "gouvernance": "Gouvernance collégiale décrite, place des usagers à préciser.",
    "modele_economique": "Recettes propres en progression, dépendance aux subventions la première année.",
}


def charger(stdout):
    profils = []
    for email, national, regions in INSTRUCTEURS:
        user = User.objects.filter(email=email).first()
        if user is None:
            stdout.write(f"  instruction : compte {email} absent, périmètre non créé")
            continue
        profil, _ = ProfilInstructeur.objects.get_or_create(user=user, defaults={"national": national})
        profil.regions.set([Region.objects.get_or_create(code=code, defaults={"nom": nom})[0] for code, nom in regions])
        profils.append(profil)
    admin = User.objects.filter(email=ADMIN).first()
    vagues = Vague.objects.filter(dossiers__statut__in=STATUTS_A_AFFECTER).distinct()
    creees = evaluees = 0
    for vague in vagues:
        with etape(stdout, f"l'affectation automatique de la vague {vague.numero}"):
            creees += len(affectation_automatique(vague=vague, par=admin).creees)
    # A few submitted reviews so that the committee page shows scores (deterministic notes).
    for profil in profils:
        affectations = (
            Affectation.objects.filter(instructeur=profil.user, dossier__statut__in=STATUTS_A_AFFECTER)
            .select_related("dossier")
            .order_by("dossier__depose_le", "pk")
        )
        for rang, affectation in enumerate(affectations):
            dossier: Dossier = affectation.dossier
            if Evaluation.objects.filter(dossier=dossier, instructeur=profil.user).exists():
                continue
            if rang >= len(affectations) - 2:
                break  # each reviewer keeps two reviews to do: the lists show work in progress
            # Varied, deterministic notes so that the ranking has something to rank.
            notes = {c: {"note": 1 + (dossier.pk * 7 + i * 3 + rang) % 5, "commentaire": COMMENTAIRES[c]} for i, c in enumerate(CRITERES)}
            with etape(stdout, f"l'évaluation du dossier {dossier.numero} par {profil.user.email}"):
                evaluation_soumettre(
                    dossier=dossier,
                    instructeur=profil.user,
                    notes=notes,
                    avis=["favorable", "reserve", "favorable"][rang % 3],
                    note_comite="",
                )
                evaluees += 1
    stdout.write(f"  instruction : {len(profils)} périmètre(s), {creees} affectation(s), {evaluees} évaluation(s) soumise(s)")
