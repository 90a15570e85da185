"""The sections of a dossier and their fields, described once, as plain data.

Everything that shows, checks or hides a field of the dossier reads this description: the
applicant's forms (``candidatures.forms.depot``), the completeness checklist
(``services/completude.py``), the checks of the services (``verifier_donnees`` below: no form is
imported to validate), the reviewers' anonymous reading (``identifiant``), the comparison of the
versions of a request for complements, the reading page, the proof of deposit and the API.

A new field is one line in ``SECTIONS``. The description holds only data (strings, numbers,
booleans, tuples): its shapes (``Champ``, ``Section``, ``sections_depuis_donnees``) live in
``appels.sections``, where a call's file (``appels/fichiers/``) builds them.
"""

from collections.abc import Mapping

from appels.sections import LONGUEUR_TEXTE, Champ, Section, Type, sections_depuis_donnees  # noqa: F401  (the data part lives in appels)

from .models.instruction import Critere


def _critere(rang: int, critere: Critere, *champs: Champ) -> Section:
    return Section(critere.value, f"Critère {rang} — {critere.label}", champs=champs)


def _montant(code: str, libelle: str, **kwargs) -> Champ:
    return Champ(code, libelle, Type.MONTANT, **kwargs)


_PLAFOND_ANNUEL = "50 000 € au maximum par an."

SECTIONS: list[Section] = [
    Section(
        "presentation",
        "Présentation du projet",
        champs=(
            Champ("nom_projet", "Nom du projet de Fabrique", Type.LIGNE, longueur_max=200, obligatoire=True, identifiant=True),
            Champ(
                "resume",
                "Résumé du projet",
                longueur_max=3000,
                obligatoire=True,
                aide="En quelques lignes : le lieu, ce qu'il propose, ce que le soutien permettra.",
            ),
            Champ(
                "publics",
                "Publics visés",
                longueur_max=2000,
                lignes=4,
                obligatoire=True,
                aide="Habitants, associations, entreprises, publics éloignés du numérique…",
            ),
        ),
    ),
    _critere(
        1,
        Critere.AMBITION,
        Champ("essor_territoire", "Comment la Fabrique soutiendra-t-elle l'essor de son territoire ?", obligatoire=True),
        Champ(
            "autres_tiers_lieux", "Comment accompagnera-t-elle les autres tiers-lieux du territoire (tête de réseau) ?", obligatoire=True
        ),
    ),
    _critere(
        2,
        Critere.ANCRAGE,
        Champ("diagnostic", "Ancrage territorial : besoins du territoire et liens avec les acteurs locaux", obligatoire=True),
        Champ("porteur", "Le porteur de projet : structure, équipe, expérience", obligatoire=True),
    ),
    _critere(
        3,
        Critere.GOUVERNANCE,
        Champ("instances", "Instances et prise de décision", obligatoire=True),
        Champ("contribution", "Place des usagers, des bénévoles et des partenaires dans la gouvernance", obligatoire=True),
    ),
    _critere(
        4,
        Critere.MODELE_ECONOMIQUE,
        Champ("modele", "Sources de revenus et modèle économique", obligatoire=True),
        Champ("equilibre", "Trajectoire vers l'équilibre à l'issue des trois ans", obligatoire=True),
    ),
    # The four roles of a Fabrique described by the AMI (002). How many must be described is the
    # portal's choice (setting PROGRAMME_QUATRE_ROLES_OBLIGATOIRES), never a rule of the AMI.
    Section(
        "roles",
        "Les rôles de la Fabrique et les activités prévues",
        controle="roles",
        champs=(
            Champ("ressources", "Lieu de ressources pour les porteurs de projets : activités prévues", lignes=4),
            Champ("formation", "Lieu de travail, de formation et d'apprentissage : activités prévues", lignes=4),
            Champ("creation", "Lieu de création et de culture : activités prévues", lignes=4),
            Champ("inclusion_numerique", "Lieu d'inclusion numérique : activités prévues", lignes=4),
        ),
    ),
    Section(
        "partenaires",
        "Partenaires",
        champs=(
            Champ(
                "partenaires",
                "Partenaires engagés et nature de leur engagement",
                obligatoire=True,
                aide="Un partenaire par ligne : nom, rôle, engagement (financier, matériel, humain).",
            ),
            Champ("collectivites", "Collectivités territoriales associées", aide="Facultatif.", lignes=3, longueur_max=2000),
        ),
    ),
    Section(
        "budget",
        "Budget prévisionnel sur 3 ans",
        controle="budget",
        champs=(
            *(
                _montant(f"{nature}_{annee}", f"Année {annee} — total des {libelle} (€)", obligatoire=True)
                for annee in (1, 2, 3)
                for nature, libelle in (("charges", "charges"), ("ressources", "ressources"))
            ),
            Champ(
                "explication",
                "Explication d'un budget non équilibré",
                lignes=4,
                longueur_max=2000,
                aide="À remplir si les charges et les ressources d'une année diffèrent.",
            ),
        ),
    ),
    Section(
        "montants",
        "Montants demandés",
        controle="montants",
        champs=(
            *(
                _montant(
                    f"montant_annee_{annee}",
                    f"Montant demandé pour l'année {annee} (€)",
                    aide=_PLAFOND_ANNUEL,
                    obligatoire=True,
                    colonne=True,
                )
                for annee in (1, 2, 3)
            ),
            Champ(
                "bonus_numerique",
                "Je demande le bonus « Fabrique numérique de territoire » (jusqu'à 100 000 € d'investissement)",
                Type.CASE,
                colonne=True,
                aide="Réservé aux tiers-lieux situés dans un quartier prioritaire de la politique de la ville ou à sa proximité immédiate.",
            ),
            Champ(
                "projet_numerique",
                "Projet d'investissement numérique financé par le bonus",
                lignes=4,
                longueur_max=3000,
                aide="À remplir si vous demandez le bonus.",
            ),
        ),
    ),
    Section("pieces", "Pièces jointes", controle="pieces"),
]
SECTIONS_PAR_CODE = {s.code: s for s in SECTIONS}


