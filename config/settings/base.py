"""Settings shared by every environment. Everything that varies is read from the environment.

With no environment at all, the portal runs on an embedded default: SQLite in ``var/`` and
Celery in eager mode (tasks run inline, no broker). ``DATABASE_URL`` and ``CELERY_BROKER_URL``
switch the same code to PostgreSQL and Redis.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core -------------------------------------------------------------------------------
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-not-secret-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The portal's name, as every e-mail and the Sites framework's Site (allauth's e-mails) give it.
NOM_PORTAIL = "Fabriques de territoire"
SITE_ID = 1

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "dsfr",
    "crispy_forms",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    # Project apps
    "commun",
    "comptes",
    "fabriques",
    "appels",
    "candidatures",
    "financement",
    "selection",
    "portail",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "commun.middleware.LimiteTailleRequeteMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "commun.middleware.PasDeCacheConnecteMiddleware",
    "commun.middleware.MethodeNonPermiseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "comptes.middleware.DoubleFacteurObligatoireMiddleware",
    "commun.middleware.AdminAccessMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "commun.context_processors.portail",
            ],
        },
    },
]

# Every form widget goes through it: no field carries the HTML maxlength that cuts a text silently.
FORM_RENDERER = "commun.formulaires.RenduPortail"

# --- Database ---------------------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# The embedded default holds the concurrent writes of a few users (two clicks on the same button):
# - WAL: readers never wait for a writer, nor a writer for readers;
# - IMMEDIATE: a transaction takes the write lock when it begins. With SQLite's default (DEFERRED),
#   two transactions that both read and then write fail at once with « database is locked »
#   (SQLite cannot upgrade the second one's read lock); now the second one waits its turn, then
#   reads the state the first one left and answers with the domain's French error;
# - timeout: how long, in seconds, a transaction waits for the lock before giving up.
OPTIONS_SQLITE = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(OPTIONS_SQLITE)
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # PostgreSQL's JIT compiles any query its planner costs above 100 000 — the ranked lists with
        # their aggregates — and spends 300+ ms compiling for a page that runs in 40 ms (bench/README).
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "comptes.User"
AUTHENTICATION_BACKENDS = [
    "comptes.backends.VerrouillageBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "comptes.validateurs.RobustesseValidator"},
]
# The portal's own choice: zxcvbn's score (0 to 4) a password must reach — 3 is « safely
# unguessable » (about 10^8 guesses and beyond, an attack against a stolen database).
MOT_DE_PASSE_SCORE_MIN = 3
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "commun:tableau_de_bord"
ACCOUNT_LOGOUT_REDIRECT_URL = "commun:accueil"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Fabriques de territoire] "
ACCOUNT_ADAPTER = "comptes.adapters.PortailAccountAdapter"
# Failed logins slowed per address only: a limit keyed on the login alone (allauth's « 5/5m/key »)
# let anyone block any account, administrateurs included, from anywhere.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}
ACCOUNT_SESSION_REMEMBER = False
# Brute force: after 5 failed logins for one account FROM ONE ADDRESS, that account is locked for
# 30 minutes from that address (django-axes). Failures sent from elsewhere never lock its owner out.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind a reverse proxy, the visitor's address is the first of X-Forwarded-For: PROXYS_DE_CONFIANCE
# says how many proxies stand in front of the portal (0: the address of the connection).
AXES_IPWARE_PROXY_COUNT = env.int("PROXYS_DE_CONFIANCE", default=0) or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "comptes.adapters.identifiant_pour_axes"
AXES_LOCKOUT_TEMPLATE = "comptes/verrouille.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Two-factor authentication (TOTP, allauth.mfa): optional for everyone, mandatory for
# administrateurs wherever MFA_OBLIGATOIRE_ADMINISTRATEURS is on (always in production).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Fabriques de territoire"
MFA_OBLIGATOIRE_ADMINISTRATEURS = env.bool("MFA_OBLIGATOIRE_ADMINISTRATEURS", default=False)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Internationalisation and time -------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
# The portal's wording over its libraries' French (« courriel », « Créer un compte »): scripts/traductions_allauth.py.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files are private: they are never served under a public URL, only through views
# that check permissions. MEDIA_ROOT lies outside the static path.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media-non-public/"
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_DEFAULT_ACL = "private"
    AWS_QUERYSTRING_AUTH = True
    _default_storage = {"BACKEND": "storages.backends.s3.S3Storage"}
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # above this, an upload streams to a temporary file
# A request body above this is refused before it is read (one 10 Mo piece plus the form around it).
TAILLE_MAX_REQUETE = env.int("TAILLE_MAX_REQUETE", default=11 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail -----------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Fabriques de territoire <ne-pas-repondre@fabriques.anct.gouv.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env("EMAIL_URL", default=""):
    vars().update(env.email("EMAIL_URL"))
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "courriels"))

# --- Celery -----------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://"  # never contacted in eager mode; avoids kombu's « no hostname » warning
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "max_retries": 1}
# Portal's choice (no document gives it): an export still waiting for a worker this many minutes
# after its request (the broker was down) is queued again by « relancer-exports-en-attente ».
EXPORT_RELANCE_APRES_MINUTES = env.int("EXPORT_RELANCE_APRES_MINUTES", default=5)
# The periodic jobs of the portal, declared in this one place (see README « Tâches planifiées »).
CELERY_BEAT_SCHEDULE = {
    "envoyer-courriels-en-attente": {
        "task": "commun.tasks.envoyer_courriels_en_attente",
        "schedule": 60.0,
    },
    "relancer-exports-en-attente": {
        "task": "candidatures.tasks_instruction.exports_relancer_en_attente",
        "schedule": 300.0,
    },
    "produire-accuses-manquants": {
        "task": "candidatures.tasks_depot.produire_accuses_manquants",
        "schedule": 300.0,
    },
    "rapports-rappeler": {
        "task": "financement.tasks.rapports_rappeler",
        "schedule": 24 * 3600.0,
    },
    "cloturer-vagues-echues": {
        "task": "candidatures.tasks.cloturer_vagues_echues",
        "schedule": 60.0,
    },
    # Reminders are keyed per day (J-7, J-2) in the outbox: running hourly sends each one once,
    # soon after midnight Paris time, even if a run is missed.
    "rappeler-brouillons": {
        "task": "candidatures.tasks.rappeler_brouillons",
        "schedule": 3600.0,
    },
    "rappeler-evaluations": {
        "task": "candidatures.tasks.rappeler_evaluations",
        "schedule": 3600.0,
    },
}

# --- Cache ------------------------------------------------------------------------------
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://portail")}

# --- API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an unauthenticated client gets 401 with WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["commun.api.FiltresApi"],
    # A browser that opens an API link gets the answer as a page (commun.api_rendu.PageApi), never a 500.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "commun.api_rendu.PageApi"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "commun.api.gestionnaire_exceptions",
    "DEFAULT_PARSER_CLASSES": ["commun.api.JSONStrict", "rest_framework.parsers.FormParser", "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": env("API_THROTTLE_ANON", default="120/min"), "user": env("API_THROTTLE_USER", default="600/min")},
}
# The portal's own choice: no body of the API nests deeper than a few levels (a dossier section is
# an object of lists); beyond this a JSON body is refused (400) before it is parsed (commun.api).
API_PROFONDEUR_JSON_MAX = 32
SPECTACULAR_SETTINGS = {
    "TITLE": "API du portail Fabriques de territoire",
    "DESCRIPTION": "API de l'appel à manifestation d'intérêt « Fabriques de territoire » (ANCT).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # commun.convertisseurs: identifiers in paths are integers of at most 18 digits.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 0, "maximum": 10**18 - 1}},
    # A body without a media type the API reads answers 415: documented on every write (commun.api_outils).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "commun.api_outils.documenter_415"],
    # Several models have a « statut »: name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "StatutVagueEnum": "candidatures.models.Vague.Statut",
        "StatutDossierEnum": "candidatures.models.Dossier.Statut",
        "StatutEvaluationEnum": "candidatures.models.Evaluation.Statut",
        "StatutComplementEnum": "candidatures.models.DemandeComplement.Statut",
        "StatutSubventionEnum": "financement.models.Subvention.Statut",
        "StatutVersementEnum": "financement.models.Versement.Statut",
        "CategorieCourrielEnum": "comptes.notifications.Categorie",
    },
}

# --- Content-Security-Policy: no inline script anywhere (django-csp) -----------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # DSFR components set a few style attributes: styles only may be inline, never scripts.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Programme ----------------------------------------------------------------------------
# The programme envelope is a setting, not a constant: it was raised by the recovery plan.
# Operating envelope: 45 M€ over 3 years « afin de financer le fonctionnement » (002).
PROGRAMME_ENVELOPPE = Decimal(env("PROGRAMME_ENVELOPPE", default="45000000.00"))
# Investment envelope of the bonus numérique, « supplémentaire » (002), tracked apart from the
# operating one: 30 « Fabriques Numériques » (002) × up to 100 000 € each (000, 001, 003).
PROGRAMME_ENVELOPPE_NUMERIQUE = Decimal(env("PROGRAMME_ENVELOPPE_NUMERIQUE", default="3000000.00"))
PROGRAMME_OBJECTIF_FABRIQUES = 300
PROGRAMME_OBJECTIF_NUMERIQUES = 30  # « 30 Fabriques Numériques » (002; 001/003 count 32)
PROGRAMME_OBJECTIF_QPV = 150
PROGRAMME_OBJECTIF_HORS_GRANDS_CENTRES = 150  # « hors des grands centres urbains » (004)
# The AMI (002) describes four roles of a Fabrique but never says one must play all four: asking for
# all four is the portal's choice, off by default (at least one role described is then enough).
# The programme's contact, as published on its flyer (004).
PROGRAMME_CONTACT = env("PROGRAMME_CONTACT", default="nouveauxliens@anct.gouv.fr")
PROGRAMME_QUATRE_ROLES_OBLIGATOIRES = env.bool("PROGRAMME_QUATRE_ROLES_OBLIGATOIRES", default=False)
# Rules no document of the AMI gives: the portal's (the programme team's) own choices, kept as
# settings and never presented as the AMI's (README, « Configuration »).
# Payment of years 2 and 3 waits for the activity report of the previous year.
PROGRAMME_RAPPORT_CONDITIONNE_VERSEMENT = env.bool("PROGRAMME_RAPPORT_CONDITIONNE_VERSEMENT", default=True)
# The year whose tranche carries the bonus numérique (1 = paid at the signature, with year 1's
# operating tranche): choix du portail — the documents (000–004) say the bonus is « pouvant se
# monter à » 100 000 € in investment, never when it is paid. The schedule pages and the convention
# say it is the programme team's choice.
PROGRAMME_ANNEE_BONUS_NUMERIQUE = env.int("PROGRAMME_ANNEE_BONUS_NUMERIQUE", default=1)
# The beneficiary's duties written into the convention (article 4), one per line.
PROGRAMME_ENGAGEMENTS_CONVENTION = env.list(
    "PROGRAMME_ENGAGEMENTS_CONVENTION",
    default=[
        "met en œuvre le projet décrit dans son dossier de candidature",
        "mentionne le soutien de l'État dans sa communication",
    ],
)
ORGANISME_ATTRIBUTEUR = "Agence nationale de la cohésion des territoires (ANCT)"
ORGANISME_ATTRIBUTEUR_SIRET = "13002603200016"

# --- Personal data (RGPD) -----------------------------------------------------------------
# Dossiers not selected, withdrawn or abandoned are deleted this many days after their wave's
# decision (or deadline); see `manage.py purger_dossiers_non_retenus`.
RETENTION_DOSSIERS_NON_RETENUS_JOURS = env.int("RETENTION_DOSSIERS_NON_RETENUS_JOURS", default=3 * 365)

# --- Logging ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"simple": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "simple"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING"},
        "kombu.connection": {"level": "ERROR"},
        # WeasyPrint subsets fonts under its capture_logs("fontTools"), which sets that logger to DEBUG
        # and turns its warnings into WeasyPrint's own: without propagate=False every table read
        # also reached the console (thousands of lines per PDF, in the worker's log too).
        "fontTools": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# --- Decision aid of the committee (selection/) -------------------------------------------
# The portal's own defaults: no document gives them.
SELECTION_NOTE_MINIMALE = 60  # minimum weighted score on 100 to be proposed
SELECTION_PART_OBJECTIFS = 25  # % of what remains of the QPV / hors-grands-centres targets one wave must bring (4 waves a year, 004)
SELECTION_CONTREFACTUELS_MAX = 8  # dossiers left out though better noted than a retained one, explained by a re-solve each
SELECTION_BUDGET_EXPLICATIONS = 1.0  # seconds of re-solves for the explanations (the proposal itself is always exact)
