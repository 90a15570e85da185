"""Create and edit tiers-lieux; invite colleagues to manage them."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from commun.courriels import courriel_planifier
from commun.erreurs import ConflitEtat, ErreurMetier
from commun.journal import journaliser
from commun.politique import peut
from commun.temps import maintenant

from ..identifiants import siret_normaliser
from ..models import (
    Departement,
    FamilleService,
    FormeJuridique,
    Implantation,
    InvitationGestionnaire,
    Qpv,
    SourceTiersLieu,
    TiersLieu,
    TypeLieu,
    texte_sans_accents,
)
from ..territoires import departements_du_code_postal, verifier_code_postal

# Fields a porteur fills in; département and région are derived, never typed.
CHAMPS_OBLIGATOIRES = ("nom", "structure_porteuse", "forme_juridique", "siret", "adresse", "code_postal", "commune", "implantation")
CHAMPS_FACULTATIFS = (
    "qpv",
    "date_creation",
    "site_web",
    "types_lieu",
    "familles_services",
    "surface_m2",
    "horaires",
    "nombre_usagers",
    "etp_salaries",
    "benevoles",
)
_LIBELLES = {
    "nom": "le nom du tiers-lieu",
    "structure_porteuse": "la structure porteuse",
    "forme_juridique": "la forme juridique",
    "adresse": "l'adresse",
    "commune": "la commune",
    "implantation": "l'implantation",
}


def localiser(*, code_postal: str, departement_code: str | None = None) -> Departement:
    """Return the département of a postal code (checked against ``departement_code`` when given).

    The région is the département's: it is never typed.
    """
    possibles = departements_du_code_postal(code_postal)
    if departement_code:
        verifier_code_postal(code_postal, departement_code)
        code = departement_code
    elif len(possibles) == 1:
        code = next(iter(possibles))
    else:
        raise ErreurMetier("Ce code postal est partagé par plusieurs départements : choisissez le département.", champ="departement")
    departement = Departement.objects.select_related("region").filter(code=code).first()
    if departement is None:
        raise ErreurMetier(f"Le département {code} est inconnu.", champ="code_postal")
    return departement


def _valider(champs: dict, departement_code: str | None) -> dict:
    """Check and normalise what a porteur typed; raise ``ErreurMetier`` on the first fault."""
    propres = dict(champs)
    for nom in CHAMPS_OBLIGATOIRES:
        valeur = propres.get(nom)
        if nom != "siret" and (valeur is None or str(valeur).strip() == ""):
            raise ErreurMetier(f"Indiquez {_LIBELLES.get(nom, nom)}.", champ=nom)
    propres["siret"] = siret_normaliser(propres["siret"])
    if propres["forme_juridique"] not in FormeJuridique.values:
        raise ErreurMetier("Choisissez une forme juridique de la liste.", champ="forme_juridique")
    propres["code_postal"] = str(propres["code_postal"]).strip().replace(" ", "")
    departement = localiser(code_postal=propres["code_postal"], departement_code=departement_code)
    propres["departement"] = departement
    propres["region"] = departement.region
    implantation = propres["implantation"]
    if implantation not in Implantation.values:
        raise ErreurMetier("Choisissez l'implantation du tiers-lieu.", champ="implantation")
    qpv = propres.get("qpv")
    if isinstance(qpv, str):
        code_qpv = qpv.strip().upper()
        qpv = Qpv.objects.select_related("departement").filter(code=code_qpv).first() if code_qpv else None
        if code_qpv and qpv is None:
            raise ErreurMetier(f"Le quartier {code_qpv} est inconnu : vérifiez son code (par exemple QN07501M).", champ="qpv")
    if implantation in (Implantation.QPV, Implantation.PROXIMITE_QPV):
        if qpv is None:
            raise ErreurMetier("Indiquez le quartier prioritaire (QPV) dans lequel ou à côté duquel se trouve le tiers-lieu.", champ="qpv")
        if implantation == Implantation.QPV and qpv.departement_id and qpv.departement_id != departement.pk:
            raise ErreurMetier(
                f"Le quartier {qpv.code} est dans le département {qpv.departement.code}, pas dans celui du code postal "
                f"({departement.code}) : vérifiez le quartier ou choisissez « à proximité immédiate ».",
                champ="qpv",
            )
    else:
        qpv = None  # a QPV only makes sense for those two implantations
    propres["qpv"] = qpv
    for nom, choix, libelle in (("types_lieu", TypeLieu, "type de lieu"), ("familles_services", FamilleService, "famille de services")):
        valeurs = list(dict.fromkeys(propres.get(nom) or []))
        inconnues = [v for v in valeurs if v not in choix.values]
        if inconnues:
            raise ErreurMetier(f"{libelle.capitalize()} inconnu : {', '.join(inconnues)}.", champ=nom)
        propres[nom] = valeurs
    return propres


def tiers_lieu_creer(*, par, departement_code: str | None = None, **champs) -> TiersLieu:
    """Create a tiers-lieu managed by ``par``; the SIRET, postal code and QPV are checked.

    ``champs`` holds the fields of ``CHAMPS_OBLIGATOIRES`` and any of ``CHAMPS_FACULTATIFS``.
    """
    inconnus = set(champs) - set(CHAMPS_OBLIGATOIRES) - set(CHAMPS_FACULTATIFS)
    if inconnus:
        raise TypeError(f"Champs inconnus : {sorted(inconnus)}")
    propres = _valider(champs, departement_code)
    with transaction.atomic():
        existant = _meme_lieu(propres)
        if existant is not None:
            suite = (
                "vous le gérez déjà : modifiez sa fiche."
                if par is not None and existant.gestionnaires.filter(pk=par.pk).exists()
                else "demandez à l'un de ses gestionnaires de vous inviter à le gérer."
            )
            raise ErreurMetier(
                f"La structure de ce SIRET a déjà déclaré le tiers-lieu « {existant.nom} » ({existant.commune}) : {suite} "
                "Pour un autre lieu de la même structure, donnez-lui son propre nom.",
                champ="nom",
            )
        tiers_lieu = TiersLieu(**propres, source=SourceTiersLieu.SAISIE)
        _verifier_modele(tiers_lieu)
        tiers_lieu.save()
        if par is not None:
            tiers_lieu.gestionnaires.add(par)
        journaliser(
            acteur=par,
            action="fabriques.tiers_lieu.cree",
            objet=tiers_lieu,
            apres="saisi",
            donnees={"siret": tiers_lieu.siret, "departement": tiers_lieu.departement.code},
        )
    return tiers_lieu


def tiers_lieu_modifier(*, tiers_lieu: TiersLieu, par, departement_code: str | None = None, **champs) -> TiersLieu:
    """Update a tiers-lieu with the same checks as at creation; record what changed.

    A fiche imported from the published list becomes a complete, porteur-kept fiche.
    """
    inconnus = set(champs) - set(CHAMPS_OBLIGATOIRES) - set(CHAMPS_FACULTATIFS)
    if inconnus:
        raise TypeError(f"Champs inconnus : {sorted(inconnus)}")
    with transaction.atomic():
        tiers_lieu = TiersLieu.objects.select_for_update().get(pk=tiers_lieu.pk)
        actuels = {nom: getattr(tiers_lieu, nom) for nom in CHAMPS_OBLIGATOIRES + CHAMPS_FACULTATIFS}
        propres = _valider({**actuels, **champs}, departement_code)
        autre = _meme_lieu(propres, sauf=tiers_lieu)
        if autre is not None:
            raise ErreurMetier(
                f"La structure de ce SIRET a déjà déclaré le tiers-lieu « {autre.nom} » ({autre.commune}) : donnez à ce lieu un autre nom.",
                champ="nom",
            )
        modifies = {}
        for nom, valeur in propres.items():
            ancienne = getattr(tiers_lieu, nom)
            if ancienne != valeur:
                modifies[nom] = [_texte(ancienne), _texte(valeur)]
                setattr(tiers_lieu, nom, valeur)
        source_avant = tiers_lieu.source
        tiers_lieu.source = SourceTiersLieu.SAISIE
        if not modifies and source_avant == tiers_lieu.source:
            return tiers_lieu
        _verifier_modele(tiers_lieu)
        tiers_lieu.save(update_fields=[*modifies, "source", "modifie_le"])
        journaliser(
            acteur=par,
            action="fabriques.tiers_lieu.modifie",
            objet=tiers_lieu,
            avant=source_avant,
            apres=tiers_lieu.source,
            donnees={"modifications": modifies},
        )
    return tiers_lieu


def _meme_lieu(propres: dict, sauf: TiersLieu | None = None) -> TiersLieu | None:
    """Return the tiers-lieu already declared by the same structure (SIRET) under the same name.

    The SIRET identifies the structure porteuse, not the place: a commune, a département or an
    association may carry several tiers-lieux, each declared on its own. Only the same place twice
    (same SIRET, same name, accents and case ignored) is refused.
    """
    nom = texte_sans_accents(propres["nom"]).strip()
    memes = TiersLieu.objects.select_for_update().filter(siret=propres["siret"])
    if sauf is not None:
        memes = memes.exclude(pk=sauf.pk)
    return next((t for t in memes if texte_sans_accents(t.nom).strip() == nom), None)


def _verifier_modele(tiers_lieu: TiersLieu) -> None:
    """Run the model's checks (lengths, URL, constraints) and report the first as a domain error."""
    try:
        tiers_lieu.full_clean(exclude=["gestionnaires"])
    except ValidationError as exc:
        champ, messages = next(iter(exc.message_dict.items()))
        raise ErreurMetier(messages[0], champ=None if champ == "__all__" else champ)


