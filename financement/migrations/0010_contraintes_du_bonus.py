"""The database rules of the tranches with the ``bonus`` flag, added once the data migration of
0009 is committed (PostgreSQL refuses to alter a table with pending trigger events in the same
transaction as the updates)."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('financement', '0009_nature_selon_l_appel'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='tranche',
            constraint=models.CheckConstraint(condition=models.Q(('bonus', True), models.Q(('montant__gt', 0), ('montant__lte', models.F('plafond'))), _connector='OR'), name='tranche_annuelle_plafond_annuel', violation_error_message="Une tranche annuelle est comprise entre 0,01 € et le plafond annuel de l'appel."),
        ),
        migrations.AddConstraint(
            model_name='tranche',
            constraint=models.CheckConstraint(condition=models.Q(('bonus', False), models.Q(('montant__gt', 0), ('montant__lte', models.F('plafond'))), _connector='OR'), name='tranche_bonus_plafonne', violation_error_message="Le bonus d'investissement va de 0,01 € au bonus maximum de l'appel."),
        ),
        migrations.AddConstraint(
            model_name='tranche',
            constraint=models.CheckConstraint(condition=models.Q(('bonus', False), ('nature', 'investissement'), _connector='OR'), name='tranche_bonus_en_investissement', violation_error_message="Le bonus numérique est une somme d'investissement."),
        ),
        migrations.AddConstraint(
            model_name='tranche',
            constraint=models.UniqueConstraint(fields=('subvention', 'annee', 'bonus'), name='tranche_unique_par_annee'),
        ),
        migrations.AddConstraint(
            model_name='tranche',
            constraint=models.UniqueConstraint(condition=models.Q(('bonus', True)), fields=('subvention',), name='tranche_un_seul_bonus', violation_error_message="Une subvention n'a qu'un seul bonus d'investissement."),
        ),
    ]
