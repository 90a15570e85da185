"""The applicant's dossier: creation, section by section saving, deposit, withdrawal."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import formats

from appels.regles_financieres import NOMBRE_ANNEES, Ecart, lire_montant, verifier_montants
from commun.erreurs import ConflitEtat, ErreurMetier
from commun.journal import journaliser
from commun.taches import lancer_apres_validation
from commun.temps import maintenant
from commun.textes import compter
from commun.transitions import transition, verifier_transition

from ..models import TRANSITIONS_DOSSIER, Dossier, Vague
from ..schema import SECTIONS_PAR_CODE, Section, erreur_texte, verifier_donnees
from ..selectors.dossiers import message_soutien_unique, soutien_en_cours
from .completude import dossier_manques, sections_du_dossier
from .echanges import complement_repondre
from .verrous import _brouillon_verrouille, _modifiable_verrouille, _verifier_gestionnaire

# Sections whose content is stored in ``Dossier.contenu`` (the amounts have their own columns,
# the attachments their own model).
SECTIONS_CONTENU = [code for code in SECTIONS_PAR_CODE if code != "pieces"]


@transaction.atomic
def dossier_creer(*, tiers_lieu, vague: Vague, par) -> Dossier:
    """Start a draft for ``tiers_lieu`` in ``vague`` (one dossier per tiers-lieu per wave)."""
    _verifier_gestionnaire(tiers_lieu, par)
    vague = Vague.objects.select_for_update().get(pk=vague.pk)
    if not vague.accepte_les_depots():
        raise ErreurMetier(f"La vague {vague.numero} n'accepte pas de dossier en ce moment.", champ="vague")
    soutien = soutien_en_cours(tiers_lieu)
    if soutien is not None:
        raise ErreurMetier(message_soutien_unique(tiers_lieu, soutien), champ="tiers_lieu")
    appel = vague.appel.definition
    if not appel.candidats.admet(tiers_lieu):
        raise ErreurMetier(f"L'appel « {appel.nom} » ne s'adresse pas à « {tiers_lieu} » : {appel.candidats.texte}", champ="tiers_lieu")
    existant = Dossier.objects.filter(tiers_lieu=tiers_lieu, vague=vague).exclude(statut=Dossier.Statut.RETIRE).first()
    if existant:
        raise ErreurMetier(
            f"« {tiers_lieu} » a déjà un dossier dans la vague {vague.numero} ({existant}) : "
            "un tiers-lieu ne présente qu'un dossier par vague.",
            champ="tiers_lieu",
        )
    try:
        with transaction.atomic():
            dossier = Dossier.objects.create(tiers_lieu=tiers_lieu, vague=vague, cree_par=par)
    except IntegrityError:  # a concurrent request created it first
        raise ErreurMetier(f"« {tiers_lieu} » a déjà un dossier dans la vague {vague.numero}.", champ="tiers_lieu")
    journaliser(acteur=par, action="dossier.cree", objet=dossier, apres=dossier.statut, donnees={"vague": vague.numero})
    return dossier


def _verifier_donnees_section(section: Section, donnees) -> None:
    """Refuse, with the field and a French message, what a section's form would never give (the
    checks are the schema's: ``schema.verifier_donnees``)."""
    refus = verifier_donnees(section, donnees)
    if refus:
        message, champ = refus
        raise ErreurMetier(message, champ=champ)


@transaction.atomic
def dossier_enregistrer_section(*, dossier: Dossier, section: str, donnees: dict, par) -> Dossier:
    """Save the fields ``donnees`` of one section of a draft — or, while a request for complements
    is open, of a section it names — keeping the other fields and sections.

    Only what is given is replaced: a form that validated half of its fields saves that half.
    """
    if section not in SECTIONS_CONTENU or section == "montants":
        raise ValueError(f"Section sans contenu libre : {section}")
    dossier = _modifiable_verrouille(dossier, section)
    _verifier_gestionnaire(dossier.tiers_lieu, par)
    # The fields are the ones of the dossier's call (its version's file describes them).
    sections = sections_du_dossier(dossier)
    if section not in sections:
        raise ErreurMetier(f"L'appel de ce dossier n'a pas de section « {SECTIONS_PAR_CODE[section].titre} ».")
    _verifier_donnees_section(sections[section], donnees)
    contenu = dict(dossier.contenu or {})
    existant = contenu.get(section)
    contenu[section] = {**(existant if isinstance(existant, dict) else {}), **donnees}
    dossier.contenu = contenu
    dossier.save(update_fields=["contenu", "modifie_le"])
    journaliser(acteur=par, action="dossier.section_enregistree", objet=dossier, donnees={"section": section, "champs": sorted(donnees)})
    return dossier


