"""Pages of the instruction: the reviewers' list, the review page with the grid, conflicts of
interest, assignment (one, in bulk, automatic) and the selection committee. No rule lives here:
the policy (regles/instruction.py) says who may, the services say what is allowed."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from commun.confirmation import Confirmation, confirmation_rendre
from commun.erreurs import ErreurMetier
from commun.fichiers import telechargement
from commun.formulaires import erreur_metier_dans_formulaire, executer_action
from commun.politique import exiger, peut
from commun.textes import compter, marque_pluriel

from ..exports import instruction as exports
from ..filtres.instruction import DossiersInstructionFiltre
from ..forms.instruction import (
    AffectationForm,
    ComplementForm,
    ConflitForm,
    GrilleEvaluationForm,
    GrilleForm,
    MessageForm,
    PerimetreForm,
)
from ..models import Affectation, ConflitInteret, Decision, DemandeComplement, Dossier, Evaluation, ExportInstruction, Vague
from ..regles.dossiers import identite_masquee
from ..selectors.instruction import (
    TIE_BREAK,
    charges_des_instructeurs,
    colonnes_criteres,
    criteres_des_vagues,
    grille_de,
    liste_instruction,
    moyennes_en_colonnes,
)
from ..services import echanges
from ..services import exports as exports_differes
from ..services import instruction as services
from .lecture import sections_lues

PAR_PAGE = 50
# An identifier no dossier has, reversed once then replaced by each row's (see comite).
GABARIT_ID = 987654321987654321


def _filtre(user, donnees):
    return DossiersInstructionFiltre(donnees, queryset=liste_instruction(user), user=user)


def _identite_masquee(user, dossier) -> bool:
    """Whether the applicant's identity is hidden (the rule of ``regles``, on the prefetched grid: no query)."""
    return identite_masquee(user, grille_de(dossier.vague).anonymiser)


# --- The reviewers' list --------------------------------------------------------------------
@login_required
def liste(request):
    exiger(request.user, "instruction.acceder")
    filtre = _filtre(request.user, request.GET)
    page = Paginator(filtre.qs, PAR_PAGE).get_page(request.GET.get("page"))
    # The « moyenne par critère » columns: the criteria of the calls of the page's waves.
    par_vague = criteres_des_vagues({d.vague_id for d in page})
    colonnes = colonnes_criteres(par_vague)
    for dossier in page:
        dossier.identite_masquee = _identite_masquee(request.user, dossier)
        dossier.moyennes_colonnes = moyennes_en_colonnes(dossier.moyennes, par_vague[dossier.vague_id], colonnes)
    parametres = request.GET.copy()
    parametres.pop("page", None)
    contexte = {
        "title": "Instruction des dossiers",
        "filtre": filtre,
        "page": page,
        "parametres": parametres.urlencode(),
        "est_admin": peut(request.user, "instruction.affecter"),
        "tie_break": TIE_BREAK,
        "colonnes_criteres": colonnes,
        "form_masse": AffectationForm() if peut(request.user, "instruction.affecter") else None,
    }
    return render(request, "candidatures/instruction/liste.html", contexte)


@login_required
@require_POST
def affecter_en_masse(request):
    """Assign one reviewer to EVERY dossier matching the list's filters (the query string)."""
    exiger(request.user, "instruction.affecter")
    criteres = QueryDict(request.POST.get("filtres", ""))
    form = AffectationForm(request.POST)
    retour = f"{reverse('candidatures:instruction')}?{criteres.urlencode()}"
    if not form.is_valid():
        messages.error(request, "Choisissez l'instructeur à affecter.")
        return redirect(retour)
    filtre = _filtre(request.user, criteres)
    if not filtre.is_valid():
        messages.error(request, "Les filtres de la liste sont invalides : corrigez-les avant l'affectation en masse.")
        return redirect(retour)
    bilan = services.affectation_en_masse(dossiers=filtre.qs, instructeur=form.cleaned_data["instructeur"], par=request.user)
    messages.success(
        request,
        f"{bilan.crees} affectation{'s' if bilan.crees > 1 else ''} créée{'s' if bilan.crees > 1 else ''} ({bilan.deja} déjà en place).",
    )
    if bilan.refuses:
        messages.warning(
            request,
            f"{compter(len(bilan.refuses), 'dossier', 'écarté')} : "
            + " ".join(bilan.refuses[:5])
            + (" …" if len(bilan.refuses) > 5 else ""),
        )
    return redirect(retour)


