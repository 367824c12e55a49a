"""A real OpenID Connect provider for the single sign-on tests: scripts/oidc_provider.mjs
(panva's oidc-provider from node_modules) as a process, with Entra ID-shaped accounts, plus a
small proxy in front of its token endpoint that lets a test change what passes through it
(a tampered or expired ID token, a token for another audience, a request without its PKCE
verifier)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "oidc_provider.mjs"
CLIENT_ID = "vnr-intranett"
CLIENT_SECRET = "lokal-hemmelighet"
TENANT = "3f1b6c2e-0a4d-4c39-9d1e-6b0f5a2c8e71"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def account(login: str, *roles: str, **extra) -> dict:
    """An Entra ID-shaped account: a stable object id, our tenant, app roles."""
    return {
        "oid": str(uuid.uuid5(uuid.NAMESPACE_DNS, f"{login}.example.org")),
        "tid": TENANT,
        "roles": list(roles),
        "name": extra.pop("name", login.replace(".", " ").title()),
        "email": extra.pop("email", f"{login}@example.org"),
        **extra,
    }


@dataclass
class LocalProvider:
    """The provider process and what a test needs of it."""

    process: subprocess.Popen
    issuer: str
    accounts_file: Path
    private_key: rsa.RSAPrivateKey
    kid: str
    accounts: dict = field(default_factory=dict)

    def set_accounts(self, **accounts: dict) -> None:
        """Replace the provider's accounts (read by it at every request)."""
        self.accounts = accounts
        self.accounts_file.write_text(json.dumps(accounts), encoding="utf-8")

    def sign(self, claims: dict) -> str:
        """An ID token signed with the provider's own key, as the provider would sign it."""
        return jwt.encode(claims, self.private_key, algorithm="RS256", headers={"kid": self.kid})

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_provider(rp_base_url: str, directory: Path) -> LocalProvider:
    """Start scripts/oidc_provider.mjs on a free port and wait until it listens."""
    node = shutil.which("node")
    if node is None or not (REPO / "node_modules" / "oidc-provider").exists():
        reason = "node or node_modules/oidc-provider missing: install Node.js and run `npm ci`"
        if os.environ.get("CI") == "true":
            pytest.fail(f"the single sign-on tests cannot run under CI: {reason}")
        pytest.skip(reason)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    kid = "test-key"
    jwk = RSAAlgorithm.to_jwk(key, as_dict=True)
    # PyJWT marks a private key «sign» only; the provider also verifies with it (id_token_hint).
    jwk.pop("key_ops", None)
    jwk.update(kid=kid, alg="RS256", use="sig")
    port = free_port()
    accounts_file = directory / "accounts.json"
    accounts_file.write_text("{}", encoding="utf-8")
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "RP_BASE_URL": rp_base_url,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_ACCOUNTS_FILE": str(accounts_file),
        "OIDC_JWKS": json.dumps({"keys": [jwk]}),
    }
    process = subprocess.Popen(
        [node, str(SCRIPT)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith("ready "):
            break
        if process.poll() is not None:
            raise RuntimeError(f"the OIDC provider stopped (exit {process.returncode})")
    else:
        process.kill()
        raise RuntimeError("the OIDC provider did not start within 20 s")
    return LocalProvider(process, issuer, accounts_file, key, kid)


class TokenProxy:
    """Forwards the token endpoint to the provider; a test may rewrite the request's form
    (``rewrite_request``) or the ID token in the answer (``rewrite_id_token``)."""

    def __init__(self, target: str):
        self.target = target
        self.rewrite_request = None
        self.rewrite_id_token = None
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = dict(parse_qsl(self.rfile.read(length).decode()))
                if proxy.rewrite_request:
                    form = proxy.rewrite_request(form)
                answer = requests.post(
                    proxy.target,
                    data=urlencode(form),
                    timeout=10,
                    headers={"Content-Type": "application/x-www-form-urlencoded"},
                )
                body = answer.content
                if answer.ok and proxy.rewrite_id_token:
                    data = answer.json()
                    data["id_token"] = proxy.rewrite_id_token(data["id_token"])
                    body = json.dumps(data).encode()
                self.send_response(answer.status_code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/token"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def reset(self) -> None:
        self.rewrite_request = self.rewrite_id_token = None

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def unverified_claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})
