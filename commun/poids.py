"""File weights as the interface writes them: « 35 octets », « 3,9 Ko », « 813 Ko », « 10 Mo ».

One way everywhere (attachment lists, download links, the limits in help texts and error messages),
in units of 1 024 like the DSFR download links. A weight is rounded *up*, so a file just over a limit
never reads as the limit itself (10 Mo and one byte is « 10,1 Mo »).
"""

import math

KO = 1024
MO = 1024 * KO


def poids(octets: int | None) -> str:
    if octets is None:
        return ""
    octets = int(octets)
    if octets < KO:
        return f"{octets} octet{'s' if octets > 1 else ''}"
    valeur, unite = (octets / MO, "Mo") if octets > 999 * KO else (octets / KO, "Ko")  # never « 1024 Ko »
    if valeur >= 100:
        return f"{math.ceil(valeur)} {unite}"
    dixiemes = math.ceil(round(valeur * 10, 6))  # 10.0000001 Mo is « 10,1 Mo »; 10 Mo exactly is « 10 Mo »
    entier, reste = divmod(dixiemes, 10)
    return f"{entier} {unite}" if not reste else f"{entier},{reste} {unite}"
