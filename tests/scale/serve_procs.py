"""Real `bigconv serve` replicas as OS processes, for failover tests and benches.

Each replica has its own config (its own port, and its own way to the Slack stand-in:
a small forwarding proxy that records which replica made each chat.postMessage, so a
test can say who sent what and when). All replicas share one database and one set of
keys. Signals are real: SIGKILL, SIGSTOP, SIGCONT.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from aiohttp import web

from tests.scale.private_pg import free_port

LEADER_LINE = re.compile(r"this replica is the leader \(epoch (\d+)\)")
LOG_DIR_ENV = "BIGCONV_SCALE_LOG_DIR"  # set: each replica's log is kept there
BIGCONV = str(Path(sys.executable).with_name("bigconv"))


@dataclass(frozen=True)
class Send:
    """A chat.postMessage as it passed a replica's proxy (monotonic clock)."""

    replica: str
    at: float
    status: int


@dataclass
class SendLog:
    sends: list[Send] = field(default_factory=list)

    def by(self, replica: str, *, after: float = float("-inf")) -> list[Send]:
        return [s for s in self.sends if s.replica == replica and s.at > after]

    def first_after(self, at: float, *, excluding: str = "") -> Send | None:
        found = [s for s in self.sends if s.at > at and s.replica != excluding]
        return min(found, key=lambda s: s.at, default=None)


class SendProxy:
    """Forwards /api/* to the stand-in, noting chat.postMessage calls for one replica."""

    def __init__(self, name: str, upstream: str, log: SendLog) -> None:
        self.name, self._upstream, self._log = name, upstream.rstrip("/"), log
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.base_url = ""

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        port = free_port()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        self.base_url = f"http://127.0.0.1:{port}/api/"

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        assert self._session is not None
        method, body = request.match_info["method"], await request.read()
        received = time.monotonic()
        keep = ("Authorization", "Content-Type")
        headers = {k: v for k, v in request.headers.items() if k in keep}
        url = f"{self._upstream}/{method}"
        async with self._session.request(
            request.method, url, data=body, headers=headers, params=request.query
        ) as answer:
            payload = await answer.read()
            if method == "chat.postMessage":
                self._log.sends.append(Send(self.name, received, answer.status))
            out = {k: v for k, v in answer.headers.items() if k in ("Content-Type", "Retry-After")}
            return web.Response(status=answer.status, body=payload, headers=out)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()


@dataclass
class Replica:
    name: str
    folder: Path
    url: str
    proxy: SendProxy
    process: asyncio.subprocess.Process | None = None
    lines: list[tuple[float, str]] = field(default_factory=list)
    stopped: bool = False

    def led(self) -> list[tuple[float, int]]:
        """When this replica became leader, and with which epoch."""
        found = [(at, LEADER_LINE.search(line)) for at, line in self.lines]
        return [(at, int(m.group(1))) for at, m in found if m]

    def signal(self, sig: signal.Signals) -> None:
        assert self.process is not None
        os.kill(self.process.pid, sig)
        if sig == signal.SIGSTOP:
            self.stopped = True
        elif sig == signal.SIGCONT:
            self.stopped = False

    def log_tail(self, n: int = 30) -> str:
        return "\n".join(line for _, line in self.lines[-n:])


def _config(
    replica_port: int,
    database_url: str,
    shared: Path,
    api_base: str,
    extra: str,
    mixing_dir: Path | None = None,
) -> str:
    return f"""[database]
url = "{database_url}"
[keys]
master_key_file = "{shared / "bigconv.key"}"
pepper_file = "{shared / "bigconv.pepper"}"
mixing_key_dir = "{mixing_dir or shared / "mixing-keys"}"
[audit]
anchor_file = "{shared / "audit.anchor"}"
[server]
port = {replica_port}
drain_seconds = 0  # stopped at the end of a test, with no load balancer to drain from
[slack]
api_base_url = "{api_base}"
{extra}
"""


