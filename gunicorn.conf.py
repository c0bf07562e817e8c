"""Gunicorn's configuration for the portal (docs/deploy.md): `gunicorn ntmportal.wsgi`.

Gunicorn reads this file from the working directory. Every value can be changed through the
environment (GUNICORN_*), so that hosts of different sizes share one file.
"""

import gc
import logging
import multiprocessing
import os
import sys

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Synchronous workers: the pages are CPU-bound rendering over quick queries, and a worker per
# core (plus one while another waits on the database) keeps the cores busy.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
# Load Django once before forking: quicker start, and the workers share its memory pages.
preload_app = True
# Replace a worker after this many requests (staggered, so they do not all restart at once),
# which bounds any slow growth of its memory.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# A request that takes longer is cut off and its worker replaced; the load balancer's own
# timeout should be a little longer. Workers finish their requests within graceful_timeout
# on a restart.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30

# Logs to standard output and error, for the host's log collector. The access log gives the
# client address from the load balancer, the request, status, size, time in microseconds and
# whether the page cache answered (X-Cache).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(B)s %(D)sus cache=%({x-cache}o)s "%(f)s" "%(a)s"'
)
# Trust X-Forwarded-* only from these addresses (the load balancers).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def pre_fork(server, worker):
    """What the master has loaded is never garbage: the collector then leaves it alone in the
    workers, which keep sharing its memory pages instead of copying them (Python's gc.freeze)."""
    gc.freeze()


def post_fork(server, worker):
    """Connections opened while preloading must not be shared by the forked workers."""
    from django.db import connections

    connections.close_all()


def worker_exit(server, worker):
    """A worker replaced after max_requests leaves at once: tearing down its interpreter would
    take a quarter of a second, during which the master does not start its successor."""
    from django.db import connections

    connections.close_all()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
