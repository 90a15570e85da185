import pytest


@pytest.fixture(autouse=True)
def _medias_isoles(settings, tmp_path):
    """Each test stores its files (attachments, proofs of deposit) in its own folder: a proof named
    after the same number in a later test of another module must not collide with ours."""
    settings.MEDIA_ROOT = str(tmp_path / "medias")
