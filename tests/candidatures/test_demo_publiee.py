"""What the demo publishes reads like the programme's documents: the public cumulative list names
the Fabriques numériques the documents name; fictional entities cannot be taken for real ones;
waves are numbered and dated in calendar order, with dossier numbers that match their wave."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from candidatures.models import Dossier, Vague
from fabriques.models import Label, SourceTiersLieu, TiersLieu
from fabriques.models import texte_sans_accents as _cle
from tests.pdf import texte

pytestmark = pytest.mark.django_db(transaction=True)

# (structure as published, département, ville) of each Fabrique numérique a document names.
NUMERIQUES_DES_DOCUMENTS = [
    ("La Grange Numérique CSC du Neuhof", "67 - Bas-Rhin", "STRASBOURG"),  # 001
    ("Artefact PRL", "67 - Bas-Rhin", "STRASBOURG"),  # 001
    ("La Cabane des créateurs", "67 - Bas-Rhin", "SCHILTIGHEIM"),  # 001
    ("Consortium TIX", "67 - Bas-Rhin", "BISCHWILLER"),  # 001
    ("La Gare Numérique", "84 - Vaucluse", "CARPENTRAS"),  # 000
    ("Fabrique Numérique VICHYCO", "03 - Allier", "VICHY"),  # 003, the published name
]


def _ligne(nom: str, departement: str, ville: str) -> re.Pattern:
    return re.compile(rf"{re.escape(nom)}\s*(?:Nouvelle Fabrique\s*)?{re.escape(departement)}\s*{re.escape(ville)}\s*Fabrique numérique")


def test_la_demonstration(client):
    call_command("charger_demo", stdout=io.StringIO())
    _la_liste_cumulee_nomme_les_fabriques_numeriques_des_documents(client)
    _les_noms_fictifs_ne_sont_pas_ceux_de_la_liste_publiee()
    _vagues_et_numeros_dans_l_ordre_du_calendrier()


def _les_noms_fictifs_ne_sont_pas_ceux_de_la_liste_publiee():
    publies = {
        _cle(nom) for nom in TiersLieu.objects.filter(source=SourceTiersLieu.LISTE_PUBLIEE).values_list("structure_porteuse", flat=True)
    }
    publies |= {_cle(nom) for nom in TiersLieu.objects.filter(source=SourceTiersLieu.LISTE_PUBLIEE).values_list("nom", flat=True)}
    fictifs = TiersLieu.objects.exclude(source=SourceTiersLieu.LISTE_PUBLIEE)
    assert fictifs.count() >= 20
    for lieu in fictifs:
        assert "(démonstration)" in lieu.nom, lieu.nom
        assert _cle(lieu.nom) not in publies and _cle(lieu.structure_porteuse) not in publies, lieu.nom
    # The real places of the documents are only imported rows: never the laureate of a demo wave.
    for reel in ("La Gare Numérique", "Station A"):
        assert set(TiersLieu.objects.filter(nom__iexact=reel).values_list("source", flat=True)) <= {SourceTiersLieu.LISTE_PUBLIEE}
    assert not Label.objects.filter(vague__isnull=False, tiers_lieu__source=SourceTiersLieu.LISTE_PUBLIEE).exists()


def _vagues_et_numeros_dans_l_ordre_du_calendrier():
    vagues = list(Vague.objects.order_by("numero"))
    assert len(vagues) >= 4
    for avant, apres in zip(vagues, vagues[1:], strict=False):
        assert avant.date_ouverture < apres.date_ouverture and avant.date_limite < apres.date_limite, (avant.numero, apres.numero)
    for dossier in Dossier.objects.exclude(numero=None).select_related("vague"):
        vague = dossier.vague
        assert dossier.numero.startswith(f"FDT-{vague.date_limite.year}-V{vague.rang_dans_annee}-"), (dossier.numero, vague.numero)
    publiees = list(Vague.objects.filter(statut=Vague.Statut.RESULTATS_PUBLIES))
    assert publiees and all(v.date_publication >= v.date_limite for v in publiees)


def _la_liste_cumulee_nomme_les_fabriques_numeriques_des_documents(client):
    reponse = client.get(reverse("candidatures:laureats_pdf"))
    assert reponse.status_code == 200
    lu = " ".join(texte(b"".join(reponse.streaming_content) if reponse.streaming else reponse.content).split())
    for nom, departement, ville in NUMERIQUES_DES_DOCUMENTS:
        assert _ligne(nom, departement, ville).search(lu), nom
    numeriques = Label.objects.filter(type=Label.Type.NUMERIQUE).values("tiers_lieu").distinct().count()
    assert numeriques >= 10
    assert f"dont {numeriques} Fabriques numériques" in lu
