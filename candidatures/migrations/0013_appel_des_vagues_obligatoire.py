import django.db.models.deletion
from django.db import migrations, models

import appels.services


class Migration(migrations.Migration):

    dependencies = [
        ('candidatures', '0012_appel_fabriques_pour_l_existant'),
    ]

    # The default (the Fabriques call, loaded when first needed) is Python's only: the database
    # never calls it, the column only becomes required.
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(
                    model_name='vague',
                    name='appel',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='vagues', to='appels.appel', verbose_name='appel'),
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='vague',
                    name='appel',
                    field=models.ForeignKey(default=appels.services.appel_fabriques_id, on_delete=django.db.models.deletion.PROTECT, related_name='vagues', to='appels.appel', verbose_name='appel'),
                ),
            ],
        ),
    ]
