"""Fill a database with realistic data at a chosen scale, with bulk inserts, for the benchmark.

Run: .venv/bin/python -m bench.generer --dossiers 100000 [--database-url postgres://…/fabriques_bench]

What it writes (every database constraint holds; data is deterministic for a given scale):
- one tiers-lieu per two dossiers (valid SIRETs, Luhn), managed two by two by porteurs;
- about 300 dossiers per wave (the size of a real wave): the last wave is open (drafts, deposits),
  the one before is in instruction (reviews half done, provisional decisions), the older ones are
  published (retenu / non retenu / ajourné / retiré with definitive decisions);
- every wave under the « Fabriques de territoire » call (loaded from its file if needed) and every
  dossier with its version and the money rules copied from it, as the portal's ``Dossier.save`` does;
- sections' contents, two attachment rows per deposited dossier (no files), two reviewers per
  dossier with their reviews and four scores, messages, requests for complements, grants of the
  retenus with three tranches (and the digital bonus), their payments, and the labels.
The benchmark accounts (password « bench ») : porteur.bench@exemple.fr, instructeur.bench@exemple.fr,
admin.bench@exemple.fr. The database must be migrated and hold no dossier yet (drop and recreate it
to start again).
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal

PAR_VAGUE = 300
LOT = 5000
MOT_DE_PASSE = "bench"
TEXTE = (
    "La Fabrique accueille les habitants, les associations et les entreprises du territoire ; "
    "elle anime le réseau des tiers-lieux voisins et propose des ateliers de médiation numérique. "
)


def _configurer(database_url: str | None):
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def siret(n: int) -> str:
    """Return a valid SIRET (SIREN and SIRET both pass the Luhn check) built from ``n``."""
    from stdnum import luhn

    siren8 = f"{n % 10**8:08d}"
    siren = siren8 + luhn.calc_check_digit(siren8)
    base = siren + f"{(n // 10**8) % 10000:04d}"
    return base + luhn.calc_check_digit(base)


def contenu_complet(i: int) -> dict:
    texte = TEXTE * (1 + i % 3)
    return {
        "presentation": {"nom_projet": f"Fabrique n° {i}", "resume": texte, "publics": "Habitants, associations, entreprises."},
        "ambition": {"essor_territoire": texte, "autres_tiers_lieux": texte},
        "ancrage": {"diagnostic": texte, "porteur": "Association créée en 2015, six salariés."},
        "gouvernance": {"instances": "Collège des usagers, conseil d'administration.", "contribution": texte},
        "modele_economique": {"modele": "Adhésions, prestations, subventions.", "equilibre": texte},
        "roles": {"ressources": texte, "formation": texte, "creation": texte, "inclusion_numerique": texte},
        "partenaires": {"partenaires": "Commune\nDépartement\nRéseau régional des tiers-lieux"},
        "budget": {f"{k}_{a}": "120000.00" for a in (1, 2, 3) for k in ("charges", "ressources")},
    }


def generer(nb_dossiers: int, graine: int = 42, sortie=sys.stdout):
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from appels.services import appel_fabriques
    from candidatures.models import (
        Affectation,
        Decision,
        DemandeComplement,
        Dossier,
        Evaluation,
        GrilleVague,
        Message,
        NoteCritere,
        PieceJointe,
        ProfilInstructeur,
        Vague,
    )
    from candidatures.models.instruction import CRITERES
    from commun.temps import fin_de_journee_paris
    from comptes.models import User
    from comptes.roles import GROUPES, Role, synchroniser_groupes
    from fabriques.models import Departement, Label, Qpv, TiersLieu, texte_sans_accents
    from financement.models import Subvention, Tranche, Versement
    from financement.models.enveloppe import Enveloppe

    if Dossier.objects.exists():
        raise SystemExit("La base contient déjà des dossiers : supprimez-la et recréez-la avant de générer.")
    rnd = random.Random(graine)
    debut = time.perf_counter()

    def etape(message):
        sortie.write(f"[{time.perf_counter() - debut:7.1f} s] {message}\n")
        sortie.flush()

    def inserer(modele, objets):
        return modele.objects.bulk_create(objets, batch_size=LOT)

    S, V = Dossier.Statut, Vague.Statut
    nb_tl = (nb_dossiers + 1) // 2
    nb_vagues = max(3, -(-nb_dossiers // PAR_VAGUE))
    nb_instructeurs = max(6, min(60, nb_dossiers // 1000))
    with transaction.atomic():
        synchroniser_groupes()
        groupes = {role: Group.objects.get(name=GROUPES[role]) for role in Role}
        if not Enveloppe.objects.exists():
            Enveloppe.objects.create(montant=Decimal("45000000.00") * max(1, nb_dossiers // 10000))
        # --- Accounts ------------------------------------------------------------------------------
        mdp = make_password(MOT_DE_PASSE)
        nb_porteurs = (nb_tl + 1) // 2
        porteurs = inserer(
            User,
            [
                User(
                    email="porteur.bench@exemple.fr" if p == 0 else f"porteur{p}@bench.exemple.fr",
                    password=mdp,
                    first_name="Porteur",
                    last_name=str(p),
                )
                for p in range(nb_porteurs)
            ],
        )
        instructeurs = inserer(
            User,
            [
                User(
                    email="instructeur.bench@exemple.fr" if k == 0 else f"instructeur{k}@bench.exemple.fr",
                    password=mdp,
                    first_name="Instructeur",
                    last_name=str(k),
                )
                for k in range(nb_instructeurs)
            ],
        )
        admin = User.objects.create(email="admin.bench@exemple.fr", password=mdp, first_name="Admin", last_name="Bench")
        Lien = User.groups.through
        inserer(
            Lien,
            [Lien(user_id=u.pk, group_id=groupes[Role.PORTEUR].pk) for u in porteurs]
            + [Lien(user_id=u.pk, group_id=groupes[Role.INSTRUCTEUR].pk) for u in instructeurs]
            + [Lien(user_id=admin.pk, group_id=groupes[Role.ADMINISTRATEUR].pk)],
        )
        inserer(ProfilInstructeur, [ProfilInstructeur(user=u, national=True) for u in instructeurs])
        etape(f"{nb_porteurs} porteurs, {nb_instructeurs} instructeurs, 1 administrateur")

        # --- Tiers-lieux ------------------------------------------------------------------------------
        departements = list(Departement.objects.select_related("region").order_by("code"))
        if not departements:
            raise SystemExit("Aucun département : appliquez d'abord les migrations (données de référence).")
        qpvs = inserer(
            Qpv,
            [
                Qpv(code=f"QB{q:05d}", nom=f"Quartier {q}", commune=f"Commune {q}", departement=departements[q % len(departements)])
                for q in range(200)
            ],
        )
        implantations = ["hors_grands_centres", "hors_grands_centres", "qpv", "proximite_qpv", "grand_centre"]
        lieux = []
        for t in range(nb_tl):
            dep = departements[t % len(departements)]
            implantation = implantations[t % len(implantations)]
            nom, structure, commune = f"Tiers-lieu {t}", f"Association du tiers-lieu {t}", f"Commune {t % 5000}"
            lieux.append(
                TiersLieu(
                    nom=nom,
                    structure_porteuse=structure,
                    forme_juridique="association",
                    siret=siret(10_000 + t),
                    adresse=f"{t % 200 + 1} rue de la République",
                    code_postal=(dep.code.replace("A", "0").replace("B", "0") + "000")[:5],
                    commune=commune,
                    departement=dep,
                    region=dep.region,
                    implantation=implantation,
                    qpv=qpvs[t % len(qpvs)] if implantation in ("qpv", "proximite_qpv") else None,
                    date_creation=dt.date(2010 + t % 12, 1 + t % 12, 1),
                    types_lieu=[["coworking", "fablab"], ["atelier_partage"], ["micro_folie", "france_services"]][t % 3],
                    familles_services=["travailler", "creer_fabriquer"],
                    surface_m2=100 + t % 900,
                    nombre_usagers=50 + t % 500,
                    texte_recherche=texte_sans_accents(" ".join((nom, structure, commune))),
                )
            )
        lieux = inserer(TiersLieu, lieux)
        Gestion = TiersLieu.gestionnaires.through
        inserer(Gestion, [Gestion(tierslieu_id=tl.pk, user_id=porteurs[t // 2].pk) for t, tl in enumerate(lieux)])
        etape(f"{len(lieux)} tiers-lieux")

        # --- The call: the Fabriques', as production runs it (bulk inserts skip ``Dossier.save``, which
        # gives a new dossier its call's version: done by hand below).
        appel = appel_fabriques()
        version = appel.version_courante
        etape(f"appel « {appel.nom} », version {version.numero}")

        # --- Waves: the last one open, the one before in instruction, the older ones published -----------
        vagues = []
        for k in range(nb_vagues):
            recul = nb_vagues - 1 - k
            if recul == 0:
                statut, ouverture, limite = V.OUVERTE, dt.date(2026, 10, 1), dt.date(2026, 12, 30)
            else:
                limite = dt.date(2026, 9, 30) - dt.timedelta(days=14 * (recul - 1))
                ouverture = limite - dt.timedelta(days=90)
                statut = V.EN_INSTRUCTION if recul == 1 else V.RESULTATS_PUBLIES
            vagues.append(
                Vague(
                    numero=k + 1,
                    titre=f"Vague {k + 1}",
                    date_ouverture=ouverture,
                    date_limite=limite,
                    statut=statut,
                    date_comite=None if recul == 0 else limite + dt.timedelta(days=45),
                    date_publication=limite + dt.timedelta(days=60) if recul >= 2 else None,
                    plafond_laureats=80,
                    appel=appel,
                )
            )
        vagues = inserer(Vague, vagues)
        inserer(GrilleVague, [GrilleVague(vague=v) for v in vagues])
        etape(f"{len(vagues)} vagues")

        # --- Dossiers: dossier 2t and 2t+1 are those of tiers-lieu t, in two different waves -------------
        repartition = {
            V.OUVERTE: [S.BROUILLON] * 10 + [S.DEPOSE] * 9 + [S.RETIRE],
            V.EN_INSTRUCTION: [S.EN_INSTRUCTION] * 17 + [S.COMPLEMENT_DEMANDE] * 2 + [S.RETIRE],
            V.RESULTATS_PUBLIES: [S.RETENU] * 5 + [S.NON_RETENU] * 13 + [S.AJOURNE] + [S.RETIRE],
        }
        dossiers = []
        for i in range(nb_dossiers):
            t = i // 2
            vague = vagues[(t + (i % 2) * (1 + t % (nb_vagues - 1))) % nb_vagues]
            statuts = repartition[vague.statut]
            statut = statuts[(i * 7 + t) % len(statuts)]
            tl = lieux[t]
            bonus = tl.implantation in ("qpv", "proximite_qpv") and i % 3 == 0
            depose = statut != S.BROUILLON and not (statut == S.RETIRE and i % 2)
            d = Dossier(
                tiers_lieu=tl,
                vague=vague,
                statut=statut,
                bonus_numerique=bonus,
                cree_par_id=porteurs[t // 2].pk,
                contenu=contenu_complet(i),
            )
            d.appliquer_version(version)
            if depose or i % 4:
                d.montant_annee_1, d.montant_annee_2 = Decimal("50000.00"), Decimal("40000.00")
                d.montant_annee_3 = Decimal(1000 * rnd.randint(0, 50)).quantize(Decimal("0.01"))
                if bonus:
                    d.contenu["montants"] = {"projet_numerique": "Équipement d'un espace de médiation numérique."}
            if depose:
                d.numero = f"FT-{vague.numero:03d}-{i:06d}"
                d.depose_le = fin_de_journee_paris(vague.date_limite - dt.timedelta(days=1 + i % 40))
                d.depose_par_id = d.cree_par_id
            if statut == S.RETIRE:
                d.retire_le = fin_de_journee_paris(vague.date_limite - dt.timedelta(days=1))
            dossiers.append(d)
        dossiers = inserer(Dossier, dossiers)
        etape(f"{len(dossiers)} dossiers")

        # --- Attachments (rows only), assignments, reviews and their scores --------------------------------
        deposes = [d for d in dossiers if d.depose_le is not None]
        inserer(
            PieceJointe,
            [
                PieceJointe(
                    dossier=d,
                    type=type_,
                    fichier=f"candidatures/pieces/{d.pk}/{type_}.pdf",
                    nom=f"{type_}.pdf",
                    type_mime="application/pdf",
                    taille=1024 + d.pk % 4096,
                    sha256=f"{d.pk:064x}",
                    ajoute_par_id=d.cree_par_id,
                )
                for d in deposes
                for type_ in ("statuts", "budget")
            ],
        )
        instruits = [d for d in deposes if d.statut not in (S.DEPOSE, S.RETIRE)]
        affectations, evaluations = [], []
        for d in instruits:
            paire = (
                instructeurs[d.pk % nb_instructeurs],
                instructeurs[(d.pk + 1 + d.pk // nb_instructeurs % (nb_instructeurs - 1)) % nb_instructeurs],
            )
            if paire[0] == paire[1]:
                paire = (paire[0], instructeurs[(d.pk + 1) % nb_instructeurs])
            publie = d.vague.statut == V.RESULTATS_PUBLIES
            for rang, instructeur in enumerate(paire):
                affectations.append(
                    Affectation(
                        dossier=d,
                        instructeur=instructeur,
                        par=admin,
                        mode="automatique",
                        explication="Charge la plus faible, périmètre national.",
                    )
                )
                soumise = publie or rang == 0 or d.pk % 3 == 0
                evaluations.append(
                    Evaluation(
                        dossier=d,
                        instructeur=instructeur,
                        statut="soumise" if soumise else "brouillon",
                        avis=("favorable", "reserve", "defavorable")[(d.pk + rang) % 3] if soumise else "",
                        note_comite="Projet solide, ancrage réel." if soumise else "",
                        soumise_le=fin_de_journee_paris(d.vague.date_limite + dt.timedelta(days=20)) if soumise else None,
                    )
                )
        inserer(Affectation, affectations)
        evaluations = inserer(Evaluation, evaluations)
        inserer(
            NoteCritere,
            [
                NoteCritere(evaluation=e, critere=c, note=(e.pk * 7 + n) % 6, commentaire="Argumenté.")
                for e in evaluations
                for n, c in enumerate(CRITERES)
            ],
        )
        etape(f"{len(deposes) * 2} pièces, {len(affectations)} affectations, {len(evaluations)} évaluations")
        from candidatures.services.synthese import synthese_recalculer

        n = synthese_recalculer(dossier_ids={a.dossier_id for a in affectations})
        etape(f"synthèse des évaluations stockée sur {n} dossiers")

        # --- Decisions, complements, messages --------------------------------------------------------------
        resultats = {S.RETENU: "retenu", S.NON_RETENU: "non_retenu", S.AJOURNE: "ajourne"}
        decisions = [
            Decision(
                dossier=d,
                vague=d.vague,
                resultat=resultats[d.statut],
                definitive=True,
                decide_par=admin,
                motivation="" if d.statut == S.RETENU else "Le modèle économique reste à consolider.",
                decide_le=fin_de_journee_paris(d.vague.date_comite),
            )
            for d in instruits
            if d.statut in resultats
        ] + [
            Decision(
                dossier=d,
                vague=d.vague,
                resultat="retenu" if d.pk % 2 else "non_retenu",
                definitive=False,
                decide_par=admin,
                motivation="" if d.pk % 2 else "Projet à préciser.",
                decide_le=fin_de_journee_paris(d.vague.date_comite),
            )
            for d in instruits
            if d.statut == S.EN_INSTRUCTION and d.pk % 3 == 0
        ]
        inserer(Decision, decisions)
        inserer(
            DemandeComplement,
            [
                DemandeComplement(
                    dossier=d,
                    demande_par=admin,
                    sections=["budget", "gouvernance"],
                    message="Précisez le budget de l'année 2.",
                    date_limite=dt.date(2026, 12, 15),
                    statut="ouverte",
                    statut_dossier_avant=S.EN_INSTRUCTION,
                )
                for d in instruits
                if d.statut == S.COMPLEMENT_DEMANDE
            ],
        )
        messages = []
        for d in deposes:
            messages.append(
                Message(
                    dossier=d,
                    auteur_id=d.cree_par_id,
                    cote="porteur",
                    texte="Bonjour, notre dossier est-il complet ?",
                    lu_le=None if d.pk % 4 == 0 else d.depose_le,
                )
            )
            messages.append(Message(dossier=d, auteur=admin, cote="equipe", texte="Bonjour, il est complet, merci.", lu_le=d.depose_le))
        inserer(Message, messages)
        etape(f"{len(decisions)} décisions, {len(messages)} messages")

        # --- Grants of the laureates, tranches, payments, labels -------------------------------------------
        retenus = [d for d in instruits if d.statut == S.RETENU]
        subventions = inserer(
            Subvention,
            [
                Subvention(
                    dossier=d,
                    tiers_lieu_id=d.tiers_lieu_id,
                    statut="conventionnee",
                    reference_convention=f"CONV-{d.numero}",
                    cree_par=admin,
                    date_convention=d.vague.date_publication + dt.timedelta(days=30),
                    total_fonctionnement=d.montant_total_demande,
                )
                for d in retenus
            ],
        )
        tranches = []
        for s, d in zip(subventions, retenus, strict=True):
            tranches += [
                Tranche(subvention=s, annee=a, nature="fonctionnement", montant=m, plafond=s.plafond_annuel)
                for a, m in enumerate(d.montants, start=1)
                if m
            ]
            if d.bonus_numerique:
                tranches.append(
                    Tranche(
                        subvention=s, annee=1, nature="investissement", bonus=True, montant=Decimal("100000.00"), plafond=s.bonus_maximum
                    )
                )
        tranches = inserer(Tranche, tranches)
        convention = {s.pk: s.date_convention for s in subventions}

        def _prevue(tranche):  # paid when planned, up to the month before the benchmark's « today »
            return convention[tranche.subvention_id] + dt.timedelta(days=365 * (tranche.annee - 1))

        inserer(
            Versement,
            [
                Versement(
                    tranche=tr,
                    montant=tr.montant,
                    date_prevue=_prevue(tr),
                    statut="verse" if _prevue(tr) < dt.date(2026, 10, 1) else "prevu",
                    date_versement=_prevue(tr) + dt.timedelta(days=20) if _prevue(tr) < dt.date(2026, 10, 1) else None,
                )
                for tr in tranches
            ],
        )
        labels, vus = [], set()
        for d in retenus:
            if d.tiers_lieu_id not in vus:
                vus.add(d.tiers_lieu_id)
                labels.append(Label(tiers_lieu_id=d.tiers_lieu_id, type="fabrique", vague=d.vague, date_obtention=d.vague.date_publication))
        inserer(Label, labels)
        etape(f"{len(subventions)} subventions, {len(tranches)} tranches et versements, {len(labels)} labels")
    if connection.vendor == "postgresql":
        # What autovacuum does on a live database: statistics, and the visibility map that lets
        # counts and the « versements à venir » be read from their indexes alone.
        # (Inside a transaction — the regression test of tests/test_requetes_constantes.py — only
        # ANALYZE can run.)
        with connection.cursor() as curseur:
            curseur.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    elif connection.vendor == "sqlite":
        with connection.cursor() as curseur:
            curseur.execute("ANALYZE")
    etape("terminé (statistiques du planificateur à jour)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=1000)
    parser.add_argument("--database-url", default=None, help="par défaut : DATABASE_URL")
    parser.add_argument("--graine", type=int, default=42)
    args = parser.parse_args(argv)
    _configurer(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    generer(args.dossiers, args.graine)


if __name__ == "__main__":
    main()
