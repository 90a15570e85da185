"""The decision aid through the API: the same parameters (same form), the same proposal, the same
rule (``selection.proposer``, administrateurs) as the page."""

from django.shortcuts import get_object_or_404
from rest_framework import serializers
from rest_framework.response import Response

from candidatures.models import Vague
from commun.api_outils import VueApi, formulaire_valide, operation, texte_de_formulaire
from commun.erreurs import ErreurMetier

from ..donnees import calculer, parametres_par_defaut
from ..forms.proposition import TRAITEMENTS, ParametresForm
from ..proposition import ErreurResolution, Proposition, Totaux
from ..selectors.comite import comite_de_la_vague

TAG_COMITE = "comite"
AIDE_TRAITEMENT = " ou ".join(f"« {code} » ({libelle.lower()})" for code, libelle in TRAITEMENTS)


class ParametresSelectionEcritureSerializer(serializers.Serializer):
    """Every field is optional: what is not sent takes the page's default (the programme's figures)."""

    note_minimale = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, min_value=0, max_value=100)
    enveloppe_fonctionnement = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, min_value=0)
    enveloppe_numerique = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, min_value=0)
    part_objectifs = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=100,
        help_text="Part (en %) de ce qui reste des objectifs QPV et hors des grands centres urbains.",
    )
    max_numeriques = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    max_laureats = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    couvrir_regions = serializers.BooleanField(required=False)
    desaccord = serializers.CharField(required=False, help_text=AIDE_TRAITEMENT)
    complement = serializers.CharField(required=False, help_text=AIDE_TRAITEMENT)


class ParametresSelectionSerializer(serializers.Serializer):
    note_minimale = serializers.FloatField()
    enveloppe_fonctionnement = serializers.DecimalField(max_digits=12, decimal_places=2)
    enveloppe_numerique = serializers.DecimalField(max_digits=12, decimal_places=2)
    min_qpv = serializers.IntegerField()
    min_hors_grands_centres = serializers.IntegerField()
    max_numeriques = serializers.IntegerField(allow_null=True)
    max_laureats = serializers.IntegerField(allow_null=True)
    couvrir_regions = serializers.BooleanField()
    desaccord = serializers.CharField()
    complement = serializers.CharField()


class TotauxSelectionSerializer(serializers.Serializer):
    retenus = serializers.IntegerField()
    score = serializers.FloatField()
    montant = serializers.DecimalField(max_digits=14, decimal_places=2)
    bonus = serializers.DecimalField(max_digits=14, decimal_places=2)
    qpv = serializers.IntegerField()
    hors_grands_centres = serializers.IntegerField()
    numeriques = serializers.IntegerField()
    regions_couvertes = serializers.IntegerField()
    regions_eligibles = serializers.IntegerField()


class LigneSelectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    numero = serializers.CharField()
    rang = serializers.IntegerField()
    score = serializers.FloatField(allow_null=True)
    retenu = serializers.BooleanField()
    raison = serializers.CharField()
    code = serializers.CharField(help_text="Ce qui a décidé : note, enveloppe, region, qpv, desaccord, complement…")
    signalements = serializers.ListField(child=serializers.CharField())
    dans_classement = serializers.BooleanField(help_text="Retenu aussi par le classement seul.")


class LimiteSelectionSerializer(serializers.Serializer):
    code = serializers.CharField()
    libelle = serializers.CharField()
    limitante = serializers.BooleanField()
    gain = serializers.FloatField(help_text="Points de note totale que l'élargissement d'un pas ferait gagner.")
    ajoutes = serializers.ListField(child=serializers.CharField())
    retires = serializers.ListField(child=serializers.CharField())
    phrase = serializers.CharField()


class ConflitSelectionSerializer(serializers.Serializer):
    contraintes = serializers.ListField(child=serializers.CharField())
    codes = serializers.ListField(
        child=serializers.CharField(),
        help_text="Les mêmes contraintes : qpv, hors_grands_centres, regions, enveloppe, "
        "enveloppe_numerique, plafond_numeriques, plafond_laureats.",
    )
    relaxation = serializers.ListField(child=serializers.CharField())
    message = serializers.CharField()


class PropositionSelectionSerializer(serializers.Serializer):
    vague = serializers.IntegerField()
    parametres = ParametresSelectionSerializer()
    selection = serializers.ListField(child=serializers.IntegerField(), help_text="Identifiants des dossiers proposés.")
    dossiers = LigneSelectionSerializer(many=True)
    limites = LimiteSelectionSerializer(many=True)
    totaux = TotauxSelectionSerializer()
    classement = TotauxSelectionSerializer(help_text="Le classement seul, pris du haut jusqu'à épuisement de l'enveloppe.")
    ecarts_classement = serializers.ListField(child=serializers.CharField())
    non_respectees_par_classement = serializers.ListField(child=serializers.CharField())
    conflit = ConflitSelectionSerializer(allow_null=True)
    duree = serializers.FloatField()
    resolutions = serializers.IntegerField()
    explications_completes = serializers.BooleanField(
        help_text="Faux : le temps donné aux explications a manqué, certaines sont générales."
    )


def _totaux(t: Totaux) -> dict:
    return {**t.__dict__, "montant": str(t.montant), "bonus": str(t.bonus)}