def sections_a_champs(sections: list[Section] | None = None) -> list[Section]:
    """The sections filled field by field (every one but the attachments)."""
    return [s for s in (SECTIONS if sections is None else sections) if s.champs]


def sections_du_dossier(dossier) -> dict[str, Section]:
    """The sections of the dossier's call, as the version it is judged by describes them (one query
    when the version is not loaded yet); the portal's sections for a dossier without a version."""
    if dossier.version_appel_id is None:
        return SECTIONS_PAR_CODE
    return {s.code: s for s in dossier.version_appel.definition.sections}


# --- Anonymisation --------------------------------------------------------------------------------


def champs_identifiants(sections: list[Section] | None = None) -> dict[str, set[str]]:
    """{section: fields that name the applicant}, hidden from reviewers of a wave that anonymises
    dossiers (the free texts are the applicant's words: the AMI asks them not to name themselves there)."""
    return {
        s.code: {c.code for c in s.champs if c.identifiant}
        for s in (SECTIONS if sections is None else sections)
        if any(c.identifiant for c in s.champs)
    }


CHAMPS_IDENTIFIANTS = champs_identifiants()


def contenu_anonymise(contenu: dict) -> dict:
    """A copy of a dossier's content without the fields that name the applicant."""
    return {
        code: {champ: valeur for champ, valeur in (champs or {}).items() if champ not in CHAMPS_IDENTIFIANTS.get(code, ())}
        for code, champs in (contenu or {}).items()
    }


# --- Values of a dossier --------------------------------------------------------------------------


