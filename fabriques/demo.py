"""Demo data: the sample QPV, the published network of Fabriques, and a tiers-lieu of the demo porteur."""

from pathlib import Path

from commun.chargement_demo import etape
from comptes.models import User

from .models import Implantation, InvitationGestionnaire, TiersLieu
from .services import fabriques_publiees_importer, gestionnaire_inviter, qpv_importer, tiers_lieu_creer

DONNEES = Path(__file__).resolve().parent / "data"


def charger(stdout):
    rapport = qpv_importer(contenu=(DONNEES / "qpv_echantillon.csv").read_bytes())
    stdout.write(f"QPV : {rapport.crees} créé(s).")
    rapport = fabriques_publiees_importer(contenu=(DONNEES / "fabriques_publiees.csv").read_bytes())
    stdout.write(f"Fabriques publiées : {rapport.crees} importée(s), {len(rapport.ignores)} ligne(s) illisible(s) ignorée(s).")
    porteur = User.objects.filter(email="porteur@demo.fabriques.anct.fr").first()
    if porteur is None or TiersLieu.objects.filter(siret="13002603200016").exists():
        return
    with etape(stdout, "le tiers-lieu « La Fabrique du Blosne » du porteur"):
        # A fictitious place of the demo porteur (the SIRET is a valid one of the demo, the ANCT's).
        tiers_lieu_creer(
            par=porteur,
            nom="La Fabrique du Blosne (démonstration)",
            structure_porteuse="Association Blosne en commun (démonstration)",
            forme_juridique="association",
            siret="13002603200016",
            adresse="10 boulevard de Yougoslavie",
            code_postal="35200",
            commune="Rennes",
            implantation=Implantation.QPV,
            qpv="QN03501M",
            types_lieu=["fablab", "coworking"],
            familles_services=["creer_fabriquer", "travailler"],
        )
    # The demo porteuse is invited to co-manage it: « Mes invitations » shows it, to accept or decline.
    porteuse = User.objects.filter(email="porteuse@demo.fabriques.anct.fr").first()
    blosne = TiersLieu.objects.filter(siret="13002603200016").first()
    if (
        porteur is not None
        and porteuse is not None
        and blosne is not None
        and not InvitationGestionnaire.objects.filter(tiers_lieu=blosne).exists()
    ):
        gestionnaire_inviter(tiers_lieu=blosne, email=porteuse.email, par=porteur)
        stdout.write("  invitation de la porteuse à gérer « La Fabrique du Blosne » (à accepter sur « Mes invitations »).")
