"""Closing and publication: the administrateur's buttons and job page, and the public laureate pages
(HTML, PDF, CSV and JSON open data; no login, cache-friendly, constant number of queries)."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_POST

from candidatures.models import Publication, Vague
from candidatures.selectors.instruction import grille_de
from candidatures.services.cloture import vague_cloturer
from commun.cache import page_publique_en_cache
from commun.confirmation import Confirmation, confirmation_rendre, est_confirme
from commun.erreurs import erreur_en_message
from commun.exports import EcrivainCsv
from commun.politique import exiger

from ..selectors.publication import (
    CHAMPS_OPENDATA,
    apercu_publication,
    cle_de_tri,
    laureats_cumules,
    laureats_de_la_vague,
    par_region,
    publication_terminee,
    vagues_publiees,
)
from ..services.publication import vague_publier

PUBLIC = cache_control(public=True, max_age=300)


# --- Administrateur -------------------------------------------------------------------------
@login_required
@require_POST
@erreur_en_message("candidatures:vagues_admin")
def vague_cloturer_vue(request, pk: int):
    exiger(request.user, "vague.gerer")
    vague = get_object_or_404(Vague, pk=pk)
    bilan = vague_cloturer(vague_id=vague.pk, par=request.user)
    (messages.info if bilan.deja_cloturee else messages.success)(request, str(bilan))
    return redirect("candidatures:vagues_admin")


@login_required
def vague_publication(request, pk: int):
    """The publication job of a wave: start it, follow its progress, see an error, download the list."""
    exiger(request.user, "vague.gerer")
    vague = get_object_or_404(Vague.objects.select_related("grille"), pk=pk)
    publications = list(Publication.objects.filter(vague=vague).select_related("demandee_par")[:10])
    en_cours = next((p for p in publications if p.active), None)
    return render(
        request,
        "candidatures/publication/vague.html",
        {
            "title": f"Publication des résultats — vague {vague.numero}",
            "vague": vague,
            "publications": publications,
            "en_cours": en_cours,
            "derniere": publications[0] if publications else None,
            "cumulee": publication_terminee(None),
        },
    )


def _pluriel(n: int, singulier: str, pluriel: str) -> str:
    return f"{n} {singulier if n <= 1 else pluriel}"


@login_required
@erreur_en_message("candidatures:vague_publication", "pk")
def vague_publier_vue(request, pk: int):
    """Publish the results from a page that counts what will happen (labels, e-mails), then confirm."""
    exiger(request.user, "vague.gerer")
    vague = get_object_or_404(Vague.objects.select_related("grille"), pk=pk)
    if request.method != "POST" or not est_confirme(request.POST):
        if not grille_de(vague).comite_clos:
            messages.error(
                request, f"Le comité de la vague {vague.numero} n'est pas clos : les résultats ne peuvent pas encore être publiés."
            )
            return redirect("candidatures:vague_publication", pk=vague.pk)
        a = apercu_publication(vague)
        republier = vague.statut == Vague.Statut.RESULTATS_PUBLIES
        effets = [
            f"{_pluriel(a['retenus'], 'lauréat reçoit', 'lauréats reçoivent')} le label de la vague et figure"
            f"{'nt' if a['retenus'] > 1 else ''} sur la liste publique (PDF et données ouvertes)"
            + "".join(
                f" ; {texte}"
                for n, texte in (
                    (a["non_retenus"], _pluriel(a["non_retenus"], "dossier non retenu", "dossiers non retenus")),
                    (
                        a["ajournes"],
                        _pluriel(
                            a["ajournes"],
                            "dossier ajourné (reporté à la vague suivante)",
                            "dossiers ajournés (reportés à la vague suivante)",
                        ),
                    ),
                )
                if n
            )
            + ".",
            f"{_pluriel(a['courriels'], 'courriel partira', 'courriels partiront')} vers {_pluriel(a['porteurs'], 'porteur', 'porteurs')} "
            "pour leur annoncer la décision du comité (avec sa motivation pour un refus)"
            + (
                f" ; {_pluriel(a['deja_envoyes'], 'courriel déjà parti ne sera pas renvoyé', 'courriels déjà partis ne seront pas renvoyés')}."
                if a["deja_envoyes"]
                else "."
            ),
            "La vague passera à « Résultats publiés » ; la liste cumulée des Fabriques sera reconstruite."
            if not republier
            else "La liste de la vague et la liste cumulée seront reconstruites à l'identique.",
        ]
        confirmation = Confirmation(
            titre=f"{'Reconstruire la liste' if republier else 'Publier les résultats'} de la vague {vague.numero}",
            introduction=f"{vague} : {_pluriel(a['decisions'], 'décision définitive', 'décisions définitives')} du comité de sélection.",
            effets=effets,
            definitif="" if republier else "Une décision annoncée par courriel ne peut pas être reprise.",
            bouton="Reconstruire la liste" if republier else f"Publier et envoyer {_pluriel(a['courriels'], 'courriel', 'courriels')}",
            action=reverse("candidatures:vague_publier", args=[vague.pk]),
            retour=reverse("candidatures:vague_publication", args=[vague.pk]),
        )
        return confirmation_rendre(request, confirmation)
    publication = vague_publier(vague=vague, par=request.user)
    publication.refresh_from_db()
    if publication.statut == Publication.Statut.TERMINEE:
        messages.success(request, "Les résultats sont publiés : la liste des lauréats est en ligne.")
    elif publication.statut == Publication.Statut.ECHEC:
        messages.error(request, "La publication a échoué : voir l'erreur ci-dessous.")
    else:
        messages.info(request, "La publication est lancée : suivez sa progression sur cette page.")
    return redirect("candidatures:vague_publication", pk=vague.pk)


# --- Public ---------------------------------------------------------------------------------
def _vague_publiee(numero: int) -> Vague:
    return get_object_or_404(Vague, numero=numero, statut=Vague.Statut.RESULTATS_PUBLIES)


def _derniere_modification(request, numero=None, **kwargs):
    publication = Publication.objects.filter(statut=Publication.Statut.TERMINEE)
    if numero is not None:
        publication = publication.filter(vague__numero=numero)
    return publication.order_by("-terminee_le").values_list("terminee_le", flat=True).first()


@PUBLIC
@page_publique_en_cache()
@condition(last_modified_func=_derniere_modification)
def laureats(request):
    vagues = list(vagues_publiees())
    return render(
        request,
        "candidatures/publication/laureats.html",
        {
            "title": "Lauréats des Fabriques de territoire",
            "vagues": vagues,
            "cumulee": publication_terminee(None),
        },
    )


@PUBLIC
@page_publique_en_cache()
@condition(last_modified_func=_derniere_modification)
def laureats_vague(request, numero: int):
    vague = _vague_publiee(numero)
    laureats_ = laureats_de_la_vague(vague)
    return render(
        request,
        "candidatures/publication/laureats_vague.html",
        {
            "title": f"Lauréats de la vague {vague.numero}",
            "vague": vague,
            "groupes": par_region(laureats_),
            "total": len(laureats_),
            "total_numeriques": sum(1 for lau in laureats_ if lau.numerique),
            "publication": publication_terminee(vague),
        },
    )


def _pdf(publication, nom: str):
    if publication is None or not publication.fichier:
        raise Http404("La liste des lauréats n'est pas encore publiée.")
    try:
        fichier = publication.fichier.open("rb")
    except FileNotFoundError:
        raise Http404("La liste des lauréats est en cours de reconstruction.")
    reponse = FileResponse(fichier, content_type="application/pdf", as_attachment=False, filename=nom)
    reponse["ETag"] = f'"{publication.sha256}"'
    return reponse


@PUBLIC
def laureats_vague_pdf(request, numero: int):
    vague = _vague_publiee(numero)
    return _pdf(publication_terminee(vague), f"laureats-vague-{vague.numero}.pdf")


@PUBLIC
def laureats_pdf(request):
    return _pdf(publication_terminee(None), "laureats-fabriques-de-territoire.pdf")


def _csv(laureats_, nom: str) -> HttpResponse:
    tampon = io.StringIO()
    tampon.write("\ufeff")  # Excel opens UTF-8 with a BOM
    ecrivain = EcrivainCsv(tampon)  # the portal's one export writer: a laureate's texts cannot become formulas
    ecrivain.ligne(CHAMPS_OPENDATA)
    for lau in sorted(laureats_, key=_ordre):
        ligne = lau.opendata()
        ligne["nouvelle_fabrique"] = "oui" if ligne["nouvelle_fabrique"] else "non"
        ecrivain.ligne_dict(ligne, CHAMPS_OPENDATA)
    reponse = HttpResponse(tampon.getvalue(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    reponse["Access-Control-Allow-Origin"] = "*"
    return reponse


def _json(laureats_, meta: dict) -> JsonResponse:
    reponse = JsonResponse(
        {**meta, "champs": CHAMPS_OPENDATA, "laureats": [lau.opendata() for lau in sorted(laureats_, key=_ordre)]},
        json_dumps_params={"ensure_ascii": False},
    )
    reponse["Access-Control-Allow-Origin"] = "*"
    return reponse


def _ordre(lau):
    return cle_de_tri(lau)


@PUBLIC
@condition(last_modified_func=_derniere_modification)
def laureats_vague_csv(request, numero: int):
    vague = _vague_publiee(numero)
    return _csv(laureats_de_la_vague(vague), f"laureats-vague-{vague.numero}.csv")


@PUBLIC
@condition(last_modified_func=_derniere_modification)
def laureats_vague_json(request, numero: int):
    vague = _vague_publiee(numero)
    return _json(
        laureats_de_la_vague(vague),
        {
            "vague": vague.numero,
            "titre": vague.titre,
            "date_publication": vague.date_publication.isoformat() if vague.date_publication else None,
        },
    )


@PUBLIC
@condition(last_modified_func=_derniere_modification)
def laureats_csv(request):
    return _csv(laureats_cumules(), "laureats-fabriques-de-territoire.csv")


@PUBLIC
@condition(last_modified_func=_derniere_modification)
def laureats_json(request):
    return _json(laureats_cumules(), {"titre": "Liste cumulée des Fabriques de territoire"})
