"""Structured logs: one JSON object a line, without personal data.

Only a fixed set of fields is written: time, level, logger, message and, for gunicorn's access
log, method, path (without the query string, which may hold a search for a person's name),
status and duration. Client addresses, user names, user agents, referrers and request objects
attached to log records are never written.
"""

from __future__ import annotations

import datetime
import json
import logging

# gunicorn's access-log atoms that are safe to keep: no client address (h), user (u), request
# line with query string (r, q), referrer (f) or user agent (a).
ACCESS_FIELDS = {"m": "method", "U": "path", "s": "status", "M": "duration_ms", "B": "bytes"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry["message"] = "request"
            for atom, name in ACCESS_FIELDS.items():
                value = record.args.get(atom)
                entry[name] = int(value) if str(value).isdigit() else value
        else:
            entry["message"] = record.getMessage()
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