def _texte(valeur):
    if valeur is None or isinstance(valeur, bool | int | list | str):
        return valeur
    return str(valeur)


# What the inviting porteur reads, whoever the address belongs to (an account or not, a porteur or
# staff): the answer never tells which addresses have an account on the portal.
REPONSE_INVITATION = (
    "Invitation envoyée à {email}. Cette personne deviendra gestionnaire du tiers-lieu quand elle "
    "l'aura acceptée depuis son compte de porteur de projet (ou après l'avoir créé)."
)


def gestionnaire_inviter(*, tiers_lieu: TiersLieu, email: str, par) -> InvitationGestionnaire:
    """Invite ``email`` to manage ``tiers_lieu`` with ``par``: an invitation the invitee accepts.

    Whatever the address — unknown, a porteur's, an instructeur's — the same invitation is recorded
    and the same e-mail sent: nobody becomes a manager without accepting it (``gestionnaire_invitation
    _accepter``), and the inviter learns nothing about the accounts of the portal. Only what the
    inviter already sees on the page is refused: a current manager, an invitation already pending.
    """
    email = (email or "").strip().lower()
    if not email:
        raise ErreurMetier("Indiquez l'adresse électronique de votre collègue.", champ="email")
    try:
        with transaction.atomic():
            tiers_lieu = TiersLieu.objects.select_for_update().get(pk=tiers_lieu.pk)
            if tiers_lieu.gestionnaires.filter(email__iexact=email).exists():
                raise ErreurMetier(f"{email} gère déjà ce tiers-lieu.", champ="email")
            invitation = InvitationGestionnaire.objects.create(tiers_lieu=tiers_lieu, email=email, invite_par=par)
            journaliser(acteur=par, action="fabriques.gestionnaire.invite", objet=tiers_lieu, apres="en_attente", donnees={"email": email})
            courriel_planifier(
                cle=f"invitation-gestionnaire:{invitation.pk}",
                destinataire=email,
                gabarit="invitation_gestionnaire",
                contexte={"tiers_lieu": tiers_lieu, "invite_par": par, "lien": reverse("fabriques:invitations")},
            )
    except IntegrityError:
        raise ErreurMetier(f"Une invitation est déjà en attente pour {email}.", champ="email")
    return invitation


