from django.urls import path

from .api import instruction, porteur, publique

urlpatterns = [
    # Open data
    path("vagues/", publique.VaguesView.as_view(), name="api-vagues"),
    path("vagues/<id:pk>/", publique.VagueView.as_view(), name="api-vague"),
    path("vagues/<id:pk>/statut/", publique.VagueStatutView.as_view(), name="api-vague-statut"),
    # Applicants
    path("dossiers/", porteur.MesDossiersView.as_view(), name="api-dossiers"),
    path("dossiers/<id:pk>/", porteur.DossierView.as_view(), name="api-dossier"),
    path("dossiers/<id:pk>/sections/<slug:section>/", porteur.SectionView.as_view(), name="api-dossier-section"),
    path("dossiers/<id:pk>/pieces/", porteur.PiecesView.as_view(), name="api-dossier-pieces"),
    path("dossiers/<id:pk>/pieces/<id:piece_pk>/", porteur.PieceView.as_view(), name="api-dossier-piece"),
    path("dossiers/<id:pk>/deposer/", porteur.DeposerView.as_view(), name="api-dossier-deposer"),
    path("dossiers/<id:pk>/retirer/", porteur.RetirerView.as_view(), name="api-dossier-retirer"),
    path("dossiers/<id:pk>/accuse-reception/", porteur.AccuseView.as_view(), name="api-dossier-accuse"),
    path("dossiers/<id:pk>/messages/", porteur.MessagesView.as_view(), name="api-dossier-messages"),
    path("dossiers/<id:pk>/complements/", porteur.ComplementsPorteurView.as_view(), name="api-dossier-complements"),
    path("dossiers/<id:pk>/complements/renvoyer/", porteur.ComplementsRenvoyerView.as_view(), name="api-dossier-complements-renvoyer"),
    # Reviewers
    path("instruction/dossiers/", instruction.DossiersInstructionView.as_view(), name="api-instruction-dossiers"),
    path("instruction/dossiers/<id:pk>/evaluation/", instruction.EvaluationView.as_view(), name="api-instruction-evaluation"),
    path("instruction/dossiers/<id:pk>/complements/", instruction.ComplementsView.as_view(), name="api-instruction-complements"),
    path(
        "instruction/complements/<id:pk>/annuler/", instruction.ComplementAnnulerView.as_view(), name="api-instruction-complement-annuler"
    ),
    path("instruction/conflits/", instruction.ConflitsView.as_view(), name="api-instruction-conflits"),
    path("instruction/conflits/<id:pk>/", instruction.ConflitView.as_view(), name="api-instruction-conflit"),
    path("instruction/export/", instruction.ExportView.as_view(), name="api-instruction-export"),
    # Administrateurs
    path("instruction/dossiers/<id:pk>/affectations/", instruction.AffectationsDossierView.as_view(), name="api-affectations"),
    path("instruction/affectations/<id:pk>/", instruction.AffectationView.as_view(), name="api-affectation"),
    path(
        "instruction/affectations/<id:pk>/reassigner/", instruction.AffectationReassignerView.as_view(), name="api-affectation-reassigner"
    ),
    path("instruction/affectations/en-masse/", instruction.AffectationMasseView.as_view(), name="api-affectations-en-masse"),
    path(
        "instruction/vagues/<id:pk>/affectation-automatique/",
        instruction.AffectationAutomatiqueView.as_view(),
        name="api-affectation-automatique",
    ),
]
