"""Administration of the waves (administrateurs): list, create, edit, move along their statuses."""

from django import forms as dj_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.views.decorators.http import require_POST

from commun.confirmation import Confirmation, confirmation_rendre
from commun.erreurs import ErreurMetier, erreur_en_message
from commun.formulaires import erreur_metier_dans_formulaire
from commun.politique import exiger
from commun.temps import maintenant

from ..forms.vagues import VagueCreationForm, VagueForm
from ..models import TRANSITIONS_VAGUE, Dossier, Vague
from ..services.cloture import MOTIF_LONGUEUR_MAX, apercu_cloture, vague_cloturer_par_anticipation
from ..services.vagues import vague_changer_statut, vague_creer, vague_modifier, vagues_creer_annee


class CalendrierForm(dj_forms.Form):
    annee = dj_forms.IntegerField(
        label="Année",
        min_value=2019,
        max_value=2100,
        help_text="Crée les quatre vagues de l'année : dates limites les 30/03, 30/06, 30/09 et 30/12, chacune ouvrant le lendemain de la précédente.",
    )


@login_required
def vagues_admin(request):
    exiger(request.user, "vague.gerer")
    form = VagueCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vague = vague_creer(par=request.user, **form.cleaned_data)
        except ErreurMetier as erreur:
            erreur_metier_dans_formulaire(form, erreur)
        else:
            messages.success(request, f"{vague} créée.")
            return redirect("candidatures:vagues_admin")
    vagues = (
        Vague.objects.select_related("appel")
        .annotate(
            nb_deposes=Count("dossiers", filter=Q(dossiers__depose_le__isnull=False) & ~Q(dossiers__statut=Dossier.Statut.RETIRE)),
            nb_brouillons=Count("dossiers", filter=Q(dossiers__statut=Dossier.Statut.BROUILLON)),
        )
        .order_by("-date_limite")
    )
    lignes = [(v, [Vague.Statut(s) for s in sorted(TRANSITIONS_VAGUE[v.statut])], _cloture_anticipable(v)) for v in vagues]
    return render(
        request,
        "candidatures/vagues/liste.html",
        {"title": "Vagues", "lignes": lignes, "form": form, "form_calendrier": CalendrierForm(prefix="calendrier")},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
@erreur_en_message("candidatures:vagues_admin")
def vagues_calendrier(request):
    """Create the four waves of a year (the programme's calendar), all or none."""
    exiger(request.user, "vague.gerer")
    form = CalendrierForm(request.POST, prefix="calendrier")
    if form.is_valid():
        vagues = vagues_creer_annee(annee=form.cleaned_data["annee"], par=request.user)
        messages.success(
            request,
            f"{len(vagues)} vagues créées pour {form.cleaned_data['annee']} : "
            + ", ".join(f"date limite le {v.date_limite:%d/%m/%Y}" for v in vagues)
            + ".",
        )
    else:
        messages.error(request, "Indiquez une année valide (par exemple 2027).")
    return redirect("candidatures:vagues_admin")


def _cloture_anticipable(vague: Vague) -> bool:
    """Whether closing ``vague`` now would cut its deposit period short (the early closing page)."""
    return vague.statut == Vague.Statut.OUVERTE and vague.cloturee_le is None and maintenant() <= vague.cloture


class MotifClotureForm(dj_forms.Form):
    motif = dj_forms.CharField(
        label="Motif de la clôture anticipée",
        max_length=MOTIF_LONGUEUR_MAX,
        widget=dj_forms.Textarea(attrs={"rows": 4}),
        help_text="Envoyé par courriel aux porteurs des brouillons et inscrit au journal d'audit.",
        error_messages={"required": "Indiquez le motif de la clôture anticipée : il est envoyé aux porteurs des brouillons."},
    )


@login_required
def vague_cloturer_anticipation(request, pk: int):
    """Close an open wave before its deadline: a page that says what it does, a reason, then the service."""
    exiger(request.user, "vague.gerer")
    vague = get_object_or_404(Vague, pk=pk)
    if not _cloture_anticipable(vague):
        messages.error(request, f"{vague} n'est pas une vague ouverte avant sa date limite : rien à clôturer par anticipation.")
        return redirect("candidatures:vagues_admin")
    form = MotifClotureForm(request.POST or None)
    erreur = ""
    if request.method == "POST" and form.is_valid():
        try:
            bilan = vague_cloturer_par_anticipation(vague_id=vague.pk, motif=form.cleaned_data["motif"], par=request.user)
        except ErreurMetier as e:
            if e.champ == "motif":
                erreur_metier_dans_formulaire(form, e)
            else:
                erreur = e.message
        else:
            messages.success(request, f"{bilan} Les porteurs des brouillons sont prévenus par courriel.")
            return redirect("candidatures:vagues_admin")
    apercu = apercu_cloture(vague)
    limite = formats.date_format(vague.date_limite, "l j F Y")
    n, c, p, d = apercu["brouillons"], apercu["courriels"], apercu["porteurs"], apercu["deposes"]
    confirmation = Confirmation(
        titre=f"Clôturer la vague {vague.numero} avant sa date limite",
        introduction=f"{vague} accepte les dépôts jusqu'au {limite} à 23 h 59 (heure de Paris), dans {vague.jours_restants} jour"
        f"{'s' if vague.jours_restants > 1 else ''}. La clôturer maintenant arrête les dépôts tout de suite.",
        avertissement="Clôturer une vague avant sa date limite prive de dépôt les porteurs qui comptaient sur cette date : "
        "n'y recourez que pour une raison impérieuse, que vous indiquez ci-dessous.",
        effets=[
            f"{n} brouillon{'s' if n > 1 else ''} ne pourr{'ont' if n > 1 else 'a'} plus être déposé{'s' if n > 1 else ''} dans cette vague "
            "(rien de ce qui est saisi n'est perdu : ils pourront être reportés à la vague suivante).",
            f"{c} courriel{'s' if c > 1 else ''} partir{'ont' if c > 1 else 'a'} vers {p} porteur{'s' if p > 1 else ''} de brouillon"
            f"{'s' if n > 1 else ''}, avec le motif et la date limite qui était prévue ({limite}).",
            f"{d} dossier{'s' if d > 1 else ''} déposé{'s' if d > 1 else ''} passe{'nt' if d > 1 else ''} en instruction "
            "(leurs porteurs ne pourront plus les retirer).",
            "La clôture et son motif sont inscrits au journal d'audit ; les pages des brouillons montrent la vague clôturée par anticipation.",
        ],
        definitif="La clôture ne peut pas être annulée.",
        form=form,
        erreur=erreur,
        bouton=f"Clôturer la vague {vague.numero} maintenant",
        action=reverse("candidatures:vague_cloturer_anticipation", args=[vague.pk]),
        retour=reverse("candidatures:vagues_admin"),
    )
    return confirmation_rendre(request, confirmation)


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
    return render(
        request,
        "candidatures/vagues/formulaire.html",
        {"title": f"Modifier la vague {vague.numero}", "form": form, "vague": vague},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
@erreur_en_message("candidatures:vagues_admin")
def vague_statut(request, pk: int):
    exiger(request.user, "vague.gerer")
    vague = get_object_or_404(Vague, pk=pk)
    if request.POST.get("statut", "") not in Vague.Statut.values:
        messages.error(request, "Statut inconnu.")
        return redirect("candidatures:vagues_admin")
    vague = vague_changer_statut(vague=vague, statut=request.POST.get("statut", ""), par=request.user, motif=request.POST.get("motif", ""))
    messages.success(request, f"{vague} : statut « {vague.get_statut_display()} ».")
    return redirect("candidatures:vagues_admin")
