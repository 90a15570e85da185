"""Password strength, estimated by zxcvbn (how many guesses an attacker needs), with a French message.

Length and a list of common passwords (Django's validators) let through « aaaaaaaaaaaa »,
« motdepasse123 » or « azertyuiop12 »: zxcvbn sees repeats, keyboard rows, dates, dictionary words
and the user's own e-mail and name, and scores 0 (guessed at once) to 4 (very hard to guess).
"""

import re

from django.core.exceptions import ValidationError
from zxcvbn import zxcvbn

# Words anyone would try first against this portal's accounts.
MOTS_DU_PORTAIL = ["fabriques", "fabrique", "territoire", "territoires", "anct", "tiers-lieux", "tiers", "lieux", "cohesion", "demo"]
# zxcvbn's time grows with the length; beyond this a password is long enough to be scored on its start.
LONGUEUR_ESTIMEE = 64


class RobustesseValidator:
    """Refuse a password whose zxcvbn score is below ``score_min`` (setting MOT_DE_PASSE_SCORE_MIN)."""

    def __init__(self, score_min: int | None = None):
        from django.conf import settings

        self.score_min = settings.MOT_DE_PASSE_SCORE_MIN if score_min is None else score_min

    def _indices(self, user) -> list[str]:
        indices = list(MOTS_DU_PORTAIL)
        if user is not None:
            for valeur in (getattr(user, "email", ""), getattr(user, "first_name", ""), getattr(user, "last_name", "")):
                if valeur:
                    indices.extend([valeur.lower(), valeur.lower().split("@")[0]])
                    indices.extend(morceau for morceau in re.split(r"[@.\-_+ ]", valeur.lower()) if len(morceau) > 2)
        return indices

    def validate(self, password, user=None):
        resultat = zxcvbn(password[:LONGUEUR_ESTIMEE], user_inputs=self._indices(user))
        if resultat["score"] < self.score_min:
            raise ValidationError(
                "Ce mot de passe est trop facile à deviner (répétitions, suite de clavier, mot courant, date ou votre "
                "adresse). Choisissez plutôt trois ou quatre mots sans rapport entre eux, séparés par des tirets.",
                code="mot_de_passe_trop_faible",
            )

    def get_help_text(self):
        return (
            "Votre mot de passe doit être difficile à deviner : par exemple trois ou quatre mots sans rapport entre "
            "eux, séparés par des tirets."
        )