def invitations_gestionnaire_en_attente(utilisateur):
    """The invitations waiting for ``utilisateur``'s answer (sent to their address)."""
    return (
        InvitationGestionnaire.objects.filter(email__iexact=utilisateur.email, acceptee_le__isnull=True)
        .select_related("tiers_lieu", "invite_par")
        .order_by("cree_le", "pk")
    )


def _invitation_a_repondre(invitation: InvitationGestionnaire, utilisateur) -> InvitationGestionnaire:
    invitation = InvitationGestionnaire.objects.select_for_update().select_related("tiers_lieu").filter(pk=invitation.pk).first()
    if invitation is None or invitation.acceptee_le is not None:
        raise ConflitEtat("Cette invitation n'est plus en attente.")
    if invitation.email.lower() != (utilisateur.email or "").lower():
        raise ErreurMetier("Cette invitation a été envoyée à une autre adresse : connectez-vous avec le compte de cette adresse.")
    return invitation


def gestionnaire_invitation_accepter(*, invitation: InvitationGestionnaire, utilisateur) -> InvitationGestionnaire:
    """``utilisateur`` accepts an invitation sent to their address and manages the tiers-lieu (audited)."""
    with transaction.atomic():
        invitation = _invitation_a_repondre(invitation, utilisateur)
        if not peut(utilisateur, "tiers_lieu.creer"):  # a porteur's account
            raise ErreurMetier("Seul un compte de porteur de projet peut gérer un tiers-lieu : créez-en un avec une autre adresse.")
        invitation.tiers_lieu.gestionnaires.add(utilisateur)
        invitation.acceptee_le = maintenant()
        invitation.utilisateur = utilisateur
        invitation.save(update_fields=["acceptee_le", "utilisateur"])
        journaliser(
            acteur=utilisateur,
            action="fabriques.gestionnaire.invitation_acceptee",
            objet=invitation.tiers_lieu,
            avant="en_attente",
            apres="acceptee",
            donnees={"email": invitation.email},
        )
    return invitation


