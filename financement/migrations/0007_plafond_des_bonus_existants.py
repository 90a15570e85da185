"""The bonus tranches that exist were capped by the Fabriques call's bonus (100 000 €): their column
says so before the constraints read it (0008). Data only: on PostgreSQL the rows updated here
cannot be altered in the same transaction."""
from decimal import Decimal

from django.db import migrations


def plafond_des_bonus(apps, schema_editor):
    Tranche = apps.get_model("financement", "Tranche")
    Tranche.objects.filter(nature="investissement").update(plafond=Decimal("100000.00"))


class Migration(migrations.Migration):

    dependencies = [
        ('financement', '0006_regles_de_l_appel'),
    ]

    operations = [
        migrations.RunPython(plafond_des_bonus, migrations.RunPython.noop),
    ]
