"""ocopkit benchmarks: ``python benchmarks/bench.py [--quick] [--json FILE] [--no-zen]``.

Everything is measured in ONE run, and the micro-benchmarks are INTERLEAVED: each
round runs every case once, in turn, so that a slow moment of a shared machine hits
all cases alike; each case reports its **min** and **median** over the rounds, with
its target where the issue sets one, and no PASS/FAIL verdict on a single noisy
median (ratios are computed from medians of the same run). See docs/performance.md.

1. per call, on a REALISTIC MIXED POOL — all 26 product sets of QĐ 26/2026, dates
   spread over 2026–2027, all 34 provinces, every installed province plug-in loaded
   (``ocopkit.plugins.load_rules()``) — for 1, 3 and 5 score sheets: the stars only,
   + the trace, + ``explain()``, + ``to_json()``;
2. zen-engine (GoRules) given the SAME full decision per row — a JDM graph with the
   points of every option, the condition of 5.2, the minimum marks of every tier, the
   bands and the tier policy — against ``evaluate()`` per row, on the same rows;
   and, separately, ``BatchScorer.score`` against a minimal numpy kernel written here
   (the same outputs, the "read every byte" floor);
3. encode + score from a pandas DataFrame of option ids at 10⁵ and 10⁶ rows, and the
   peak memory of batch scoring against the input matrix;
4. ``gap_to_next_star()`` at 1, 3 and 5 sheets;
5. attainment of the five seed plans on a SYNTHETIC portfolio of 10³, 10⁴ and 10⁵
   products: the first call (fresh portfolio) and warm;
6. subprocesses: the first ``evaluate()`` in a fresh interpreter (national rules; with
   the plug-ins) and ``ocopkit demo``, wall time;
7. a plug-in registering 10⁵ gates (the adversarial run's denial of service: more than
   600 s before): loading it and ``check_plugin`` with the contribution cap raised to
   admit them, and the default cap refusing it (one timed run each).
"""

# ruff: noqa: E402 - ocopkit is imported after putting ./src on sys.path when not installed
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
try:  # run from a checkout without installing: use ./src
    import ocopkit
except ImportError:  # pragma: no cover - depends on the environment
    sys.path.insert(0, str(ROOT / "src"))
    import ocopkit

import numpy as np

from ocopkit import places
from ocopkit.io import to_json
from ocopkit.rulesets import Rules, get
from ocopkit.scoring import MISSING, Assessment, BatchScorer, ScoreSheet, evaluate, gap_to_next_star

R26 = get("vn-qd-26-2026")


# ---------------------------------------------------------------------- measuring


class Cases:
    """Interleaved micro-benchmarks: every round runs every case once."""

    def __init__(self) -> None:
        self.cases: list[tuple[str, Callable[[], int], str]] = []
        self.samples: dict[str, list[float]] = {}

    def add(self, name: str, fn: Callable[[], int], target: str = "") -> None:
        """``fn`` does some work and returns how many items it handled."""
        self.cases.append((name, fn, target))
        self.samples[name] = []

    def run(self, rounds: int) -> None:
        for _ in range(rounds):
            for name, fn, _ in self.cases:
                gc.collect()
                gc.disable()
                try:
                    t = time.perf_counter()
                    items = fn()
                    self.samples[name].append((time.perf_counter() - t) / items)
                finally:
                    gc.enable()

    def stats(self, name: str) -> tuple[float, float]:
        s = self.samples[name]
        return min(s), statistics.median(s)


def us(seconds: float) -> str:
    return f"{seconds * 1e6:.1f} µs"


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f} ms"


def auto(seconds: float) -> str:
    return us(seconds) if seconds < 1e-3 else ms(seconds) if seconds < 1 else f"{seconds:.2f} s"


