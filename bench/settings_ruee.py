"""Settings of the deadline-rush load test: production-like (DEBUG off, PostgreSQL), plain HTTP on
loopback, a fast password hasher so that logging hundreds of users in does not dominate the test."""

from config.settings.base import *  # noqa: F401,F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
ACCOUNT_RATE_LIMITS = False
AXES_ENABLED = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