@dataclass
class ResultatMontants:
    """What ``dossier_enregistrer_montants`` did: refused fields were not saved, warnings were."""

    dossier: Dossier
    refus: list = field(default_factory=list)
    avertissements: list = field(default_factory=list)


@transaction.atomic
def dossier_enregistrer_montants(
    *, dossier: Dossier, montants: dict, bonus_numerique: bool | None = None, projet_numerique: str | None = None, par
) -> ResultatMontants:
    """Save the amounts asked per year (``{1: Decimal, 2: None, …}``) and the bonus request of a draft.

    A year above the annual cap, or the bonus asked outside a QPV, is refused: that field is not
    saved and its ``Ecart`` is returned in ``refus``; the valid fields are saved all the same. A
    total outside 75 000–150 000 € is saved as draft and returned in ``avertissements`` (the
    deposit will refuse it). While completing a deposited dossier, any broken rule refuses the
    whole change: a deposited dossier always asks for an admissible amount.
    """
    dossier = _modifiable_verrouille(dossier, "montants")
    _verifier_gestionnaire(dossier.tiers_lieu, par)
    refus = []
    champs = []
    regles = dossier.regles
    if any(annee not in range(1, NOMBRE_ANNEES + 1) for annee in montants):
        raise ValueError(f"Années inconnues : {sorted(map(str, montants))}")
    for annee in [a for a in montants if a > regles.annees]:
        if montants[annee] not in (None, ""):
            refus.append(
                Ecart("annee_hors_appel", f"Année {annee} : l'appel de ce dossier finance {regles.duree}.", f"montant_annee_{annee}")
            )
        montants = {a: v for a, v in montants.items() if a != annee}
    avant = {f"montant_annee_{a}": str(getattr(dossier, f"montant_annee_{a}")) for a in montants}
    for annee, valeur in montants.items():
        montant, ecart = lire_montant(annee, valeur, regles=regles)
        if ecart:
            refus.append(ecart)
            continue
        setattr(dossier, f"montant_annee_{annee}", montant)
        champs.append(f"montant_annee_{annee}")
    if bonus_numerique is not None and not isinstance(bonus_numerique, bool):
        refus.append(Ecart("bonus_invalide", "Bonus « Fabrique numérique de territoire » : répondez oui ou non.", "bonus_numerique"))
        bonus_numerique = None
    if projet_numerique is not None:
        longueur = SECTIONS_PAR_CODE["montants"].champ("projet_numerique").longueur_max
        erreur = erreur_texte(projet_numerique, longueur, "Le projet d'investissement numérique")
        if erreur:
            refus.append(Ecart("projet_numerique_invalide", erreur, "projet_numerique"))
            projet_numerique = None
    if bonus_numerique is not None:
        ecarts = verifier_montants(
            [], bonus_numerique=bonus_numerique, en_qpv_ou_proximite=dossier.tiers_lieu.en_qpv_ou_proximite, complet=False, regles=regles
        )
        if ecarts:
            refus += ecarts
        else:
            dossier.bonus_numerique = bonus_numerique
            champs.append("bonus_numerique")
    if projet_numerique is not None:
        contenu = dict(dossier.contenu or {})
        contenu["montants"] = {**contenu.get("montants", {}), "projet_numerique": projet_numerique}
        dossier.contenu = contenu
        champs.append("contenu")
    if not dossier.est_brouillon:
        ecarts = refus or verifier_montants(
            dossier.montants,
            bonus_numerique=dossier.bonus_numerique,
            en_qpv_ou_proximite=dossier.tiers_lieu.en_qpv_ou_proximite,
            complet=True,
            regles=regles,
        )
        if ecarts:
            raise ErreurMetier(f"{ecarts[0].message} Rien n'a été modifié.", champ=ecarts[0].champ)
    if champs:
        dossier.save(update_fields=[*champs, "modifie_le"])
        journaliser(
            acteur=par,
            action="dossier.montants_enregistres",
            objet=dossier,
            donnees={
                "avant": avant,
                "apres": {c: str(getattr(dossier, c)) for c in champs if c.startswith("montant")},
                "bonus_numerique": dossier.bonus_numerique,
            },
        )
    codes_refus = {e.regle for e in refus}
    avertissements = [
        e
        for e in verifier_montants(
            dossier.montants,
            bonus_numerique=dossier.bonus_numerique,
            en_qpv_ou_proximite=dossier.tiers_lieu.en_qpv_ou_proximite,
            complet=False,
            regles=regles,
        )
        if e.regle not in codes_refus
    ]
    return ResultatMontants(dossier=dossier, refus=refus, avertissements=avertissements)


