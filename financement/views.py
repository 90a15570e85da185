"""Pages of the financement app: the administrateurs' dashboard and grant page, the laureate's page,
private downloads and the public open data. Views parse, call a service, show the outcome."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from candidatures.models import Dossier
from commun.cache import FINANCEMENT, en_cache
from commun.confirmation import Confirmation, confirmation_rendre, depuis_la_confirmation, est_confirme
from commun.erreurs import ConfirmationRequise, ErreurMetier, erreur_en_message
from commun.exports import EcrivainCsv
from commun.fichiers import PDF, telechargement
from commun.formulaires import erreur_metier_dans_formulaire
from commun.montants import euros_texte
from commun.politique import exiger, peut

from . import echeancier, graphiques, opendata, selectors, services
from .chiffres import proposition_pour
from .echeancier import EcheancierInvalide
from .forms import (
    EcheancierForm,
    EnveloppeForm,
    FiltreSubventionsForm,
    PropositionForm,
    RapportForm,
    ResiliationForm,
    SignatureForm,
    VersementForm,
)
from .models import DocumentSubvention, RapportActivite, Subvention, Versement
from .services.subventions import depassements_de_la_demande
from .services.versements import condition_non_remplie

PAR_PAGE = 50
VERSEMENTS_AFFICHES = 25


@login_required
def tableau_de_bord(request, form_enveloppe=None):
    exiger(request.user, "financement.piloter")
    # The programme's aggregates run over every tranche and payment (1.7–2 s at national scale):
    # cached until a grant, tranche, payment, envelope or laureate changes (commun.cache).
    # The programme's figures share their cache entry with the committee page (financement.chiffres).
    chiffres = selectors.chiffres_programme()
    etat = selectors.etat_enveloppe()
    agregats = en_cache(
        FINANCEMENT,
        "pilotage",
        lambda: {
            "quotas": selectors.quotas(),
            "annees": selectors.repartition_par_annee(),
            "regions": selectors.repartition_par_region(),
            "vagues": selectors.repartition_par_vague(),
            "sans_subvention": list(
                Dossier.objects.filter(statut=Dossier.Statut.RETENU, subvention__isnull=True)
                .defer("contenu")
                .select_related("tiers_lieu", "vague")
                .order_by("vague__date_limite", "numero")[:VERSEMENTS_AFFICHES]
            ),
        },
    )
    quotas = agregats["quotas"]
    versements = selectors.versements_a_venir()
    a_venir = versements.aggregate(nombre=Count("pk"), montant=Sum("montant"))
    filtre = FiltreSubventionsForm(request.GET or None)
    subventions = (
        Subvention.objects.select_related("dossier__tiers_lieu__region", "dossier__vague")
        .defer("dossier__contenu")
        .prefetch_related("tranches")
    )
    if filtre.is_valid():
        if filtre.cleaned_data["statut"]:
            subventions = subventions.filter(statut=filtre.cleaned_data["statut"])
        if filtre.cleaned_data["region"]:
            subventions = subventions.filter(dossier__tiers_lieu__region=filtre.cleaned_data["region"])
    # Paginated: the programme counts its grants by the thousand over the years.
    page = Paginator(subventions.order_by("-cree_le", "-pk"), PAR_PAGE).get_page(request.GET.get("page"))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    contexte = {
        "title": "Financement — pilotage",
        "etat": etat,
        "chiffres": chiffres,
        "taux_engagement": round(100 * etat["engage"] / etat["enveloppe"]) if etat["enveloppe"] else 0,
        # The charts and their data tables change with the aggregates only: their HTML is cached with them.
        "graphiques": mark_safe(
            en_cache(
                FINANCEMENT,
                "pilotage-graphiques",
                lambda: str(
                    render_to_string(
                        "financement/_graphiques_pilotage.html",
                        {
                            "graphique_annees": graphiques.barres(agregats["annees"]),
                            "graphique_regions": graphiques.barres(agregats["regions"]),
                            "graphique_vagues": graphiques.barres(agregats["vagues"]),
                            "graphique_quotas": graphiques.progression(quotas),
                        },
                    )
                ),
            )
        ),
        # The first ones by date (late ones first), with the count and the total of all of them.
        "versements": list(versements[:VERSEMENTS_AFFICHES]),
        "versements_nombre": a_venir["nombre"],
        "versements_montant": a_venir["montant"] or Decimal("0.00"),
        "filtre": filtre,
        "subventions": page,
        "page": page,
        "parametres": parametres.urlencode(),
        "dossiers_sans_subvention": agregats["sans_subvention"],
        "form_enveloppe": form_enveloppe or EnveloppeForm(initial={"montant": etat["enveloppe"]}),
    }
    return render(request, "financement/tableau_de_bord.html", contexte, status=400 if form_enveloppe else 200)


@login_required
@require_POST
def enveloppe_modifier(request):
    exiger(request.user, "financement.piloter")
    form = EnveloppeForm(request.POST)
    if form.is_valid():
        try:
            services.enveloppe_modifier(
                montant=form.cleaned_data["montant"], motif=form.cleaned_data["motif"], par=request.user, code=form.cleaned_data["code"]
            )
        except ErreurMetier as erreur:
            erreur_metier_dans_formulaire(form, erreur)
        else:
            messages.success(request, "L'enveloppe du programme est modifiée.")
            return redirect("financement:tableau_de_bord")
    return tableau_de_bord(request, form_enveloppe=form)


@login_required
def subvention_proposer(request, dossier_pk):
    exiger(request.user, "subvention.gerer")
    dossier = get_object_or_404(Dossier.objects.select_related("tiers_lieu", "vague"), pk=dossier_pk)
    proposition = proposition_pour(dossier)
    form = PropositionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subvention = services.subvention_proposer(
                dossier=dossier, par=request.user, derogation_motif=form.cleaned_data["derogation_motif"]
            )
        except ErreurMetier as erreur:
            erreur_metier_dans_formulaire(form, erreur)
        else:
            messages.success(request, "L'échéancier proposé est enregistré.")
            return redirect("financement:subvention", pk=subvention.pk)
    contexte = {
        "title": "Proposer l'échéancier",
        "dossier": dossier,
        "proposition": proposition,
        "form": form,
        "total": echeancier.montant_total(proposition.montants),
        "chiffres": selectors.chiffres_programme(),
    }
    return render(request, "financement/proposer.html", contexte, status=400 if form.errors else 200)


def _options_bonus(subvention) -> dict:
    dossier = subvention.dossier
    return {"bonus_possible": dossier.bonus_numerique, "hors_qpv": not dossier.tiers_lieu.en_qpv_ou_proximite}


def _contexte_subvention(subvention, **formulaires):
    tranches = list(subvention.tranches.select_related("versement").order_by("nature", "annee"))
    versements = []
    for tranche in tranches:
        versement = getattr(tranche, "versement", None)
        if versement:
            versements.append(
                {
                    "versement": versement,
                    "tranche": tranche,
                    "condition": condition_non_remplie(versement),
                    "suivants": [Versement.Statut(s) for s in Versement.TRANSITIONS[versement.statut]],
                }
            )
    montants = subvention.montants()
    initial = {**{k: v for k, v in montants.items() if k != "bonus"}, "bonus": montants["bonus"] or ""}
    return {
        "title": f"Subvention {subvention.reference_convention}",
        "subvention": subvention,
        "tiers_lieu": subvention.dossier.tiers_lieu,
        "tranches": tranches,
        "versements": versements,
        "totaux": selectors.rapprochement(subvention),
        "documents": subvention.documents.order_by("type", "-version"),
        "rapports": subvention.rapports.order_by("annee", "-depose_le"),
        "historique": subvention.historique.select_related("par"),
        "form_echeancier": formulaires.get("form_echeancier") or EcheancierForm(initial=initial, **_options_bonus(subvention)),
        "form_signature": formulaires.get("form_signature") or SignatureForm(),
        "form_resiliation": formulaires.get("form_resiliation") or ResiliationForm(),
        "Statut": Subvention.Statut,
    }


@login_required
def subvention(request, pk):
    exiger(request.user, "subvention.gerer")
    subvention = get_object_or_404(Subvention.objects.select_related("dossier__tiers_lieu", "dossier__vague"), pk=pk)
    return render(request, "financement/subvention.html", _contexte_subvention(subvention))


@login_required
@require_POST
def subvention_ajuster(request, pk):
    subvention = get_object_or_404(Subvention.objects.select_related("dossier__tiers_lieu"), pk=pk)
    exiger(request.user, "subvention.gerer", subvention)
    form = EcheancierForm(request.POST, **_options_bonus(subvention))
    if form.is_valid():
        try:
            services.subvention_ajuster(
                subvention=subvention,
                montants=form.montants(),
                par=request.user,
                derogation_motif=form.cleaned_data["derogation_motif"],
                commentaire=form.cleaned_data["commentaire"],
                reconnaissance_motif=form.cleaned_data.get("reconnaissance_motif", ""),
            )
        except EcheancierInvalide as erreur:
            for champ, message in erreur.erreurs:
                form.add_error(champ if champ in form.fields else None, message)
        except ErreurMetier as erreur:
            erreur_metier_dans_formulaire(form, erreur)
        else:
            messages.success(request, "L'échéancier est ajusté ; la convention et la lettre de notification sont régénérées.")
            return redirect("financement:subvention", pk=subvention.pk)
    return render(request, "financement/subvention.html", _contexte_subvention(subvention, form_echeancier=form), status=400)


def _action(request, pk, fonction, message_succes, form_class=None, nom_form=None):
    subvention = get_object_or_404(Subvention.objects.select_related("dossier__tiers_lieu"), pk=pk)
    exiger(request.user, "subvention.gerer", subvention)
    form = form_class(request.POST) if form_class else None
    if form is None or form.is_valid():
        try:
            fonction(subvention, form.cleaned_data if form else {})
        except ErreurMetier as erreur:
            if form is None:
                messages.error(request, erreur.message)
                return redirect("financement:subvention", pk=subvention.pk)
            erreur_metier_dans_formulaire(form, erreur)
        else:
            messages.success(request, message_succes)
            return redirect("financement:subvention", pk=subvention.pk)
    return render(request, "financement/subvention.html", _contexte_subvention(subvention, **{nom_form: form}), status=400)


@login_required
def subvention_notifier(request, pk):
    """Notify the grant from a page that says what leaves (the letter, to whom) and warns when the
    grant goes beyond what was asked (then a box to tick, which the service requires too)."""
    subvention = get_object_or_404(Subvention.objects.select_related("dossier__tiers_lieu", "dossier__vague"), pk=pk)
    exiger(request.user, "subvention.gerer", subvention)
    retour = reverse("financement:subvention", args=[subvention.pk])
    if subvention.statut != Subvention.Statut.PROPOSEE:
        messages.error(request, f"La subvention est « {subvention.get_statut_display().lower()} » : elle ne se notifie plus.")
        return redirect(retour)
    try:
        services.exiger_resultats_publies(subvention)
    except ErreurMetier as e:
        messages.error(request, e.message)
        return redirect(retour)
    erreur = ""
    if request.method == "POST":
        try:
            services.subvention_notifier(subvention=subvention, par=request.user, confirme=est_confirme(request.POST))
        except ErreurMetier as e:
            erreur = (
                e.message if not isinstance(e, ConfirmationRequise) else "Cochez la case pour confirmer cette notification inhabituelle."
            )
        else:
            messages.success(request, "La subvention est notifiée : la lettre part par courriel aux gestionnaires du tiers-lieu.")
            return redirect(retour)
    depassements = depassements_de_la_demande(subvention)
    destinataires = [g.email for g in subvention.dossier.tiers_lieu.gestionnaires.all()]
    n = len(destinataires)
    confirmation = Confirmation(
        titre=f"Notifier la subvention {subvention.reference_convention}",
        introduction=f"{subvention.dossier.tiers_lieu.nom} — {subvention.dossier.vague} — dossier {subvention.dossier.numero}.",
        effets=[
            f"Montant notifié : {euros_texte(subvention.montant_total)} "
            f"(montant demandé par le porteur : {euros_texte(subvention.dossier.montant_total_demande)}"
            f"{', avec le bonus « Fabrique numérique »' if subvention.dossier.bonus_numerique else ''}).",
            f"La lettre de notification (PDF) partira par courriel à {n} gestionnaire{'s' if n > 1 else ''} du tiers-lieu"
            + (f" : {', '.join(destinataires)}." if destinataires else "."),
            "La subvention passera à « notifiée » : son échéancier ne pourra plus être ajusté, la convention sera à signer.",
        ],
        avertissement=" ".join(depassements),
        case="Je confirme notifier une subvention supérieure à la demande du porteur." if depassements else "",
        definitif="Une lettre envoyée ne peut pas être reprise.",
        erreur=erreur,
        bouton="Notifier le lauréat",
        action=reverse("financement:subvention_notifier", args=[subvention.pk]),
        retour=retour,
    )
    return confirmation_rendre(request, confirmation)


@login_required
@require_POST
def subvention_signer(request, pk):
    return _action(
        request,
        pk,
        lambda s, d: services.subvention_signer_convention(subvention=s, date_signature=d["date_signature"], par=request.user),
        "La convention est enregistrée comme signée ; les versements sont planifiés.",
        SignatureForm,
        "form_signature",
    )


@login_required
@require_POST
def subvention_documents(request, pk):
    def generer(s, _d):
        crees = services.documents_generer(subvention_id=s.pk)
        if not crees:
            messages.info(request, "Les documents sont déjà à jour de l'échéancier.")

    return _action(request, pk, generer, "Les documents sont à jour.")


@login_required
@require_POST
def subvention_resilier(request, pk):
    return _action(
        request,
        pk,
        lambda s, d: services.subvention_resilier(subvention=s, motif=d["motif"], par=request.user),
        "La subvention est résiliée.",
        ResiliationForm,
        "form_resiliation",
    )


@login_required
@require_POST
def versement_statut(request, pk):
    versement = get_object_or_404(Versement.objects.select_related("tranche__subvention"), pk=pk)
    subvention = versement.tranche.subvention
    exiger(request.user, "subvention.gerer", subvention)
    form = VersementForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Le formulaire du versement est incomplet : " + " ".join(e for erreurs in form.errors.values() for e in erreurs)
        )
        return redirect("financement:subvention", pk=subvention.pk)
    d = form.cleaned_data
    try:
        versement = services.versement_changer_statut(
            versement=versement,
            statut=d["statut"],
            par=request.user,
            date_versement=d["date_versement"],
            reference_mandat=d["reference_mandat"],
            motif=d["motif"],
            confirme=d["confirme"],
        )
    except ConfirmationRequise:
        return _confirmer_versement_anticipe(
            request, versement, d, erreur="Cochez la case pour confirmer." if depuis_la_confirmation(request.POST) else ""
        )
    except ErreurMetier as erreur:
        messages.error(request, erreur.message)
    else:
        messages.success(request, f"Versement {versement.tranche.libelle.lower()} : {versement.get_statut_display().lower()}.")
    return redirect(f"{reverse('financement:subvention', args=[subvention.pk])}#versements")


def _confirmer_versement_anticipe(request, versement, donnees: dict, *, erreur: str = ""):
    """The warning page of a payment marked « versé » before its planned date: say so in numbers,
    ask for the box to be ticked, post the same data again."""
    from commun.temps import aujourdhui_paris

    date_versement = donnees["date_versement"] or aujourdhui_paris()
    subvention = versement.tranche.subvention
    n = subvention.dossier.tiers_lieu.gestionnaires.filter(is_active=True).count()
    avance = (versement.date_prevue - date_versement).days
    confirmation = Confirmation(
        titre=f"Marquer « versé » avant sa date prévue : {versement.tranche.libelle.lower()}",
        introduction=f"Subvention {subvention.reference_convention} — {subvention.dossier.tiers_lieu.nom}.",
        avertissement=f"Ce versement de {euros_texte(versement.montant)} est prévu le {versement.date_prevue:%d/%m/%Y}. Vous le marquez versé le "
        f"{date_versement:%d/%m/%Y}, {avance} jour{'s' if avance > 1 else ''} avant sa date prévue. Vérifiez que le paiement "
        "a bien été effectué.",
        effets=[
            f"Le versement de {euros_texte(versement.montant)} sera enregistré comme effectué le {date_versement:%d/%m/%Y}.",
            f"Un avis de versement partira par courriel vers {n} gestionnaire{'s' if n > 1 else ''} du tiers-lieu "
            "(sauf à ceux qui ont coupé ces avis).",
            "L'opération est inscrite au journal d'audit, avec sa date prévue.",
        ],
        case="Je confirme que ce versement a été effectué avant sa date prévue.",
        definitif="Un versement marqué « versé » ne peut plus changer de statut.",
        champs={
            "statut": donnees["statut"],
            "date_versement": date_versement.isoformat(),
            "reference_mandat": donnees.get("reference_mandat") or None,
            "motif": donnees.get("motif") or None,
        },
        erreur=erreur,
        bouton="Marquer « versé »",
        action=reverse("financement:versement_statut", args=[versement.pk]),
        retour=f"{reverse('financement:subvention', args=[subvention.pk])}#versements",
    )
    return confirmation_rendre(request, confirmation)


@login_required
def mes_subventions(request):
    lignes = []
    for subvention in selectors.subventions_de(request.user):
        attendus = selectors.rapports_attendus(subvention)
        premier_manquant = next((r["annee"] for r in attendus if not r["depose"]), 1)
        lignes.append(
            {
                "subvention": subvention,
                "totaux": selectors.rapprochement(subvention),
                # Her payment dates: the next one said first, all of them in the schedule below.
                "prochain_versement": Versement.objects.filter(tranche__subvention=subvention, statut__in=Versement.STATUTS_A_VENIR)
                .select_related("tranche")
                .order_by("date_prevue")
                .first(),
                "rapports_attendus": attendus,
                "documents": [
                    d for t in DocumentSubvention.Type.values if (d := subvention.documents.filter(type=t).order_by("-version").first())
                ],
                "form": RapportForm(prefix=f"rapport-{subvention.pk}", initial={"annee": premier_manquant}),
            }
        )
    return render(
        request,
        "financement/mes_subventions.html",
        {
            "title": "Ma subvention",
            "lignes": lignes,
            "rapport_conditionne": settings.PROGRAMME_RAPPORT_CONDITIONNE_VERSEMENT,
        },
    )


@login_required
@require_POST
@erreur_en_message("financement:mes_subventions")
def rapport_deposer(request, pk):
    subvention = get_object_or_404(Subvention, pk=pk)
    exiger(request.user, "subvention.deposer_rapport", subvention)
    form = RapportForm(request.POST, request.FILES, prefix=f"rapport-{subvention.pk}")
    if form.is_valid():
        services.rapport_deposer(
            subvention=subvention, annee=form.cleaned_data["annee"], fichier=form.cleaned_data["fichier"], par=request.user
        )
        messages.success(request, f"Le rapport d'activité de l'année {form.cleaned_data['annee']} est déposé.")
    else:
        messages.error(request, "Choisissez l'année et un fichier PDF à déposer.")
    return redirect("financement:mes_subventions")


def _visible_ou_404(user, subvention) -> None:
    # A file of someone else's grant answers like a missing one: its existence is not revealed.
    if not peut(user, "subvention.voir", subvention):
        raise Http404("Document introuvable.")


@login_required
def document_telecharger(request, pk):
    document = get_object_or_404(DocumentSubvention.objects.select_related("subvention__dossier__tiers_lieu"), pk=pk)
    _visible_ou_404(request.user, document.subvention)
    nom = f"{document.type}-{document.subvention.reference_convention}-v{document.version}.pdf"
    return telechargement(document.fichier, nom, PDF)


@login_required
def rapport_telecharger(request, pk):
    rapport = get_object_or_404(RapportActivite.objects.select_related("subvention__dossier__tiers_lieu"), pk=pk)
    _visible_ou_404(request.user, rapport.subvention)
    return telechargement(rapport.fichier, rapport.nom_fichier, PDF)


def opendata_csv(request):
    reponse = HttpResponse(content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = 'attachment; filename="subventions-fabriques-de-territoire.csv"'
    reponse["Access-Control-Allow-Origin"] = "*"  # open data: reusable from any site
    ecrivain = EcrivainCsv(reponse)  # the portal's one export writer: a beneficiary's texts cannot become formulas
    ecrivain.ligne(opendata.COLONNES_SCDL)
    for ligne in opendata.lignes_scdl():
        ecrivain.ligne_dict(ligne, opendata.COLONNES_SCDL)
    return reponse


def opendata_json(request):
    donnees = {"schema": "scdl/subventions", "colonnes": opendata.COLONNES_SCDL, "data": list(opendata.lignes_scdl())}
    reponse = JsonResponse(donnees, json_dumps_params={"ensure_ascii": False, "indent": 1})
    reponse["Content-Disposition"] = 'inline; filename="subventions-fabriques-de-territoire.json"'
    reponse["Access-Control-Allow-Origin"] = "*"
    return reponse
