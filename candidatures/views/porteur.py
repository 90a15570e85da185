"""The applicant's pages: dashboard, dossier section by section, attachments, deposit, proof."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.views.decorators.http import require_POST

from commun.erreurs import ErreurMetier, erreur_en_message
from commun.fichiers import telechargement
from commun.formulaires import erreur_metier_dans_formulaire
from commun.politique import exiger, filtrer, peut
from commun.temps import en_paris, maintenant
from fabriques.models import TiersLieu

from ..forms.depot import DossierCreerForm, MessagePorteurForm, PieceForm, RemplacerPieceForm, formulaire_section, formulaires_des_sections
from ..models import DemandeComplement, Dossier, Message, PieceJointe
from ..regles.dossiers import sections_editables
from ..schema import sections_du_dossier
from ..sections import SECTIONS, SECTIONS_PAR_CODE
from ..selectors.dossiers import message_soutien_unique, soutiens_en_cours
from ..selectors.porteur import chronologie, chronologies, messages_non_lus_par_dossier, vague_ouverte, vagues_ouvertes
from ..services import dossiers as services_dossiers
from ..services import echanges as services_echanges
from ..services.accuse import dossier_accuse_produire, nom_fichier_accuse
from ..services.completude import budget_a_expliquer, dossier_manques, sections_avec_etat
from ..services.pieces import TAILLE_MAX_DOSSIER, piece_ajouter, piece_remplacer, piece_supprimer, taille_lisible
from .lecture import sections_lues


def _url_optionnelle(nom: str) -> str | None:
    try:
        return reverse(nom)
    except NoReverseMatch:  # built by another part of the portal, maybe not yet
        return None


def _dossier(request, pk: int, regle: str = "dossier.voir") -> Dossier:
    """The dossier, if ``regle`` allows it. Every page here names the applicant (tiers-lieu, SIRET,
    project, attachments): a reviewer of an anonymous review reads the dossier on its instruction page."""
    dossier = get_object_or_404(Dossier.objects.select_related("tiers_lieu", "vague", "tiers_lieu__departement"), pk=pk)
    exiger(request.user, regle, dossier)
    exiger(request.user, "dossier.identite_voir", dossier)
    return dossier


@login_required
def mes_dossiers(request):
    user = request.user
    tiers_lieux = list(filtrer(user, "tiers_lieu.gerer", TiersLieu.objects.all()).order_by("nom"))
    dossiers = list(
        filtrer(user, "dossier.gerer", Dossier.objects.all())
        .select_related("tiers_lieu", "vague")
        .prefetch_related("pieces")
        .order_by("-vague__date_limite", "tiers_lieu__nom")
    )
    non_lus = messages_non_lus_par_dossier([d.pk for d in dossiers])
    demandes = {d.dossier_id: d for d in DemandeComplement.objects.filter(dossier__in=dossiers, statut=DemandeComplement.Statut.OUVERTE)}
    evenements = chronologies(dossiers)
    for dossier in dossiers:
        dossier.evenements = evenements[dossier.pk]
        dossier.messages_non_lus = non_lus.get(dossier.pk, 0)
        dossier.demande_ouverte = demandes.get(dossier.pk)
        if dossier.est_brouillon:
            dossier.nb_manques = len(dossier_manques(dossier))
    ouvertes = vagues_ouvertes()
    # One Fabrique, one support: a tiers-lieu already supported is not offered, and the page says why.
    soutiens = {d.tiers_lieu_id: message_soutien_unique(d.tiers_lieu, d) for d in soutiens_en_cours(tiers_lieux)} if ouvertes else {}
    offres = []  # one per open wave: its call may admit only some of the porteur's places
    for ouverte in ouvertes:
        deja = {d.tiers_lieu_id for d in dossiers if d.vague_id == ouverte.pk and d.statut != Dossier.Statut.RETIRE}
        admis = ouverte.appel.definition.candidats
        siens = [t for t in tiers_lieux if t.pk not in deja and t.pk not in soutiens and admis.admet(t)]
        offres.append(
            {
                "vague": ouverte,
                "candidats": siens,
                "form_creer": DossierCreerForm(
                    tiers_lieux=siens,
                    initial={"tiers_lieu": _tiers_lieu_choisi(request, siens), "vague": ouverte.pk},
                    auto_id="id_%s" if not offres else f"id_vague_{ouverte.pk}_%s",
                )  # ids unique on the page
                if siens
                else None,
            }
        )
    vague = ouvertes[0] if ouvertes else None
    contexte = {
        "title": "Mes dossiers",
        "tiers_lieux": tiers_lieux,
        "brouillons": [d for d in dossiers if d.est_brouillon],
        "deposes": [d for d in dossiers if d.a_ete_depose],
        "abandonnes": [d for d in dossiers if not d.est_brouillon and not d.a_ete_depose],
        "a_completer": [d for d in dossiers if d.demande_ouverte],
        "total_non_lus": sum(non_lus.values()),
        "vague": vague,
        "offres": offres,
        "form_creer": offres[0]["form_creer"] if offres else None,
        "soutiens": list(soutiens.values()),
        "url_tiers_lieux": _url_optionnelle("fabriques:mes_tiers_lieux"),
    }
    return render(request, "candidatures/porteur/mes_dossiers.html", contexte)


BONUS_HORS_DE_PORTEE = (
    "« {nom} » n'est déclaré ni dans un quartier prioritaire ni à sa proximité immédiate : il ne peut pas demander "
    "le bonus numérique. Si son implantation est fausse, corrigez-la sur la fiche du tiers-lieu."
)


def _bonus_selon_implantation(form, dossier):
    """On the page, the bonus box is not offered to a place that cannot have it (outside a QPV and its
    immediate proximity): shown disabled with the reason. A bonus already asked stays editable, so
    that it can be withdrawn. (The API keeps the field: the service refuses it there with the rule.)"""
    if "bonus_numerique" in form.fields and not dossier.tiers_lieu.en_qpv_ou_proximite and not dossier.bonus_numerique:
        for nom in ("bonus_numerique", "projet_numerique"):
            form.fields[nom].disabled = True
        form.fields["bonus_numerique"].help_text = BONUS_HORS_DE_PORTEE.format(nom=dossier.tiers_lieu.nom)
    return form


def _tiers_lieu_choisi(request, candidats: list) -> int | None:
    """The tiers-lieu preselected to start a dossier: the only one, or the one just declared (?tiers_lieu=)."""
    if len(candidats) == 1:
        return candidats[0].pk
    demande = request.GET.get("tiers_lieu", "")
    return next((t.pk for t in candidats if str(t.pk) == demande), None)


@login_required
@require_POST
@erreur_en_message("candidatures:mes_dossiers")
def dossier_creer(request):
    ouvertes = vagues_ouvertes()
    vague = next((v for v in ouvertes if str(v.pk) == request.POST.get("vague", "")), ouvertes[0] if ouvertes else None)
    if vague is None:
        messages.error(request, "Aucune vague n'accepte de dossier en ce moment.")
        return redirect("candidatures:mes_dossiers")
    form = DossierCreerForm(request.POST, tiers_lieux=filtrer(request.user, "tiers_lieu.gerer", TiersLieu.objects.all()))
    if not form.is_valid():
        messages.error(request, "Choisissez l'un de vos tiers-lieux.")
        return redirect("candidatures:mes_dossiers")
    tiers_lieu = form.cleaned_data["tiers_lieu"]
    exiger(request.user, "dossier.creer", tiers_lieu)
    dossier = services_dossiers.dossier_creer(tiers_lieu=tiers_lieu, vague=vague, par=request.user)
    messages.success(request, f"Brouillon créé pour « {tiers_lieu} » dans la vague {vague.numero}. Chaque section s'enregistre séparément.")
    return redirect("candidatures:dossier", pk=dossier.pk)


def _contexte_dossier(request, dossier: Dossier, **extra) -> dict:
    etats = sections_avec_etat(dossier)
    completer = peut(request.user, "dossier.completer", dossier)
    return {
        "dossier": dossier,
        "sections_etat": etats,
        "manques": [m for e in etats for m in e["manques"]],
        "sections_completes": sum(1 for e in etats if e["complete"]),
        "modifiable": peut(request.user, "dossier.modifier", dossier),
        "editables": sections_editables(request.user, dossier),
        "completer": completer,
        "demande": dossier.demandes_complement.filter(statut=DemandeComplement.Statut.OUVERTE).first()
        if dossier.statut == Dossier.Statut.COMPLEMENT_DEMANDE
        else None,
        "peut_retirer": peut(request.user, "dossier.retirer", dossier),
        **extra,
    }


@login_required
def dossier_detail(request, pk: int, form_message=None):
    dossier = _dossier(request, pk)
    prefetch_related_objects([dossier], "pieces")  # read once for the list, the timeline and completeness
    contexte = _contexte_dossier(
        request, dossier, title=f"Dossier {dossier}", pieces=list(dossier.pieces.all()), evenements=chronologie(dossier)
    )
    if dossier.est_brouillon and not dossier.vague.accepte_les_depots():
        # A draft left at closing: offer to carry it over to the wave open now, if any.
        contexte["vague_de_report"] = vague_ouverte()
    contexte["lecture"] = sections_lues(dossier, contexte["sections_etat"])
    # The committee's final decision and its motivation: a refused applicant may apply again
    # taking the reasons into account. Provisional decisions are never shown.
    # The applicant reads it with the published results (closing the committee tells nobody).
    contexte["decision"] = (
        dossier.decisions.filter(definitive=True).order_by("-decide_le").first()
        if peut(request.user, "dossier.decision_voir", dossier)
        else None
    )
    # A laureate labelled « Fabrique numérique » in this wave reads it (the label comes with the results).
    contexte["fabrique_numerique"] = (
        bool(contexte["decision"])
        and contexte["decision"].resultat == "retenu"
        and dossier.tiers_lieu.labels.filter(vague=dossier.vague_id, type="numerique").exists()
    )
    _contexte_echanges(request, dossier, contexte, form_message)
    return render(request, "candidatures/porteur/dossier.html", contexte, status=400 if form_message and form_message.errors else 200)


def _contexte_echanges(request, dossier: Dossier, contexte: dict, form_message) -> None:
    """Add the message thread; viewing it marks the team's messages read (for the applicant only)."""
    echanger = peut(request.user, "dossier.echanger", dossier)
    if echanger and request.method == "GET":
        services_echanges.messages_marquer_lus(dossier=dossier, lecteur=request.user)
    contexte["echanger"] = echanger
    contexte["fil"] = list(dossier.messages.select_related("auteur")) if dossier.a_ete_depose else []
    contexte["form_message"] = form_message or (MessagePorteurForm() if echanger else None)


