"""Authentication backends of the portal."""

from axes.backends import AxesStandaloneBackend


class VerrouillageBackend(AxesStandaloneBackend):
    """django-axes lockout for web logins; an authentication without a request (a script, the
    test client) has no attacker on the other end, so it is not counted nor refused."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
