"""Give the existing waves and dossiers the « Fabriques de territoire » call (data only: on PostgreSQL
the rows updated here cannot be altered in the same transaction, hence 0013 for the column)."""
from django.db import migrations


def appel_fabriques_pour_l_existant(apps, schema_editor):
    """The waves and dossiers that exist belong to the « Fabriques de territoire » call: load its
    shipped file as version 1 (as ``charger_appel`` would) and give it to them."""
    import hashlib

    from appels.format import en_donnees, lire
    from appels.services import FABRIQUES, FICHIERS

    Vague = apps.get_model("candidatures", "Vague")
    Dossier = apps.get_model("candidatures", "Dossier")
    if not Vague.objects.exists():
        return  # a new database: the call is loaded when first needed (appels.services.appel_fabriques)
    Appel = apps.get_model("appels", "Appel")
    VersionAppel = apps.get_model("appels", "VersionAppel")
    texte = (FICHIERS / f"{FABRIQUES}.toml").read_text(encoding="utf-8")
    definition = lire(texte)
    appel, _ = Appel.objects.get_or_create(slug=definition.slug, defaults={"nom": definition.nom})
    version = appel.versions.order_by("-numero").first() or VersionAppel.objects.create(
        appel=appel, numero=1, source=texte, nom_fichier=f"{FABRIQUES}.toml", definition_json=en_donnees(definition),
        empreinte=hashlib.sha256(texte.encode()).hexdigest(),
    )
    Vague.objects.update(appel=appel)
    Dossier.objects.update(version_appel=version)


class Migration(migrations.Migration):

    dependencies = [
        ('candidatures', '0011_appel_des_vagues_et_dossiers'),
    ]

    operations = [
        migrations.RunPython(appel_fabriques_pour_l_existant, migrations.RunPython.noop),
    ]
