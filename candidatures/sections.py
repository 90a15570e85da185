"""The sections of a dossier, in the order of the AMI. Codes are shared by the applicant's form,
the completeness checklist, the requests for complements and the reviewers' view."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    code: str
    titre: str


SECTIONS = [
    Section("presentation", "Présentation du projet"),
    Section("ambition", "Critère 1 — Ambition pour le territoire et les autres tiers-lieux"),
    Section("ancrage", "Critère 2 — Ancrage territorial et porteur identifié"),
    Section("gouvernance", "Critère 3 — Gouvernance"),
    Section("modele_economique", "Critère 4 — Modèle économique"),
    Section("roles", "Les quatre rôles de la Fabrique et les activités prévues"),
    Section("partenaires", "Partenaires"),
    Section("budget", "Budget prévisionnel sur 3 ans"),
    Section("montants", "Montants demandés"),
    Section("pieces", "Pièces jointes"),
]
SECTIONS_PAR_CODE = {s.code: s for s in SECTIONS}