def _section_suivante(code: str, dossier: Dossier, user, sections=None) -> str | None:
    editables = sections_editables(user, dossier)
    codes = [s.code for s in (sections or SECTIONS) if s.code in editables or s.code == code]
    i = codes.index(code)
    return codes[i + 1] if i + 1 < len(codes) else None


def _url_section(dossier, code):
    if code == "pieces":
        return reverse("candidatures:dossier_pieces", kwargs={"pk": dossier.pk})
    return reverse("candidatures:dossier_section", kwargs={"pk": dossier.pk, "section": code})


@login_required
def dossier_section(request, pk: int, section: str):
    dossier = _dossier(request, pk)
    sections = sections_du_dossier(dossier)  # the sections of the dossier's call
    if section not in sections:
        raise Http404("Section inconnue.")
    formulaires = formulaires_des_sections(sections.values())
    if section == "pieces":
        return redirect("candidatures:dossier_pieces", pk=dossier.pk)
    if section not in sections_editables(request.user, dossier):
        if dossier.est_brouillon or (peut(request.user, "dossier.completer", dossier) and request.method == "POST"):
            raise PermissionDenied
        if peut(request.user, "dossier.completer", dossier):
            messages.info(request, "Seules les sections demandées en complément sont modifiables.")
            return redirect("candidatures:dossier", pk=dossier.pk)
        if dossier.a_ete_depose:
            messages.info(request, "Ce dossier a été déposé : il se consulte en lecture seule.")
        else:
            messages.info(request, f"Ce dossier est « {dossier.get_statut_display()} » : il se consulte en lecture seule.")
        return redirect("candidatures:dossier", pk=dossier.pk)
    enregistre = False
    if request.method == "POST":
        form = _bonus_selon_implantation(formulaire_section(section, dossier, data=request.POST, formulaires=formulaires), dossier)
        form.is_valid()
        valides = form.donnees_valides()
        try:
            if section == "montants":
                resultat = services_dossiers.dossier_enregistrer_montants(
                    dossier=dossier,
                    par=request.user,
                    montants={a: valides[f"montant_annee_{a}"] for a in (1, 2, 3) if f"montant_annee_{a}" in valides},
                    bonus_numerique=valides.get("bonus_numerique"),
                    projet_numerique=valides.get("projet_numerique"),
                )
                dossier = resultat.dossier
                for ecart in resultat.refus:
                    form.add_error(ecart.champ if ecart.champ in form.fields else None, ecart.message)
                for ecart in resultat.avertissements:
                    messages.warning(request, f"Enregistré, mais à corriger avant le dépôt : {ecart.message}")
            elif valides:
                dossier = services_dossiers.dossier_enregistrer_section(dossier=dossier, section=section, donnees=valides, par=request.user)
        except ErreurMetier as erreur:
            erreur_metier_dans_formulaire(form, erreur)
        if not form.errors:
            heure = formats.date_format(en_paris(maintenant()), "H \\h i")
            messages.success(request, f"Section « {sections[section].titre} » enregistrée à {heure}.")
            if section == "budget" and (explication := budget_a_expliquer(dossier.section("budget"))):
                # Said now, not only at the deposit; the page stays on the budget, next to the field.
                messages.warning(request, f"Enregistré, mais à compléter avant le dépôt : {explication}")
                return redirect(f"{_url_section(dossier, section)}?enregistre={section}")
            suivante = _section_suivante(section, dossier, request.user, list(sections.values()))
            cible = suivante if "suivante" in request.POST and suivante else section
            # ``enregistre`` tells the page's script that the browser's backup of this section is saved.
            return redirect(f"{_url_section(dossier, cible)}?enregistre={section}")
        messages.error(
            request, "Certains champs sont à corriger. Ce qui était valide a été enregistré ; vos saisies sont conservées ci-dessous."
        )
    else:
        form = _bonus_selon_implantation(formulaire_section(section, dossier, formulaires=formulaires), dossier)
        enregistre = request.GET.get("enregistre", "") if request.GET.get("enregistre") in sections else ""
    if section == "budget" and (explication := budget_a_expliquer(dossier.section("budget"))):
        form.avertissements = {"explication": f"À remplir avant le dépôt. {explication}"}
    suivante = _section_suivante(section, dossier, request.user, list(sections.values()))
    contexte = _contexte_dossier(
        request,
        dossier,
        title=f"{sections[section].titre} — dossier {dossier}",
        form=form,
        section=sections[section],
        suivante=sections[suivante] if suivante else None,
        enregistre=enregistre,
    )
    return render(request, "candidatures/porteur/section.html", contexte, status=200)


