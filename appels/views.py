"""The read-only page of the calls for the programme team: each call, its versions and their files."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from commun.politique import exiger

from .models import Appel


@login_required
def liste(request):
    """Every call with its versions (newest first), what the current one says, and each file as loaded."""
    exiger(request.user, "appel.consulter")
    appels = Appel.objects.prefetch_related("versions__charge_par").annotate(nb_vagues=Count("vagues", distinct=True)).order_by("id")
    return render(request, "appels/liste.html", {"appels": appels, "title": "Appels du programme"})
