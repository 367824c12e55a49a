"""gunicorn settings for production: `gunicorn -c intranet/gunicorn.conf.py --bind ADDRESS`.

The WSGI application defaults to production settings (intranet/wsgi.py). Workers and threads
come from WEB_CONCURRENCY and GUNICORN_THREADS; the defaults were measured on a 2-core machine
(docs/performance.md). Logs are JSON lines on stdout/stderr without client addresses, user
agents or query strings (intranet/jsonlog.py).
"""

import os

wsgi_app = "intranet.wsgi:application"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
# The application is loaded once, before forking: workers start fast and share memory.
preload_app = True
# Slow clients are the proxy's business; a request that takes longer than this is a bug.
timeout = 30
graceful_timeout = 30
# Behind the TLS-terminating proxy: trust its X-Forwarded-* headers only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# No control socket (gunicorn 25.1+): its default path is one per user, so several servers on a
# host share it, and a server that stops removes the socket of the others (an ERROR in their
# logs). Servers are managed by their process manager's signals (docs/deployment.md).
control_socket_disable = True

accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "1") != "0" else None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "intranet.jsonlog.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        },
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}
