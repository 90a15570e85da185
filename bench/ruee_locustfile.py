"""Locust scenario of the deadline rush: each applicant logs in, saves a section several times and
deposits, in the last minutes before the deadline. Every answer is recorded for the final checks."""

import itertools
import json
import os
import re
import time

from locust import HttpUser, between, events, task

COMPTES = json.loads(os.environ["RUEE_COMPTES"])
RESULTATS = os.environ["RUEE_RESULTATS"]
MOT_DE_PASSE = os.environ["RUEE_MOT_DE_PASSE"]
_indices = itertools.count()
_journal: list[dict] = []


def _csrf(reponse) -> str:
    trouve = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', reponse.text)
    return trouve.group(1) if trouve else ""


class Porteur(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self):
        self.compte = COMPTES[next(_indices) % len(COMPTES)]
        self.version = 0
        self.depose = False
        page = self.client.get("/compte/login/", name="connexion (page)")
        self.client.post(
            "/compte/login/",
            {"login": self.compte["email"], "password": MOT_DE_PASSE, "csrfmiddlewaretoken": _csrf(page)},
            name="connexion",
            allow_redirects=False,
        )

    def _noter(self, action, reponse, debut, **extra):
        _journal.append(
            {
                "email": self.compte["email"],
                "dossier": self.compte["dossier"],
                "action": action,
                "statut": reponse.status_code,
                "debut": debut,
                "fin": time.time(),
                **extra,
            }
        )

    @task(5)
    def enregistrer_section(self):
        if self.depose:
            return
        url = f"/candidatures/dossiers/{self.compte['dossier']}/sections/presentation/"
        page = self.client.get(url, name="section (page)")
        self.version += 1
        texte = f"Résumé enregistré pendant la ruée, version {self.version}."
        debut = time.time()
        reponse = self.client.post(
            url,
            {"nom_projet": "Projet de la ruée", "resume": texte, "publics": "Habitants", "csrfmiddlewaretoken": _csrf(page)},
            name="section (enregistrer)",
            allow_redirects=False,
        )
        self._noter("section", reponse, debut, texte=texte)

    @task(1)
    def deposer(self):
        if self.depose or self.version < 2:
            return
        url = f"/candidatures/dossiers/{self.compte['dossier']}/deposer/"
        page = self.client.get(url, name="dépôt (page)")
        if page.status_code != 200:
            return
        debut = time.time()
        with self.client.post(
            url, {"csrfmiddlewaretoken": _csrf(page)}, name="dépôt", allow_redirects=False, catch_response=True
        ) as reponse:
            refuse_delai = reponse.status_code == 400 and "date limite" in reponse.text
            self._noter("depot", reponse, debut, refus_delai=refuse_delai)
            if reponse.status_code == 302 or refuse_delai:
                reponse.success()  # a refusal after the deadline is the expected answer
                self.depose = True


@events.test_stop.add_listener
def _ecrire(environment, **kwargs):
    with open(RESULTATS, "w") as fichier:
        json.dump(_journal, fichier)
