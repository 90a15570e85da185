"""The audit trail, read-only, for administrateurs: per dossier and per user, paginated."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from candidatures.models import Dossier
from commun.journal_lisible import entree_lisible
from commun.models import EntreeJournal
from commun.politique import exiger
from comptes.models import User

from .forms import FiltreJournalForm
from .selectors import journal_filtre

PAR_PAGE = 50


def _dossier_id(valeur: str):
    """Return the dossier's identifier for a number or an id (a purged dossier keeps its id)."""
    valeur = valeur.strip()
    if valeur.isdigit():
        return int(valeur)
    pk = Dossier.objects.filter(numero__iexact=valeur).values_list("pk", flat=True).first()
    if pk is None:  # a purged dossier: the journal still knows it by its number
        objet_id = (
            EntreeJournal.objects.filter(objet_type="candidatures.dossier", objet_libelle__iexact=valeur)
            .values_list("objet_id", flat=True)
            .first()
        )
        pk = int(objet_id) if objet_id and objet_id.isdigit() else None
    return pk


@login_required
@require_GET
def journal(request):
    exiger(request.user, "journal.consulter")
    form = FiltreJournalForm(request.GET or None)
    entrees = None
    statut = 200
    if not request.GET:
        entrees = journal_filtre()
    elif form.is_valid():
        d = form.cleaned_data
        filtres = {"action": d["action"].strip(), "du": d["du"], "au": d["au"]}
        if d["dossier"]:
            filtres["dossier"] = _dossier_id(d["dossier"])
            if filtres["dossier"] is None:
                form.add_error("dossier", f"Aucun dossier ne porte le numéro « {d['dossier'].strip()} ».")
        if d["utilisateur"]:
            filtres["utilisateur"] = User.objects.filter(email__iexact=d["utilisateur"]).first()
            if filtres["utilisateur"] is None:
                form.add_error("utilisateur", "Aucun compte ne porte cette adresse.")
        if not form.errors:
            entrees = journal_filtre(**filtres)
    if form.errors:
        statut = 400
    page = Paginator(entrees, PAR_PAGE).get_page(request.GET.get("page")) if entrees is not None else None
    if page is not None:
        page.object_list = [(entree, entree_lisible(entree)) for entree in page.object_list]
    parametres = request.GET.copy()
    parametres.pop("page", None)
    contexte = {"title": "Journal d'audit", "form": form, "page": page, "parametres": parametres.urlencode()}
    return render(request, "comptes/journal.html", contexte, status=statut)
