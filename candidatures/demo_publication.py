"""Demo data of the closing and the publication (idempotent): waves whose deadline has passed are
closed, and a past wave of the previous year has its committee closed and its results published
(labels, laureate list PDF, public pages). Run after the demo accounts, the territories and the
current year's waves exist."""
import datetime as dt
from decimal import Decimal

from commun.chargement_demo import etape
from comptes.models import User
from fabriques.identifiants import siret_fictif
from fabriques.models import Departement, Implantation, Qpv, SourceTiersLieu, TiersLieu

from .models import Decision, Dossier, Publication, Vague
from .services.cloture import vagues_cloturer_echues
from .services.instruction import comite_clore, decision_enregistrer
from .services.publication import vague_publier

ADMIN = "admin@demo.fabriques.anct.fr"
PORTEUSE = "porteuse@demo.fabriques.anct.fr"


TITRE = "Vague de septembre {annee} (démonstration, résultats publiés)"

# (tiers-lieu, structure porteuse, département, commune, QPV code or None, decision)
CANDIDATS = [
    ("La Gare Numérique", "Association La Gare Numérique", "13", "Marseille", "QN01301M", "retenu"),
    ("Le Garage Solidaire du Mirail", "SCIC Garage Solidaire", "31", "Toulouse", "QN03101M", "retenu"),
    ("L'Établi des Minguettes", "Association L'Établi", "69", "Vénissieux", "QN06901M", "retenu"),
    ("La Ruche de Callac", "SCIC La Ruche du Kreiz Breizh", "22", "Callac", None, "retenu"),
    ("Tiers-Lieu du Livradois", "Association Tiers-Lieu du Livradois", "63", "Ambert", None, "retenu"),
    ("Station A", "Association Station A", "12", "Rodez", None, "retenu"),
    ("La Fabrique du Ventoux", "Communauté de communes Ventoux Sud", "84", "Sault", None, "retenu"),
    ("Le Hangar de Privas", "Association Zone d'Activité Numérique", "07", "Privas", None, "retenu"),
    ("La Coop des Hautes-Alpes", "SCOP La Coop des Hautes-Alpes", "05", "Embrun", None, "retenu"),
    ("Le Moulin des Savoirs", "Association Le Moulin des Savoirs", "24", "Ribérac", None, "retenu"),
    ("L'Atelier sans toit", "Association L'Atelier sans toit", "59", "Roubaix", None, "non_retenu"),
    ("Le Local d'à côté", "Association Le Local", "44", "Nantes", None, "non_retenu"),
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
    from commun.temps import aujourdhui_paris

    annee = aujourdhui_paris().year - 1
    titre = TITRE.format(annee=annee)
    vague = Vague.objects.filter(titre=titre).first()
    if vague is not None:
        return vague
    ouverture, limite = dt.date(annee, 7, 1), dt.date(annee, 9, 30)
    if Vague.objects.filter(date_ouverture__lte=limite, date_limite__gte=ouverture).exists():
        return None  # the calendar already has a wave there: leave it alone
    numero = (Vague.objects.order_by("-numero").values_list("numero", flat=True).first() or 0) + 1
    vague = Vague.objects.create(
        numero=numero, titre=titre, date_ouverture=ouverture, date_limite=limite, date_comite=dt.date(annee, 11, 15),
        statut=Vague.Statut.OUVERTE,
    )
    dossiers = [_dossier(vague, rang, ligne, admin) for rang, ligne in enumerate(CANDIDATS, start=1)]
    vagues_cloturer_echues()  # deposited → en instruction, exactly as at the real deadline
    for dossier, ligne in zip(dossiers, CANDIDATS, strict=True):
        resultat = ligne[5]
        decision_enregistrer(dossier=dossier, resultat=resultat, motivation=MOTIF_REFUS if resultat == Decision.Resultat.NON_RETENU else "",
                             par=admin)
    comite_clore(vague=vague, par=admin)
    return Vague.objects.get(pk=vague.pk)


def _dossier(vague: Vague, rang: int, ligne, admin: User) -> Dossier:
    nom, structure, code_dep, commune, code_qpv, _resultat = ligne
    departement = Departement.objects.select_related("region").get(code=code_dep)
    qpv = Qpv.objects.filter(code=code_qpv).first() if code_qpv else None
    tiers_lieu = TiersLieu.objects.filter(nom=nom, commune=commune).first() or TiersLieu.objects.create(
        nom=nom, structure_porteuse=structure, commune=commune, departement=departement, region=departement.region,
        implantation=Implantation.QPV if qpv else Implantation.RURAL, qpv=qpv, source=SourceTiersLieu.SAISIE,
        siret=siret_fictif("7", rang), adresse="2 rue de la Mairie", code_postal=f"{code_dep}000"[:5], forme_juridique="association",
    )
    porteuse = User.objects.filter(email=PORTEUSE).first()
    if rang == 1 and porteuse is not None:
        tiers_lieu.gestionnaires.add(porteuse)  # the demo laureate: « Ma subvention » shows its grant
    from commun.temps import debut_de_journee_paris

    return Dossier.objects.create(
        tiers_lieu=tiers_lieu, vague=vague, statut=Dossier.Statut.DEPOSE, numero=f"FDT-{vague.date_limite.year}-V3-{rang:05d}",
        bonus_numerique=qpv is not None, montant_annee_1=Decimal("50000.00"), montant_annee_2=Decimal("40000.00"),
        montant_annee_3=Decimal("30000.00"), cree_par=admin, depose_par=admin,
        depose_le=debut_de_journee_paris(vague.date_limite) + dt.timedelta(hours=rang),
    )