@login_required
def exporter(request, format):
    """Export exactly the rows of the list as filtered (every page), with their scores."""
    exiger(request.user, "instruction.exporter")
    filtre = _filtre(request.user, request.GET)
    if not filtre.is_valid():
        messages.error(request, "Les filtres de la liste sont invalides : corrigez-les avant l'export.")
        return redirect(f"{reverse('candidatures:instruction')}?{request.GET.urlencode()}")
    nombre = filtre.qs.count()
    if nombre > exports_differes.SEUIL_EXPORT_IMMEDIAT:
        exports_differes.export_demander(demandeur=request.user, format=format, parametres=request.GET.urlencode())
        messages.info(request, f"L'export de {nombre} dossiers est en préparation : le lien de téléchargement apparaîtra ci-dessous.")
        return redirect("candidatures:instruction_exports")
    return exports.reponse_fichier(request.user, filtre.qs, format)


@login_required
def mes_exports(request):
    exiger(request.user, "instruction.exporter")
    liste_exports = list(ExportInstruction.objects.filter(demandeur=request.user)[:20])
    return render(
        request,
        "candidatures/instruction/exports.html",
        {
            "title": "Mes exports",
            "exports": liste_exports,
            "en_preparation": [e for e in liste_exports if e.statut == ExportInstruction.Statut.EN_COURS],
        },
    )


@login_required
def export_telecharger(request, pk):
    exiger(request.user, "instruction.exporter")
    export = get_object_or_404(ExportInstruction, pk=pk, demandeur=request.user, statut=ExportInstruction.Statut.PRET)
    return telechargement(export.fichier, f"dossiers-instruction-{export.pk}.{export.format}", exports.TYPES_MIME[export.format])


# --- The review page ------------------------------------------------------------------------
def _dossier(request, pk):
    dossier = get_object_or_404(
        Dossier.objects.select_related("vague__grille", "tiers_lieu__region", "tiers_lieu__departement", "tiers_lieu__qpv"), pk=pk
    )
    exiger(request.user, "instruction.dossier", dossier)
    return dossier


def _traiter(form, appel, request, succes: str):
    """Call the service; on a domain error put it on the form (which keeps what was typed)."""
    try:
        appel()
    except services.ErreursGrille as erreurs:
        for champ, message in erreurs.erreurs:
            form.add_error(champ if champ in form.fields else None, message)
    except ErreurMetier as erreur:
        erreur_metier_dans_formulaire(form, erreur)
    else:
        messages.success(request, succes)
        return True
    return False


def _avec_pieces(dossier: Dossier) -> Dossier:
    prefetch_related_objects([dossier], "pieces")  # one query for the list and the completeness
    return dossier


