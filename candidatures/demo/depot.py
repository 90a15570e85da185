"""Demo data: the waves of the calendar (one open now), a draft and a deposited dossier of the demo porteur.

Every name of the demo is fictional and says so (« (démonstration) »): the real places of the
programme appear only as the Fabriques imported from the published list.
"""

from decimal import Decimal

from django.core.files.base import ContentFile

from commun.chargement_demo import etape
from commun.temps import aujourdhui_paris
from comptes.models import User
from fabriques.models import Departement, FormeJuridique, Implantation, Region, TiersLieu

from ..models import Dossier, PieceJointe, Vague
from ..schema import SECTIONS_PAR_CODE
from ..selectors.porteur import vague_ouverte
from ..services.dossiers import dossier_creer, dossier_deposer, dossier_enregistrer_montants, dossier_enregistrer_section
from ..services.pieces import piece_ajouter
from ..services.vagues import calendrier_annee, vagues_creer_annee, vagues_mettre_a_jour_statuts

PORTEUR = "porteur@demo.fabriques.anct.fr"
LONGUEUR_NOM_PROJET = SECTIONS_PAR_CODE["presentation"].champ("nom_projet").longueur_max
# What the demo writes in each section (fields of candidatures/schema.py; tests/candidatures/test_schema.py checks them).
TEXTE = {
    "presentation": {
        "nom_projet": "{nom} — Fabrique de territoire",
        "resume": "Un lieu ouvert à tous : atelier partagé, espace de travail, médiation numérique.",
        "publics": "Habitants du quartier, associations, artisans, demandeurs d'emploi.",
    },
    "ambition": {
        "essor_territoire": "Animer le réseau des acteurs locaux et accueillir de nouveaux projets.",
        "autres_tiers_lieux": "Accompagner trois tiers-lieux émergents du département (tête de réseau).",
    },
    "ancrage": {
        "diagnostic": "Le lieu répond au manque d'espaces partagés relevé par la commune.",
        "porteur": "Association créée en 2015, quatre salariés.",
    },
    "gouvernance": {
        "instances": "Collège des usagers, collège des partenaires, conseil d'administration.",
        "contribution": "Les usagers siègent au conseil et proposent les activités.",
    },
    "modele_economique": {
        "modele": "Adhésions, location d'espaces, prestations de formation.",
        "equilibre": "Autofinancement à 60 % la troisième année.",
    },
    "roles": {
        "ressources": "Permanences d'accompagnement de porteurs de projets.",
        "formation": "Ateliers de fabrication numérique avec le lycée.",
        "creation": "Résidences d'artistes deux fois par an.",
        "inclusion_numerique": "Médiation numérique hebdomadaire, aide aux démarches.",
    },
    "partenaires": {"partenaires": "Commune : mise à disposition du local\nMission locale : orientation des publics"},
    "budget": {
        "charges_1": "120000.00",
        "ressources_1": "120000.00",
        "charges_2": "125000.00",
        "ressources_2": "125000.00",
        "charges_3": "130000.00",
        "ressources_3": "130000.00",
        "explication": "",
    },
}


DEMO_TIERS_LIEUX = [
    (
        "88412345600011",
        "L'Atelier des Landes (démonstration)",
        "SCIC Les Landes partagées (démonstration)",
        FormeJuridique.SCIC,
        "2 place de l'Église",
        "22160",
        "Callac",
        Implantation.HORS_GRANDS_CENTRES,
    ),
    (
        "79512345400006",
        "La Halle numérique (démonstration)",
        "Association La Halle (démonstration)",
        FormeJuridique.ASSOCIATION,
        "14 rue du Port",
        "22000",
        "Saint-Brieuc",
        Implantation.GRAND_CENTRE,
    ),
]


def _tiers_lieux(porteur: User) -> list[TiersLieu]:
    """Return two tiers-lieux of the demo porteur, creating what is missing."""
    tiers_lieux = list(TiersLieu.objects.filter(gestionnaires=porteur).order_by("pk"))
    region, _ = Region.objects.get_or_create(code="53", defaults={"nom": "Bretagne"})
    departement, _ = Departement.objects.get_or_create(code="22", defaults={"nom": "Côtes-d'Armor", "region": region})
    for siret, nom, structure, forme, adresse, code_postal, commune, implantation in DEMO_TIERS_LIEUX:
        if len(tiers_lieux) >= 2:
            break
        tiers_lieu, _ = TiersLieu.objects.get_or_create(
            siret=siret,
            defaults={
                "nom": nom,
                "structure_porteuse": structure,
                "forme_juridique": forme,
                "adresse": adresse,
                "code_postal": code_postal,
                "commune": commune,
                "departement": departement,
                "region": region,
                "implantation": implantation,
            },
        )
        tiers_lieu.gestionnaires.add(porteur)
        if tiers_lieu not in tiers_lieux:
            tiers_lieux.append(tiers_lieu)
    return tiers_lieux[:2]


