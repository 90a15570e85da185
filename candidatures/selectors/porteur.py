"""Reads of the applicant side: the wave open now, a dossier's timeline from the audit journal."""

from django.db.models import Q

from commun.models import EntreeJournal
from commun.temps import maintenant

from ..models import Dossier, PieceJointe, Vague

# What the timeline tells the applicant, by audit action (state changes of other parts show too).
LIBELLES_EVENEMENTS = {
    "dossier.cree": "Brouillon créé",
    "dossier.depose": "Dossier déposé",
    "dossier.retire": "Dossier retiré (désistement)",
    "dossier.reporte": "Brouillon reporté à une nouvelle vague",
    "piece.ajoutee": "Pièce jointe ajoutée",
    "piece.remplacee": "Pièce jointe remplacée",
    "piece.supprimee": "Pièce jointe supprimée",
    "dossier.complement.demande": "Complément demandé par l'équipe d'instruction",
    "dossier.complement.repondu": "Compléments renvoyés",
    "dossier.complement.annule": "Demande de complément annulée",
}


def messages_non_lus_par_dossier(dossier_ids) -> dict[int, int]:
    """Return, per dossier, the number of the team's messages the applicant has not read yet."""
    from django.db.models import Count

    from ..models import Message

    lignes = (
        Message.objects.filter(dossier_id__in=dossier_ids, cote=Message.Cote.EQUIPE, lu_le__isnull=True)
        .values("dossier_id")
        .annotate(n=Count("pk"))
    )
    return {ligne["dossier_id"]: ligne["n"] for ligne in lignes}


def vague_ouverte():
    """Return the wave accepting deposits right now, if any (the nearest deadline when two calls are open)."""
    return next(iter(vagues_ouvertes()), None)


def vagues_ouvertes() -> list[Vague]:
    """Return the waves accepting deposits right now, nearest deadline first: one per call at most
    in practice (a call's waves never overlap), several when calls run side by side, as in 2019."""
    moment = maintenant()
    return [
        vague
        for vague in Vague.objects.filter(statut__in=[Vague.Statut.A_VENIR, Vague.Statut.OUVERTE])
        .select_related("appel")
        .order_by("date_limite")
        if vague.accepte_les_depots(moment)
    ]


def chronologie(dossier: Dossier) -> list[dict]:
    """Return the dossier's events for its applicant, oldest first, from the audit journal."""
    return chronologies([dossier])[dossier.pk]


def chronologies(dossiers) -> dict[int, list[dict]]:
    """Return {dossier pk: its events for the applicant, oldest first} in two queries for any number
    of dossiers (the attachments' names come from ``prefetch_related("pieces")`` when it was made)."""
    dossiers = list(dossiers)
    evenements = {d.pk: [] for d in dossiers}
    if not dossiers:
        return evenements
    noms_pieces = {}
    a_lire = []
    for dossier in dossiers:
        if "pieces" in getattr(dossier, "_prefetched_objects_cache", {}):
            noms_pieces.update((p.pk, p.nom) for p in dossier.pieces.all())
        else:
            a_lire.append(dossier.pk)
    if a_lire:
        noms_pieces.update(PieceJointe.objects.filter(dossier_id__in=a_lire).values_list("pk", "nom"))
    entrees = (
        EntreeJournal.objects.filter(objet_type=Dossier._meta.label_lower, objet_id__in=[str(pk) for pk in evenements])
        .filter(Q(action__in=LIBELLES_EVENEMENTS) | ~Q(etat_apres=""))
        .only("horodatage", "action", "objet_id", "etat_apres", "donnees")
        .order_by("horodatage", "id")
    )
    # The committee's outcome reaches the applicant with the published results (its wave read with the dossier).
    non_publies = {str(d.pk) for d in dossiers if d.statut in Dossier.STATUTS_DECISION and not d.decision_publiee}
    for entree in entrees:
        if entree.action == "comite.decision.provisoire":
            continue  # may change until the committee closes: never shown (as on the dossier's page)
        if entree.objet_id in non_publies and entree.etat_apres in Dossier.STATUTS_DECISION:
            continue
        libelle = LIBELLES_EVENEMENTS.get(entree.action)
        if libelle is None:
            libelle = f"Statut : {Dossier.Statut(entree.etat_apres).label}" if entree.etat_apres in Dossier.Statut.values else entree.action
        detail = ""
        if entree.action.startswith("piece."):
            # The journal keeps no file name: the attachment's current name, else its type.
            detail = noms_pieces.get(entree.donnees.get("piece")) or (
                PieceJointe.Type(entree.donnees["type"]).label if entree.donnees.get("type") in PieceJointe.Type.values else ""
            )
        evenements[int(entree.objet_id)].append({"quand": entree.horodatage, "libelle": libelle, "detail": detail})
    return evenements


def contenu_sections(dossier: Dossier, codes) -> dict:
    """Return a snapshot of sections ``codes`` of ``dossier`` as JSON-ready data: the saved fields
    of a text section, the amounts (as strings) and bonus, the list of attachments (no file)."""
    instantane = {}
    for code in codes:
        if code == "montants":
            instantane[code] = {
                **{f"montant_annee_{a}": (str(m) if m is not None else None) for a, m in enumerate(dossier.montants, start=1)},
                "bonus_numerique": dossier.bonus_numerique,
                "projet_numerique": dossier.section("montants").get("projet_numerique", ""),
            }
        elif code == "pieces":
            instantane[code] = [
                {"type": p.type, "type_libelle": p.get_type_display(), "nom": p.nom, "taille": p.taille, "sha256": p.sha256}
                for p in dossier.pieces.order_by("type", "pk")
            ]
        else:
            instantane[code] = dict(dossier.section(code))
    return instantane
