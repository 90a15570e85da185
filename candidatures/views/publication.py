"""Closing and publication: the administrateur's buttons and job page, and the public laureate pages
(HTML, PDF, CSV and JSON open data; no login, cache-friendly, constant number of queries)."""
import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_POST

from commun.cache import page_publique_en_cache
from commun.erreurs import ErreurMetier
from commun.politique import exiger

from ..models import Publication, Vague
from ..selectors_publication import (
    CHAMPS_OPENDATA,
    cle_de_tri,
    laureats_cumules,
    laureats_de_la_vague,
    par_region,
    publication_terminee,
    vagues_publiees,
)
from ..services.cloture import vague_cloturer
from ..services.publication import vague_publier

PUBLIC = cache_control(public=True, max_age=300)


# --- Administrateur -------------------------------------------------------------------------
@login_required
@require_POST
def vague_cloturer_vue(request, pk: int):
    exiger(request.user, "vague.gerer")
    vague = get_object_or_404(Vague, pk=pk)
    try:
        bilan = vague_cloturer(vague_id=vague.pk, par=request.user)
    except ErreurMetier as erreur:
        messages.error(request, erreur.message)
    else:
        (messages.info if bilan.deja_cloturee else messages.success)(request, str(bilan))
    return redirect("candidatures:vagues_admin")


@login_required
def vague_publication(request, pk: int):
    """The publication job of a wave: start it, follow its progress, see an error, download the list."""
    exiger(request.user, "vague.gerer")
    vague = get_object_or_404(Vague.objects.select_related("grille"), pk=pk)
    publications = list(Publication.objects.filter(vague=vague).select_related("demandee_par")[:10])
    en_cours = next((p for p in publications if p.active), None)
    return render(request, "candidatures/publication/vague.html", {
        "title": f"Publication des résultats — vague {vague.numero}", "vague": vague, "publications": publications,
        "en_cours": en_cours, "derniere": publications[0] if publications else None,
        "cumulee": publication_terminee(None),
    })


@login_required
@require_POST
def vague_publier_vue(request, pk: int):
    exiger(request.user, "vague.gerer")
    vague = get_object_or_404(Vague, pk=pk)
    try:
        publication = vague_publier(vague=vague, par=request.user)
    except ErreurMetier as erreur:
        messages.error(request, erreur.message)
    else:
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
    return render(request, "candidatures/publication/laureats.html", {
        "title": "Lauréats des Fabriques de territoire", "vagues": vagues, "cumulee": publication_terminee(None),
    })


@PUBLIC
@page_publique_en_cache()
@condition(last_modified_func=_derniere_modification)
def laureats_vague(request, numero: int):
    vague = _vague_publiee(numero)
    laureats_ = laureats_de_la_vague(vague)
    return render(request, "candidatures/publication/laureats_vague.html", {
        "title": f"Lauréats de la vague {vague.numero}", "vague": vague, "groupes": par_region(laureats_),
        "total": len(laureats_), "total_numeriques": sum(1 for lau in laureats_ if lau.numerique),
        "publication": publication_terminee(vague),
    })


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
    ecrivain = csv.DictWriter(tampon, fieldnames=CHAMPS_OPENDATA, delimiter=";")
    ecrivain.writeheader()
    for lau in sorted(laureats_, key=_ordre):
        ligne = lau.opendata()
        ligne["nouvelle_fabrique"] = "oui" if ligne["nouvelle_fabrique"] else "non"
        ecrivain.writerow(ligne)
    reponse = HttpResponse(tampon.getvalue(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    reponse["Access-Control-Allow-Origin"] = "*"
    return reponse


def _json(laureats_, meta: dict) -> JsonResponse:
    reponse = JsonResponse({**meta, "champs": CHAMPS_OPENDATA, "laureats": [lau.opendata() for lau in sorted(laureats_, key=_ordre)]},
                           json_dumps_params={"ensure_ascii": False})
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
    return _json(laureats_de_la_vague(vague), {"vague": vague.numero, "titre": vague.titre,
                                               "date_publication": vague.date_publication.isoformat() if vague.date_publication else None})


@PUBLIC
@condition(last_modified_func=_derniere_modification)
def laureats_csv(request):
    return _csv(laureats_cumules(), "laureats-fabriques-de-territoire.csv")


@PUBLIC
@condition(last_modified_func=_derniere_modification)
def laureats_json(request):
    return _json(laureats_cumules(), {"titre": "Liste cumulée des Fabriques de territoire"})

