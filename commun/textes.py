"""French plurals, one rule for the whole portal: 0 and 1 take the singular (« 0 dossier »,
« 1 dossier », « 2 dossiers »). Templates use the ``pluriel`` filter (commun/templatetags/portail.py),
Python messages ``compter``; both read ``marque_pluriel``."""


def marque_pluriel(n: int, formes: str = "s") -> str:
    """The ending for ``n``: ``formes`` is the plural suffix (« s », « x », « nt ») or
    « singulier,pluriel » for irregular forms (« a,ont », « est,sont »)."""
    singulier, _, pluriel = formes.rpartition(",") if "," in formes else ("", "", formes)
    return pluriel if abs(n) >= 2 else singulier


def compter(n: int, mot: str, *accords: str) -> str:
    """« 0 dossier », « 1 dossier écarté », « 2 dossiers écartés »: ``n``, then ``mot`` and each word
    of ``accords`` with the plural mark « s » (irregular words: ``marque_pluriel``)."""
    return " ".join([str(n), *(m + marque_pluriel(n) for m in (mot, *accords))])
