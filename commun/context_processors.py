"""What every page needs: the site's identity and the navigation of the user's role."""

from django.urls import NoReverseMatch, reverse

from commun.politique import peut

SITE_CONFIG = {
    "site_title": "Fabriques de territoire",
    "site_tagline": "Appel à manifestation d'intérêt — Agence nationale de la cohésion des territoires",
    "header_brand_html": "République<br>française",
    "footer_brand_html": "République<br>française",
    "footer_description": "Portail de l'appel à manifestation d'intérêt « Fabriques de territoire », "
    "programme « Nouveaux lieux, nouveaux liens » de l'Agence nationale de la cohésion des territoires.",
}

# (label, url name, the access rule that shows it — None means everyone). Apps add their entries here.
# A group — (label, [entries]) — is one button opening a DSFR menu: the administrateur's occasional
# pages sit there, so that the bar holds on one line at 1280 px.
NAVIGATION = [
    ("Accueil", "commun:accueil", None),
    ("Annuaire des Fabriques", "fabriques:annuaire", None),
    ("Lauréats", "candidatures:laureats", None),
    ("Mon espace", "commun:tableau_de_bord", "tableau_de_bord.porteur"),
    ("Mes tiers-lieux", "fabriques:mes_tiers_lieux", "tiers_lieu.creer"),
    ("Mes dossiers", "candidatures:mes_dossiers", "dossier.creer"),
    ("Ma subvention", "financement:mes_subventions", "tableau_de_bord.porteur"),
    ("Instruction", "candidatures:instruction", "instruction.acceder"),
    ("Vagues", "candidatures:vagues_admin", "vague.gerer"),
    ("Comité de sélection", "candidatures:comite_index", "instruction.comite"),
    ("Financement", "financement:tableau_de_bord", "financement.piloter"),
    (
        "Administration",
        [
            ("Invitations", "comptes:inviter", "comptes.inviter"),
            ("Journal d'audit", "comptes:journal", "journal.consulter"),
            ("Labels historiques", "fabriques:label_historique", "label.enregistrer_historique"),
            ("Implantations", "fabriques:implantations", "implantation.fixer"),
            ("Quartiers prioritaires", "fabriques:importer_qpv", "qpv.importer"),
            ("Appels du programme", "appels:liste", "appel.consulter"),
        ],
    ),
]


def _liens(user, chemin, entrees, vues):
    for libelle, nom, regle in entrees:
        if regle is not None and not peut(user, regle):
            continue
        try:
            url = reverse(nom)
        except NoReverseMatch:  # the view is not built yet
            continue
        if url in vues:
            continue
        vues.add(url)
        actif = chemin == url if url == "/" else chemin.startswith(url)
        yield {"libelle": libelle, "url": url, "actif": actif}


def _entrees(user, chemin):
    vues = set()
    for entree in NAVIGATION:
        if isinstance(entree[1], list):
            libelle, sous_entrees = entree
            liens = list(_liens(user, chemin, sous_entrees, vues))
            if len(liens) == 1:  # a menu of one link is that link
                yield liens[0]
            elif liens:
                yield {
                    "libelle": libelle,
                    "menu": liens,
                    "actif": any(lien["actif"] for lien in liens),
                    "id": "menu-" + libelle.lower().replace(" ", "-"),
                }
        else:
            yield from _liens(user, chemin, [entree], vues)


def portail(request):
    return {
        "SITE_CONFIG": SITE_CONFIG,
        "navigation": list(_entrees(request.user, request.path)) if hasattr(request, "user") else [],
        "skiplinks": [
            {"link": "#contenu", "label": "Contenu"},
            {"link": "#navigation-principale", "label": "Menu"},
            {"link": "#pied-de-page", "label": "Pied de page"},
        ],
    }
