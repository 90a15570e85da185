from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.authtoken.models import Token

from commun.erreurs import ErreurMetier
from commun.formulaires import erreur_metier_dans_formulaire
from commun.politique import exiger

from .forms import AcceptationInvitationForm, CourrielsForm, InvitationForm
from .models import Invitation
from .notifications import toujours_envoyes
from .services import courriels_choisir, invitation_accepter, invitation_creer, jeton_api_renouveler
from .services import jeton_api_revoquer as jeton_api_revoquer_service


@login_required
@require_http_methods(["GET", "POST"])
def inviter(request):
    exiger(request.user, "comptes.inviter")
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_creer(par=request.user, email=form.cleaned_data["email"], role=form.cleaned_data["role"])
        except ErreurMetier as erreur:
            erreur_metier_dans_formulaire(form, erreur)
        else:
            messages.success(request, f"Invitation envoyée à {invitation.email}.")
            return redirect("comptes:inviter")
    invitations = Invitation.objects.select_related("invite_par").order_by("-cree_le")[:50]
    return render(
        request, "comptes/inviter.html", {"form": form, "invitations": invitations, "title": "Inviter un instructeur ou un administrateur"}
    )


@require_http_methods(["GET", "POST"])
def accepter_invitation(request, jeton):
    invitation = get_object_or_404(Invitation, jeton=jeton)
    if not invitation.est_valide:
        return render(request, "comptes/invitation_invalide.html", {"title": "Invitation expirée"}, status=410)
    form = AcceptationInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accepter(
                jeton=jeton,
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except ErreurMetier as erreur:
            erreur_metier_dans_formulaire(form, erreur)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Votre compte est créé. Bienvenue sur le portail.")
            return redirect("commun:tableau_de_bord")
    return render(request, "comptes/accepter_invitation.html", {"form": form, "invitation": invitation, "title": "Créer mon compte"})


@login_required
def mon_compte(request, form_courriels=None):
    jeton = Token.objects.filter(user=request.user).first()
    nouveau = request.session.pop("jeton_api_nouveau", None)
    from django.conf import settings

    jours = settings.RETENTION_DOSSIERS_NON_RETENUS_JOURS
    retention = f"{jours // 365} an{'s' if jours // 365 > 1 else ''}" if jours % 365 == 0 else f"{jours} jours"
    return render(
        request,
        "comptes/mon_compte.html",
        {
            "title": "Mon compte",
            "jeton": jeton,
            "jeton_nouveau": nouveau,
            "retention_annees": retention,
            "form_courriels": form_courriels or CourrielsForm(user=request.user),
            "toujours_envoyes": toujours_envoyes(request.user),
        },
        status=400 if form_courriels else 200,
    )


@login_required
@require_POST
def courriels(request):
    """Choose the kinds of e-mails received (those that may be switched off)."""
    form = CourrielsForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            courriels_choisir(user=request.user, recus=form.cleaned_data["recus"])
        except ErreurMetier as erreur:
            erreur_metier_dans_formulaire(form, erreur)
        else:
            messages.success(request, "Vos choix de courriels sont enregistrés.")
            return redirect(reverse("comptes:mon_compte") + "#courriels")
    return mon_compte(request, form_courriels=form)


@login_required
@require_POST
def jeton_api_creer(request):
    """Create (or replace) the personal API token; its value is shown once."""
    jeton = jeton_api_renouveler(user=request.user)
    request.session["jeton_api_nouveau"] = jeton.key
    messages.success(request, "Votre jeton d'API est créé. Copiez-le maintenant : il ne sera plus affiché.")
    return redirect("comptes:mon_compte")


@login_required
@require_POST
def jeton_api_revoquer(request):
    jeton_api_revoquer_service(user=request.user)
    messages.success(request, "Votre jeton d'API est révoqué : il ne permet plus d'accéder à l'API.")
    return redirect("comptes:mon_compte")
