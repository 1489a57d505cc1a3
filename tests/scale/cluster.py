"""N real `bigconv serve` processes on one PostgreSQL database behind a real HAProxy, for
tests/scale and bench/replicas.py.

HAProxy runs deploy/haproxy.cfg itself: only the lines marked "loopback" (the TLS bind
and the server list) and the system-log line are swapped for loopback ones. Each replica
is `python -m bot --config ... serve` with its port in BIGCONV_SERVER__PORT, as
deploy/bigconv@.service runs it, and the keys and Slack secrets in its environment.
"""

from __future__ import annotations

import asyncio
import base64
import os
import shutil
import signal
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from storage.keys import Secrets

ROOT = Path(__file__).resolve().parents[2]
DEPLOY_HAPROXY = ROOT / "deploy" / "haproxy.cfg"
HAPROXY_HINT = "HAProxy is not installed (apt-get install haproxy; .ci/run installs it)"


def haproxy_binary() -> str | None:
    found = shutil.which("haproxy") or "/usr/sbin/haproxy"
    return found if os.access(found, os.X_OK) else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def haproxy_config(front: int, replicas: list[int]) -> str:
    """deploy/haproxy.cfg with loopback ports in place of the production bind and servers."""
    lines: list[str] = []
    for line in DEPLOY_HAPROXY.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("log /dev/log"):
            continue  # no system log in a test; HAProxy's own notices go to stderr
        if stripped.endswith("# loopback"):
            if stripped.startswith("bind "):
                lines.append(f"    bind 127.0.0.1:{front}")
            elif stripped.startswith("server ") and "replica1" in stripped:
                lines += [f"    server replica{n + 1} 127.0.0.1:{port} check"
                          for n, port in enumerate(replicas)]  # fmt: skip
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"


def _key_text(key: bytes) -> str:
    return base64.b64encode(key).decode()


@dataclass
class Replica:
    port: int
    process: asyncio.subprocess.Process
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@dataclass
class Cluster:
    """`replicas` serve processes and one HAProxy; `front` is HAProxy's URL."""

    workdir: Path
    database_url: str
    secrets: Secrets
    slack_base: str
    slack_token: str
    slack_secret: str
    replicas: int = 2
    edi: tuple[str, ...] = ()
    drain_seconds: float = 4.0
    teams: bool = False  # Teams on, anonymous (the stand-in calls without Bot Service tokens)
    members: list[Replica] = field(default_factory=list)
    front_port: int = 0
    _haproxy: asyncio.subprocess.Process | None = None

    @property
    def haproxy_pid(self) -> int:
        assert self._haproxy is not None
        return self._haproxy.pid

    @property
    def front(self) -> str:
        return f"http://127.0.0.1:{self.front_port}"

    def _config(self) -> Path:
        edi = ", ".join(f'"{who}"' for who in self.edi)
        teams = "[teams]\nenabled = true\nallow_anonymous = true\n" if self.teams else ""
        config = self.workdir / "bigconv.toml"
        config.write_text(
            f"""
[database]
url = "{self.database_url}"

[server]
host = "127.0.0.1"
drain_seconds = {self.drain_seconds}

[keys]
production = true
mixing_key_dir = "{self.workdir / "mixing-keys"}"

[audit]
anchor_file = "{self.workdir / "audit.anchor"}"

[roles]
edi = [{edi}]

[slack]
api_base_url = "{self.slack_base}"
bot_token_env = "TEST_SLACK_TOKEN"
signing_secret_env = "TEST_SLACK_SECRET"

[delivery]
slack_workspace_per_second = 1000

{teams}""",
            encoding="utf-8",
        )
        return config

    async def start_replica(self, config: Path) -> Replica:
        port = free_port()
        env = os.environ | {
            "BIGCONV_SERVER__PORT": str(port),
            "BIGCONV_MASTER_KEY": _key_text(self.secrets.master_key),
            "BIGCONV_PEPPER": _key_text(self.secrets.pepper),
            "TEST_SLACK_TOKEN": self.slack_token,
            "TEST_SLACK_SECRET": self.slack_secret,
        }
        log = self.workdir / f"replica-{port}.log"
        with log.open("wb") as out:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "--config", str(config), "serve",
                cwd=self.workdir, env=env, stdout=out, stderr=asyncio.subprocess.STDOUT,
            )  # fmt: skip
        replica = Replica(port, process, log)
        self.members.append(replica)
        return replica

    async def __aenter__(self) -> Cluster:
        config = self._config()
        started = [await self.start_replica(config) for _ in range(self.replicas)]
        for replica in started:
            await wait_healthy(replica)
        binary = haproxy_binary()
        assert binary is not None, HAPROXY_HINT
        self.front_port = free_port()
        cfg = self.workdir / "haproxy.cfg"
        cfg.write_text(haproxy_config(self.front_port, [r.port for r in started]), "utf-8")
        self._haproxy = await asyncio.create_subprocess_exec(
            binary, "-db", "-f", str(cfg),
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        await self.wait_front()
        return self

    async def wait_front(self, timeout: float = 20.0) -> None:
        """Until HAProxy answers /healthz from a replica (its checks have run)."""
        async with aiohttp.ClientSession() as session:
            for _ in range(int(timeout / 0.1)):
                try:
                    async with session.get(f"{self.front}/healthz") as got:
                        if got.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        raise AssertionError("HAProxy never answered /healthz")

    async def stop(self, replica: Replica, sig: int = signal.SIGTERM) -> int:
        """Signal one replica and wait for it to exit; its exit code."""
        if replica.process.returncode is None:
            replica.process.send_signal(sig)
        return await asyncio.wait_for(replica.process.wait(), self.drain_seconds * 3 + 30)

    async def __aexit__(self, *exc: object) -> None:
        if self._haproxy is not None and self._haproxy.returncode is None:
            self._haproxy.terminate()
            await self._haproxy.wait()
        for replica in self.members:
            if replica.process.returncode is None:
                replica.process.kill()  # the test is over: no need to drain
                await replica.process.wait()


async def wait_healthy(replica: Replica, timeout: float = 60.0) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(int(timeout / 0.1)):
            if replica.process.returncode is not None:
                raise AssertionError(f"bigconv serve exited:\n{replica.log_text()[-3000:]}")
            try:
                async with session.get(f"{replica.base}/healthz") as got:
                    if got.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(f"bigconv serve never became healthy:\n{replica.log_text()[-3000:]}")