def en_donnees(vague: Vague, p: Proposition) -> dict:
    parametres = p.parametres
    return {
        "vague": vague.pk,
        "parametres": {
            "note_minimale": parametres.note_minimale,
            "enveloppe_fonctionnement": str(parametres.enveloppe_fonctionnement),
            "enveloppe_numerique": str(parametres.enveloppe_numerique),
            "min_qpv": parametres.min_qpv,
            "min_hors_grands_centres": parametres.min_hors_grands_centres,
            "max_numeriques": parametres.max_numeriques,
            "max_laureats": parametres.max_laureats,
            "couvrir_regions": parametres.couvrir_regions,
            "desaccord": parametres.desaccord,
            "complement": parametres.complement,
        },
        "selection": sorted(p.ids_retenus),
        "dossiers": [
            {
                "id": ligne.candidat.id,
                "numero": ligne.candidat.numero,
                "rang": ligne.candidat.rang,
                "score": ligne.candidat.score,
                "retenu": ligne.retenu,
                "raison": ligne.raison,
                "code": ligne.code,
                "signalements": ligne.signalements,
                "dans_classement": ligne.dans_classement,
            }
            for ligne in p.lignes
        ],
        "limites": [
            {
                "code": lim.code,
                "libelle": lim.libelle,
                "limitante": lim.saturee,
                "gain": lim.gain,
                "ajoutes": lim.ajoutes,
                "retires": lim.retires,
                "phrase": lim.phrase,
            }
            for lim in p.limites
        ],
        "totaux": _totaux(p.totaux),
        "classement": _totaux(p.classement),
        "ecarts_classement": p.ecarts_classement,
        "non_respectees_par_classement": p.non_respectees_par_classement,
        "conflit": {
            "contraintes": p.conflit.contraintes,
            "codes": p.conflit.codes,
            "relaxation": p.conflit.relaxation,
            "message": p.conflit.message,
        }
        if p.conflit
        else None,
        "duree": round(p.duree, 4),
        "resolutions": p.resolutions,
        "explications_completes": p.explications_completes,
    }


EXEMPLE = {
    "vague": 3,
    "parametres": {
        "note_minimale": 60.0,
        "enveloppe_fonctionnement": "2000000.00",
        "enveloppe_numerique": "300000.00",
        "min_qpv": 4,
        "min_hors_grands_centres": 4,
        "max_numeriques": 3,
        "max_laureats": None,
        "couvrir_regions": True,
        "desaccord": "signaler",
        "complement": "exclure",
    },
    "selection": [41, 42, 57],
    "dossiers": [
        {
            "id": 57,
            "numero": "FDT-2026-V3-00057",
            "rang": 14,
            "score": 66.5,
            "retenu": True,
            "raison": "retenu pour couvrir la région Corse",
            "code": "region",
            "signalements": [],
            "dans_classement": False,
        }
    ],
    "limites": [
        {
            "code": "enveloppe",
            "libelle": "Enveloppe de fonctionnement",
            "limitante": True,
            "gain": 71.25,
            "ajoutes": ["FDT-2026-V3-00012"],
            "retires": [],
            "phrase": "100 000 € d'enveloppe de fonctionnement de plus permettraient de retenir aussi FDT-2026-V3-00012 (+71,2 points).",
        }
    ],
    "totaux": {
        "retenus": 14,
        "score": 1032.5,
        "montant": "1987500.00",
        "bonus": "200000.00",
        "qpv": 5,
        "hors_grands_centres": 6,
        "numeriques": 2,
        "regions_couvertes": 11,
        "regions_eligibles": 11,
    },
    "classement": {
        "retenus": 14,
        "score": 1040.0,
        "montant": "1995000.00",
        "bonus": "400000.00",
        "qpv": 3,
        "hors_grands_centres": 6,
        "numeriques": 4,
        "regions_couvertes": 9,
        "regions_eligibles": 11,
    },
    "ecarts_classement": ["La proposition retient FDT-2026-V3-00057, que le classement seul ne retiendrait pas."],
    "non_respectees_par_classement": ["région sans lauréat : Corse"],
    "conflit": None,
    "duree": 0.084,
    "resolutions": 9,
    "explications_completes": True,
}


class PropositionView(VueApi):
    regle = "selection.proposer"
    serializer_class = PropositionSelectionSerializer

    @operation(
        "comite_proposition",
        "Proposer une sélection pour le comité d'une vague (aide à la décision)",
        TAG_COMITE,
        reponse=PropositionSelectionSerializer,
        exemple=EXEMPLE,
        requete=ParametresSelectionEcritureSerializer,
        exemple_requete={"note_minimale": 60, "enveloppe_fonctionnement": "2000000.00", "part_objectifs": 25},
        erreurs=(400, 401, 403, 404),
        description="Calcule, sans rien enregistrer, la sélection qui maximise la somme des notes pondérées sous les "
        "enveloppes et les objectifs (solveur HiGHS), avec la raison de chaque dossier, les limites et leur prix, "
        "et l'écart au classement seul. Les paramètres absents prennent les valeurs par défaut de la page.",
    )
    def post(self, request, pk: int):
        vague = get_object_or_404(Vague, pk=pk)
        comite = comite_de_la_vague(vague)
        donnees = {nom: texte_de_formulaire(valeur) for nom, valeur in parametres_par_defaut(vague, comite).items()}
        donnees.update({nom: valeur for nom, valeur in request.data.items() if nom in ParametresForm.base_fields})
        form = formulaire_valide(ParametresForm(donnees))
        try:
            calcul = calculer(vague, form.cleaned_data, comite)
        except ErreurResolution as erreur:
            raise ErreurMetier(f"Le solveur n'a pas pu établir de proposition : {erreur}") from None
        return Response(en_donnees(vague, calcul.proposition))
