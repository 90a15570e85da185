from django.db import migrations


class Migration(migrations.Migration):
    """Two changes made side by side: the criteria's exact wording and one retained dossier per Fabrique."""

    dependencies = [
        ("candidatures", "0009_criteres_mot_pour_mot"),
        ("candidatures", "0009_un_retenu_par_fabrique"),
    ]

    operations = []
