"""Demo data of the closing and the publication (idempotent): waves whose deadline has passed are
closed, and the wave before the one under instruction has its committee closed and its results
published (labels, laureate list PDF, public pages). Run after the demo accounts, the territories
and the waves of the calendar exist (it creates the waves itself when run alone).

The candidates are fictional and their names say so: no real place is the laureate of a wave of
the demo (the real ones are the Fabriques imported from the published list).
"""

import datetime as dt
from decimal import Decimal

from candidatures.demo.depot import vagues_du_calendrier, vagues_passees
from candidatures.models import Decision, Dossier, Publication, Vague
from candidatures.services.cloture import vagues_cloturer_echues
from commun.chargement_demo import etape
from comptes.models import User
from fabriques.identifiants import siret_fictif
from fabriques.models import Departement, Implantation, Qpv, SourceTiersLieu, TiersLieu

from ..services.comite import comite_clore, decision_enregistrer
from ..services.publication import vague_publier
from .comite import _siret_repare

ADMIN = "admin@demo.fabriques.anct.fr"
PORTEUSE = "porteuse@demo.fabriques.anct.fr"

# (tiers-lieu, structure porteuse, département, commune, QPV code or None, decision)
CANDIDATS = [
    (
        "Le Fablab des Calanques (démonstration)",
        "Association Fablab des Calanques (démonstration)",
        "13",
        "Marseille",
        "QN01301M",
        "retenu",
    ),
    (
        "Le Garage Solidaire des Tournesols (démonstration)",
        "SCIC Garage des Tournesols (démonstration)",
        "31",
        "Toulouse",
        "QN03101M",
        "retenu",
    ),
    ("L'Établi des Quatre Vents (démonstration)", "Association L'Établi (démonstration)", "69", "Vénissieux", "QN06901M", "retenu"),
    ("La Ruche du Kreiz Breizh (démonstration)", "SCIC La Ruche du Kreiz Breizh (démonstration)", "22", "Callac", None, "retenu"),
    ("Le Tiers-Lieu des Monts du Forez (démonstration)", "Association Monts du Forez (démonstration)", "63", "Ambert", None, "retenu"),
    ("La Station des Causses (démonstration)", "Association La Station des Causses (démonstration)", "12", "Rodez", None, "retenu"),
    ("La Fabrique des Lavandes (démonstration)", "Communauté de communes des Lavandes (démonstration)", "84", "Sault", None, "retenu"),
    ("Le Hangar de l'Ouvèze (démonstration)", "Association Le Hangar (démonstration)", "07", "Privas", None, "retenu"),
    ("La Coop des Cimes (démonstration)", "SCOP La Coop des Cimes (démonstration)", "05", "Embrun", None, "retenu"),
    ("Le Moulin des Savoirs (démonstration)", "Association Le Moulin des Savoirs (démonstration)", "24", "Ribérac", None, "retenu"),
    ("L'Atelier sans toit (démonstration)", "Association L'Atelier sans toit (démonstration)", "59", "Roubaix", None, "non_retenu"),
    ("Le Local d'à côté (démonstration)", "Association Le Local (démonstration)", "44", "Nantes", None, "non_retenu"),
]
MOTIF_REFUS = (
    "Le projet ne décrit pas encore de modèle économique équilibré à terme : les recettes propres restent à construire. "
    "Le comité encourage le porteur à candidater de nouveau en précisant ses partenariats locaux."
)