class Report:
    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []
        self.tables: dict[str, list[list[str]]] = {}

    def add(self, name: str, low: str, mid: str, target: str = "", note: str = "") -> None:
        self.rows.append({"benchmark": name, "min": low, "median": mid, "target": target,
                          "note": note})
        print(f"  {name}: min {low}, median {mid}" + (f"  (target {target})" if target else "")
              + (f"  {note}" if note else ""), flush=True)

    def print(self) -> None:
        cols = ("benchmark", "min", "median", "target", "note")
        width = [max(len(c), *(len(r[c]) for r in self.rows)) for c in cols]
        print("\n" + "  ".join(c.ljust(w) for c, w in zip(cols, width, strict=True)))
        print("  ".join("-" * w for w in width))
        for r in self.rows:
            print("  ".join(r[c].ljust(w) for c, w in zip(cols, width, strict=True)))
        for title, table in self.tables.items():
            print(f"\n{title}")
            width = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
            for k, row in enumerate(table):
                print("  ".join(x.rjust(w) for x, w in zip(row, width, strict=True)))
                if k == 0:
                    print("  ".join("-" * w for w in width))


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "unknown"
    return {"nproc": str(os.cpu_count()), "cpu": cpu, "python": platform.python_version(),
            "numpy": np.__version__, "platform": platform.platform(),
            "load": " ".join(f"{x:.2f}" for x in os.getloadavg())}


# ---------------------------------------------------------------------- inputs


def load_rules() -> Rules:
    try:
        from ocopkit.plugins import load_rules as load
    except ImportError:  # pragma: no cover
        return Rules.national()
    return load()


def mixed_pool(n: int, sheets: int, seed: int = 26) -> list[Assessment]:
    """``n`` assessments over the 26 sets, 2026-06-01 … 2027-12-31, the 34 provinces;
    mostly good products; the scorers of a council agree on ~90 % of the criteria."""
    rng = random.Random(seed * 10 + sheets)
    provinces = [p.id.split("@")[0] for p in places.provinces(on=date(2026, 1, 1))]
    start, span = date(2026, 6, 1), (date(2027, 12, 31) - date(2026, 6, 1)).days
    out = []
    for i in range(n):
        card = R26.scorecard(rng.randint(1, 26))
        drop = rng.choice((0.05, 0.15, 0.4))
        base = {c.id: (rng.choice(c.options) if rng.random() < drop else c.options[-1]).id
                for c in card}
        council = tuple(ScoreSheet({cid: (rng.choice(card.criterion(cid).options).id
                                          if rng.random() < 0.1 else oid)
                                    for cid, oid in base.items()}, scorer=f"TV{k + 1}")
                        for k in range(sheets))
        out.append(Assessment(card.product_set, start + timedelta(rng.randrange(span)),
                              council, province=rng.choice(provinces), name=f"SP {i}"))
    return out


def option_matrix(scorer: BatchScorer, n: int, seed: int = 7) -> np.ndarray:
    """``n`` rows of option indexes, uint8, column by column (no wide temporaries)."""
    rng = np.random.default_rng(seed)
    n_opt = [len(ids) for ids in scorer.option_ids]
    out = np.empty((n, len(n_opt)), dtype=np.uint8)
    quality = rng.random(n, dtype=np.float32)
    conditional = {i for i, c in enumerate(scorer.scorecard.criteria) if c.applies_when}
    for j, k in enumerate(n_opt):
        pick = rng.random(n, dtype=np.float32)
        col = np.where(pick < quality, k - 1, (pick * k).astype(np.uint8) % k).astype(np.uint8)
        if j in conditional:
            col[rng.random(n, dtype=np.float32) < 0.05] = MISSING
        out[:, j] = col
    return out


def option_frame(scorer: BatchScorer, matrix: np.ndarray) -> Any:
    """The DataFrame of option ids (one column per criterion) of ``matrix``."""
    import pandas as pd

    cols = {}
    for j, (cid, ids) in enumerate(zip(scorer.columns, scorer.option_ids, strict=True)):
        values = np.array([*ids, None], dtype=object)
        cols[cid] = pd.Series(values[np.minimum(matrix[:, j], len(ids))], dtype="str")
    return pd.DataFrame(cols)


# ---------------------------------------------------------------------- zen-engine


