"""Waves: the year's four deadlines in Paris time (around DST), calendar checks, admin page."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from candidatures.models import Vague
from candidatures.services.vagues import calendrier_annee, vague_changer_statut, vague_creer, vagues_mettre_a_jour_statuts
from commun.erreurs import ConflitEtat, ErreurMetier

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def test_calendrier_quatre_vagues_chacune_ouvre_le_lendemain_de_la_precedente():
    assert calendrier_annee(2026) == [
        (dt.date(2025, 12, 31), dt.date(2026, 3, 30)),
        (dt.date(2026, 3, 31), dt.date(2026, 6, 30)),
        (dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        (dt.date(2026, 10, 1), dt.date(2026, 12, 30)),
    ]


def test_commande_cree_les_quatre_vagues_et_leurs_clotures_en_heure_de_paris():
    sortie = StringIO()
    call_command("creer_vagues", "2026", stdout=sortie)
    vagues = list(Vague.objects.order_by("date_limite"))
    assert [v.date_limite for v in vagues] == [dt.date(2026, 3, 30), dt.date(2026, 6, 30), dt.date(2026, 9, 30), dt.date(2026, 12, 30)]
    # 30/03/2026 comes the day after the switch to summer time (29/03), 30/09 before the switch back (25/10):
    # both close at 23:59:59.999999 Paris = 21:59:59.999999 UTC; 30/12 (winter) at 22:59:59.999999 UTC.
    assert [v.cloture.astimezone(UTC) for v in vagues] == [
        dt.datetime(2026, 3, 30, 21, 59, 59, 999999, tzinfo=UTC),
        dt.datetime(2026, 6, 30, 21, 59, 59, 999999, tzinfo=UTC),
        dt.datetime(2026, 9, 30, 21, 59, 59, 999999, tzinfo=UTC),
        dt.datetime(2026, 12, 30, 22, 59, 59, 999999, tzinfo=UTC),
    ]
    assert "30/03/2026 23:59:59 (heure de Paris, UTC+0200)" in sortie.getvalue()
    assert "30/12/2026 23:59:59 (heure de Paris, UTC+0100)" in sortie.getvalue()


@pytest.mark.parametrize(
    ("limite", "dernier_instant_utc"),
    [
        (dt.date(2026, 3, 30), dt.datetime(2026, 3, 30, 21, 59, 59, 999999, tzinfo=UTC)),
        (dt.date(2026, 9, 30), dt.datetime(2026, 9, 30, 21, 59, 59, 999999, tzinfo=UTC)),
        (dt.date(2026, 12, 30), dt.datetime(2026, 12, 30, 22, 59, 59, 999999, tzinfo=UTC)),
    ],
)
def test_la_vague_accepte_jusqu_a_minuit_heure_de_paris(limite, dernier_instant_utc):
    vague = Vague.objects.create(
        numero=1, titre="V", date_ouverture=limite - dt.timedelta(days=80), date_limite=limite, statut=Vague.Statut.OUVERTE
    )
    assert vague.accepte_les_depots(dernier_instant_utc)
    assert not vague.accepte_les_depots(dernier_instant_utc + dt.timedelta(microseconds=1))


def test_commande_relancee_refuse_le_chevauchement_sans_rien_creer():
    call_command("creer_vagues", "2026", stdout=StringIO())
    with pytest.raises(CommandError, match="chevauche celle de la vague 1"):
        call_command("creer_vagues", "2026", stdout=StringIO())
    assert Vague.objects.count() == 4


def test_dates_inversees_refusees_avec_un_message():
    with pytest.raises(ErreurMetier, match=r"La date d'ouverture \(01/07/2026\) doit précéder la date limite de dépôt \(30/06/2026\)"):
        vague_creer(titre="V", date_ouverture=dt.date(2026, 7, 1), date_limite=dt.date(2026, 6, 30))
    with pytest.raises(ErreurMetier, match="comité de sélection"):
        vague_creer(titre="V", date_ouverture=dt.date(2026, 4, 1), date_limite=dt.date(2026, 6, 30), date_comite=dt.date(2026, 6, 1))
    assert not Vague.objects.exists()


def test_transitions_de_statut_ecrites_une_fois(administrateur):
    vague = vague_creer(titre="V", date_ouverture=dt.date(2026, 4, 1), date_limite=dt.date(2026, 6, 30))
    with pytest.raises(ConflitEtat, match="ne peut pas passer à « Résultats publiés »"):
        vague_changer_statut(vague=vague, statut=Vague.Statut.RESULTATS_PUBLIES, par=administrateur)
    vague = vague_changer_statut(vague=vague, statut=Vague.Statut.OUVERTE, par=administrateur)
    assert vague.statut == Vague.Statut.OUVERTE


def test_statuts_mis_a_jour_selon_l_horloge():
    call_command("creer_vagues", "2026", stdout=StringIO())
    vagues_mettre_a_jour_statuts(moment=dt.datetime(2026, 11, 23, 12, tzinfo=UTC))
    assert list(Vague.objects.order_by("date_limite").values_list("statut", flat=True)) == ["cloturee", "cloturee", "cloturee", "ouverte"]


def test_page_des_vagues_reservee_aux_administrateurs(client, porteur, administrateur):
    client.force_login(porteur)
    assert client.get(reverse("candidatures:vagues_admin")).status_code == 403
    client.force_login(administrateur)
    reponse = client.post(
        reverse("candidatures:vagues_admin"),
        {
            "titre": "Vague de printemps",
            "date_ouverture": "2027-01-01",
            "date_limite": "2027-03-30",
            "plafond_laureats": "30",
        },
    )
    assert reponse.status_code == 302
    vague = Vague.objects.get()
    assert vague.cloture.astimezone(UTC) == dt.datetime(2027, 3, 30, 21, 59, 59, 999999, tzinfo=UTC)
    reponse = client.post(
        reverse("candidatures:vagues_admin"), {"titre": "Doublon", "date_ouverture": "2027-03-01", "date_limite": "2027-06-30"}
    )
    html = reponse.content.decode()
    assert reponse.status_code == 400
    assert "chevauche celle de la vague 1" in html
    assert 'value="Doublon"' in html
    assert "Vague de printemps" in client.get(reverse("candidatures:vagues_admin")).content.decode()


def test_modifier_une_vague(client, administrateur):
    vague = vague_creer(titre="V", date_ouverture=dt.date(2027, 1, 1), date_limite=dt.date(2027, 3, 30))
    client.force_login(administrateur)
    reponse = client.post(
        reverse("candidatures:vague_modifier", args=[vague.pk]),
        {
            "titre": "V",
            "date_ouverture": "2027-01-01",
            "date_limite": "2027-03-31",
            "date_comite": "2027-03-15",
        },
    )
    assert reponse.status_code == 400
    assert "doit se tenir après la date limite" in reponse.content.decode()
    vague.refresh_from_db()
    assert vague.date_limite == dt.date(2027, 3, 30)


@pytest.mark.parametrize(
    "numero, titre, affiche",
    [
        (4, "Vague 4 de 2026 — dépôt jusqu'au 30/12/2026", "Vague 4 de 2026 — dépôt jusqu'au 30/12/2026"),
        (6, "Vague 1 de 2027", "Vague 6 — Vague 1 de 2027"),
        (5, "Vague de septembre 2025", "Vague 5 — Vague de septembre 2025"),
        (1, "Vague 12 de 2030", "Vague 1 — Vague 12 de 2030"),
    ],
    ids=["titre-qui-dit-le-numero", "rang-dans-l-annee", "titre-libre", "numero-qui-n-est-qu-un-prefixe"],
)
def test_le_nom_d_une_vague_ne_repete_pas_son_numero(numero, titre, affiche):
    assert str(Vague(numero=numero, titre=titre)) == affiche


def test_une_vague_sans_dossier_se_lit_au_singulier(client, administrateur):
    """French plurals on the Vagues page: « 0 déposé, 0 brouillon », not « 0 déposés, 0 brouillons »."""
    client.force_login(administrateur)
    client.post(reverse("candidatures:vagues_admin"), {"titre": "Vague vide", "date_ouverture": "2027-01-01", "date_limite": "2027-03-30"})
    html = client.get(reverse("candidatures:vagues_admin")).content.decode()
    assert "0 déposé, 0 brouillon<" in html and "0 déposés" not in html