@login_required
def dossier_pieces(request, pk: int):
    dossier = _dossier(request, pk)
    modifiable = "pieces" in sections_editables(request.user, dossier)
    form = PieceForm()
    if request.method == "POST":
        if not modifiable:
            raise PermissionDenied
        form = PieceForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                piece = piece_ajouter(
                    dossier=dossier, type=form.cleaned_data["type"], fichier=form.cleaned_data["fichier"], par=request.user
                )
            except ErreurMetier as erreur:
                erreur_metier_dans_formulaire(form, erreur)
            else:
                messages.success(request, f"« {piece.nom} » ajouté ({taille_lisible(piece.taille)}).")
                return redirect("candidatures:dossier_pieces", pk=dossier.pk)
    pieces = list(dossier.pieces.all())
    total = sum(p.taille for p in pieces)
    contexte = _contexte_dossier(
        request,
        dossier,
        title=f"Pièces jointes — dossier {dossier}",
        form=form,
        pieces=pieces,
        section=SECTIONS_PAR_CODE["pieces"],
        total=taille_lisible(total),
        total_max=taille_lisible(TAILLE_MAX_DOSSIER),
        form_remplacer=RemplacerPieceForm(),
        pieces_modifiables=modifiable,
    )
    return render(request, "candidatures/porteur/pieces.html", contexte, status=400 if form.errors else 200)