@login_required
@require_http_methods(["GET", "POST"])
def dossier(request, pk):
    """The review page: the dossier, my grid, the other reviews (once allowed), the exchanges with
    the applicant and, for administrateurs, the assignments. Each form posts here with its name."""
    dossier = _dossier(request, pk)
    user = request.user
    grille = grille_de(dossier.vague)
    poste = request.POST.get("formulaire", "grille") if request.method == "POST" else None
    retour = redirect("candidatures:instruction_dossier", pk=dossier.pk)

    evaluer = peut(user, "instruction.evaluer", dossier)
    # Every review of the dossier in two queries: mine, and the others once they may be seen.
    evaluations = list(
        Evaluation.objects.filter(dossier=dossier).select_related("instructeur").prefetch_related("notes").order_by("soumise_le", "pk")
    )
    mienne = next((e for e in evaluations if e.instructeur_id == user.pk), None) if evaluer else None
    form = None
    if evaluer and not (mienne and mienne.est_soumise):
        form = GrilleEvaluationForm(
            request.POST if poste == "grille" else None, grille=grille, initial=GrilleEvaluationForm.initial_depuis(mienne)
        )
        if poste == "grille" and form.is_valid():
            soumettre = request.POST.get("action") == "soumettre"
            donnees = {
                "dossier": dossier,
                "instructeur": user,
                "notes": form.notes(),
                "avis": form.cleaned_data["avis"],
                "note_comite": form.cleaned_data["note_comite"],
            }
            if not soumettre:
                if _traiter(
                    form, lambda: services.evaluation_enregistrer(**donnees), request, "Votre brouillon d'évaluation est enregistré."
                ):
                    return retour
            else:
                # Submitting locks the review at once: check it is complete, keep it as a draft
                # (nothing typed is lost), then ask to confirm on a page of its own.
                def controler_et_garder():
                    services.evaluation_controler(
                        dossier=dossier, notes=donnees["notes"], avis=donnees["avis"], note_comite=donnees["note_comite"]
                    )
                    services.evaluation_enregistrer(**donnees)

                if _traiter(form, controler_et_garder, request, "Votre évaluation est complète et enregistrée : confirmez sa soumission."):
                    return redirect("candidatures:instruction_evaluation_soumettre", pk=dossier.pk)
    elif poste == "grille":
        messages.error(request, "Votre évaluation est déjà soumise : elle ne peut plus être modifiée.")
        return retour

    form_complement = ComplementForm(request.POST if poste == "complement" else None, prefix="complement")
    if poste == "complement" and form_complement.is_valid():
        d = form_complement.cleaned_data
        appel = partial(
            echanges.complement_demander,
            dossier=dossier,
            par=user,
            sections=d["sections"],
            message=d["message"],
            date_limite=d["date_limite"],
        )
        if _traiter(form_complement, appel, request, "La demande de complément est envoyée au porteur."):
            return retour
    form_message = MessageForm(
        request.POST if poste == "message" else None, request.FILES if poste == "message" else None, prefix="message"
    )
    if poste == "message" and form_message.is_valid():
        appel = partial(
            echanges.message_envoyer,
            dossier=dossier,
            auteur=user,
            texte=form_message.cleaned_data["texte"],
            fichier=form_message.cleaned_data.get("fichier"),
        )
        if _traiter(form_message, appel, request, "Message envoyé au porteur."):
            return redirect(f"{reverse('candidatures:instruction_dossier', args=[dossier.pk])}#echanges")
    echanges.messages_marquer_lus(dossier=dossier, lecteur=user)

    voir_autres = peut(user, "instruction.voir_evaluations", dossier)
    masquee = not peut(user, "dossier.identite_voir", dossier)
    contexte = {
        "title": f"Instruction du dossier {dossier}",
        "dossier": dossier,
        "grille": grille,
        "identite_masquee": masquee,
        "form": form,
        "mienne": mienne,
        "voir_autres": voir_autres,
        "evaluations": [e for e in evaluations if e.est_soumise and e.instructeur_id != user.pk] if voir_autres else [],
        "agregat": dossier if voir_autres else None,  # its stored synthesis, read with it above
        "est_admin": peut(user, "instruction.affecter"),
        # What the applicant wrote, section by section, and the attachments (read once for both).
        "lecture": sections_lues(_avec_pieces(dossier), masquer_identite=masquee),
        "pieces": list(dossier.pieces.all()),
        "form_complement": form_complement,
        "form_message": form_message,
        "demandes": dossier.demandes_complement.select_related("demande_par"),
        "fil": dossier.messages.select_related("auteur"),
        "peut_demander": dossier.statut in echanges.STATUTS_COMPLEMENT_POSSIBLE and not grille.comite_clos,
    }
    if peut(user, "instruction.affecter"):
        contexte["affectations"] = dossier.affectations.select_related("instructeur", "par")
        contexte["form_affectation"] = AffectationForm()
        contexte["decision"] = Decision.objects.filter(dossier=dossier, vague=dossier.vague).first()
    en_erreur = any(f is not None and f.errors for f in (form, form_complement, form_message))
    return render(request, "candidatures/instruction/dossier.html", contexte, status=400 if en_erreur else 200)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_soumettre(request, pk):
    """Confirm the submission of my review (kept as a draft until then): it is locked at once."""
    dossier = _dossier(request, pk)
    user = request.user
    exiger(user, "instruction.evaluer", dossier)
    grille = grille_de(dossier.vague)
    mienne = Evaluation.objects.filter(dossier=dossier, instructeur=user).prefetch_related("notes").first()
    retour = reverse("candidatures:instruction_dossier", args=[dossier.pk])
    if mienne is None or mienne.est_soumise:
        messages.info(request, "Votre évaluation est déjà soumise." if mienne else "Remplissez d'abord votre grille d'évaluation.")
        return redirect(retour)
    notes = {n.critere: {"note": n.note, "commentaire": n.commentaire} for n in mienne.notes.all()}
    erreur = ""
    if request.method == "POST":
        try:
            services.evaluation_soumettre(dossier=dossier, instructeur=user, notes=notes, avis=mienne.avis, note_comite=mienne.note_comite)
        except services.ErreursGrille:
            messages.error(request, "Votre évaluation est incomplète : complétez la grille avant de la soumettre.")
            return redirect(retour)
        except ErreurMetier as e:
            erreur = e.message
        else:
            messages.success(request, "Votre évaluation est soumise. Elle ne peut plus être modifiée.")
            return redirect(retour)
    autres = Affectation.objects.filter(dossier=dossier).exclude(instructeur=user).count()
    effets = [
        "Votre évaluation sera verrouillée aussitôt : ni ses notes, ni ses commentaires, ni votre avis ne pourront plus être modifiés.",
        f"Elle comptera dans le score du dossier présenté au comité de sélection ({dossier.vague}).",
    ]
    if grille.evaluation_aveugle and autres:
        effets.append(
            "L'évaluation de l'autre instructeur affecté à ce dossier vous deviendra visible, une fois soumise."
            if autres == 1
            else f"Les évaluations des {autres} autres instructeurs affectés à ce dossier vous deviendront visibles, une fois soumises."
        )
    confirmation = Confirmation(
        titre=f"Soumettre mon évaluation du dossier {dossier.numero}",
        introduction="Relisez votre évaluation : c'est elle que le comité lira.",
        effets=effets,
        definitif="Une évaluation soumise ne peut pas être reprise.",
        erreur=erreur,
        bouton="Soumettre définitivement",
        libelle_retour="Revenir à ma grille (brouillon conservé)",
        action=reverse("candidatures:instruction_evaluation_soumettre", args=[dossier.pk]),
        retour=retour,
    )
    return confirmation_rendre(request, confirmation, gabarit="candidatures/instruction/evaluation_soumettre.html", e=mienne, grille=grille)


