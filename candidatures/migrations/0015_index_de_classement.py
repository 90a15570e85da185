"""The ranking index on the tie-break mean, built once the data migration of 0014 is committed
(PostgreSQL refuses to create an index on a table with pending trigger events in the same
transaction as the updates)."""
import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('candidatures', '0014_moyennes_par_critere_de_l_appel'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='dossier',
            index=models.Index(models.OrderBy(django.db.models.functions.comparison.Coalesce('score', models.Value(-1000000.0)), descending=True), models.OrderBy(django.db.models.functions.comparison.Coalesce('moy_departage', models.Value(-1000000.0)), descending=True), models.F('depose_le'), models.F('numero'), models.F('id'), name='dossier_classement'),
        ),
    ]
