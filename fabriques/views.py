"""Pages of the ``fabriques`` app: the public directory, and the porteurs' own tiers-lieux."""

import json
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commun.cache import page_publique_en_cache
from commun.erreurs import ErreurMetier, erreur_en_message
from commun.exports import EcrivainCsv
from commun.formulaires import erreur_metier_dans_formulaire
from commun.politique import exiger, peut
from commun.textes import compter

from .carte import carte_regions
from .filtres import NON_RENSEIGNEE, AnnuaireFiltre, HistoriquesFiltre
from .forms import ImplantationsForm, ImportQpvForm, InvitationGestionnaireForm, LabelHistoriqueForm, TiersLieuForm
from .models import Implantation, InvitationGestionnaire, Label, Qpv, TiersLieu
from .selectors import (
    fabriques_historiques,
    fabriques_labellisees,
    implantations_non_renseignees,
    regions_avec_comptes,
    tiers_lieux_geres,
)
from .services import (
    REPONSE_INVITATION,
    ImportRefuse,
    gestionnaire_invitation_accepter,
    gestionnaire_invitation_decliner,
    gestionnaire_inviter,
    implantations_fixer,
    invitations_gestionnaire_en_attente,
    label_historique_enregistrer,
    localiser,
    qpv_importer,
    tiers_lieu_creer,
    tiers_lieu_modifier,
)
from .territoires import departements_du_code_postal

PAR_PAGE = 50


# --- Public directory -----------------------------------------------------------------------
def _filtre(request) -> AnnuaireFiltre:
    return AnnuaireFiltre(request.GET or None, queryset=fabriques_labellisees())


def _perimetre_carte(request, filtre: AnnuaireFiltre):
    """Return the Fabriques the map counts: the directory's filters, except région and département."""
    if not (request.GET.get("region") or request.GET.get("departement")):
        return filtre.qs
    donnees = request.GET.copy()
    for nom in ("region", "departement", "page"):
        donnees.pop(nom, None)
    return AnnuaireFiltre(donnees or None, queryset=fabriques_labellisees()).qs


def _region_choisie(filtre: AnnuaireFiltre) -> str | None:
    """Return the code of the région the directory is filtered on (an invalid région is not applied)."""
    if not filtre.is_bound:
        return None
    filtre.errors  # noqa: B018 — validates the form once (already done by filtre.qs)
    region = filtre.form.cleaned_data.get("region")
    return region.code if region else None


@require_GET
@page_publique_en_cache()
def annuaire(request):
    """List the labelled Fabriques grouped by région, with the count of each région and the map."""
    filtre = _filtre(request)
    qs = filtre.qs
    regions = regions_avec_comptes(selection=qs, perimetre_carte=_perimetre_carte(request, filtre))
    nombres = {r.code: r.nombre for r in regions}
    paginateur = Paginator(qs, PAR_PAGE)
    paginateur.count = sum(nombres.values())  # already known from the counts by région: one query less
    page = paginateur.get_page(request.GET.get("page"))
    groupes = [
        {"region": region, "nombre": nombres.get(region.code, 0), "fabriques": list(lignes)}
        for region, lignes in groupby(page.object_list, key=lambda t: t.region)
    ]
    parametres = request.GET.copy()
    parametres.pop("page", None)
    contexte = {
        "title": "Annuaire des Fabriques de territoire",
        "filtre": filtre,
        "page": page,
        "groupes": groupes,
        "total": sum(nombres.values()),
        "non_renseignees": implantations_non_renseignees(),
        "carte": carte_regions(regions=regions, parametres=request.GET, region_selectionnee=_region_choisie(filtre)),
        "parametres": parametres.urlencode(),
    }
    return render(request, "fabriques/annuaire.html", contexte)


@require_GET
@page_publique_en_cache()
def fiche(request, pk):
    tiers_lieu = get_object_or_404(fabriques_labellisees().prefetch_related("labels__vague"), pk=pk)
    return render(request, "fabriques/fiche.html", {"title": tiers_lieu.nom, "tiers_lieu": tiers_lieu})


