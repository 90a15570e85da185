"""Administration of the waves (administrateurs): list, create, edit, move along their statuses."""
from django import forms as dj_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from commun.erreurs import ErreurMetier
from commun.formulaires import erreur_metier_dans_formulaire
from commun.politique import exiger

from ..forms import VagueForm
from ..models import TRANSITIONS_VAGUE, Dossier, Vague
from ..services.vagues import vague_changer_statut, vague_creer, vague_modifier, vagues_creer_annee


class CalendrierForm(dj_forms.Form):
    annee = dj_forms.IntegerField(
        label="Année", min_value=2019, max_value=2100,
        help_text="Crée les quatre vagues de l'année : dates limites les 30/03, 30/06, 30/09 et 30/12, chacune ouvrant le lendemain de la précédente.",
    )


@login_required
def vagues_admin(request):
    exiger(request.user, "vague.gerer")
    form = VagueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vague = vague_creer(par=request.user, **form.cleaned_data)
        except ErreurMetier as erreur:
            erreur_metier_dans_formulaire(form, erreur)
        else:
            messages.success(request, f"{vague} créée.")
            return redirect("candidatures:vagues_admin")
    vagues = Vague.objects.annotate(
        nb_deposes=Count("dossiers", filter=Q(dossiers__depose_le__isnull=False) & ~Q(dossiers__statut=Dossier.Statut.RETIRE)),
        nb_brouillons=Count("dossiers", filter=Q(dossiers__statut=Dossier.Statut.BROUILLON)),
    ).order_by("-date_limite")
    lignes = [(v, [Vague.Statut(s) for s in sorted(TRANSITIONS_VAGUE[v.statut])]) for v in vagues]
    return render(request, "candidatures/vagues/liste.html",
                  {"title": "Vagues", "lignes": lignes, "form": form, "form_calendrier": CalendrierForm(prefix="calendrier")},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def vagues_calendrier(request):
    """Create the four waves of a year (the programme's calendar), all or none."""
    exiger(request.user, "vague.gerer")
    form = CalendrierForm(request.POST, prefix="calendrier")
    if form.is_valid():
        try:
            vagues = vagues_creer_annee(annee=form.cleaned_data["annee"], par=request.user)
        except ErreurMetier as erreur:
            messages.error(request, erreur.message)
        else:
            messages.success(request, f"{len(vagues)} vagues créées pour {form.cleaned_data['annee']} : "
                             + ", ".join(f"date limite le {v.date_limite:%d/%m/%Y}" for v in vagues) + ".")
    else:
        messages.error(request, "Indiquez une année valide (par exemple 2027).")
    return redirect("candidatures:vagues_admin")


@login_required
def vague_modifier_vue(request, pk: int):
    exiger(request.user, "vague.gerer")
    vague = get_object_or_404(Vague, pk=pk)
    form = VagueForm(request.POST or None, instance=Vague.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            vague = vague_modifier(vague=vague, par=request.user, **form.cleaned_data)
        except ErreurMetier as erreur:
            erreur_metier_dans_formulaire(form, erreur)
        else:
            messages.success(request, f"{vague} enregistrée.")
            return redirect("candidatures:vagues_admin")
    return render(request, "candidatures/vagues/formulaire.html", {"title": f"Modifier la vague {vague.numero}", "form": form, "vague": vague},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def vague_statut(request, pk: int):
    exiger(request.user, "vague.gerer")
    vague = get_object_or_404(Vague, pk=pk)
    try:
        vague = vague_changer_statut(vague=vague, statut=request.POST.get("statut", ""), par=request.user)
    except (ErreurMetier, ValueError) as erreur:
        messages.error(request, getattr(erreur, "message", "Statut inconnu."))
    else:
        messages.success(request, f"{vague} : statut « {vague.get_statut_display()} ».")
    return redirect("candidatures:vagues_admin")
