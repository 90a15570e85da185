"""The portal's urls plus the floor of the benchmark: a minimal Django view, the same for a signed-in
user, and the portal's empty page shell (base.html), all served through the same middleware and
database."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path


def minimal(request):
    return HttpResponse("ok", content_type="text/plain")


@login_required
def minimal_connecte(request):
    """The minimal view a signed-in page can be: the session and the user are read (login_required)."""
    return HttpResponse("ok", content_type="text/plain")


def gabarit_vide(request):
    return render(request, "base.html", {"title": "Mesure"})


urlpatterns = [
    path("bench/minimal/", minimal, name="bench_minimal"),
    path("bench/minimal-connecte/", minimal_connecte, name="bench_minimal_connecte"),
    path("bench/gabarit-vide/", gabarit_vide, name="bench_gabarit_vide"),
    path("", include("config.urls")),
]

handler400 = "commun.views.erreur_400"
handler403 = "commun.views.erreur_403"
handler404 = "commun.views.erreur_404"
handler500 = "commun.views.erreur_500"
