"""Fixtures shared by the whole suite: users of each role, a real Celery worker switch, Chromium."""

import os

import pytest
from allauth.account.models import EmailAddress
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from comptes.models import User
from comptes.roles import Role

MOT_DE_PASSE = "Mot-de-passe-solide-2026"

# Property-based tests draw the same examples at every run (no flaky CI, no example database);
# HYPOTHESIS_PROFILE=exploration draws new ones, for a longer hunt by hand.
hypothesis_settings.register_profile(
    "portail",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
hypothesis_settings.register_profile("exploration", parent=hypothesis_settings.get_profile("portail"), derandomize=False, max_examples=1000)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "portail"))


def creer_utilisateur(email: str, role: str | None = Role.PORTEUR, **extra) -> User:
    user = User.objects.create_user(email=email, password=MOT_DE_PASSE, **extra)
    if role:
        user.attribuer_role(role)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def porteur(db):
    return creer_utilisateur("porteur@exemple.fr", Role.PORTEUR, first_name="Paul", last_name="Porteur")


@pytest.fixture
def autre_porteur(db):
    return creer_utilisateur("autre.porteur@exemple.fr", Role.PORTEUR)


@pytest.fixture
def instructeur(db):
    return creer_utilisateur("instructeur@anct.example.fr", Role.INSTRUCTEUR, first_name="Ivan", last_name="Instructeur")


@pytest.fixture
def administrateur(db):
    return creer_utilisateur("admin@anct.example.fr", Role.ADMINISTRATEUR, first_name="Anne", last_name="Admin")


@pytest.fixture
def celery_reel():
    """Send tasks through the real broker to the worker started by .ci/run."""
    from config.celery_app import app

    if not os.environ.get("CELERY_BROKER_URL"):
        pytest.fail("Ce test a besoin d'un vrai broker : lancez-le via .ci/run (CELERY_BROKER_URL et un worker).")
    app.conf.task_always_eager = False
    yield app
    app.conf.task_always_eager = True


# --- Browser (system Chromium through Playwright; never `playwright install`) -------------
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _async_unsafe_pour_playwright():
    # Playwright runs an event loop in the test thread; Django's ORM must still be usable there.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _cache_vide():
    """Each test starts with an empty cache: a page cached by one test must not answer the next
    (a rolled-back test transaction never renews the cache generations, see commun.cache)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fichiers_par_test(request, settings, tmp_path):
    """Each test stores its files in its own folder (no name clash between tests). Tests run
    with a real worker keep the folder shared with that worker (MEDIA_ROOT from the environment)."""
    if request.node.get_closest_marker("worker") is None:
        settings.MEDIA_ROOT = tmp_path / "fichiers"


@pytest.fixture(autouse=True)
def _donnees_de_reference(request):
    """Régions and départements come from a data migration; a transactional test (live server,
    real worker) empties every table when it ends. Put them back before any test that uses the
    database, so no test depends on the order the suite runs in."""
    if request.node.get_closest_marker("django_db") is None and not {"db", "transactional_db", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("_django_db_helper")
    territoires_de_reference()


def territoires_de_reference() -> None:
    """Put back every région and département of the data migration if any is missing (after a
    transactional test emptied the tables, or under a world built with only some of them)."""
    from django.apps import apps as registre

    from fabriques.models import Departement
    from fabriques.territoires import departements

    if Departement.objects.count() < len(departements()):
        import importlib

        importlib.import_module("fabriques.migrations.0003_territoires").charger_territoires(registre, None)