class Replicas:
    """`count` serve processes against `database_url` and the stand-in at `slack_api`."""

    def __init__(
        self,
        root: Path,
        database_url: str,
        slack_api: str,
        env: dict[str, str],
        *,
        count: int = 3,
        extra_config: str = "",
        own_mixing_dirs: bool = False,
    ) -> None:
        """`own_mixing_dirs`: each replica its own `[keys] mixing_key_dir` (the
        misconfiguration of hosts that do not share it): `mixing_dir(name)`."""
        self.root, self.shared = root, root / "shared"
        self._own_mixing_dirs = own_mixing_dirs
        self.shared.mkdir(parents=True, exist_ok=True)
        self._database_url, self._slack_api, self._env = database_url, slack_api, env
        self._count, self._extra = count, extra_config
        self.sends = SendLog()
        self.replicas: list[Replica] = []
        self._readers: list[asyncio.Task[None]] = []

    def shared_config(self) -> Path:
        """A config for this process (keys, database) to seed rounds before the replicas."""
        path = self.shared / "seed.toml"
        path.write_text(_config(0, self._database_url, self.shared, self._slack_api, self._extra))
        return path

    def mixing_dir(self, name: str) -> Path:
        return (
            self.root / name / "mixing-keys"
            if self._own_mixing_dirs
            else self.shared / "mixing-keys"
        )

    async def start(self) -> None:
        for n in range(self._count):
            name = f"r{n}"
            proxy = SendProxy(name, self._slack_api, self.sends)
            await proxy.start()
            port = free_port()
            folder = self.root / name
            folder.mkdir(exist_ok=True)
            text = _config(
                port,
                self._database_url,
                self.shared,
                proxy.base_url,
                self._extra,
                self.mixing_dir(name),
            )
            (folder / "bigconv.toml").write_text(text)
            replica = Replica(name, folder, f"http://127.0.0.1:{port}", proxy)
            self.replicas.append(replica)
            await self._spawn(replica)
        for replica in self.replicas:
            await self.wait_for(lambda r=replica: any("serving on" in x for _, x in r.lines), 60)

    async def _spawn(self, replica: Replica) -> None:
        replica.lines.clear()
        replica.process = await asyncio.create_subprocess_exec(
            BIGCONV,
            "--config",
            str(replica.folder / "bigconv.toml"),
            "serve",
            cwd=replica.folder,
            env={**os.environ, **self._env},
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        self._readers.append(asyncio.create_task(self._read(replica, replica.process)))

    async def _read(self, replica: Replica, process: asyncio.subprocess.Process) -> None:
        assert process.stderr is not None
        async for raw in process.stderr:
            replica.lines.append((time.monotonic(), raw.decode(errors="replace").rstrip()))

    async def wait_for(self, condition: object, timeout: float) -> float:
        """Wait until `condition()` holds; returns the monotonic time it did."""
        assert callable(condition)
        deadline = time.monotonic() + timeout
        while not condition():
            for replica in self.replicas:
                process = replica.process
                if process is not None and process.returncode not in (None, -9):
                    raise AssertionError(f"{replica.name} exited:\n{replica.log_tail()}")
            if time.monotonic() > deadline:
                tails = "\n".join(f"--- {r.name}\n{r.log_tail(15)}" for r in self.replicas)
                raise AssertionError(f"timed out after {timeout} s\n{tails}")
            await asyncio.sleep(0.02)
        return time.monotonic()

    def leader(self, *, since: float = float("-inf")) -> Replica | None:
        """The replica that most recently became leader after `since`."""
        found = [(at, r) for r in self.replicas for at, _ in r.led() if at > since]
        return max(found, key=lambda pair: pair[0])[1] if found else None

    async def wait_for_leader(self, *, since: float, timeout: float) -> tuple[Replica, float]:
        await self.wait_for(lambda: self.leader(since=since) is not None, timeout)
        replica = self.leader(since=since)
        assert replica is not None
        return replica, max(at for at, _ in replica.led() if at > since)

    async def close(self) -> None:
        for replica in self.replicas:
            process = replica.process
            if process is None or process.returncode is not None:
                continue
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGCONT)
                process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()
        for task in self._readers:
            task.cancel()
        keep = os.environ.get(LOG_DIR_ENV, "")
        for replica in self.replicas if keep else ():
            lines = "\n".join(line for _, line in replica.lines)
            (Path(keep) / f"{replica.name}.log").write_text(lines + "\n")
        for replica in self.replicas:
            await replica.proxy.stop()