def _piece(request, pk: int, piece_pk: int, regle: str) -> PieceJointe:
    piece = get_object_or_404(PieceJointe.objects.select_related("dossier__tiers_lieu"), pk=piece_pk, dossier_id=pk)
    exiger(request.user, regle, piece.dossier if regle.startswith(("dossier.", "pieces.")) else piece)
    return piece


@login_required
@require_POST
@erreur_en_message("candidatures:dossier_pieces", "pk")
def piece_remplacer_vue(request, pk: int, piece_pk: int):
    piece = _piece(request, pk, piece_pk, "pieces.modifier")
    form = RemplacerPieceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choisissez le fichier qui remplacera la pièce.")
    else:
        piece = piece_remplacer(piece=piece, fichier=form.cleaned_data["fichier"], par=request.user)
        messages.success(request, f"Pièce remplacée par « {piece.nom} ».")
    return redirect("candidatures:dossier_pieces", pk=pk)


@login_required
@require_POST
@erreur_en_message("candidatures:dossier_pieces", "pk")
def piece_supprimer_vue(request, pk: int, piece_pk: int):
    piece = _piece(request, pk, piece_pk, "pieces.modifier")
    nom = piece.nom
    piece_supprimer(piece=piece, par=request.user)
    messages.success(request, f"« {nom} » supprimé.")
    return redirect("candidatures:dossier_pieces", pk=pk)


