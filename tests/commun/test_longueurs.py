"""No text is cut silently: no field of any form carries the HTML maxlength, each limited field says
its limit (and counts as one types), and the server refuses an over-long text while keeping it."""

import datetime as dt
import html
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
import time_machine
from django import forms
from django.conf import settings
from django.forms.renderers import get_default_renderer
from django.forms.widgets import ChoiceWidget
from django.urls import reverse

from candidatures.models import Dossier
from tests.candidatures import factories as f

APPLICATIONS = ["commun", "comptes", "fabriques", "candidatures", "financement"]
RACINE = Path(settings.BASE_DIR)


def _formulaires() -> list[type[forms.BaseForm]]:
    """Every form class of the portal's apps, and those of allauth the portal shows."""
    modules = ["allauth.account.forms", "allauth.mfa.totp.forms"]
    for application in APPLICATIONS:
        paquet = importlib.import_module(application)
        modules += [
            m.name
            for m in pkgutil.walk_packages(paquet.__path__, f"{application}.")
            if "forms" in m.name.rsplit(".", 1)[-1] or m.name.startswith((f"{application}.views", f"{application}.forms."))
        ]
    classes = set()
    for nom in modules:
        module = importlib.import_module(nom)
        for _, objet in inspect.getmembers(module, inspect.isclass):
            if issubclass(objet, forms.BaseForm) and objet.__module__ == nom:
                classes.add(objet)
    return sorted(classes, key=lambda c: f"{c.__module__}.{c.__qualname__}")


FORMULAIRES = _formulaires()


def test_les_formulaires_du_portail_sont_tous_passes_en_revue():
    noms = {c.__name__ for c in FORMULAIRES}
    assert {"PresentationForm", "MessagePorteurForm", "MessageForm", "TiersLieuForm", "SignupForm"} <= noms
    # Each has at least one limited field in the list: the check below is not vacuous.
    assert sum(1 for c in FORMULAIRES for champ in c.base_fields.values() if getattr(champ, "max_length", None)) > 30


@pytest.mark.parametrize("classe", FORMULAIRES, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_aucun_champ_limite_ne_coupe_un_texte_sans_le_dire(classe):
    rendu = get_default_renderer()
    for nom, champ in classe.base_fields.items():
        if isinstance(champ.widget, ChoiceWidget):  # lists and boxes: nothing typed
            continue
        longueur = getattr(champ, "max_length", None)
        html = champ.widget.render(nom, "x" * ((longueur or 10) + 50), renderer=rendu)
        assert "maxlength" not in html, f"{classe.__name__}.{nom} : {html}"
        if longueur and not champ.widget.is_hidden:
            assert f'data-longueur-max="{longueur}"' in html, f"{classe.__name__}.{nom} : {html}"


def test_aucun_gabarit_n_ecrit_maxlength_a_la_main():
    fautifs = [str(p.relative_to(RACINE)) for p in (RACINE / "templates").rglob("*.html") if "maxlength" in p.read_text()]
    assert not fautifs


@pytest.mark.django_db
def test_un_texte_trop_long_est_refuse_et_garde_dans_le_champ(client, porteur):
    with time_machine.travel(dt.datetime(2026, 11, 23, 15, tzinfo=dt.UTC), tick=False):
        dossier = f.brouillon(porteur, f.vague(), f.tiers_lieu(porteur))
        client.force_login(porteur)
        url = reverse("candidatures:dossier_section", args=[dossier.pk, "presentation"])
        page = client.get(url).content.decode()
        # The limit is said under the field, tied to it for screen readers, without maxlength.
        assert (
            '<p class="fr-hint-text fr-mt-1v fr-mb-0 compteur-caracteres" id="id_resume-compteur">3\u202f000 caractères au maximum.</p>'
            in page
        )
        assert re.search(r'<textarea[^>]*aria-describedby="[^"]*id_resume-compteur', page)
        trop_long = "Un lieu ouvert à tous.\r\n" * 175  # 4 200 characters as the browser sends them
        reponse = client.post(url, {"nom_projet": "La Canopée", "resume": trop_long, "publics": "Habitants"})
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Ce texte compte 4\u202f024 caractères : 3\u202f000 au maximum. Il est conservé ci-dessous" in page
    # The whole text is back in the field, as typed.
    champ = re.search(r'<textarea name="resume"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert html.unescape(champ).replace("\r\n", "\n").strip() == trop_long.replace("\r\n", "\n").strip()
    dossier.refresh_from_db()
    assert "resume" not in dossier.section("presentation")
    assert dossier.section("presentation")["nom_projet"] == "La Canopée"


@pytest.mark.django_db
def test_un_saut_de_ligne_compte_pour_un_caractere(client, porteur):
    dossier = f.brouillon(porteur, f.vague(), f.tiers_lieu(porteur))
    client.force_login(porteur)
    texte = ("a" * 99 + "\r\n") * 30  # 3 000 characters with the line breaks counted once
    client.post(reverse("candidatures:dossier_section", args=[dossier.pk, "presentation"]), {"resume": texte})
    assert Dossier.objects.get(pk=dossier.pk).section("presentation")["resume"] == texte.replace("\r\n", "\n").strip()
