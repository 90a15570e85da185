"""Demo accounts: one per role at least, with known passwords (demo only)."""

from allauth.account.models import EmailAddress

from commun.chargement_demo import MOT_DE_PASSE_DEMO, etape, mot_de_passe_demo_hache
from commun.models import EntreeJournal

from .models import User
from .notifications import Categorie
from .roles import Role
from .services import courriels_choisir

MOT_DE_PASSE = MOT_DE_PASSE_DEMO


def creer_compte_demo(email: str, **champs):
    """Create a demo account with the demo password."""
    user = User.objects.create_user(email=email, password=None, **champs)
    user.password = mot_de_passe_demo_hache()
    user.save(update_fields=["password"])
    return user


COMPTES = [
    ("admin@demo.fabriques.anct.fr", "Anne", "Administratrice", [Role.ADMINISTRATEUR]),
    ("instructeur@demo.fabriques.anct.fr", "Ivan", "Instructeur", [Role.INSTRUCTEUR]),
    ("instructrice@demo.fabriques.anct.fr", "Irène", "Instructrice", [Role.INSTRUCTEUR]),
    ("instructrice.ara@demo.fabriques.anct.fr", "Inès", "Instructrice", [Role.INSTRUCTEUR]),
    ("porteur@demo.fabriques.anct.fr", "Paul", "Porteur", [Role.PORTEUR]),
    ("porteuse@demo.fabriques.anct.fr", "Pauline", "Porteuse", [Role.PORTEUR]),
]


def charger(stdout):
    crees = 0
    for email, prenom, nom, roles in COMPTES:
        with etape(stdout, f"le compte {email}"):
            user = User.objects.filter(email=email).first()
            if user is None:
                user = creer_compte_demo(email, first_name=prenom, last_name=nom)
                crees += 1
            for role in roles:
                user.attribuer_role(role)
            EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    stdout.write(f"  {len(COMPTES)} comptes, dont {crees} créé(s).")
    # One choice of e-mails already made, to show it on « Mon compte » (and in the audit log): the
    # regional reviewer does without the review reminders. Made once; a later choice is kept.
    ara = User.objects.filter(email="instructrice.ara@demo.fabriques.anct.fr").first()
    if ara and not EntreeJournal.objects.filter(action="comptes.courriels.choisis", objet_id=str(ara.pk)).exists():
        courriels_choisir(user=ara, recus=[Categorie.MESSAGES, Categorie.COMPLEMENTS_RECUS])


def afficher_comptes(stdout):
    stdout.write(f"\nComptes de démonstration (mot de passe commun : {MOT_DE_PASSE})")
    for email, _prenom, _nom, roles in COMPTES:
        stdout.write(f"  {', '.join(r.label for r in roles):<28} {email}")
    stdout.write("")
