"""The committee's decision aid: ask for a proposal, read it, apply it as provisional decisions."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from candidatures.models import Vague
from commun.erreurs import ErreurMetier
from commun.politique import exiger

from ..donnees import calculer, parametres_enregistres, parametres_par_defaut
from ..forms.proposition import ParametresForm
from ..proposition import ErreurResolution
from ..selectors.comite import comite_de_la_vague
from ..services.proposition import empreinte, proposition_appliquer


def _cachees(form: ParametresForm, valeurs: dict) -> list[tuple[str, str]]:
    """The parameters as the apply form sends them back (as the page's form would)."""
    cachees = []
    for nom, champ in form.fields.items():
        valeur = valeurs.get(nom)
        if valeur is None or valeur is False:
            continue
        cachees.append(
            (nom, "on" if valeur is True else str(champ.prepare_value(valeur)) if hasattr(champ, "prepare_value") else str(valeur))
        )
    return cachees


def _valeurs(form: ParametresForm, defauts: dict) -> dict | None:
    if not form.is_bound:
        return defauts
    return form.cleaned_data if form.is_valid() else None


@login_required
def proposition(request, pk):
    exiger(request.user, "selection.proposer")
    vague = get_object_or_404(Vague.objects.select_related("grille"), pk=pk)
    comite = comite_de_la_vague(vague)
    defauts = parametres_par_defaut(vague, comite)
    form = ParametresForm(request.GET if "note_minimale" in request.GET else None, initial=defauts)
    valeurs = _valeurs(form, defauts)
    calcul, erreur = None, ""
    if valeurs is not None:
        try:
            calcul = calculer(vague, valeurs, comite)
        except ErreurResolution as exc:
            erreur = f"Le solveur n'a pas pu établir de proposition : {exc}. Modifiez les paramètres ou décidez dossier par dossier."
    contexte = {
        "title": f"Proposer une sélection — vague {vague.numero}",
        "vague": vague,
        "comite": comite,
        "form": form,
        "enregistres": parametres_enregistres(vague),
        "calcul": calcul,
        "erreur": erreur,
        "p": calcul.proposition if calcul else None,
        "empreinte": empreinte(calcul.proposition) if calcul else "",
        "cachees": _cachees(form, valeurs) if calcul else [],
    }
    return render(request, "selection/proposition.html", contexte, status=400 if form.errors else 200)


@login_required
@require_POST
def appliquer(request, pk):
    exiger(request.user, "selection.proposer")
    vague = get_object_or_404(Vague.objects.select_related("grille"), pk=pk)
    form = ParametresForm(request.POST)
    retour = reverse("selection:proposition", args=[vague.pk])
    if not form.is_valid():
        messages.error(request, "Les paramètres de la proposition ne sont pas valides : relancez-la.")
        return redirect(retour)
    requete = urlencode({k: v for k, v in request.POST.items() if k in form.fields})
    try:
        calcul = calculer(vague, form.cleaned_data)
        bilan = proposition_appliquer(
            vague=vague, proposition=calcul.proposition, vue=request.POST.get("vue", ""), valeurs=form.cleaned_data, par=request.user
        )
    except (ErreurMetier, ErreurResolution) as erreur:
        messages.error(request, getattr(erreur, "message", str(erreur)))
        return redirect(f"{retour}?{requete}")
    texte = (
        f"Proposition appliquée : {bilan['retenus']} dossier{'s' if bilan['retenus'] > 1 else ''} retenu{'s' if bilan['retenus'] > 1 else ''}, "
        f"{bilan['non_retenus']} non retenu{'s' if bilan['non_retenus'] > 1 else ''} — décisions provisoires, modifiables une à une ci-dessous."
    )
    if bilan["a_decider"]:
        texte += " À décider un par un : " + ", ".join(bilan["a_decider"]) + "."
    messages.success(request, texte)
    return redirect("candidatures:comite", pk=vague.pk)
