"""Demo data of the financement app: grants for the retenu dossiers, one signed convention after its
wave's publication with a payment made and one under way. Idempotent: running it twice changes nothing."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from candidatures.models import Dossier, Vague
from commun.chargement_demo import etape
from commun.temps import aujourdhui_paris
from comptes.models import User
from fabriques.models import Departement, Implantation, Qpv, Region, TiersLieu

from .models import Subvention, Versement
from .services import (
    rapport_deposer,
    subvention_notifier,
    subvention_proposer,
    subvention_signer_convention,
    versement_changer_statut,
)

PORTEUSE = "porteuse@demo.fabriques.anct.fr"
ADMIN = "admin@demo.fabriques.anct.fr"
SIRET_DEMO = "35600000000048"
PDF_DEMO = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _dossier_demo(porteuse: User) -> Dossier | None:
    """Create (once) a retenu dossier of a demo tiers-lieu managed by the demo porteuse."""
    region, _ = Region.objects.get_or_create(code="84", defaults={"nom": "Auvergne-Rhône-Alpes"})
    departement, _ = Departement.objects.get_or_create(code="69", defaults={"nom": "Rhône", "region": region})
    qpv, _ = Qpv.objects.get_or_create(code="QN06901M", defaults={"nom": "Mermoz", "commune": "Lyon", "departement": departement})
    tiers_lieu, _ = TiersLieu.objects.get_or_create(
        siret=SIRET_DEMO,
        nom="La Fabrique des Pentes (démonstration)",
        defaults={
            "structure_porteuse": "Association Les Pentes Numériques (démonstration)",
            "forme_juridique": "association",
            "adresse": "12 rue des Tables Claudiennes",
            "code_postal": "69008",
            "commune": "Lyon",
            "departement": departement,
            "region": departement.region,
            "implantation": Implantation.PROXIMITE_QPV,
            "qpv": qpv,
        },
    )
    tiers_lieu.gestionnaires.add(porteuse)
    vague = Vague.objects.filter(statut__in=[Vague.Statut.EN_INSTRUCTION, Vague.Statut.RESULTATS_PUBLIES]).order_by("date_limite").first()
    if vague is None:
        # The waves of the calendar, in order (never a wave numbered or dated out of it).
        from candidatures.demo.depot import vagues_du_calendrier, vagues_passees

        vagues_du_calendrier()
        vague = vagues_passees().first()
        if vague is None:
            return None
    dossier, _ = Dossier.objects.get_or_create(
        tiers_lieu=tiers_lieu,
        vague=vague,
        defaults={
            "numero": f"FDT-{vague.date_limite.year}-V{vague.rang_dans_annee}-{90000 + tiers_lieu.pk:05d}",
            "statut": Dossier.Statut.RETENU,
            "bonus_numerique": True,
            "cree_par": porteuse,
            "depose_le": vague.cloture - dt.timedelta(days=3),
            "montant_annee_1": Decimal("50000.00"),
            "montant_annee_2": Decimal("45000.00"),
            "montant_annee_3": Decimal("35000.00"),
        },
    )
    return dossier


def charger(stdout):
    admin = User.objects.filter(email=ADMIN).first()
    porteuse = User.objects.filter(email=PORTEUSE).first()
    if admin is None or porteuse is None:
        stdout.write("financement : comptes de démonstration absents, rien à charger.")
        return
    if not Dossier.objects.filter(statut=Dossier.Statut.RETENU).exists():
        with etape(stdout, "le dossier retenu de « La Fabrique des Pentes »"):
            if _dossier_demo(porteuse) is None:
                stdout.write("financement : aucune vague passée, pas de lauréat de démonstration.")
                return
    nouvelles = 0
    for dossier in Dossier.objects.filter(statut=Dossier.Statut.RETENU, subvention__isnull=True).select_related("tiers_lieu"):
        with etape(stdout, f"la subvention du dossier {dossier.numero}"):
            subvention_proposer(dossier=dossier, par=admin, derogation_motif="Données de démonstration")
            nouvelles += 1
    if not Subvention.objects.filter(statut=Subvention.Statut.CONVENTIONNEE).exists():
        with etape(stdout, "la convention signée et ses versements"):
            _une_convention_signee(admin)
    stdout.write(f"financement : {nouvelles} subvention(s) proposée(s), {Subvention.objects.count()} au total.")


def _une_convention_signee(admin: User) -> None:
    """Sign one convention of a wave whose results are published, three weeks after the publication
    (a grant is notified only once the porteur may know the decision): the year-1 operating tranche
    paid two weeks later, the year-1 bonus numérique mandated, the activity report of year 1 filed.
    The published wave's deadline is at least a quarter before today, so every date is past."""
    publiees = Subvention.objects.filter(
        statut=Subvention.Statut.PROPOSEE,
        dossier__vague__statut=Vague.Statut.RESULTATS_PUBLIES,
        dossier__vague__date_publication__isnull=False,
    ).select_related("dossier__vague")
    subvention = publiees.filter(dossier__tiers_lieu__gestionnaires__email=PORTEUSE).first() or publiees.first()
    if subvention is None:
        return
    aujourdhui = aujourdhui_paris()
    signature = min(subvention.dossier.vague.date_publication + dt.timedelta(days=21), aujourdhui)
    paiement = min(signature + dt.timedelta(days=14), aujourdhui)
    subvention_notifier(subvention=subvention, par=admin)
    subvention_signer_convention(subvention=subvention, date_signature=signature, par=admin)
    for versement in Versement.objects.filter(tranche__subvention=subvention, tranche__annee=1):
        statuts = [Versement.Statut.DEMANDE, Versement.Statut.MANDATE]
        if not versement.tranche.bonus:
            statuts.append(Versement.Statut.VERSE)  # the bonus stays mandated: a payment under way on the dashboard
        for statut in statuts:
            versement = versement_changer_statut(
                versement=versement, statut=statut, par=admin, reference_mandat=f"MDT-{versement.pk:05d}", date_versement=paiement
            )
    gestionnaire = (
        subvention.dossier.tiers_lieu.gestionnaires.filter(email=PORTEUSE).first() or subvention.dossier.tiers_lieu.gestionnaires.first()
    )
    if gestionnaire:
        rapport_deposer(
            subvention=subvention, annee=1, fichier=SimpleUploadedFile("rapport-activite-annee-1.pdf", PDF_DEMO), par=gestionnaire
        )
