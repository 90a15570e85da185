"""One Fabrique, one support: a tiers-lieu has at most one retained dossier."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("candidatures", "0008_progression_des_exports"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="dossier",
            constraint=models.UniqueConstraint(
                condition=models.Q(("statut", "retenu")), fields=("tiers_lieu",), name="dossier_un_retenu_par_tiers_lieu",
                violation_error_message="Ce tiers-lieu a déjà un dossier retenu : une Fabrique ne reçoit qu'un soutien du programme.",
            ),
        ),
    ]
