"""gunicorn settings for ntm in production (scripts/serve-prod.sh, deploy/ntm.service).

Values come from the environment file (deploy/ntm.env.example): NTM_BIND, WEB_CONCURRENCY.
"""

import gc
import os

bind = os.environ.get("NTM_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Report exports and document conversion can take a while on a small server.
timeout = int(os.environ.get("NTM_WORKER_TIMEOUT", "60"))
graceful_timeout = 30
# nginx keeps connections to gunicorn open between requests.
keepalive = 5
# A worker is replaced after this many requests (bounded memory growth over months).
max_requests = 2000
max_requests_jitter = 200
# The application is imported once in the master and shared with the workers (copy-on-write).
preload_app = True
# X-Forwarded-Proto is believed only from nginx on this machine (wsgi.url_scheme).
forwarded_allow_ips = os.environ.get("NTM_TRUSTED_PROXIES", "127.0.0.1") or "127.0.0.1"
# One line per request on standard output (journald); errors on standard error.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'


def pre_fork(server, worker):  # gunicorn's hook signature
    # Objects loaded by the master move to the permanent generation: the workers' garbage
    # collector then never touches (and so never copies) the shared pages.
    gc.freeze()


def post_worker_init(worker):
    # Objects the worker itself created during start-up are long-lived too.
    gc.freeze()