def charger(stdout):
    bilans = [b for b in vagues_cloturer_echues() if not b.deja_cloturee]
    if bilans:
        stdout.write(f"  clôture : {len(bilans)} vague(s) échue(s) clôturée(s).")
    admin = User.objects.filter(email=ADMIN).first()
    if admin is None:
        stdout.write("  publication : compte administrateur de démonstration absent, rien à publier.")
        return
    vague = None
    with etape(stdout, "la vague aux résultats publiés de l'an dernier"):
        vague = _vague_publiee(admin)
    if vague is None:
        return
    if vague.statut != Vague.Statut.RESULTATS_PUBLIES and not Publication.objects.filter(vague=vague).exists():
        with etape(stdout, f"la publication des résultats de la vague {vague.numero}"):
            vague_publier(vague=vague, par=admin)  # the job runs after commit (inline without a broker)
    stdout.write(f"  publication : {vague} — liste des lauréats publiée sur /candidatures/laureats/.")


def _vague_publiee(admin: User) -> Vague | None:
    """The wave before the one under instruction: its dossiers, decisions and closed committee
    (created once)."""
    vagues_du_calendrier()
    vagues_cloturer_echues()
    passees = list(vagues_passees()[:2])
    if len(passees) < 2:
        return None
    vague = passees[1]
    if vague.statut == Vague.Statut.RESULTATS_PUBLIES or Dossier.objects.filter(vague=vague).exists():
        return vague
    dossiers = [_dossier(vague, rang, ligne, admin) for rang, ligne in enumerate(CANDIDATS, start=1)]
    # The committee meets 45 days after the deadline and its results are published a week later
    # (always before today: a later wave's deadline has passed too); the laureate's convention and
    # payments follow the publication (financement/demo.py).
    Vague.objects.filter(pk=vague.pk).update(
        statut=Vague.Statut.EN_INSTRUCTION,
        date_comite=vague.date_limite + dt.timedelta(days=45),
        date_publication=vague.date_limite + dt.timedelta(days=52),
    )
    for dossier, ligne in zip(dossiers, CANDIDATS, strict=True):
        resultat = ligne[5]
        decision_enregistrer(
            dossier=dossier, resultat=resultat, motivation=MOTIF_REFUS if resultat == Decision.Resultat.NON_RETENU else "", par=admin
        )
    comite_clore(vague=Vague.objects.get(pk=vague.pk), par=admin)
    return Vague.objects.get(pk=vague.pk)


def _dossier(vague: Vague, rang: int, ligne, admin: User) -> Dossier:
    nom, structure, code_dep, commune, code_qpv, _resultat = ligne
    departement = Departement.objects.select_related("region").get(code=code_dep)
    qpv = Qpv.objects.filter(code=code_qpv).first() if code_qpv else None
    tiers_lieu = _siret_repare(
        TiersLieu.objects.filter(nom=nom, commune=commune).first(), siret_fictif("7", rang)
    ) or TiersLieu.objects.create(
        nom=nom,
        structure_porteuse=structure,
        commune=commune,
        departement=departement,
        region=departement.region,
        implantation=Implantation.QPV if qpv else Implantation.HORS_GRANDS_CENTRES,
        qpv=qpv,
        source=SourceTiersLieu.SAISIE,
        siret=siret_fictif("7", rang),
        adresse="2 rue de la Mairie",
        code_postal=f"{code_dep}000"[:5],
        forme_juridique="association",
    )
    porteuse = User.objects.filter(email=PORTEUSE).first()
    if rang == 1 and porteuse is not None:
        tiers_lieu.gestionnaires.add(porteuse)  # the demo laureate: « Ma subvention » shows its grant
    from commun.temps import debut_de_journee_paris

    return Dossier.objects.create(
        tiers_lieu=tiers_lieu,
        vague=vague,
        statut=Dossier.Statut.EN_INSTRUCTION,
        numero=f"FDT-{vague.date_limite.year}-V{vague.rang_dans_annee}-{rang:05d}",
        bonus_numerique=qpv is not None,
        montant_annee_1=Decimal("50000.00"),
        montant_annee_2=Decimal("40000.00"),
        montant_annee_3=Decimal("30000.00"),
        cree_par=admin,
        depose_par=admin,
        depose_le=debut_de_journee_paris(vague.date_limite) + dt.timedelta(hours=rang),
    )