def gestionnaire_invitation_decliner(*, invitation: InvitationGestionnaire, utilisateur) -> None:
    """``utilisateur`` declines an invitation sent to their address: it is withdrawn (audited)."""
    with transaction.atomic():
        invitation = _invitation_a_repondre(invitation, utilisateur)
        tiers_lieu = invitation.tiers_lieu
        invitation.delete()
        journaliser(
            acteur=utilisateur,
            action="fabriques.gestionnaire.invitation_declinee",
            objet=tiers_lieu,
            avant="en_attente",
            apres="declinee",
            donnees={"email": invitation.email},
        )


def gestionnaire_retirer(*, tiers_lieu: TiersLieu, utilisateur, par) -> None:
    """Remove a manager; a tiers-lieu always keeps at least one."""
    with transaction.atomic():
        tiers_lieu = TiersLieu.objects.select_for_update().get(pk=tiers_lieu.pk)
        if not tiers_lieu.gestionnaires.filter(pk=utilisateur.pk).exists():
            raise ErreurMetier(f"{utilisateur.email} ne gère pas ce tiers-lieu.")
        if tiers_lieu.gestionnaires.count() == 1:
            raise ErreurMetier("Un tiers-lieu garde au moins un gestionnaire : invitez d'abord un collègue.")
        tiers_lieu.gestionnaires.remove(utilisateur)
        journaliser(acteur=par, action="fabriques.gestionnaire.retire", objet=tiers_lieu, donnees={"email": utilisateur.email})