COLONNES_EXPORT = [
    "nom",
    "structure_porteuse",
    "commune",
    "departement_code",
    "departement",
    "region_code",
    "region",
    "label",
    "nouvelle_fabrique",
    "implantation",
    "types_lieu",
    "site_web",
    "fiche",
]


def _ligne_export(request, t: TiersLieu) -> dict:
    return {
        "nom": t.nom,
        "structure_porteuse": t.structure_porteuse,
        "commune": t.commune,
        "departement_code": t.departement.code,
        "departement": t.departement.nom,
        "region_code": t.region.code,
        "region": t.region.nom,
        "label": "Fabrique numérique de territoire" if t.est_numerique else "Fabrique de territoire",
        "nouvelle_fabrique": True if t.est_nouvelle else (False if t.est_reconduite else None),
        "implantation": Implantation(t.implantation).label if t.implantation else "",
        "types_lieu": t.types_lieu_libelles,
        "site_web": t.site_web,
        "fiche": request.build_absolute_uri(reverse("fabriques:fiche", args=[t.pk])),
    }


@require_GET
def export_csv(request):
    """Stream exactly the Fabriques the directory filters show, as CSV (Excel-friendly: BOM, « ; »)."""
    qs = _filtre(request).qs
    ecrivain = EcrivainCsv()  # the portal's one export writer: a manager's texts cannot become formulas

    def lignes():
        yield "\ufeff" + ecrivain.ligne(COLONNES_EXPORT)
        for t in qs.iterator(chunk_size=500):
            ligne = _ligne_export(request, t)
            ligne["nouvelle_fabrique"] = {True: "oui", False: "non", None: ""}[ligne["nouvelle_fabrique"]]
            ligne["types_lieu"] = ", ".join(ligne["types_lieu"])
            yield ecrivain.ligne([ligne[c] for c in COLONNES_EXPORT])

    reponse = StreamingHttpResponse(lignes(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = 'attachment; filename="fabriques-de-territoire.csv"'
    return reponse


@require_GET
def export_json(request):
    """Stream exactly the Fabriques the directory filters show, as JSON."""
    qs = _filtre(request).qs

    def morceaux():
        yield '{"fabriques": ['
        for i, t in enumerate(qs.iterator(chunk_size=500)):
            yield ("," if i else "") + json.dumps(_ligne_export(request, t), ensure_ascii=False)
        yield "]}"

    reponse = StreamingHttpResponse(morceaux(), content_type="application/json; charset=utf-8")
    reponse["Content-Disposition"] = 'inline; filename="fabriques-de-territoire.json"'
    return reponse


@require_GET
def region_du_code_postal(request):
    """Tell which département and région a postal code belongs to (used by the form's enhancement)."""
    try:
        departement = localiser(code_postal=request.GET.get("code_postal", ""), departement_code=request.GET.get("departement") or None)
    except ErreurMetier as erreur:
        return JsonResponse({"erreur": erreur.message}, status=400, json_dumps_params={"ensure_ascii": False})
    return JsonResponse({"departement": str(departement), "region": departement.region.nom}, json_dumps_params={"ensure_ascii": False})


# --- Porteurs -------------------------------------------------------------------------------
@login_required
def mes_tiers_lieux(request):
    exiger(request.user, "tiers_lieu.creer")
    tiers_lieux = tiers_lieux_geres(request.user)
    nouveau = next((t for t in tiers_lieux if str(t.pk) == request.GET.get("nouveau", "")), None)
    return render(
        request,
        "fabriques/mes_tiers_lieux.html",
        {
            "title": "Mes tiers-lieux",
            "tiers_lieux": tiers_lieux,
            "nouveau": nouveau,
            "invitations": invitations_gestionnaire_en_attente(request.user).count(),
        },
    )


def _region_affichee(form, tiers_lieu=None):
    deduit = getattr(form, "departement_deduit", None)
    if deduit is not None:
        return deduit.region
    return tiers_lieu.region if tiers_lieu else None


@login_required
@require_http_methods(["GET", "POST"])
def creer(request):
    exiger(request.user, "tiers_lieu.creer")
    form = TiersLieuForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tiers_lieu = tiers_lieu_creer(par=request.user, **form.champs_service())
        except ErreurMetier as erreur:
            erreur_metier_dans_formulaire(form, erreur)
        else:
            messages.success(request, f"Le tiers-lieu « {tiers_lieu.nom} » est enregistré.")
            # The page then says the next step: its dossier of candidature.
            return redirect(f"{reverse('fabriques:mes_tiers_lieux')}?nouveau={tiers_lieu.pk}")
    return render(
        request,
        "fabriques/formulaire.html",
        {
            "title": "Déclarer un tiers-lieu",
            "form": form,
            "region": _region_affichee(form),
        },
    )


def _initial(tiers_lieu: TiersLieu) -> dict:
    champs = [f for f in TiersLieuForm.base_fields if f not in ("departement", "qpv")]
    initial = {nom: getattr(tiers_lieu, nom) for nom in champs}
    # Left on « déduit du code postal » unless the stored département is an exception to that rule,
    # so that changing the postal code alone moves the tiers-lieu.
    try:
        deduit = departements_du_code_postal(tiers_lieu.code_postal) == {tiers_lieu.departement.code}
    except ErreurMetier:
        deduit = False
    initial["departement"] = "" if deduit else tiers_lieu.departement.code
    initial["qpv"] = tiers_lieu.qpv.code if tiers_lieu.qpv else ""
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def modifier(request, pk):
    tiers_lieu = get_object_or_404(TiersLieu.objects.select_related("region", "departement", "qpv"), pk=pk)
    exiger(request.user, "tiers_lieu.modifier", tiers_lieu)
    form = TiersLieuForm(request.POST or None, initial=_initial(tiers_lieu))
    if request.method == "POST" and form.is_valid():
        try:
            tiers_lieu_modifier(tiers_lieu=tiers_lieu, par=request.user, **form.champs_service())
        except ErreurMetier as erreur:
            erreur_metier_dans_formulaire(form, erreur)
        else:
            messages.success(request, "Les modifications sont enregistrées.")
            return redirect("fabriques:mes_tiers_lieux")
    return render(
        request,
        "fabriques/formulaire.html",
        {
            "title": f"Modifier « {tiers_lieu.nom} »",
            "form": form,
            "tiers_lieu": tiers_lieu,
            "region": _region_affichee(form, tiers_lieu),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def gestionnaires(request, pk):
    tiers_lieu = get_object_or_404(TiersLieu, pk=pk)
    exiger(request.user, "tiers_lieu.modifier", tiers_lieu)
    form = InvitationGestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = gestionnaire_inviter(tiers_lieu=tiers_lieu, email=form.cleaned_data["email"], par=request.user)
        except ErreurMetier as erreur:
            erreur_metier_dans_formulaire(form, erreur)
        else:
            messages.success(request, REPONSE_INVITATION.format(email=invitation.email))
            return redirect("fabriques:gestionnaires", pk=tiers_lieu.pk)
    contexte = {
        "title": f"Gestionnaires de « {tiers_lieu.nom} »",
        "tiers_lieu": tiers_lieu,
        "form": form,
        "gestionnaires": tiers_lieu.gestionnaires.order_by("email"),
        "en_attente": InvitationGestionnaire.objects.filter(tiers_lieu=tiers_lieu, acceptee_le__isnull=True),
    }
    return render(request, "fabriques/gestionnaires.html", contexte)


@login_required
def invitations(request):
    """The invitations to manage a tiers-lieu sent to my address, to accept or decline."""
    return render(
        request,
        "fabriques/invitations.html",
        {
            "title": "Mes invitations",
            "invitations": invitations_gestionnaire_en_attente(request.user),
            "peut_gerer": peut(request.user, "tiers_lieu.creer"),
        },
    )


@login_required
@require_POST
@erreur_en_message("fabriques:invitations")
def invitation_repondre(request, pk, reponse):
    invitation = get_object_or_404(InvitationGestionnaire, pk=pk)
    exiger(request.user, "tiers_lieu.invitation_repondre", invitation)
    if reponse == "accepter":
        invitation = gestionnaire_invitation_accepter(invitation=invitation, utilisateur=request.user)
        messages.success(request, f"Vous gérez désormais « {invitation.tiers_lieu.nom} ».")
        return redirect("fabriques:mes_tiers_lieux")
    gestionnaire_invitation_decliner(invitation=invitation, utilisateur=request.user)
    messages.success(request, f"Invitation à gérer « {invitation.tiers_lieu.nom} » déclinée.")
    return redirect("fabriques:invitations")


# --- Administrateurs ----------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def label_historique(request):
    """Record a label given before the portal (published list, archives)."""
    exiger(request.user, "label.enregistrer_historique")
    form = LabelHistoriqueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        try:
            label = label_historique_enregistrer(
                tiers_lieu=donnees["tiers_lieu"],
                type=donnees["type"],
                date=donnees["date"],
                nouvelle_fabrique=donnees["nouvelle_fabrique"],
                commentaire=donnees["commentaire"],
                par=request.user,
            )
        except ErreurMetier as erreur:
            erreur_metier_dans_formulaire(form, erreur)
        else:
            messages.success(request, f"Label « {label.get_type_display()} » enregistré pour « {label.tiers_lieu} ».")
            return redirect("fabriques:label_historique")
    recents = Label.objects.filter(historique=True).select_related("tiers_lieu").order_by("-pk")[:20]
    return render(
        request,
        "fabriques/label_historique.html",
        {"title": "Enregistrer un label historique", "form": form, "recents": recents, "non_renseignees": implantations_non_renseignees()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def implantations(request):
    """Set the implantation of the Fabriques imported from the published list, in bulk.

    The filters are in the query string (kept by the POST); the action applies to the ticked rows
    or to every row the filters show. Until their implantation is set, these Fabriques count
    towards no target: the page says how many are left.
    """
    exiger(request.user, "implantation.fixer")
    filtre = HistoriquesFiltre(request.GET or {"implantation": NON_RENSEIGNEE}, queryset=fabriques_historiques())
    lignes = list(filtre.qs) if filtre.is_valid() else []
    form = ImplantationsForm(request.POST or None, choix_lieux=[t.pk for t in lignes])
    statut = 200
    if request.method == "POST":
        if form.is_valid():
            ids = [t.pk for t in lignes] if form.cleaned_data["toutes"] else form.cleaned_data["tiers_lieux"]
            try:
                nombre = implantations_fixer(
                    tiers_lieux_ids=ids, implantation=form.cleaned_data["implantation"], qpv=form.cleaned_data["qpv"], par=request.user
                )
            except ErreurMetier as erreur:
                erreur_metier_dans_formulaire(form, erreur)
            else:
                libelle = Implantation(form.cleaned_data["implantation"]).label
                messages.success(request, f"Implantation « {libelle} » renseignée pour {nombre} Fabrique{'s' if nombre > 1 else ''}.")
                return redirect(f"{reverse('fabriques:implantations')}?{request.GET.urlencode()}")
        statut = 400
    coches = {int(v) for v in request.POST.getlist("tiers_lieux") if v.isdigit()}
    contexte = {
        "title": "Implantation des Fabriques historiques",
        "filtre": filtre,
        "lignes": lignes,
        "form": form,
        "coches": coches,
        "non_renseignees": implantations_non_renseignees(),
        "parametres": request.GET.urlencode(),
    }
    return render(request, "fabriques/implantations.html", contexte, status=statut)


@login_required
@require_http_methods(["GET", "POST"])
def importer_qpv(request):
    """Upload the official list of QPV; a faulty file is refused whole, with what to fix line by line."""
    exiger(request.user, "qpv.importer")
    form = ImportQpvForm(request.POST or None, request.FILES or None)
    refus = None
    if request.method == "POST" and form.is_valid():
        try:
            rapport = qpv_importer(contenu=form.cleaned_data["fichier"].read())
        except ImportRefuse as erreur:
            refus = erreur
        else:
            messages.success(request, f"{compter(rapport.crees, 'quartier', 'créé')}, {rapport.mis_a_jour} mis à jour.")
            return redirect("fabriques:importer_qpv")
    contexte = {"title": "Importer les quartiers prioritaires", "form": form, "refus": refus, "nombre": Qpv.objects.count()}
    return render(request, "fabriques/importer_qpv.html", contexte, status=400 if refus else 200)
