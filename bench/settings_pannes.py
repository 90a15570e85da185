"""Settings of the « worker » fault scenario (``bench.pannes worker``): the portal's base settings
with a real broker (``CELERY_BROKER_URL``, so eager mode is off) and a short broker visibility
timeout, so that a task whose worker was killed is handed again within seconds instead of an hour.

Late ack (``CELERY_TASK_ACKS_LATE``) keeps the message unacknowledged while the task runs; with the
Redis transport a message delivered to a worker that died is put back in the queue once it is older
than ``visibility_timeout``, by the next worker that starts (kombu restores at start-up, then about
every 100 s). Production keeps kombu's default (one hour), longer than any job of the portal."""

from config.settings.base import *  # noqa: F401,F403
from config.settings.base import CELERY_BROKER_TRANSPORT_OPTIONS

VISIBILITE_S = 5
CELERY_BROKER_TRANSPORT_OPTIONS = {**CELERY_BROKER_TRANSPORT_OPTIONS, "visibility_timeout": VISIBILITE_S}
CELERY_RESULT_BACKEND = None
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
