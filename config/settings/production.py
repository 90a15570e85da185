"""Production settings: secrets are required, HTTPS is enforced, debug is off."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = False
try:
    SECRET_KEY = env("DJANGO_SECRET_KEY")
except ImproperlyConfigured as exc:  # a clear message rather than a traceback further down
    raise ImproperlyConfigured(
        "La variable d'environnement DJANGO_SECRET_KEY est obligatoire en production : "
        "définissez une clé secrète longue et aléatoire (50 caractères ou plus)."
    ) from exc
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
# The address e-mails link to and the Sites framework carries: never the development default here.
SITE_URL = env("SITE_URL", default=f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS else "").rstrip("/")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
MFA_OBLIGATOIRE_ADMINISTRATEURS = True
