"""Settings of the benchmark: the portal's base settings, plus a bench-only urlconf that adds the
minimal view (the floor every page is compared to). The database comes from ``DATABASE_URL``
as everywhere else (``bench.generer`` / ``bench.mesurer`` set it from ``--database-url``)."""

from config.settings.base import *  # noqa: F401,F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Logging in the benchmark users goes through force_login: the hasher's cost is not measured.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
