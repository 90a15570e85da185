"""gunicorn configuration of the rush test: every worker's clock is shifted so that the wave's
deadline (23:59:59.999999 in Paris) falls at the real instant RUEE_COUPURE_EPOCH.

Only the bench does this (time-machine, after fork); the portal's code reads its one clock,
``commun.temps.maintenant()``, as always.
"""

import datetime as dt
import os
import time


def post_fork(server, worker):
    import time_machine

    limite = dt.datetime.fromisoformat(os.environ["RUEE_LIMITE"])
    coupure = float(os.environ["RUEE_COUPURE_EPOCH"])
    maintenant_simule = limite + dt.timedelta(seconds=time.time() - coupure)
    time_machine.travel(maintenant_simule, tick=True).start()
    time.time()  # time-machine starts ticking at the first reading: start it now, not at the first request


bind = "127.0.0.1:8765"
workers = int(os.environ.get("RUEE_WORKERS", "4"))
timeout = 60
accesslog = None
