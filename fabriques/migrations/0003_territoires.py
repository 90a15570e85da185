"""Load the 18 régions and 101 départements, derived from ISO 3166-2:FR (pycountry).

See ``fabriques/territoires.py`` for how ISO's description is turned into the official table.
Idempotent: rows are matched on their code and their name and région brought up to date.
"""
from django.db import migrations


def charger_territoires(apps, schema_editor):
    from fabriques.territoires import departements, regions

    Region = apps.get_model("fabriques", "Region")
    Departement = apps.get_model("fabriques", "Departement")
    par_code = {}
    for ref in regions():
        region, _ = Region.objects.update_or_create(code=ref.code, defaults={"nom": ref.nom, "outre_mer": ref.outre_mer})
        par_code[ref.code] = region
    for ref in departements():
        Departement.objects.update_or_create(code=ref.code, defaults={"nom": ref.nom, "region": par_code[ref.region_code]})


class Migration(migrations.Migration):

    dependencies = [
        ("fabriques", "0002_tiers_lieu_source_invitations"),
    ]

    operations = [
        migrations.RunPython(charger_territoires, migrations.RunPython.noop),
    ]
