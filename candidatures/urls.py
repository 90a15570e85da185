from django.urls import path, re_path

from .views import instruction as vues_instruction
from .views import porteur, vagues

app_name = "candidatures"
urlpatterns = [
    # Applicant side
    path("mes-dossiers/", porteur.mes_dossiers, name="mes_dossiers"),
    path("dossiers/nouveau/", porteur.dossier_creer, name="dossier_creer"),
    path("dossiers/<id:pk>/", porteur.dossier_detail, name="dossier"),
    path("dossiers/<id:pk>/sections/<slug:section>/", porteur.dossier_section, name="dossier_section"),
    path("dossiers/<id:pk>/pieces/", porteur.dossier_pieces, name="dossier_pieces"),
    path("dossiers/<id:pk>/pieces/<id:piece_pk>/telecharger/", porteur.piece_telecharger, name="piece_telecharger"),
    path("dossiers/<id:pk>/pieces/<id:piece_pk>/remplacer/", porteur.piece_remplacer_vue, name="piece_remplacer"),
    path("dossiers/<id:pk>/pieces/<id:piece_pk>/supprimer/", porteur.piece_supprimer_vue, name="piece_supprimer"),
    path("dossiers/<id:pk>/deposer/", porteur.dossier_deposer, name="dossier_deposer"),
    path("dossiers/<id:pk>/retirer/", porteur.dossier_retirer, name="dossier_retirer"),
    path("dossiers/<id:pk>/reporter/", porteur.dossier_reporter, name="dossier_reporter"),
    path("dossiers/<id:pk>/complements/renvoyer/", porteur.dossier_complements_renvoyer, name="dossier_complements_renvoyer"),
    path("dossiers/<id:pk>/messages/", porteur.dossier_message_envoyer, name="dossier_message_envoyer"),
    path("dossiers/<id:pk>/messages/<id:message_pk>/piece-jointe/", porteur.message_fichier, name="message_fichier"),
    path("dossiers/<id:pk>/accuse-reception.pdf", porteur.dossier_accuse, name="dossier_accuse"),
    # Waves (administrateurs)
    path("vagues/", vagues.vagues_admin, name="vagues_admin"),
    path("vagues/calendrier/", vagues.vagues_calendrier, name="vagues_calendrier"),
    path("vagues/<id:pk>/modifier/", vagues.vague_modifier_vue, name="vague_modifier"),
    path("vagues/<id:pk>/statut/", vagues.vague_statut, name="vague_statut"),
    path("vagues/<id:pk>/cloturer-avant-la-date-limite/", vagues.vague_cloturer_anticipation, name="vague_cloturer_anticipation"),
    # Instruction (the committee's pages are in selection/urls.py)
    path("instruction/", vues_instruction.liste, name="instruction"),
    re_path(r"^instruction/export\.(?P<format>csv|xlsx)$", vues_instruction.exporter, name="instruction_export"),
    path("instruction/exports/", vues_instruction.mes_exports, name="instruction_exports"),
    path("instruction/exports/<id:pk>/", vues_instruction.export_telecharger, name="instruction_export_telecharger"),
    path("instruction/dossiers/<id:pk>/", vues_instruction.dossier, name="instruction_dossier"),
    path("instruction/dossiers/<id:pk>/soumettre/", vues_instruction.evaluation_soumettre, name="instruction_evaluation_soumettre"),
    path("instruction/dossiers/<id:pk>/affecter/", vues_instruction.affecter, name="instruction_affecter"),
    path("instruction/affectations/", vues_instruction.affectations, name="instruction_affectations"),
    path("instruction/affectations/en-masse/", vues_instruction.affecter_en_masse, name="instruction_affecter_en_masse"),
    path("instruction/affectations/<id:pk>/retirer/", vues_instruction.affectation_supprimer, name="instruction_affectation_supprimer"),
    path(
        "instruction/affectations/<id:pk>/reaffecter/", vues_instruction.affectation_reassigner, name="instruction_affectation_reassigner"
    ),
    path("instruction/complements/<id:pk>/annuler/", vues_instruction.complement_annuler, name="instruction_complement_annuler"),
    path("instruction/conflits/", vues_instruction.conflits, name="instruction_conflits"),
    path("instruction/conflits/<id:pk>/retirer/", vues_instruction.conflit_supprimer, name="instruction_conflit_supprimer"),
]
