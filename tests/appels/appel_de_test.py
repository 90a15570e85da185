"""A third call that exists only in the tests: the portal runs it from its file, with no code of its own.

« Tiers-lieux ruraux (appel de test) »: three criteria weighted 3, 2 and 1 on a scale of 1 to 10,
two deadlines a year (31/05 and 30/11), two years of at most 40 000 €, 30 000 € to 80 000 € in
all, no bonus, associations and SCIC outside the big cities only.
"""

import re

from appels.services import FICHIERS

FABRIQUES = (FICHIERS / "fabriques-de-territoire.toml").read_text(encoding="utf-8")

CRITERES = """[[criteres]]
code = "utilite"
libelle = "Utilité pour les habitants du bassin de vie"
poids = 3

[[criteres]]
code = "cooperation"
libelle = "Coopération avec les communes voisines"
poids = 2

[[criteres]]
code = "sobriete"
libelle = "Sobriété du projet"
poids = 1

"""


COMMUNE_RURALE = """[[sections.champs]]
code = "commune_rurale"
libelle = "Commune rurale d'implantation"
type = "ligne"
longueur_max = 100
obligatoire = true

"""


def texte_appel_de_test(
    *, plafond_annuel: int = 40000, total_minimum: int = 30000, total_maximum: int = 80000, sections_propres: bool = False
) -> str:
    """The test call's file (built from the Fabriques' sections, with its own rules). With
    ``sections_propres``, its dossier has no « roles » nor « partenaires » section and its
    presentation asks, in addition, for the rural commune of the place."""
    texte = FABRIQUES
    if sections_propres:
        texte = re.sub(r'\[\[sections\]\]\ncode = "(roles|partenaires)".*?(?=\[\[sections\]\]\n)', "", texte, flags=re.S)
        texte = texte.replace('[[sections]]\ncode = "ambition"', COMMUNE_RURALE + '[[sections]]\ncode = "ambition"', 1)
    texte = texte.replace('slug = "fabriques-de-territoire"', 'slug = "tiers-lieux-ruraux-test"')
    texte = texte.replace("Appel à manifestation d'intérêt « Fabriques de territoire »", "Appel « Tiers-lieux ruraux » (appel de test)")
    texte = texte.replace('nom = "Fabriques de territoire"', 'nom = "Tiers-lieux ruraux (appel de test)"')
    texte = texte.replace("formes_juridiques = []", 'formes_juridiques = ["association", "scic"]')
    texte = texte.replace("implantations = []", 'implantations = ["hors_grands_centres"]')
    texte = texte.replace(
        'texte = "Tiers-lieux existants ou en projet, quelle que soit la structure porteuse (association, entreprise, collectivité…)."',
        'texte = "Associations et SCIC, hors des grands centres urbains."',
    )
    texte = texte.replace('echeances_annuelles = ["30/03", "30/06", "30/09", "30/12"]', 'echeances_annuelles = ["31/05", "30/11"]')
    texte = texte.replace("note_min = 0\nnote_max = 5", "note_min = 1\nnote_max = 10")
    texte = re.sub(r"\[\[criteres\]\].*?(?=\[montants\])", CRITERES, texte, flags=re.S)
    texte = re.sub(
        r"\[montants\].*?(?=\[objectifs\])",
        f"""[montants]
nature = "fonctionnement"
annees = 2
plafond_annuel = {plafond_annuel}
total_minimum = {total_minimum}
total_maximum = {total_maximum}

""",
        texte,
        flags=re.S,
    )
    # The amounts section: two years, no bonus.
    texte = re.sub(
        r'\[\[sections\.champs\]\]\ncode = "montant_annee_3".*?(?=\[\[sections\.champs\]\]\ncode = "projet_numerique")',
        "",
        texte,
        flags=re.S,
    )
    texte = re.sub(
        r'\[\[sections\.champs\]\]\ncode = "bonus_numerique".*?(?=\[\[sections\.champs\]\]\ncode = "projet_numerique")',
        "",
        texte,
        flags=re.S,
    )
    # Its documents' own wording: the list's title, the e-mails' subjects.
    texte = texte.replace('titre_liste = "Liste des Fabriques de territoire"', 'titre_liste = "Liste des tiers-lieux ruraux soutenus"')
    texte = texte.replace(
        'objet_courriel_depot = "Accusé de réception de votre dossier {numero}"',
        'objet_courriel_depot = "Tiers-lieux ruraux : votre dossier {numero} est bien reçu"\n'
        'objet_courriel_retenu = "Tiers-lieux ruraux, vague {vague} : « {tiers_lieu} » est soutenu"\n'
        'objet_courriel_non_retenu = "Tiers-lieux ruraux, vague {vague} : décision sur « {tiers_lieu} »"\n'
        'objet_courriel_ajourne = "Tiers-lieux ruraux, vague {vague} : « {tiers_lieu} » est ajourné"\n'
        'objet_courriel_subvention = "Tiers-lieux ruraux : votre subvention pour « {tiers_lieu} »"',
    )
    texte = texte.replace("50 000 € au maximum par an.", f"{plafond_annuel} € au maximum par an.")
    return texte
