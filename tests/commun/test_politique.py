"""The one access layer (commun/politique.py): every rule name asked is declared, an unknown name is
an error whoever asks, and a rule's queryset form selects exactly the objects its object form allows."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from candidatures.models import ConflitInteret, Dossier, Vague
from commun.erreurs import AccesRefuse
from commun.politique import RegleInconnue, exiger, filtrer, peut, regles_avec_portee, regles_declarees, verifier
from comptes.roles import Role
from fabriques.models import TiersLieu
from financement.models import Subvention
from tests.candidatures import factories_instruction as f
from tests.conftest import creer_utilisateur

RACINE = Path(__file__).resolve().parents[2]
DOSSIERS_SOURCE = ("candidatures", "commun", "comptes", "fabriques", "financement", "selection", "templates", "config")
# A rule name is read in the calls (``peut(user, "x"``, ``exiger``, ``verifier``, ``filtrer``, ``portee``,
# ``regle = "x"``, ``{% peut "x" %}``), and in any « prefix.name » last argument of a call whose prefix
# is one of the declared rules' prefixes, app names aside (calls pass names through helpers, e.g.
# ``_piece(request, pk, piece_pk, "pieces.modifier")``).
APPELS = re.compile(
    r"""(?:\b(?:peut|exiger|verifier|filtrer|portee)\(\s*[\w.]+\s*,\s*|\{%\s*peut\s+|\bregle\s*=\s*)["']([a-z_]+\.[a-z_]+)["']"""
)
LITTERAL = re.compile(r""",\s*["']([a-z_]+\.[a-z_]+)["']\s*\)""")
APPLICATIONS = {"candidatures", "commun", "comptes", "fabriques", "financement", "selection", "config"}
PAS_DES_REGLES: set[str] = set()


def _noms_demandes(prefixes: set[str]) -> dict[str, str]:
    noms = {}
    for dossier in DOSSIERS_SOURCE:
        for chemin in (RACINE / dossier).rglob("*"):
            if chemin.suffix not in {".py", ".html"} or "migrations" in chemin.parts:
                continue
            texte = chemin.read_text(encoding="utf-8")
            trouves = APPELS.findall(texte) + [n for n in LITTERAL.findall(texte) if n.split(".")[0] in prefixes - APPLICATIONS]
            for nom in trouves:
                noms.setdefault(nom, str(chemin.relative_to(RACINE)))
    return noms


def test_chaque_regle_demandee_dans_le_code_est_declaree():
    declarees = set(regles_declarees())
    noms = _noms_demandes({nom.split(".")[0] for nom in declarees})
    assert "dossier.voir" in noms and "pieces.modifier" in noms  # the scan does see the calls
    inconnues = {nom: ou for nom, ou in noms.items() if nom not in declarees | PAS_DES_REGLES}
    assert inconnues == {}


@pytest.mark.django_db
def test_une_regle_inconnue_est_une_erreur_pour_tout_le_monde(administrateur):
    for user in (AnonymousUser(), administrateur):
        with pytest.raises(RegleInconnue):
            peut(user, "pieces.modifer")
        with pytest.raises(RegleInconnue):
            exiger(user, "pieces.modifer")
        with pytest.raises(RegleInconnue):
            filtrer(user, "dossier.inexistant", Dossier.objects.all())


@pytest.mark.django_db
def test_verifier_leve_acces_refuse_en_francais(porteur, administrateur):
    verifier(administrateur, "financement.piloter")
    with pytest.raises(AccesRefuse) as erreur:
        verifier(porteur, "financement.piloter")
    assert erreur.value.statut_http == 403 and "droit" in erreur.value.message


@pytest.mark.django_db
def test_la_forme_queryset_dit_la_meme_chose_que_la_forme_objet(porteur, autre_porteur, administrateur):
    """For each rule declaring a ``portee``, over a small world (two porteurs, an assigned reviewer in
    conflict with one dossier, an administrateur, a user without a role, an anonymous visitor), the
    objects ``filtrer`` keeps are exactly those ``peut`` allows."""
    vague = f.vague()
    lieu_a, lieu_b, lieu_c = f.tiers_lieu(), f.tiers_lieu(), f.tiers_lieu()
    lieu_a.gestionnaires.add(porteur)
    lieu_b.gestionnaires.add(autre_porteur)
    a, b, c = (f.dossier(vague, tl=lieu) for lieu in (lieu_a, lieu_b, lieu_c))
    Vague.objects.filter(pk=vague.pk).update(statut=Vague.Statut.RESULTATS_PUBLIES)  # a notified grant is seen once published
    relecteur = f.instructeur()
    for d in (a, b):
        f.affecter(d, relecteur)
    ConflitInteret.objects.create(instructeur=relecteur, tiers_lieu=lieu_b, motif="Ancien salarié.")
    annoncee = Subvention.objects.create(
        dossier=a, tiers_lieu=lieu_a, statut="notifiee", total_fonctionnement=Decimal("120000.00"), cree_par=administrateur
    )
    Subvention.objects.create(
        dossier=b, tiers_lieu=lieu_b, statut="proposee", total_fonctionnement=Decimal("90000.00"), cree_par=administrateur
    )
    sans_role = creer_utilisateur("sans.role@exemple.fr", role=None)
    ancien_porteur = creer_utilisateur("ancien@exemple.fr", Role.PORTEUR)
    lieu_c.gestionnaires.add(ancien_porteur)
    ancien_porteur.is_active = False
    ancien_porteur.save()

    objets = {
        "tiers_lieu.gerer": TiersLieu.objects.all(),
        "dossier.gerer": Dossier.objects.all(),
        "instruction.dossier": Dossier.objects.all(),
        "subvention.voir": Subvention.objects.all(),
    }
    assert set(regles_avec_portee()) == set(objets), "Ajoutez ici chaque règle qui déclare une portée."
    for user in (porteur, autre_porteur, relecteur, administrateur, sans_role, ancien_porteur, AnonymousUser()):
        for nom, qs in objets.items():
            attendus = {o.pk for o in qs if peut(user, nom, o)}
            assert set(filtrer(user, nom, qs).values_list("pk", flat=True)) == attendus, (user, nom)
    # The world does hold both answers for each rule.
    assert set(filtrer(relecteur, "instruction.dossier", Dossier.objects.all())) == {a}
    assert set(filtrer(porteur, "subvention.voir", Subvention.objects.all())) == {annoncee}
    assert set(filtrer(autre_porteur, "subvention.voir", Subvention.objects.all())) == set()
    assert set(filtrer(autre_porteur, "dossier.gerer", Dossier.objects.all())) == {b}


@pytest.mark.django_db
def test_la_balise_peut_des_gabarits_demande_la_politique(rf, porteur, administrateur):
    from django.template import Context, Template

    gabarit = Template('{% load portail %}{% peut "instruction.comite" as ok %}{% if ok %}Comité{% else %}Rien{% endif %}')
    for user, attendu in ((administrateur, "Comité"), (porteur, "Rien"), (AnonymousUser(), "Rien")):
        requete = rf.get("/")
        requete.user = user
        assert gabarit.render(Context({"request": requete})) == attendu
    with pytest.raises(RegleInconnue):
        Template('{% load portail %}{% peut "comite.tenir" as ok %}').render(Context({"user": administrateur}))


@pytest.mark.django_db
def test_le_menu_de_l_instruction_suit_les_regles(client, instructeur, administrateur):
    client.force_login(instructeur)
    page = client.get("/candidatures/instruction/").content.decode()
    assert "Mes conflits d'intérêts" in page and "Comité de sélection" not in page
    client.force_login(administrateur)
    page = client.get("/candidatures/instruction/").content.decode()
    assert "Affectations" in page and "Comité de sélection" in page
