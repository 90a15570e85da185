"""Test settings: fast hashing, e-mail in memory, private files in a temporary folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Shared with a real worker in CI through the MEDIA_ROOT variable; a fresh folder otherwise.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default="") or tempfile.mkdtemp(prefix="fabriques-media-"))  # noqa: F405
# Tests run tasks inline; tests marked « worker » switch to the real broker (see tests/conftest.py).
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ACCOUNT_RATE_LIMITS = False
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
WHITENOISE_AUTOREFRESH = True
