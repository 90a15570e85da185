"""Demo data: a wave under instruction with a dozen deposited dossiers from several régions, so that
reviewers have dossiers to score and the committee page has a ranking to show.

Seed data of a wave already closed: the dossiers are written as they stand after their deposit
(number, time of deposit, contents), as a restored history would be.
"""

import datetime as dt
from decimal import Decimal

from allauth.account.models import EmailAddress

from candidatures.demo.depot import TEXTE, vagues_passees
from candidatures.models import TRANSITIONS_VAGUE, Dossier, Vague
from commun.chargement_demo import etape
from commun.journal import journaliser
from commun.transitions import transition
from comptes.demo import creer_compte_demo
from comptes.models import User
from comptes.roles import Role
from fabriques.identifiants import siret_fictif
from fabriques.models import Departement, FormeJuridique, Implantation, Qpv, TiersLieu

# (name, structure, département, commune, postal code, implantation, amounts asked, bonus asked)
LIEUX = [
    (
        "La Cordée des Volcans (démonstration)",
        "Association La Cordée (démonstration)",
        "63",
        "Ambert",
        "63600",
        Implantation.HORS_GRANDS_CENTRES,
        (50000, 50000, 40000),
        False,
    ),
    (
        "Le Moulin Partagé (démonstration)",
        "SCIC Le Moulin (démonstration)",
        "07",
        "Privas",
        "07000",
        Implantation.HORS_GRANDS_CENTRES,
        (40000, 35000, 25000),
        False,
    ),
    (
        "Fab'Lab des Quatre Vents (démonstration)",
        "Association Quatre Vents Numérique (démonstration)",
        "69",
        "Vénissieux",
        "69200",
        Implantation.QPV,
        (50000, 50000, 50000),
        True,
    ),
    (
        "La Ruche des Tilleuls (démonstration)",
        "Association La Ruche (démonstration)",
        "35",
        "Rennes",
        "35200",
        Implantation.QPV,
        (45000, 40000, 35000),
        True,
    ),
    (
        "Tiers-Lieu des Dunes (démonstration)",
        "Communauté de communes des Dunes (démonstration)",
        "29",
        "Lannilis",
        "29870",
        Implantation.HORS_GRANDS_CENTRES,
        (30000, 25000, 20000),
        False,
    ),
    (
        "Le Hangar à Projets (démonstration)",
        "SCOP Le Hangar (démonstration)",
        "59",
        "Roubaix",
        "59100",
        Implantation.PROXIMITE_QPV,
        (50000, 45000, 40000),
        True,
    ),
    (
        "La Fabrique du Causse (démonstration)",
        "Association Causse Commun (démonstration)",
        "46",
        "Gramat",
        "46500",
        Implantation.HORS_GRANDS_CENTRES,
        (35000, 30000, 25000),
        False,
    ),
    (
        "Quartier Libre (démonstration)",
        "Association Quartier Libre (démonstration)",
        "13",
        "Marseille",
        "13014",
        Implantation.QPV,
        (50000, 50000, 45000),
        True,
    ),
    (
        "L'Établi Vosgien (démonstration)",
        "Association L'Établi (démonstration)",
        "88",
        "Remiremont",
        "88200",
        Implantation.HORS_GRANDS_CENTRES,
        (30000, 30000, 30000),
        False,
    ),
    (
        "Les Communs de l'Étang (démonstration)",
        "SCIC Communs de l'Étang (démonstration)",
        "01",
        "Villars-les-Dombes",
        "01330",
        Implantation.HORS_GRANDS_CENTRES,
        (40000, 40000, 30000),
        False,
    ),
    (
        "Ti Koz Numérique (démonstration)",
        "Association Ti Koz (démonstration)",
        "974",
        "Saint-Denis",
        "97400",
        Implantation.GRAND_CENTRE,
        (45000, 40000, 35000),
        False,
    ),
    (
        "Le Quai des Savoirs Partagés (démonstration)",
        "GIP Quai des Savoirs (démonstration)",
        "76",
        "Le Havre",
        "76600",
        Implantation.PROXIMITE_QPV,
        (50000, 40000, 30000),
        False,
    ),
]


def _porteur_demo(rang: int) -> User:
    email = f"porteur{rang:02d}@demo.fabriques.anct.fr"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = creer_compte_demo(email, first_name="Porteur", last_name=f"n° {rang}")
        user.attribuer_role(Role.PORTEUR)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _qpv(departement: Departement, commune: str) -> Qpv:
    qpv = Qpv.objects.filter(departement=departement).first()
    if qpv is None:
        qpv, _ = Qpv.objects.get_or_create(
            code=f"QN0{departement.code[:2]}99M",
            defaults={"nom": f"Quartier prioritaire de {commune} (démonstration)", "commune": commune, "departement": departement},
        )
    return qpv


def _siret_repare(lieu: TiersLieu | None, siret: str) -> TiersLieu | None:
    """The demo's tiers-lieu with a valid SIRET (the first demos had a wrong SIREN key)."""
    if lieu is not None and lieu.siret != siret:
        lieu.siret = siret
        lieu.save(update_fields=["siret"])
    return lieu


