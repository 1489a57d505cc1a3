"""Where the CPU went during a bench window: per-process CPU from /proc, the machine's
busy time from /proc/stat, and what PostgreSQL's backends were waiting on
(pg_stat_activity), for bench/replicas.py."""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import psycopg

TICKS = os.sysconf("SC_CLK_TCK")


def process_seconds(pid: int) -> float:
    """CPU seconds (user + system) a process has used; 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime (fields 14, 15)


def machine_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine, all cores."""
    with open("/proc/stat", encoding="ascii") as stat:
        cpu = [int(v) for v in stat.readline().split()[1:]]
    idle = cpu[3] + cpu[4]  # idle, iowait
    return (sum(cpu) - idle) / TICKS, sum(cpu) / TICKS


@dataclass
class Window:
    """CPU used by named groups of processes between `start` and `stop`, as % of one core;
    and, sampled meanwhile, what the database's active backends were waiting on."""

    groups: Mapping[str, Iterable[int]]
    conninfo: str
    database: str
    cpu: dict[str, float] = field(default_factory=dict)
    machine_busy: float = 0.0  # % of all cores
    others: float = 0.0  # % of one core used by processes in no group (other users')
    waits: Counter[str] = field(default_factory=Counter)
    samples: int = 0
    connections_opened: int = 0  # new PostgreSQL sessions during the window

    async def measure(self, done: asyncio.Future[object]) -> None:
        """Sample until `done` completes. The database's backends are found on every
        sample (a connection pool's overflow opens and closes them meanwhile): each counts
        from when it was first seen, so PostgreSQL's figure is a slight underestimate."""
        groups = {name: list(pids) for name, pids in self.groups.items()}
        before = {name: {p: process_seconds(p) for p in pids} for name, pids in groups.items()}
        seen: dict[int, tuple[float, float]] = {}  # backend pid -> (first, last) CPU seconds
        busy0, total0 = machine_seconds()
        with psycopg.connect(self.conninfo, autocommit=True) as conn:
            sessions0 = self._sessions(conn)
            while not done.done():
                rows = conn.execute(
                    "SELECT pid, state, coalesce(wait_event_type || ':' || wait_event, 'CPU') "
                    "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                    (self.database,),
                ).fetchall()
                for pid, state, wait in rows:
                    used = process_seconds(int(pid))
                    seen[int(pid)] = (seen.get(int(pid), (used, used))[0], used)
                    if state == "active":
                        self.waits[str(wait)] += 1
                self.samples += 1
                await asyncio.sleep(0.05)
            self.connections_opened = self._sessions(conn) - sessions0
        busy1, total1 = machine_seconds()
        elapsed = (total1 - total0) / (os.cpu_count() or 1)
        self.machine_busy = 100 * (busy1 - busy0) / max(total1 - total0, 1e-9)
        for name, pids in groups.items():
            used = sum(process_seconds(p) - before[name][p] for p in pids)
            self.cpu[name] = 100 * used / max(elapsed, 1e-9)
        self.cpu["postgres"] = 100 * sum(b - a for a, b in seen.values()) / max(elapsed, 1e-9)
        self.others = 100 * (busy1 - busy0) / max(elapsed, 1e-9) - sum(self.cpu.values())

    def _sessions(self, conn: psycopg.Connection[tuple[object, ...]]) -> int:
        row = conn.execute(
            "SELECT sessions FROM pg_stat_database WHERE datname = %s", (self.database,)
        ).fetchone()
        return int(str(row[0])) if row else 0

    def busiest_waits(self, n: int = 4) -> str:
        if not self.waits:
            return "none sampled"
        per = [f"{w} {c / self.samples:.1f}" for w, c in self.waits.most_common(n)]
        return ", ".join(per) + " (active backends per sample)"
