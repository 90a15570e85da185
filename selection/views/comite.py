"""Pages of the selection committee: the wave's ranking, the decisions, closing the committee."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from candidatures.models import Decision, DemandeComplement, Dossier, Vague
from candidatures.selectors.instruction import evaluations_soumises, grille_de, score_du_dossier
from candidatures.views.instruction import GABARIT_ID
from commun.erreurs import ErreurMetier
from commun.formulaires import erreur_metier_dans_formulaire
from commun.politique import exiger

from ..forms.comite import ClotureComiteForm, DecisionForm
from ..selectors.comite import STATUTS_DECIDABLES, comite_de_la_vague, complements_ouverts_du_comite
from ..services import comite as services


# --- The selection committee (administrateurs) ----------------------------------------------
@login_required
def comite_index(request):
    exiger(request.user, "instruction.comite")
    vagues = Vague.objects.select_related("grille").order_by("-date_limite")
    return render(request, "candidatures/instruction/comite_index.html", {"title": "Comité de sélection", "vagues": vagues})


@login_required
@require_http_methods(["GET", "POST"])
def comite(request, pk):
    exiger(request.user, "instruction.comite")
    vague = get_object_or_404(Vague.objects.select_related("grille"), pk=pk)
    form = DecisionForm(request.POST or None, prefix="masse")
    del form.fields["complement_motif"]  # decided one by one, on the dossier's own page
    coches = [int(x) for x in request.POST.getlist("dossiers") if x.isdigit()]
    if request.method == "POST" and form.is_valid():
        if not coches:
            form.add_error(None, "Cochez au moins un dossier pour enregistrer une décision groupée.")
        else:
            try:
                n = services.decisions_en_masse(
                    dossiers=Dossier.objects.filter(vague=vague, pk__in=coches),
                    resultat=form.cleaned_data["resultat"],
                    motivation=form.cleaned_data["motivation"],
                    par=request.user,
                )
            except ErreurMetier as erreur:
                erreur_metier_dans_formulaire(form, erreur)
            else:
                messages.success(request, f"Décision provisoire enregistrée pour {n} dossier{'s' if n > 1 else ''}.")
                return redirect("candidatures:comite", pk=vague.pk)
    comite_ = comite_de_la_vague(vague)
    # Two links per ranked row: reversed once and filled in, not 600 {% url %} (a third of the
    # page's time for a wave of 300 dossiers, bench/).
    dossier_, decision_ = (reverse(nom, args=[GABARIT_ID]) for nom in ("candidatures:instruction_dossier", "candidatures:comite_decision"))
    for ligne in comite_.lignes:
        ligne.url_dossier = dossier_.replace(str(GABARIT_ID), str(ligne.dossier.pk))
        ligne.url_decision = decision_.replace(str(GABARIT_ID), str(ligne.dossier.pk))
    contexte = {
        "title": f"Comité de sélection — vague {vague.numero}",
        "comite": comite_,
        "complements_ouverts": complements_ouverts_du_comite(vague),
        "form": form,
        "coches": set(coches),
        "decidables": STATUTS_DECIDABLES,
        "attente_depots": services.comite_en_attente(vague),  # the committee sits after the deadline
    }
    return render(request, "candidatures/instruction/comite.html", contexte, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def comite_decision(request, pk):
    exiger(request.user, "instruction.comite")
    dossier = get_object_or_404(Dossier.objects.select_related("vague__grille", "tiers_lieu__region"), pk=pk)
    actuelle = Decision.objects.filter(dossier=dossier, vague=dossier.vague).first()
    initial = {"resultat": actuelle.resultat, "motivation": actuelle.motivation} if actuelle else {}
    form = DecisionForm(request.POST or None, initial=initial)
    complement_ouvert = DemandeComplement.objects.filter(dossier=dossier, statut=DemandeComplement.Statut.OUVERTE).first()
    if complement_ouvert is None:
        del form.fields["complement_motif"]
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_enregistrer(
                dossier=dossier,
                resultat=form.cleaned_data["resultat"],
                motivation=form.cleaned_data["motivation"],
                par=request.user,
                complement_motif=form.cleaned_data.get("complement_motif", ""),
            )
        except ErreurMetier as erreur:
            erreur_metier_dans_formulaire(form, erreur)
        else:
            messages.success(request, f"Décision provisoire enregistrée pour le dossier {dossier}.")
            return redirect(f"{reverse('candidatures:comite', args=[dossier.vague_id])}#dossier-{dossier.pk}")
    contexte = {
        "title": f"Décision sur le dossier {dossier}",
        "dossier": dossier,
        "grille": grille_de(dossier.vague),
        "form": form,
        "agregat": score_du_dossier(dossier),
        "evaluations": evaluations_soumises(dossier),
        "actuelle": actuelle,
        "complement_ouvert": complement_ouvert,
    }
    return render(request, "candidatures/instruction/decision.html", contexte, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def comite_clore(request, pk):
    """The confirmation page of the committee's closing: what will happen, in numbers, then closing."""
    exiger(request.user, "instruction.comite")
    vague = get_object_or_404(Vague.objects.select_related("grille"), pk=pk)
    comite = comite_de_la_vague(vague)
    # Bound on every POST, even empty (closing within the envelopes sends no field).
    form = ClotureComiteForm(request.POST if request.method == "POST" else None, depassement=comite.chiffres.depasse)
    if request.method == "POST" and not comite.grille.comite_clos and form.is_valid():
        try:
            services.comite_clore(vague=vague, par=request.user, derogation_motif=form.cleaned_data.get("derogation_motif"))
        except ErreurMetier as erreur:
            if "derogation_motif" not in form.fields:  # the figures changed since the page was shown
                form = ClotureComiteForm(request.POST, depassement=True)
                form.is_valid()
            erreur_metier_dans_formulaire(form, erreur)
        else:
            messages.success(request, f"Le comité de la vague {vague.numero} est clos : les décisions sont définitives.")
            return redirect("candidatures:comite", pk=vague.pk)
        comite = comite_de_la_vague(vague)
    contexte = {
        "title": f"Clore le comité de la vague {vague.numero}",
        "comite": comite,
        "form": form,
        "complements_ouverts": complements_ouverts_du_comite(vague),
    }
    return render(request, "candidatures/instruction/comite_clore.html", contexte, status=400 if form.errors else 200)