def _pdf(titre: str) -> ContentFile:
    from weasyprint import HTML

    contenu = HTML(string=f"<h1>{titre} (document de démonstration)</h1>").write_pdf()
    return ContentFile(contenu, name=f"{titre}.pdf")


def _remplir(dossier: Dossier, porteur: User, complet: bool) -> None:
    for section, champs in TEXTE.items():
        if not complet and section not in ("presentation", "ambition"):
            continue
        # The tiers-lieu may have been renamed since: the name it gives the project keeps within the field's limit.
        donnees = {
            k: v.format(nom=dossier.tiers_lieu.nom)[:LONGUEUR_NOM_PROJET] if k == "nom_projet" else v.format(nom=dossier.tiers_lieu.nom)
            for k, v in champs.items()
        }
        dossier_enregistrer_section(dossier=dossier, section=section, donnees=donnees, par=porteur)
    if complet:
        dossier_enregistrer_montants(dossier=dossier, montants={1: Decimal("50000"), 2: Decimal("40000"), 3: Decimal("30000")}, par=porteur)
        piece_ajouter(dossier=dossier, type=PieceJointe.Type.STATUTS, fichier=_pdf("statuts"), par=porteur)
        piece_ajouter(dossier=dossier, type=PieceJointe.Type.BUDGET, fichier=_pdf("budget-previsionnel"), par=porteur)
    else:
        dossier_enregistrer_montants(dossier=dossier, montants={1: Decimal("45000")}, par=porteur)


def vagues_du_calendrier() -> None:
    """Create the waves of the demo in calendar order, numbered as the calendar goes: the current
    year's four, preceded by the previous year's when fewer than two deadlines of this year have
    passed (the demo needs a wave to publish and a later one under instruction)."""
    aujourdhui = aujourdhui_paris()
    annee = aujourdhui.year
    if not Vague.objects.exists() and sum(1 for _, limite in calendrier_annee(annee) if limite < aujourdhui) < 2:
        vagues_creer_annee(annee=annee - 1)
    if not Vague.objects.filter(date_limite__year=annee).exists():
        vagues_creer_annee(annee=annee)
    vagues_mettre_a_jour_statuts()
    if vague_ouverte() is None and not Vague.objects.filter(date_limite__year=annee + 1).exists():
        # On 31/12 the year's last wave is closed: next year's first one opens that day, so the demo
        # always has an open wave (with a draft) that an administrateur may close before its deadline.
        vagues_creer_annee(annee=annee + 1)
        vagues_mettre_a_jour_statuts()


def vagues_passees():
    """The waves whose deadline has passed, latest first: the first is the demo's wave under
    instruction (committee), the second the one whose results are published."""
    return Vague.objects.filter(date_limite__lt=aujourdhui_paris()).order_by("-date_limite")


def charger(stdout):
    annee = aujourdhui_paris().year
    vagues_du_calendrier()
    stdout.write(
        f"Vagues {annee} : {', '.join(f'{v.numero} ({v.get_statut_display()})' for v in Vague.objects.filter(date_limite__year=annee))}."
    )
    porteur = User.objects.filter(email=PORTEUR).first()
    ouverte = vague_ouverte()
    if porteur is None or ouverte is None:
        return
    tiers_lieux = _tiers_lieux(porteur)
    if len(tiers_lieux) < 2:
        stdout.write("  Ignoré : les dossiers du porteur — il ne gère plus deux tiers-lieux de démonstration.")
        return
    depose_lieu, brouillon_lieu = tiers_lieux
    if not Dossier.objects.filter(vague=ouverte, tiers_lieu=depose_lieu).exclude(statut=Dossier.Statut.RETIRE).exists():
        with etape(stdout, f"le dossier déposé de « {depose_lieu} »"):
            dossier = dossier_creer(tiers_lieu=depose_lieu, vague=ouverte, par=porteur)
            _remplir(dossier, porteur, complet=True)
            dossier = dossier_deposer(dossier=dossier, par=porteur)
            stdout.write(f"Dossier déposé : {dossier.numero} ({depose_lieu}).")
    if not Dossier.objects.filter(vague=ouverte, tiers_lieu=brouillon_lieu).exclude(statut=Dossier.Statut.RETIRE).exists():
        with etape(stdout, f"le brouillon de « {brouillon_lieu} »"):
            dossier = dossier_creer(tiers_lieu=brouillon_lieu, vague=ouverte, par=porteur)
            _remplir(dossier, porteur, complet=False)
            stdout.write(f"Brouillon créé : {brouillon_lieu} (vague {ouverte.numero}).")