@login_required
@require_POST
def complement_annuler(request, pk):
    demande = get_object_or_404(DemandeComplement.objects.select_related("dossier__vague"), pk=pk)
    exiger(request.user, "instruction.dossier", demande.dossier)
    executer_action(
        request, lambda: echanges.complement_annuler(demande=demande, par=request.user), succes="La demande de complément est annulée."
    )
    return redirect("candidatures:instruction_dossier", pk=demande.dossier_id)


# --- Assignments (administrateurs) ----------------------------------------------------------
@login_required
@require_POST
def affecter(request, pk):
    exiger(request.user, "instruction.affecter")
    dossier = get_object_or_404(Dossier, pk=pk)
    form = AffectationForm(request.POST)
    if form.is_valid():
        executer_action(
            request,
            lambda: services.affectation_creer(dossier=dossier, instructeur=form.cleaned_data["instructeur"], par=request.user),
            succes="Instructeur affecté.",
        )
    else:
        messages.error(request, "Choisissez l'instructeur à affecter.")
    return redirect("candidatures:instruction_dossier", pk=dossier.pk)


@login_required
@require_POST
def affectation_supprimer(request, pk):
    exiger(request.user, "instruction.affecter")
    affectation = get_object_or_404(Affectation, pk=pk)
    executer_action(
        request, lambda: services.affectation_supprimer(affectation=affectation, par=request.user), succes="Affectation retirée."
    )
    return redirect("candidatures:instruction_dossier", pk=affectation.dossier_id)


@login_required
@require_POST
def affectation_reassigner(request, pk):
    exiger(request.user, "instruction.affecter")
    affectation = get_object_or_404(Affectation, pk=pk)
    form = AffectationForm(request.POST)
    if form.is_valid():
        executer_action(
            request,
            lambda: services.affectation_reassigner(affectation=affectation, vers=form.cleaned_data["instructeur"], par=request.user),
            succes="Dossier réaffecté.",
        )
    else:
        messages.error(request, "Choisissez le nouvel instructeur.")
    return redirect("candidatures:instruction_dossier", pk=affectation.dossier_id)