def charger(stdout):
    vague = vagues_passees().filter(statut__in=[Vague.Statut.CLOTUREE, Vague.Statut.EN_INSTRUCTION]).first()
    if vague is None or vague != vagues_passees().first():
        stdout.write("  comité : aucune vague clôturée, rien à instruire.")
        return
    admin = User.objects.filter(email="admin@demo.fabriques.anct.fr").first()
    crees = 0
    for rang, ligne in enumerate(LIEUX, start=1):
        with etape(stdout, f"le dossier de « {ligne[0]} »"):
            crees += _dossier(vague, rang, ligne, admin)
    if vague.statut != Vague.Statut.EN_INSTRUCTION:
        transition(vague, vers=Vague.Statut.EN_INSTRUCTION, table=TRANSITIONS_VAGUE, par=admin, action="vague.statut_change")
    stdout.write(f"  comité : vague {vague.numero} en instruction, {crees} dossier(s) déposé(s) ajouté(s).")
    _decisions_provisoires(vague, admin, stdout)


def _dossier(vague: Vague, rang: int, ligne, admin) -> int:
    """Create the deposited dossier of ``ligne`` in ``vague`` if missing; return how many were created."""
    nom, structure, dep, commune, cp, implantation, montants, bonus = ligne
    departement = Departement.objects.get(code=dep)
    porteur = _porteur_demo(rang)
    # Found by name first: a demo loaded before its SIRETs were fixed gets them repaired, not duplicated.
    lieu = _siret_repare(TiersLieu.objects.filter(nom=nom, commune=commune).first(), siret_fictif("9", rang))
    lieu = (
        lieu
        or TiersLieu.objects.get_or_create(
            siret=siret_fictif("9", rang),
            defaults={
                "nom": nom,
                "structure_porteuse": structure,
                "forme_juridique": FormeJuridique.ASSOCIATION,
                "adresse": "1 place du Marché",
                "code_postal": cp,
                "commune": commune,
                "departement": departement,
                "region": departement.region,
                "implantation": implantation,
                "qpv": _qpv(departement, commune) if implantation in (Implantation.QPV, Implantation.PROXIMITE_QPV) else None,
            },
        )[0]
    )
    lieu.gestionnaires.add(porteur)
    if Dossier.objects.filter(tiers_lieu=lieu, vague=vague).exists():
        return 0
    depose_le = vague.cloture - dt.timedelta(days=len(LIEUX) - rang, hours=rang)
    contenu = {code: {k: v.replace("{nom}", nom) for k, v in champs.items()} for code, champs in TEXTE.items()}
    dossier = Dossier.objects.create(
        numero=f"FDT-{vague.date_limite.year}-V{vague.rang_dans_annee}-{rang:05d}",
        tiers_lieu=lieu,
        vague=vague,
        statut=Dossier.Statut.EN_INSTRUCTION,
        bonus_numerique=bonus,
        contenu=contenu,
        cree_par=porteur,
        depose_par=porteur,
        depose_le=depose_le,
        montant_annee_1=Decimal(montants[0]),
        montant_annee_2=Decimal(montants[1]),
        montant_annee_3=Decimal(montants[2]),
    )
    journaliser(acteur=porteur, action="dossier.depose", objet=dossier, avant="brouillon", apres="depose")
    journaliser(acteur=admin, action="dossier.en_instruction", objet=dossier, avant="depose", apres="en_instruction")
    return 1


# Provisional decisions of the demo committee, so that its page shows what closing will commit in
# each envelope (two bonuses numériques asked in or next to a QPV) and add to each target.
# Named through LIEUX (never copied): a renamed place must not silently drop its decision.
RETENUS = (LIEUX[0][0], LIEUX[2][0], LIEUX[5][0])  # La Cordée, Fab'Lab des Quatre Vents (bonus), Le Hangar (bonus)
NON_RETENU = (LIEUX[8][0], "Le projet doit encore préciser son modèle économique au-delà de la troisième année.")


def _decisions_provisoires(vague, admin, stdout) -> None:
    from candidatures.models import Decision

    from ..services.comite import decision_enregistrer

    if admin is None or Decision.objects.filter(vague=vague).exists():
        return  # decided already (by the demo or by someone trying it): left as it is
    dossiers = {d.tiers_lieu.nom: d for d in Dossier.objects.filter(vague=vague).select_related("tiers_lieu")}
    n = 0
    for nom in RETENUS:
        if nom in dossiers:
            decision_enregistrer(dossier=dossiers[nom], resultat=Decision.Resultat.RETENU, par=admin)
            n += 1
    nom, motivation = NON_RETENU
    if nom in dossiers:
        decision_enregistrer(dossier=dossiers[nom], resultat=Decision.Resultat.NON_RETENU, motivation=motivation, par=admin)
        n += 1
    stdout.write(f"  comité : {n} décision(s) provisoire(s) enregistrée(s) (vague {vague.numero}).")
