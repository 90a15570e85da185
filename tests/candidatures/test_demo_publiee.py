"""What the demo publishes reads like the programme's documents: the public cumulative list names
the Fabriques numériques the documents name."""
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from fabriques.models import Label
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


def test_la_liste_cumulee_de_la_demo_nomme_les_fabriques_numeriques_des_documents(client):
    call_command("charger_demo", stdout=io.StringIO())
    reponse = client.get(reverse("candidatures:laureats_pdf"))
    assert reponse.status_code == 200
    lu = " ".join(texte(b"".join(reponse.streaming_content) if reponse.streaming else reponse.content).split())
    for nom, departement, ville in NUMERIQUES_DES_DOCUMENTS:
        assert _ligne(nom, departement, ville).search(lu), nom
    numeriques = Label.objects.filter(type=Label.Type.NUMERIQUE).values("tiers_lieu").distinct().count()
    assert numeriques >= 10
    assert f"dont {numeriques} Fabriques numériques" in lu