@login_required
@require_http_methods(["GET", "POST"])
def affectations(request):
    """Per wave: automatic assignment, reviewers' load and scope."""
    exiger(request.user, "instruction.affecter")
    vagues = Vague.objects.order_by("-date_limite")
    choix = request.GET.get("vague", "")
    vague = get_object_or_404(Vague, pk=choix) if choix.isdigit() else vagues.first()
    form_perimetre = PerimetreForm(request.POST if request.POST.get("action") == "perimetre" else None)
    grille = grille_de(vague) if vague else None
    champs_grille = list(GrilleForm.base_fields)
    form_grille = GrilleForm(
        request.POST if request.POST.get("action") == "grille" else None,
        initial={c: getattr(grille, c) for c in champs_grille} if grille else None,
    )
    bilan = None
    if request.method == "POST" and form_grille.is_bound and vague and form_grille.is_valid():
        try:
            services.grille_enregistrer(vague=vague, par=request.user, **form_grille.cleaned_data)
        except ErreurMetier as erreur:
            erreur_metier_dans_formulaire(form_grille, erreur)
        else:
            messages.success(request, "Réglages de la grille enregistrés.")
            return redirect(f"{reverse('candidatures:instruction_affectations')}?vague={vague.pk}")
    if request.method == "POST" and request.POST.get("action") == "automatique" and vague:
        bilan = services.affectation_automatique(vague=vague, par=request.user)
        messages.success(request, f"Affectation automatique : {compter(len(bilan.creees), 'affectation', 'créée')}.")
        if bilan.incomplets:
            messages.warning(
                request,
                f"{compter(len(bilan.incomplets), 'dossier')} n'{marque_pluriel(len(bilan.incomplets), 'a,ont')} pas assez d'instructeurs disponibles dans leur périmètre.",
            )
    elif request.method == "POST" and form_perimetre.is_bound and form_perimetre.is_valid():
        d = form_perimetre.cleaned_data
        try:
            services.profil_instructeur_definir(user=d["instructeur"], national=d["national"], regions=d["regions"], par=request.user)
        except ErreurMetier as erreur:
            erreur_metier_dans_formulaire(form_perimetre, erreur)
        else:
            messages.success(request, "Périmètre enregistré.")
            return redirect(f"{reverse('candidatures:instruction_affectations')}?vague={vague.pk if vague else ''}")
    contexte = {
        "title": "Affectation des instructeurs",
        "vagues": vagues,
        "vague": vague,
        "grille": grille,
        "form_grille": form_grille,
        "charges": charges_des_instructeurs(vague) if vague else [],
        "bilan": bilan,
        "form_perimetre": form_perimetre,
    }
    en_erreur = form_grille.errors or form_perimetre.errors
    return render(request, "candidatures/instruction/affectations.html", contexte, status=400 if en_erreur else 200)


# --- Conflicts of interest (reviewers) ------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def conflits(request):
    exiger(request.user, "instruction.declarer_conflits")
    form = ConflitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.conflit_declarer(instructeur=request.user, motif=form.cleaned_data["motif"], **form.cible())
        except ErreurMetier as erreur:
            erreur_metier_dans_formulaire(form, erreur)
        else:
            messages.success(request, "Votre déclaration est enregistrée : vous ne serez jamais affecté aux dossiers concernés.")
            return redirect("candidatures:instruction_conflits")
    contexte = {
        "title": "Mes conflits d'intérêts",
        "form": form,
        "conflits": ConflitInteret.objects.filter(instructeur=request.user).select_related("tiers_lieu"),
    }
    return render(request, "candidatures/instruction/conflits.html", contexte, status=400 if form.errors else 200)


@login_required
@require_POST
def conflit_supprimer(request, pk):
    conflit = get_object_or_404(ConflitInteret, pk=pk, instructeur=request.user)
    services.conflit_supprimer(conflit=conflit, par=request.user)
    messages.success(request, "Déclaration retirée.")
    return redirect("candidatures:instruction_conflits")