@login_required
def piece_telecharger(request, pk: int, piece_pk: int):
    piece = _piece(request, pk, piece_pk, "piece.telecharger")
    return telechargement(piece.fichier, piece.nom, piece.type_mime)


@login_required
def dossier_deposer(request, pk: int):
    dossier = _dossier(request, pk)
    if not dossier.est_brouillon:
        messages.info(request, f"Le dossier {dossier} est déjà déposé.")
        return redirect("candidatures:dossier", pk=dossier.pk)
    exiger(request.user, "dossier.deposer", dossier)
    erreur = None
    if request.method == "POST":
        try:
            dossier = services_dossiers.dossier_deposer(dossier=dossier, par=request.user)
        except ErreurMetier as exc:
            erreur = exc.message
        else:
            messages.success(
                request, f"Votre dossier est déposé sous le numéro {dossier.numero}. L'accusé de réception vous est envoyé par courriel."
            )
            return redirect("candidatures:dossier", pk=dossier.pk)
    contexte = _contexte_dossier(
        request, dossier, title=f"Déposer le dossier — {dossier.tiers_lieu}", erreur=erreur, pieces=list(dossier.pieces.all())
    )
    return render(request, "candidatures/porteur/deposer.html", contexte, status=400 if erreur else 200)


@login_required
def dossier_retirer(request, pk: int):
    dossier = _dossier(request, pk)
    exiger(request.user, "dossier.retirer", dossier)
    erreur = None
    if request.method == "POST":
        try:
            services_dossiers.dossier_retirer(dossier=dossier, par=request.user)
        except ErreurMetier as exc:
            erreur = exc.message
        else:
            messages.success(
                request, "Votre dossier est retiré. Vous pourrez présenter une nouvelle candidature lors d'une prochaine vague."
            )
            return redirect("candidatures:mes_dossiers")
    return render(
        request,
        "candidatures/porteur/retirer.html",
        {"title": "Retirer le dossier", "dossier": dossier, "erreur": erreur},
        status=400 if erreur else 200,
    )


