"""What the programme offers its Fabriques besides the grant, in the words of its flyer (004) and
of the prefecture's note (001): one source for the home page, the deposit confirmation (page,
proof of deposit, e-mail) and the laureate e-mail."""

from django.conf import settings

TITRE = "Un accompagnement, une communauté"

# Each point: (title, text). An offer, never a duty: the texts say so.
OFFRE = [
    (
        "Un accompagnement sur mesure par France Tiers-Lieux",
        "L'association nationale France Tiers-Lieux accompagne les porteurs de projets : développement de votre tiers-lieu "
        "et mise en réseau, selon vos besoins.",
    ),
    (
        "Une communauté de Fabriques de territoire",
        "Les Fabriques forment une communauté animée par l'ANCT, structurée par les communs et le partage : rencontres "
        "annuelles, événements (Numériques en Communs), échanges de pair à pair. Y prendre part est une offre, pas une obligation.",
    ),
]


def contact() -> str:
    """The programme's contact address (setting PROGRAMME_CONTACT, published on the flyer)."""
    return settings.PROGRAMME_CONTACT


def contexte() -> dict:
    return {"titre": TITRE, "offre": OFFRE, "contact": contact()}