def valeurs_section(dossier, section: Section) -> dict:
    """The saved values of ``section`` of ``dossier``: its content, and the dossier's columns for
    the fields stored there (amounts as ``Decimal``)."""
    valeurs = dict(dossier.section(section.code))
    for champ in section.champs:
        if champ.colonne:
            valeurs[champ.code] = getattr(dossier, champ.code)
    return valeurs


def valeur_lisible(champ: Champ | None, valeur) -> str:
    """A saved value as a person reads it (amounts in euros, yes/no, the label of a choice)."""
    if valeur is None or valeur == "":
        return ""
    if isinstance(valeur, bool):
        return "Oui" if valeur else "Non"
    if champ is not None and champ.type == Type.MONTANT:
        from commun.templatetags.portail import euros

        return euros(valeur)
    if champ is not None and champ.type == Type.CHOIX:
        return dict(champ.choix).get(valeur, str(valeur))
    return str(valeur)


# --- Checks of the services -----------------------------------------------------------------------


def erreur_texte(valeur, longueur: int | None, libelle: str) -> str | None:
    """Return why ``valeur`` cannot be kept as the text of a field, or None."""
    if not isinstance(valeur, str):
        return f"{libelle} doit être un texte."
    if "\x00" in valeur:
        return f"{libelle} contient un caractère nul : retirez-le."
    if not valeur.isascii() and any("\ud800" <= c <= "\udfff" for c in valeur):
        return f"{libelle} contient un caractère invalide (substitut Unicode isolé)."
    if longueur is not None and len(valeur) > longueur:
        return f"{libelle} compte {len(valeur)} caractères : {longueur} au maximum."
    return None


def verifier_donnees(section: Section, donnees) -> tuple[str, str | None] | None:
    """Return ``(message, field)`` for what a section's form would never give — not an object, an
    unknown field, a value that is not a text (or empty), a NUL, a text too long — or None."""
    if not isinstance(donnees, Mapping):
        return f"La section « {section.titre} » s'enregistre champ par champ : envoyez un objet champ → texte.", None
    champs = section.champs_par_code
    for nom, valeur in donnees.items():
        if not isinstance(nom, str) or nom not in champs:
            return f"« {str(nom)[:50]} » n'est pas un champ de la section « {section.titre} ».", None
        if valeur is None:
            continue
        erreur = erreur_texte(valeur, champs[nom].longueur_max, f"Le champ « {champs[nom].libelle} »")
        if erreur:
            return erreur, nom
    return None


# --- Versions of a request for complements ----------------------------------------------------------


def comparer_sections(codes, avant_tout: dict, apres_tout: dict) -> list[dict]:
    """Return, for each section ``codes``, its fields before and after, labelled as the applicant
    saw them: ``[{code, titre, lignes: [{label, avant, apres, modifie}]}]``."""
    blocs = []
    for code in codes:
        section = SECTIONS_PAR_CODE.get(code)
        avant, apres = avant_tout.get(code), apres_tout.get(code)
        lignes = []
        if code == "pieces":

            def _liste(pieces):
                return "\n".join(
                    f"{p.get('type_libelle', p.get('type'))} — {p.get('nom')} ({p.get('sha256', '')[:12]}…)" for p in pieces or []
                )

            lignes.append({"label": "Pièces jointes", "avant": _liste(avant), "apres": _liste(apres), "modifie": avant != apres})
        else:
            avant, apres = avant or {}, apres or {}
            noms = [c.code for c in section.champs] if section else sorted({*avant, *apres})
            for nom in noms:
                if nom not in avant and nom not in apres:
                    continue
                champ = section.champs_par_code.get(nom) if section else None
                a, b = avant.get(nom), apres.get(nom)
                lignes.append({"label": champ.libelle if champ else nom, "avant": _lisible(a), "apres": _lisible(b), "modifie": a != b})
        blocs.append({"code": code, "titre": section.titre if section else code, "lignes": lignes})
    return blocs


def _lisible(valeur) -> str:
    if isinstance(valeur, bool):
        return "Oui" if valeur else "Non"
    return "" if valeur is None else str(valeur)
