"""The sections of a dossier, in the order of the AMI. Codes are shared by the applicant's form,
the completeness checklist, the requests for complements and the reviewers' view."""
from dataclasses import dataclass

from .models.instruction import Critere


@dataclass(frozen=True)
class Section:
    code: str
    titre: str


SECTIONS = [
    Section("presentation", "Présentation du projet"),
    *(Section(c.value, f"Critère {rang} — {c.label}") for rang, c in enumerate(Critere, start=1)),
    Section("roles", "Les rôles de la Fabrique et les activités prévues"),
    Section("partenaires", "Partenaires"),
    Section("budget", "Budget prévisionnel sur 3 ans"),
    Section("montants", "Montants demandés"),
    Section("pieces", "Pièces jointes"),
]
SECTIONS_PAR_CODE = {s.code: s for s in SECTIONS}

# Fields that name the applicant, hidden from reviewers of a wave that anonymises dossiers (the
# free texts are the applicant's words: the AMI asks them not to name themselves there).
CHAMPS_IDENTIFIANTS = {"presentation": {"nom_projet"}}


def contenu_anonymise(contenu: dict) -> dict:
    """A copy of a dossier's content without the fields that name the applicant."""
    return {
        code: {champ: valeur for champ, valeur in (champs or {}).items() if champ not in CHAMPS_IDENTIFIANTS.get(code, ())}
        for code, champs in (contenu or {}).items()
    }
