"""One Fabrique, one support: each grant repeats its dossier's tiers-lieu, and a tiers-lieu holds at
most one grant that is not terminated."""
import django.db.models.deletion
from django.db import migrations, models


def remplir_tiers_lieu(apps, schema_editor):
    Subvention = apps.get_model("financement", "Subvention")
    for subvention in Subvention.objects.select_related("dossier").only("pk", "dossier__tiers_lieu_id").iterator():
        Subvention.objects.filter(pk=subvention.pk).update(tiers_lieu_id=subvention.dossier.tiers_lieu_id)


class Migration(migrations.Migration):

    dependencies = [
        ("fabriques", "0005_implantation_selon_le_depliant"),
        ("financement", "0003_deux_enveloppes"),
    ]

    operations = [
        migrations.AddField(
            model_name="subvention",
            name="tiers_lieu",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="subventions",
                                    to="fabriques.tierslieu", verbose_name="tiers-lieu"),
        ),
        migrations.RunPython(remplir_tiers_lieu, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="subvention",
            name="tiers_lieu",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="subventions",
                                    to="fabriques.tierslieu", verbose_name="tiers-lieu"),
        ),
        migrations.AddConstraint(
            model_name="subvention",
            constraint=models.UniqueConstraint(
                condition=models.Q(("statut", "resiliee"), _negated=True), fields=("tiers_lieu",), name="subvention_une_par_tiers_lieu",
                violation_error_message="Ce tiers-lieu a déjà une subvention en cours : une Fabrique ne reçoit qu'un soutien du programme.",
            ),
        ),
    ]