def zen_decision(card: Any) -> dict[str, Any]:
    """The full decision of one scorecard (one score sheet) as a GoRules JDM graph: an
    expression node with each criterion's points (a conditional per option), the
    condition of conditional criteria, a count of missed minimum marks per tier, the
    total, the 26/2026 bands (Điều 3.3) and the default tier policy (HighestTierMet)."""
    exprs: list[dict[str, str]] = []
    pos = {c.id: i for i, c in enumerate(card)}

    def add(key: str, value: str) -> None:
        exprs.append({"id": f"e{len(exprs)}", "key": key, "value": value})

    for i, c in enumerate(card):
        chain = " : ".join(f"c{i} == '{o.id}' ? {o.points}" for o in c.options) + " : 0"
        add(f"p{i}", chain)
    for i, c in enumerate(card):
        if c.applies_when is not None:
            add(f"v{i}", f"$.p{pos[c.applies_when.criterion_id]} > 0 ? $.p{i} : 0")
        else:
            add(f"v{i}", f"$.p{i}")
    add("total", " + ".join(f"$.v{i}" for i in range(len(card))))
    for k in (3, 4, 5):
        terms = []
        for i, c in enumerate(card):
            r = c.required_points(k)
            if r is None:
                continue
            if c.applies_when is not None:
                cond = pos[c.applies_when.criterion_id]
                terms.append(f"($.p{cond} > 0 and $.p{i} < {r} ? 1 : 0)")
            else:
                terms.append(f"($.p{i} < {r} ? 1 : 0)")
        add(f"f{k}", " + ".join(terms) or "0")
    add("band", "$.total >= 90 ? 5 : $.total >= 70 ? 4 : $.total >= 50 ? 3 : "
                "$.total >= 30 ? 2 : 1")
    add("stars", "$.band >= 5 and $.f5 == 0 ? 5 : $.band >= 4 and $.f4 == 0 ? 4 : "
                 "$.band >= 3 and $.f3 == 0 ? 3 : ($.band < 2 ? $.band : 2)")
    add("certifiable", "$.stars >= 3")
    return {
        "contentType": "application/vnd.gorules.decision",
        "nodes": [
            {"id": "in", "type": "inputNode", "name": "Request", "position": {"x": 0, "y": 0}},
            {"id": "score", "type": "expressionNode", "name": "Scorecard",
             "position": {"x": 300, "y": 0}, "content": {"expressions": exprs}},
            {"id": "out", "type": "outputNode", "name": "Response", "position": {"x": 600, "y": 0}},
        ],
        "edges": [{"id": "e1", "sourceId": "in", "targetId": "score", "type": "edge"},
                  {"id": "e2", "sourceId": "score", "targetId": "out", "type": "edge"}],
    }


def import_zen() -> tuple[Any, str]:
    try:
        import zen

        return zen, "installed"
    except ImportError:
        pass
    cache = Path(os.environ.get("OCOPKIT_BENCH_CACHE",
                                Path.home() / ".cache" / "ocopkit-bench")) / "zen-engine"
    if not (cache / "zen").is_dir():
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", "--target", str(cache), "zen-engine"],
                       check=True, timeout=300, capture_output=True)
    sys.path.insert(0, str(cache))
    import zen

    return zen, f"pip --target {cache}"


def minimal_kernel(scorer: BatchScorer) -> Callable[[np.ndarray], tuple[np.ndarray, ...]]:
    """The same outputs as ``scorer.score`` (total, band, stars, certifiable, failed
    minimum marks per tier) with the fewest numpy operations: one table look-up per
    column, masked by the condition column, then band and decision tables."""
    crits = scorer.scorecard.criteria
    lut = scorer._lut  # packed points and failed marks per option (see ocopkit.scoring)
    positive = scorer._positive
    cond = dict(scorer._conditional)
    band_t, stars_t, cert_t = scorer._band, scorer._stars, scorer._cert

    def kernel(m: np.ndarray) -> tuple[np.ndarray, ...]:
        acc = np.zeros(m.shape[0], dtype=np.int64)
        for c in range(len(crits)):
            v = lut[c].take(m[:, c])
            if c in cond:
                v *= positive[cond[c]].take(m[:, cond[c]])
            acc += v
        total = (acc & 0xFFFF).astype(np.int16)
        fails = np.stack([(acc >> s) & 0xFF for s in (16, 24, 32)], axis=1) > 0
        f8 = fails.astype(np.uint8)
        bits = f8[:, 0] | (f8[:, 1] << 1) | (f8[:, 2] << 2)
        band = band_t.take(total)
        key = band * 8 + bits
        return total, band, stars_t.take(key), cert_t.take(key), fails

    return kernel


# ---------------------------------------------------------------------- subprocesses


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    src = str(ROOT / "src")
    if Path(ocopkit.__file__).resolve().is_relative_to(Path(src)):
        env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    return env


