"""What every page needs: the site's identity and the navigation of the user's role."""
from django.urls import NoReverseMatch, reverse

SITE_CONFIG = {
    "site_title": "Fabriques de territoire",
    "site_tagline": "Appel à manifestation d'intérêt — Agence nationale de la cohésion des territoires",
    "header_brand_html": "République<br>française",
    "footer_brand_html": "République<br>française",
    "footer_description": "Portail de l'appel à manifestation d'intérêt « Fabriques de territoire », "
    "programme « Nouveaux lieux, nouveaux liens » de l'Agence nationale de la cohésion des territoires.",
}

# (label, url name, roles that see it — None means everyone). Apps add their entries here.
NAVIGATION = [
    ("Accueil", "commun:accueil", None),
    ("Annuaire des Fabriques", "fabriques:annuaire", None),
    ("Lauréats", "candidatures:laureats", None),
    ("Mon espace", "commun:tableau_de_bord", {"porteur"}),
    ("Mes tiers-lieux", "fabriques:mes_tiers_lieux", {"porteur"}),
    ("Mes dossiers", "candidatures:mes_dossiers", {"porteur"}),
    ("Ma subvention", "financement:mes_subventions", {"porteur"}),
    ("Instruction", "candidatures:instruction", {"instructeur", "administrateur"}),
    ("Vagues", "candidatures:vagues_admin", {"administrateur"}),
    ("Comité de sélection", "candidatures:comite_index", {"administrateur"}),
    ("Financement", "financement:tableau_de_bord", {"administrateur"}),
    ("Invitations", "comptes:inviter", {"administrateur"}),
    ("Journal d'audit", "comptes:journal", {"administrateur"}),
    ("Labels historiques", "fabriques:label_historique", {"administrateur"}),
    ("Implantations", "fabriques:implantations", {"administrateur"}),
    ("Quartiers prioritaires", "fabriques:importer_qpv", {"administrateur"}),
]


def _entrees(user, chemin):
    roles = user.roles if user.is_authenticated else set()
    vues = set()
    for libelle, nom, pour in NAVIGATION:
        if pour is not None and not (pour & roles):
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