def _numero(vague: Vague) -> str:
    rang = vague.rang_dans_annee
    deja = Dossier.objects.filter(vague=vague, numero__isnull=False).count()
    return f"FDT-{vague.date_limite.year}-V{rang}-{deja + 1:05d}"


def _verifier_delai(vague: Vague, instant) -> None:
    if instant > vague.cloture:
        raise ErreurMetier(
            f"La date limite de dépôt de la vague {vague.numero} était le {formats.date_format(vague.date_limite, 'l j F Y')} "
            "à 23 h 59 min 59 s (heure de Paris) : votre dossier n'a pas été déposé. Il reste enregistré en brouillon, rien n'est perdu.",
            code="delai_depasse",
        )
    if instant < vague.ouverture:
        raise ErreurMetier(
            f"Le dépôt de la vague {vague.numero} ouvre le {formats.date_format(vague.date_ouverture, 'l j F Y')}.",
            code="vague_pas_ouverte",
        )
    if not vague.accepte_les_depots(instant):
        raise ErreurMetier(f"La vague {vague.numero} est « {vague.get_statut_display()} » : elle n'accepte plus de dépôt.")


def dossier_deposer(*, dossier: Dossier, par) -> Dossier:
    """Deposit a complete draft before its wave's deadline; assign its number; read-only afterwards.

    The deadline is checked with the server's clock inside the transaction that records the
    deposit (the wave's row is locked, which also serialises the numbering). On refusal nothing
    changes: the draft stays as it was. The proof of deposit (PDF) is produced and e-mailed after
    commit.
    """
    with transaction.atomic():
        vague = Vague.objects.select_for_update().get(pk=dossier.vague_id)
        dossier = _brouillon_verrouille(dossier)
        _verifier_gestionnaire(dossier.tiers_lieu, par)
        instant = maintenant()
        _verifier_delai(vague, instant)
        # The deposit fixes the version of the call the dossier is judged by (a draft follows its call).
        version = vague.appel.version_courante
        if version.pk != dossier.version_appel_id:
            dossier.appliquer_version(version)
        manques = dossier_manques(dossier, list(version.definition.sections))
        if manques:
            detail = " ; ".join(m.message.rstrip(".") for m in manques[:5])
            suite = f" (et {compter(len(manques) - 5, 'autre')})" if len(manques) > 5 else ""
            raise ErreurMetier(f"Le dossier est incomplet : {detail}{suite}.", code="dossier_incomplet")
        numero = _numero(vague)
        transition(
            dossier,
            vers=Dossier.Statut.DEPOSE,
            table=TRANSITIONS_DOSSIER,
            par=par,
            action="dossier.depose",
            champs={
                "numero": numero,
                "depose_le": instant,
                "depose_par": par,
                **{champ: getattr(dossier, champ) for champ in Dossier.CHAMPS_DE_L_APPEL},
            },
            donnees={
                "numero": numero,
                "depose_le": instant.isoformat(),
                "total": str(dossier.montant_total_demande),
                "appel": vague.appel.slug,
                "version_appel": version.numero,
            },
        )
        # The deposit never waits for a PDF; if the broker is down, produire_accuses_manquants builds it later.
        from ..tasks.depot import produire_accuse  # the tasks module imports the services

        lancer_apres_validation(produire_accuse, dossier.pk)
    return dossier


