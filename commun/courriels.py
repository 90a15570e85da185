"""The e-mail outbox: services queue e-mails here; a Celery task sends them, exactly once.

``courriel_planifier`` writes the outbox row in the caller's transaction and asks a worker to send
it after commit. If the broker is down the row simply waits: the periodic job
``envoyer_courriels_en_attente`` sends it when the broker is back.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist, engines
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Courriel
from .taches import lancer_apres_validation
from .temps import maintenant


def courriel_voulu(destinataire: str, categorie: str | None) -> bool:
    """Whether the person at ``destinataire`` receives e-mails of ``categorie`` (None: always sent;
    the kinds are comptes.notifications.Categorie, switched off on « Mon compte »)."""
    if not categorie:
        return True
    coupes = get_user_model().objects.filter(email__iexact=destinataire).values_list("courriels_coupes", flat=True).first()
    return str(categorie) not in (coupes or [])


def courriel_planifier(
    *, cle: str, destinataire: str, gabarit: str, contexte: dict, pieces_jointes: list | None = None, categorie: str | None = None
) -> Courriel | None:
    """Queue the e-mail built from ``courriels/<gabarit>.{sujet,txt,html}`` once per ``cle``.

    Calling it again with the same key returns the existing row: an e-mail is never sent twice.
    An e-mail of a ``categorie`` the recipient switched off is not queued (None is returned); it
    then says, at its foot, where to choose.
    """
    if not courriel_voulu(destinataire, categorie):
        return None
    sujet, texte, html = courriel_rendre(gabarit, contexte, categorie=categorie)
    courriel, cree = Courriel.objects.get_or_create(
        cle=cle[:200],
        defaults={
            "destinataire": destinataire,
            "sujet": f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{sujet}",
            "texte": texte,
            "html": html,
            "pieces_jointes": pieces_jointes or [],
        },
    )
    if cree:
        from .tasks import envoyer_courriel  # the tasks module imports this one

        lancer_apres_validation(envoyer_courriel, courriel.pk)
    return courriel


def rendre_texte(gabarit: str, contexte: dict) -> str:
    """Render a plain-text template without HTML escaping: « jusqu'au », never « jusqu&#x27;au ».

    The engine escapes every variable by default (it is made for HTML pages); a text e-mail or its
    subject is no HTML. An ``{% include %}`` inside ``{% autoescape off %}`` renders the template with
    escaping off, filters and template tags unchanged."""
    enveloppe = engines["django"].from_string("{% autoescape off %}{% include gabarit %}{% endautoescape %}")
    return enveloppe.render({**contexte, "gabarit": gabarit})


def courriel_rendre(gabarit: str, contexte: dict, *, categorie: str | None = None) -> tuple[str, str, str]:
    """Return the subject, text and HTML (or "") of the e-mail ``courriels/<gabarit>``: every e-mail
    names the portal and links to the address it is served on (``SITE_URL``)."""
    contexte = {"SITE_URL": settings.SITE_URL, "NOM_PORTAIL": settings.NOM_PORTAIL, **contexte}
    if categorie:
        contexte["reglages_courriels"] = f"{settings.SITE_URL}{reverse('comptes:mon_compte')}#courriels"
    sujet = " ".join(rendre_texte(f"courriels/{gabarit}.sujet.txt", contexte).split())
    texte = rendre_texte(f"courriels/{gabarit}.txt", contexte)
    try:
        html = render_to_string(f"courriels/{gabarit}.html", contexte)
    except TemplateDoesNotExist:
        html = ""
    return sujet, texte, html


def courriel_envoyer(*, courriel_id: int) -> bool:
    """Send one waiting e-mail; return True if this call sent it.

    The row is locked while sending, so two workers cannot both send it.
    """
    with transaction.atomic():
        qs = Courriel.objects.select_for_update(skip_locked=True) if _verrous_sautables() else Courriel.objects.select_for_update()
        courriel = qs.filter(pk=courriel_id, statut=Courriel.Statut.EN_ATTENTE).first()
        if courriel is None:
            return False
        message = EmailMultiAlternatives(
            subject=courriel.sujet,
            body=courriel.texte,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[courriel.destinataire],
        )
        if courriel.html:
            message.attach_alternative(courriel.html, "text/html")
        for piece in courriel.pieces_jointes:
            with default_storage.open(piece["chemin"], "rb") as fichier:
                message.attach(piece["nom"], fichier.read(), piece.get("type", "application/pdf"))
        courriel.tentatives += 1
        try:
            message.send()
        except Exception as exc:
            courriel.derniere_erreur = str(exc)[:2000]
            if courriel.tentatives >= 5:
                courriel.statut = Courriel.Statut.ECHEC
            courriel.save(update_fields=["tentatives", "derniere_erreur", "statut"])
            raise
        courriel.statut = Courriel.Statut.ENVOYE
        courriel.envoye_le = maintenant()
        courriel.save(update_fields=["tentatives", "statut", "envoye_le"])
        return True


def _verrous_sautables() -> bool:
    from django.db import connection

    return connection.features.has_select_for_update_skip_locked