@login_required
@require_POST
@erreur_en_message("candidatures:dossier", "pk")
def dossier_reporter(request, pk: int):
    dossier = _dossier(request, pk, "dossier.modifier")
    vague = vague_ouverte()
    if vague is None:
        messages.error(request, "Aucune vague n'accepte de dossier en ce moment.")
        return redirect("candidatures:dossier", pk=dossier.pk)
    services_dossiers.dossier_reporter(dossier=dossier, vague=vague, par=request.user)
    messages.success(request, f"Votre brouillon est reporté à la {vague.titre}. Tout ce que vous aviez saisi est conservé.")
    return redirect("candidatures:dossier", pk=dossier.pk)


@login_required
def dossier_accuse(request, pk: int):
    dossier = _dossier(request, pk)
    exiger(request.user, "dossier.accuse_telecharger", dossier)
    if not dossier.accuse_reception:
        # Produced after commit; if that failed, produce it now (idempotent).
        dossier = dossier_accuse_produire(dossier_id=dossier.pk)
    return telechargement(dossier.accuse_reception, nom_fichier_accuse(dossier), "application/pdf")


@login_required
@require_POST
@erreur_en_message("candidatures:dossier", "pk")
def dossier_complements_renvoyer(request, pk: int):
    dossier = _dossier(request, pk, "dossier.completer")
    services_dossiers.dossier_complements_renvoyer(dossier=dossier, par=request.user)
    messages.success(request, "Vos compléments sont transmis à l'équipe d'instruction. Le dossier reprend son examen.")
    return redirect("candidatures:dossier", pk=dossier.pk)


@login_required
@require_POST
def dossier_message_envoyer(request, pk: int):
    dossier = _dossier(request, pk, "dossier.message_ecrire")
    form = MessagePorteurForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services_echanges.message_envoyer(
                dossier=dossier, auteur=request.user, texte=form.cleaned_data["texte"], fichier=form.cleaned_data.get("fichier")
            )
        except ErreurMetier as erreur:
            erreur_metier_dans_formulaire(form, erreur)
        else:
            messages.success(request, "Message envoyé à l'équipe d'instruction.")
            return redirect(f"{reverse('candidatures:dossier', args=[dossier.pk])}#echanges")
    if request.FILES.get("fichier") and "fichier" not in form.errors:
        form.add_error("fichier", "Choisissez à nouveau la pièce jointe : un fichier ne peut pas être conservé d'un envoi à l'autre.")
    return dossier_detail(request, pk, form_message=form)


@login_required
def message_fichier(request, pk: int, message_pk: int):
    message = get_object_or_404(Message.objects.select_related("dossier__tiers_lieu", "dossier__vague"), pk=message_pk, dossier_id=pk)
    exiger(request.user, "message.fichier_telecharger", message)
    if not message.fichier:
        raise Http404("Ce message n'a pas de pièce jointe.")
    return telechargement(message.fichier, message.fichier_nom, message.fichier_type)