@transaction.atomic
def dossier_retirer(*, dossier: Dossier, par) -> Dossier:
    """Withdraw (désistement) a draft, or a deposited dossier before its wave's deadline."""
    vague = Vague.objects.select_for_update().get(pk=dossier.vague_id)
    dossier = Dossier.objects.select_for_update(of=("self",)).select_related("tiers_lieu").get(pk=dossier.pk)
    _verifier_gestionnaire(dossier.tiers_lieu, par)
    refus = f"Ce dossier est « {dossier.get_statut_display()} » : il ne peut plus être retiré."
    verifier_transition(TRANSITIONS_DOSSIER, dossier.statut, Dossier.Statut.RETIRE, message=refus)
    if dossier.statut == Dossier.Statut.DEPOSE and maintenant() > vague.cloture:
        raise ErreurMetier(
            f"La date limite de la vague {vague.numero} est passée : le dossier {dossier.numero} est en cours d'examen "
            "et ne peut plus être retiré ici. Écrivez à l'équipe du programme."
        )
    transition(
        dossier,
        vers=Dossier.Statut.RETIRE,
        table=TRANSITIONS_DOSSIER,
        par=par,
        action="dossier.retire",
        champs={"retire_le": maintenant()},
        message=refus,
    )
    return dossier


@transaction.atomic
def dossier_reporter(*, dossier: Dossier, vague: Vague, par) -> Dossier:
    """Carry a draft left at its wave's closing over to ``vague``, which must accept deposits now.

    Nothing typed is lost: the same dossier, with its sections and attachments, changes wave.
    """
    cible = Vague.objects.select_for_update().get(pk=vague.pk)
    dossier = _brouillon_verrouille(dossier)
    _verifier_gestionnaire(dossier.tiers_lieu, par)
    ancienne = dossier.vague
    if ancienne.pk == cible.pk:
        raise ErreurMetier(f"Ce brouillon est déjà dans la vague {cible.numero}.")
    if ancienne.accepte_les_depots():
        raise ErreurMetier(f"La vague {ancienne.numero} accepte encore les dépôts : déposez ce dossier avant sa date limite.")
    if not cible.accepte_les_depots():
        raise ErreurMetier(f"La vague {cible.numero} n'accepte pas de dossier en ce moment.")
    if cible.appel_id != ancienne.appel_id:
        raise ErreurMetier(f"La vague {cible.numero} relève d'un autre appel : un brouillon se reporte dans une vague de son appel.")
    if Dossier.objects.filter(tiers_lieu=dossier.tiers_lieu, vague=cible).exclude(statut=Dossier.Statut.RETIRE).exists():
        raise ErreurMetier(f"« {dossier.tiers_lieu} » a déjà un dossier dans la vague {cible.numero}.")
    dossier.vague = cible
    dossier.save(update_fields=["vague", "modifie_le"])
    journaliser(acteur=par, action="dossier.reporte", objet=dossier, donnees={"de_vague": ancienne.numero, "vers_vague": cible.numero})
    return dossier


def dossier_complements_renvoyer(*, dossier: Dossier, par):
    """Send back the sections completed at the request of the instructing team.

    The requested sections must be complete; both versions (as they were when asked, as they are
    now) are kept on the request, the dossier returns to the instruction and the reviewer who
    asked is told (``complement_repondre``).
    """
    from ..models import DemandeComplement
    from ..selectors.porteur import contenu_sections

    with transaction.atomic():
        # Same lock order as the review side (request, then dossier): no deadlock with a cancel.
        demande = (
            DemandeComplement.objects.select_for_update().filter(dossier_id=dossier.pk, statut=DemandeComplement.Statut.OUVERTE).first()
        )
        dossier = Dossier.objects.select_for_update(of=("self",)).select_related("tiers_lieu", "vague").get(pk=dossier.pk)
        _verifier_gestionnaire(dossier.tiers_lieu, par)
        if demande is None or dossier.statut != Dossier.Statut.COMPLEMENT_DEMANDE:
            raise ConflitEtat(f"Ce dossier est « {dossier.get_statut_display()} » : aucun complément n'est attendu.")
        manques = [m for m in dossier_manques(dossier) if m.section in demande.sections]
        if manques:
            detail = " ; ".join(m.message.rstrip(".") for m in manques[:5])
            raise ErreurMetier(f"Les sections demandées sont encore incomplètes : {detail}.")
        apres = contenu_sections(dossier, demande.sections)
        avant = (demande.versions or {}).get("avant") or apres
        return complement_repondre(demande=demande, par=par, avant=avant, apres=apres)
