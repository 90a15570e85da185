from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('financement', '0007_plafond_des_bonus_existants'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='subvention',
            constraint=models.CheckConstraint(condition=models.Q(('total_fonctionnement__gte', models.F('total_minimum')), ('total_fonctionnement__lte', models.F('total_maximum'))), name='subvention_total_fonctionnement_dans_la_fourchette', violation_error_message='Le total de la subvention sort de la fourchette de son appel.'),
        ),
        migrations.AddConstraint(
            model_name='tranche',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('nature', 'fonctionnement'), _negated=True), models.Q(('montant__gt', 0), ('montant__lte', models.F('plafond'))), _connector='OR'), name='tranche_fonctionnement_plafond_annuel', violation_error_message="Une tranche annuelle est comprise entre 0,01 € et le plafond annuel de l'appel."),
        ),
        migrations.AddConstraint(
            model_name='tranche',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('nature', 'investissement'), _negated=True), models.Q(('montant__gt', 0), ('montant__lte', models.F('plafond'))), _connector='OR'), name='tranche_investissement_bonus_plafonne', violation_error_message="Le bonus d'investissement va de 0,01 € au bonus maximum de l'appel."),
        ),
    ]