def _children_cpu() -> float:
    """The CPU time (user + system) of the finished child processes (POSIX; 0 elsewhere)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def walls(cmd: list[str], runs: int) -> tuple[list[float], list[float]]:
    """The wall times of ``runs`` runs of ``cmd`` and their CPU times (user + system:
    on a shared machine the CPU time is what the program costs, the wall time what the
    user waited)."""
    env = subprocess_env()
    subprocess.run(cmd, env=env, check=True, capture_output=True)  # warm the OS caches
    out, cpu = [], []
    for _ in range(runs):
        c, t = _children_cpu(), time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        out.append(time.perf_counter() - t)
        cpu.append(_children_cpu() - c)
    return out, cpu


FIRST_EVALUATE = """
import sys, time
t = time.perf_counter()
from datetime import date
from ocopkit import Assessment, evaluate, rulesets
{rules}
card = rulesets.get("vn-qd-26-2026").scorecard(7)
ev = evaluate(Assessment.single(7, {{c.id: c.options[-1].id for c in card}},
                                assessed_on=date(2026, 6, 1)), rules)
assert ev.stars == 5
print(time.perf_counter() - t, time.process_time())
"""


def in_process(code: str, runs: int) -> tuple[list[float], list[float]]:
    """The time a fresh interpreter reports for ``code`` (from its first import on), and
    the CPU time of the whole process (interpreter start-up included) at that point."""
    env = subprocess_env()
    out, cpu = [], []
    for _ in range(runs + 1):
        done = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                              capture_output=True, text=True)
        wall, used = done.stdout.strip().splitlines()[-1].split()
        out.append(float(wall))
        cpu.append(float(used))
    return out[1:], cpu[1:]


def cpu_note(cpu: list[float]) -> str:
    return f"CPU time min {auto(min(cpu))}, median {auto(statistics.median(cpu))}"

# ---------------------------------------------------------------------- portfolio


def synthetic_portfolio(n: int, seed: int = 2026) -> tuple[list[Any], list[Any], list[Any]]:
    """SYNTHETIC national portfolio: ``n`` products over the 63 provinces of 2019–2025,
    a quarter in the five seed provinces (so that their plans measure something),
    first recognised 2019-09 … 2025-06, 60 % renewed (some upgraded) at expiry."""
    import attrs

    from ocopkit import places as units
    from ocopkit.certification import DEFAULT_POLICY, Certificate
    from ocopkit.products import Product, Subject, SubjectKind
    from ocopkit.samples import regime

    rng = random.Random(seed)
    provinces = [p.id for p in units.provinces(on=date(2025, 6, 30))]
    seeds = ["01@63", "06@63", "22@63", "49@63", "60@63"]
    kinds = list(SubjectKind)
    products: list[Any] = []
    subjects: list[Any] = []
    certificates: list[Any] = []
    current: dict[str, tuple[str, int]] = {}
    start = date(2019, 9, 1)
    span = (date(2025, 6, 30) - start).days
    for k in range(n):
        prov = seeds[k % 5] if k % 4 == 0 else provinces[k % len(provinces)]
        sid, room = current.get(prov, ("", 0))
        if room == 0:
            sid = f"S{len(subjects):06d}"
            subjects.append(Subject(sid, f"HTX tổng hợp {len(subjects)}", kinds[k % len(kinds)],
                                    prov, in_value_chain=k % 3 == 0))
            room = rng.randint(1, 6)
        current[prov] = (sid, room - 1)
        pid = f"P{k:06d}"
        products.append(Product(pid, f"Sản phẩm tổng hợp {k}", k % 26 + 1, sid, prov))
        issued = start + timedelta(days=rng.randrange(span))
        stars = rng.choices((3, 4, 5), (70, 27, 3))[0]
        chain: list[Any] = []
        while True:
            ruleset_id, authority = regime(issued, stars)
            valid = DEFAULT_POLICY.valid_until(issued)
            chain.append(Certificate(
                number=f"GCN-{pid}-{len(chain) + 1}", product_id=pid, stars=stars,
                decision_number=f"{pid}-{len(chain) + 1}/QĐ-TH", decision_date=issued,
                authority=authority, ruleset_id=ruleset_id, issued_on=issued,
                valid_until=valid, evaluated_on=issued - timedelta(days=20)))
            again = valid - timedelta(days=150)
            if again > date(2026, 6, 30) or rng.random() > 0.6:
                break
            issued = again
            if stars < 5 and rng.random() < 0.2:
                stars += 1
        for i in range(len(chain) - 1):
            chain[i] = attrs.evolve(chain[i], superseded_by=chain[i + 1].number,
                                    superseded_on=chain[i + 1].issued_on)
        certificates.extend(chain)
    return products, subjects, certificates


# ---------------------------------------------------------------------- attainment


def attainment_cases(sizes: list[int]) -> list[list[str]]:
    """Attainment of the five seed plans: first call on a fresh portfolio, then warm."""
    from ocopkit.certification import Portfolio
    from ocopkit.samples import sample_plans
    from ocopkit.targets import attainment

    plans = list(sample_plans().values())
    table = [["products", "certificates", "build", "first call", "warm (median of 5)"]]
    for n in sizes:
        products, subjects, certificates = synthetic_portfolio(n)
        t = time.perf_counter()
        portfolio = Portfolio.build(products, subjects, certificates)
        built = time.perf_counter() - t
        t = time.perf_counter()
        for p in plans:
            attainment(p, portfolio, p.period_end)
        first = time.perf_counter() - t
        warm = []
        for _ in range(5):
            t = time.perf_counter()
            for p in plans:
                attainment(p, portfolio, p.period_end)
            warm.append(time.perf_counter() - t)
        table.append([f"{n:,}", f"{len(certificates):,}", auto(built), auto(first),
                      f"{auto(statistics.median(warm))} (min {auto(min(warm))})"])
        print(f"  attainment {n:,} products: first {auto(first)}, warm "
              f"{auto(statistics.median(warm))}", flush=True)
    return table


# ---------------------------------------------------------------------- main


# ---------------------------------------------------------------------- 7. large plug-ins


def bench_large_plugin(report: Report, quick: bool) -> None:
    print("7. a plug-in with 10^5 gates", flush=True)
    from ocopkit import plugins
    from ocopkit.plugins import Citation, Gate, Limits, hookimpl

    n = 10_000 if quick else 100_000

    def impl(register: Callable[[object], None]) -> None:
        for i in range(n):
            register(Gate(f"g{i}", "22@63", frozenset({f"e{i % 50}"}), Citation("bench"),
                          "cổng", "gate", effective_from=date(2018, 1, 1),
                          effective_until=date(2020, 12, 31)))

    big = type("Big", (), {"__version__": "1",
                           "ocopkit_register_rules": staticmethod(hookimpl(impl))})
    admit = Limits(timeout=600, max_contributions=n)
    started = time.perf_counter()
    loaded = plugins.load(autoload=False, plugins=[big], limits=admit)
    load_s = time.perf_counter() - started
    assert len(loaded.rules.gates) == n
    report.add(f"load a plug-in with {n:,} gates (one run)", auto(load_s), auto(load_s))
    started = time.perf_counter()
    problems = plugins.check_plugin(big, limits=admit)
    check_s = time.perf_counter() - started
    report.add(f"check_plugin, {n:,} gates (one run)", auto(check_s), auto(check_s), "",
               f"{len(problems):,} overlap problems (one per gate but the first 50)")
    started = time.perf_counter()
    refused = plugins.check_plugin(big, limits=Limits(max_contributions=n // 10))
    cap_s = time.perf_counter() - started
    assert [p.code for p in refused] == ["too-many-contributions"]
    report.add("the contribution cap refuses it (one run)", auto(cap_s), auto(cap_s))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--no-zen", action="store_true", help="skip the zen-engine comparison")
    args = parser.parse_args(argv)
    quick = args.quick
    started = time.perf_counter()
    info = machine()
    print(f"ocopkit {ocopkit.__version__} benchmarks{' (quick)' if quick else ''}\n"
          f"machine: {info['nproc']} CPU(s), {info['cpu']}; Python {info['python']}, "
          f"numpy {info['numpy']}; {info['platform']}; load {info['load']}\n", flush=True)
    report = Report()
    rules = load_rules()
    names = [p.name for p in rules.plugins]
    print(f"plug-ins: {', '.join(names)}", flush=True)
    cases = Cases()
    size = 200 if quick else 1000
    chunk = 100 if quick else 250

    # 1. the realistic mixed pool
    pools = {n: mixed_pool(size, n) for n in (1, 3, 5)}
    for n, pool in pools.items():
        for a in pool:  # first sight of every context (not what is measured)
            _ = evaluate(a, rules).trace
        state = {"at": 0}

        def batch(pool: list[Assessment] = pool, state: dict[str, int] = state
                  ) -> list[Assessment]:
            at = state["at"]
            state["at"] = (at + chunk) % len(pool)
            return pool[at:at + chunk]

        def stars(batch: Callable[[], list[Assessment]] = batch) -> int:
            items = batch()
            for a in items:
                _ = evaluate(a, rules).stars
            return len(items)

        def trace(batch: Callable[[], list[Assessment]] = batch) -> int:
            items = batch()
            for a in items:
                _ = evaluate(a, rules).trace
            return len(items)

        def explain(batch: Callable[[], list[Assessment]] = batch) -> int:
            items = batch()
            for a in items:
                evaluate(a, rules).explain()
            return len(items)

        def as_json(batch: Callable[[], list[Assessment]] = batch) -> int:
            items = batch()
            for a in items:
                to_json(evaluate(a, rules))
            return len(items)

        cases.add(f"pool {n} sheet(s): stars", stars)
        cases.add(f"pool {n} sheet(s): + trace", trace,
                  "≤ 12 µs" if n == 1 else "≤ 25 µs" if n == 5 else "")
        cases.add(f"pool {n} sheet(s): + explain()", explain)
        cases.add(f"pool {n} sheet(s): + to_json()", as_json, "≤ 40 µs" if n == 1 else "")
        evs = [evaluate(a, rules) for a in pool[:100 if quick else 200]]
        cases.add(f"gap_to_next_star, {n} sheet(s)",
                  lambda evs=evs: len([gap_to_next_star(e) for e in evs[:40]]),
                  "≤ 0.5 ms" if n == 1 else "≤ 3 ms" if n == 5 else "")
    to_json_only = [evaluate(a, rules) for a in pools[1][:chunk]]
    for e in to_json_only:
        to_json(e)
    cases.add("to_json() of an evaluation (1 sheet)",
              lambda: len([to_json(e) for e in to_json_only]), "≤ 40 µs")

    # 2. zen-engine, same full decision per row; batch vs the minimal kernel
    scorer = BatchScorer.for_set(7, on=date(2026, 6, 1), rules=rules)
    rows = option_matrix(scorer, 2000 if quick else 5000)
    row_objects = [scorer.assessment(r) for r in rows]
    card = scorer.scorecard
    zen_note = ""
    if not args.no_zen:
        try:
            zen, how = import_zen()
            engine = zen.ZenEngine({"loader": {"type": "static",
                                               "content": {"set7": zen_decision(card)}}})
            requests = [{"key": "set7", "context": {f"c{j}": scorer.option_ids[j][k]
                                                    if k != MISSING else None
                                                    for j, k in enumerate(r)}}
                        for r in rows.tolist()]
            results = engine.evaluate_batch(requests)
            got = [(int(x["data"]["result"]["total"]), int(x["data"]["result"]["stars"]))
                   for x in results]
            ours = [(int(e.total), e.stars) for e in (evaluate(a, rules) for a in row_objects)]
            zen_note = f"zen-engine ({how}); rows agree: {got == ours}"
            zchunk = 500

            def zen_rows(state: dict[str, int] = {"at": 0}) -> int:  # noqa: B006
                at = state["at"]
                state["at"] = (at + zchunk) % len(requests)
                return len(engine.evaluate_batch(requests[at:at + zchunk]))

            def ocopkit_rows(state: dict[str, int] = {"at": 0}) -> int:  # noqa: B006
                at = state["at"]
                state["at"] = (at + zchunk) % len(row_objects)
                items = row_objects[at:at + zchunk]
                for a in items:
                    _ = evaluate(a, rules).stars
                return len(items)

            cases.add("zen-engine per row (evaluate_batch), full decision", zen_rows)
            cases.add("ocopkit evaluate() per row, same rows", ocopkit_rows)
        except Exception as exc:  # an install or import problem: say so, skip
            zen_note = f"zen-engine unavailable ({type(exc).__name__}: {str(exc)[:80]})"
    print(zen_note or "zen-engine skipped (--no-zen)", flush=True)
    big = option_matrix(scorer, 10**4 if quick else 10**5)
    kernel = minimal_kernel(scorer)
    assert (kernel(big)[2] == scorer.score(big).stars).all()
    cases.add("minimal numpy kernel, 10^5 rows", lambda: (kernel(big), len(big))[1])
    cases.add("BatchScorer.score, 10^5 rows", lambda: (scorer.score(big), len(big))[1])

    # 3. DataFrames of option ids
    frames = {}
    for n in ([10**4] if quick else [10**5, 10**6]):
        m = option_matrix(scorer, n, seed=11)
        frames[n] = option_frame(scorer, m)
        assert (scorer.score(frames[n]).total == scorer.score(m).total).all()
        cases.add(f"DataFrame encode + score, {n:,} rows",
                  lambda f=frames[n]: (scorer.score(f), len(f))[1], "≥ 2 M rows/s")

    rounds = 3 if quick else 9
    print(f"\n{len(cases.cases)} cases, {rounds} interleaved rounds…", flush=True)
    cases.run(rounds)
    for name, _, target in cases.cases:
        low, mid = cases.stats(name)
        if "rows" in name and ("DataFrame" in name or "10^5" in name or "per row" in name):
            note = f"{1 / mid / 1e6:.2f} M rows/s (median)"
        else:
            note = ""
        report.add(name, auto(low), auto(mid), target, note)
    if not args.no_zen and "zen-engine per row (evaluate_batch), full decision" in cases.samples:
        z = cases.stats("zen-engine per row (evaluate_batch), full decision")[1]
        o = cases.stats("ocopkit evaluate() per row, same rows")[1]
        report.add("ratio zen / ocopkit per row", "", f"{z / o:.1f}×", "≥ 4×", zen_note)
    k = cases.stats("minimal numpy kernel, 10^5 rows")[1]
    b = cases.stats("BatchScorer.score, 10^5 rows")[1]
    report.add("ratio batch speed / minimal kernel", "", f"{k / b:.2f}", "≥ 0.9")

    # peak memory of batch scoring against the input matrix
    for n in ([10**4] if quick else [10**5, 10**6]):
        m = option_matrix(scorer, n, seed=3)
        gc.collect()
        tracemalloc.start()
        traced = np.array(m)
        tracemalloc.reset_peak()
        scorer.score(traced)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        report.add(f"batch peak memory / input, {n:,} rows", "", f"{peak / traced.nbytes:.2f}×",
                   "≤ 1.5×", f"input {traced.nbytes / 2**20:.1f} MiB (tracemalloc peak, "
                   "input included)")

    # 4–5. growth: attainment
    report.tables["Attainment of the five seed plans (SYNTHETIC portfolio)"] = (
        attainment_cases([10**3, 10**4] if quick else [10**3, 10**4, 10**5]))

    # 6. subprocesses
    runs = 3 if quick else 7
    national, national_cpu = in_process(FIRST_EVALUATE.format(rules="rules = None"), runs)
    report.add("first evaluate() in a fresh process, national rules", auto(min(national)),
               auto(statistics.median(national)), "≤ 100 ms",
               f"from the first import on; {cpu_note(national_cpu)} (process)")
    plugged, plugged_cpu = in_process(FIRST_EVALUATE.format(
        rules="from ocopkit.plugins import load_rules\nrules = load_rules()"), runs)
    report.add("first evaluate() in a fresh process, with the plug-ins", auto(min(plugged)),
               auto(statistics.median(plugged)), "≤ 150 ms",
               f"{cpu_note(plugged_cpu)} (process); " + ", ".join(names))
    demo, demo_cpu = walls([sys.executable, "-m", "ocopkit", "demo"], runs)
    bare, bare_cpu = walls([sys.executable, "-c", "pass"], runs)
    report.add("ocopkit demo (wall, subprocess)", auto(min(demo)), auto(statistics.median(demo)),
               "≤ 0.4 s", f"{cpu_note(demo_cpu)}; a bare interpreter: "
               f"{auto(statistics.median(bare))} (CPU {auto(statistics.median(bare_cpu))})")
    bench_large_plugin(report, quick)

    report.print()
    elapsed = time.perf_counter() - started
    print(f"\n{len(report.rows)} measurements in {elapsed:.0f} s")
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "quick": quick, "elapsed_s": elapsed,
                                         "rows": report.rows, "tables": report.tables},
                                        indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
