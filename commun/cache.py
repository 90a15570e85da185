"""Server-side cache of what is read far more often than it changes: the public pages, for
anonymous visitors, the aggregates of the financement dashboard, and the options of the select
lists of waves, régions, départements and reviewers (commun.widgets.ListeRapide).

Each cached family has a *generation*, a random token stored in the cache and part of every key of
the family. Any save or deletion of a model the family is built from replaces the token, and again
once the transaction commits (``INVALIDATIONS`` below, connected in ``CommunConfig.ready``), so an entry is
never served after a change — with a cache shared by the workers (``CACHE_URL=redis://…`` in
production) every worker sees the new token at once. Entries also expire after ``DUREE`` seconds,
the max-age the public pages already announce. Checks that guard money (the envelope, the grant
rules) never read this cache.
"""

import logging
import uuid
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.views.decorators.cache import cache_page

logger = logging.getLogger(__name__)

DUREE = 300
PUBLIC = "public"
FINANCEMENT = "financement"
LISTES = "listes"  # the options of the select lists (commun.widgets.ListeRapide)

# Dossier statuses that change a public list or a dashboard total (drafts saved during the deadline
# rush do not throw the caches away).
STATUTS_VISIBLES = {"retenu", "non_retenu", "ajourne", "retire"}


def generation(famille: str) -> str:
    """Return the current token of ``famille`` (a new one if the cache lost it: never an old one)."""
    cle = f"generation:{famille}"
    valeur = cache.get(cle)
    if valeur is None:
        cache.add(cle, uuid.uuid4().hex, None)
        valeur = cache.get(cle) or uuid.uuid4().hex
    return valeur


def invalider(*familles: str) -> None:
    """Give these families a new token now, and again once the current transaction commits (a
    request served in between may have cached what it read before the commit)."""

    def renouveler():
        try:
            for famille in familles:
                cache.set(f"generation:{famille}", uuid.uuid4().hex, None)
        except Exception:  # the cache server is down: while it is, nothing is served from it
            # (en_cache, page_publique_en_cache); what it held before expires within DUREE.
            logger.warning("Cache injoignable : générations %s non renouvelées", familles, exc_info=True)

    renouveler()
    transaction.on_commit(renouveler)


def en_cache(famille: str, cle: str, calcul: Callable):
    """Return ``calcul()``, computed at most once per generation of ``famille`` and ``DUREE``
    (computed every time while the cache server is unreachable: slower, never wrong)."""
    try:
        complete = f"{famille}:{generation(famille)}:{cle}"
        valeur = cache.get(complete)
    except Exception:
        logger.warning("Cache injoignable : %s calculé sans cache", cle, exc_info=True)
        return calcul()
    if valeur is None:
        valeur = calcul()
        try:
            cache.set(complete, valeur, DUREE)
        except Exception:
            logger.warning("Cache injoignable : %s non conservé", cle, exc_info=True)
    return valeur


def page_publique_en_cache(famille: str = PUBLIC):
    """Cache a public page's response for anonymous visitors (Django's cache middleware: it varies
    on the headers the response names and never stores a response that sets a cookie). Signed-in
    users always get a fresh page: it shows their name and their own links."""

    def decorateur(vue):
        @wraps(vue)
        def enveloppe(request, *args, **kwargs):
            if request.user.is_authenticated or request.method not in ("GET", "HEAD"):
                return vue(request, *args, **kwargs)
            try:
                prefixe = f"{famille}:{generation(famille)}"
            except Exception:
                logger.warning("Cache injoignable : page servie sans cache", exc_info=True)
                return vue(request, *args, **kwargs)
            return cache_page(DUREE, key_prefix=prefixe)(vue)(request, *args, **kwargs)

        return enveloppe

    return decorateur


# Which saves and deletions renew which families: (model, families, condition on the instance).
INVALIDATIONS = [
    ("fabriques.TiersLieu", (PUBLIC, FINANCEMENT), None),
    ("fabriques.Label", (PUBLIC, FINANCEMENT), None),  # the programme's targets count every label
    ("candidatures.Vague", (PUBLIC, LISTES), None),
    ("fabriques.Region", (LISTES,), None),
    ("fabriques.Departement", (LISTES,), None),
    ("comptes.User", (LISTES,), None),
    ("candidatures.Publication", (PUBLIC,), None),
    ("candidatures.Dossier", (PUBLIC, FINANCEMENT), lambda d: d.statut in STATUTS_VISIBLES),
    ("financement.Enveloppe", (FINANCEMENT,), None),
    ("appels.VersionAppel", (FINANCEMENT,), None),  # the envelopes and targets are read from the calls' files
    ("financement.Subvention", (PUBLIC, FINANCEMENT), None),
    ("financement.Tranche", (PUBLIC, FINANCEMENT), None),
    ("financement.Versement", (FINANCEMENT,), None),
]


def connecter_invalidations() -> None:
    for modele, familles, condition in INVALIDATIONS:

        def recepteur(sender, instance, familles=familles, condition=condition, **kwargs):
            if condition is None or condition(instance):
                invalider(*familles)

        uid = f"cache-{modele}"
        post_save.connect(recepteur, sender=modele, weak=False, dispatch_uid=f"{uid}-save")
        post_delete.connect(recepteur, sender=modele, weak=False, dispatch_uid=f"{uid}-delete")
    # A user given or removed a role joins or leaves the lists of reviewers.
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed

    def groupes_changes(sender, action, **kwargs):
        if action.startswith("post_"):
            invalider(LISTES)

    m2m_changed.connect(groupes_changes, sender=get_user_model().groups.through, weak=False, dispatch_uid="cache-user-groups")
