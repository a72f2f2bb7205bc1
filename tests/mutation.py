"""Mutation testing for the guide's model: do the tests notice small changes to the code?

Run ``python -m tests.mutation`` from the repository root (``--help`` lists the options).
Each mutant changes one span of one file: ``<`` to ``<=`` or ``>`` (likewise ``<=``, ``>``,
``>=``), ``==`` <-> ``!=``, ``+`` <-> ``-``, ``*`` <-> ``/``, ``a + b`` or ``a - b`` to
``a``, ``not x`` or ``-x`` to ``x``, ``and`` <-> ``or``, ``True`` <-> ``False``, a float
strictly between 0 and 1 doubled, any other number plus 1 (docstrings, f-strings and
``__main__`` blocks stay). The tests run on a copy of the checkout, never on the editable
install; a mutant survives if they pass. Exit status: 2 if the unmutated copy fails the
tests, 1 below ``--min-kill-rate``, else 0 (a report, not a gate).
"""

import argparse
import ast
import bisect
import io
import json
import os
import queue
import random
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tokenize
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from itertools import accumulate, pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPIED = ("guide", "data", "tests", "conftest.py", "pyproject.toml")
# Read-only files some tests open (notebooks, README, packaging); copied when present.
EXTRAS = ("notebooks", "README.md", "environment.yml", "postBuild", "constraints.txt", ".ci")
# The model's own tests, slow ones included (the oracle comparison, the verdict's
# stability, the calibration), stopping at the first failure. Golden values are the code's
# own output: they must not count, so test_golden.py is left out.
DEFAULT_TESTS = ["-x", "-k", "not golden", "tests/test_decision_rules.py", "tests/test_steps.py",
                 "tests/test_model.py", "tests/test_properties.py", "tests/test_statistical.py"]
NOT_MUTATED = ("__init__.py", "reference.py", "params.py", "simulate.py", "verdict.py")
"""The oracle (it checks the model), the parameter specs (data), tidy frames and words."""
LEAK_EXIT = 97
# Runs pytest with the copy first on sys.path and setuptools' editable finder removed, then
# fails with LEAK_EXIT if any guide module came from elsewhere.
BOOTSTRAP = f"""\
import os, sys
root = os.path.realpath(os.getcwd())
ours = lambda x: not getattr(x, "__module__", "").startswith("__editable__")
sys.meta_path[:] = [f for f in sys.meta_path if ours(f)]
sys.path_hooks[:] = [h for h in sys.path_hooks if ours(h)]
sys.path[:] = [root] + [p for p in sys.path if "__editable__" not in p]
sys.path_importer_cache.clear()
import pytest
code = pytest.main(sys.argv[1:])
mods = [m for n, m in list(sys.modules.items()) if n.split(".")[0] == "guide"]
files = [os.path.realpath(m.__file__) for m in mods if getattr(m, "__file__", None)]
print("MUTATION-IMPORTED", getattr(sys.modules.get("guide"), "__file__", None))
leaks = [f for f in files if not f.startswith(root + os.sep)]
print("MUTATION-LEAK", leaks) if leaks else None
sys.exit({LEAK_EXIT} if leaks else int(code))
"""
FLIPS = {ast.Lt: ("<", "<=", ">"), ast.LtE: ("<=", "<", ">="), ast.Gt: (">", ">=", "<"),
         ast.GtE: (">=", ">", "<="), ast.Eq: ("==", "!="), ast.NotEq: ("!=", "==")}
SWAPS = {ast.Add: ("+", "-"), ast.Sub: ("-", "+"), ast.Mult: ("*", "/"), ast.Div: ("/", "*")}


@dataclass(frozen=True)
class Mutant:
    """One change to one file: ``edits`` are (start, end, text) in character offsets."""

    file: str
    line: int
    col: int
    description: str
    edits: tuple[tuple[int, int, str], ...]

    def apply(self, source: str) -> str:
        """The source with this mutant's edits made, last first so offsets stay valid."""
        for start, end, text in sorted(self.edits, reverse=True):
            source = source[:start] + text + source[end:]
        return source


class _Finder(ast.NodeVisitor):
    """Collects the mutants of one module's source."""

    def __init__(self, file: str, source: str) -> None:
        self.file, self.source, self.mutants = file, source, []
        self.starts = [0, *accumulate(len(line) + 1 for line in source.split("\n"))]
        self.tokens = [(self.pos(t.start[0], t.start[1], chars=True), t.string)
                       for t in tokenize.generate_tokens(io.StringIO(source).readline)
                       if t.type in (tokenize.OP, tokenize.NAME)]
        self.keys = [p for p, _ in self.tokens]

    def pos(self, line: int, col: int, chars: bool = False) -> int:
        """Character offset of an ast (UTF-8 byte column) or tokenize position."""
        text = self.source[self.starts[line - 1]:self.starts[line]]
        return self.starts[line - 1] + (col if chars else len(text.encode()[:col].decode()))

    def span(self, node: ast.AST) -> tuple[int, int]:
        """Start and end character offsets of a node."""
        return (self.pos(node.lineno, node.col_offset),
                self.pos(node.end_lineno, node.end_col_offset))

    def token(self, left: ast.AST, right: ast.AST, text: str) -> int | None:
        """Offset of the operator token ``text`` between two nodes."""
        lo = bisect.bisect_left(self.keys, self.span(left)[1])
        hi = bisect.bisect_left(self.keys, self.span(right)[0])
        return next((at for at, string in self.tokens[lo:hi] if string == text), None)

    def add(self, at: int, description: str, *edits: tuple[int, int, str]) -> None:
        """Record a mutant whose first change is at character offset ``at``."""
        line = bisect.bisect_right(self.starts, at) - 1
        self.mutants.append(Mutant(self.file, line + 1, at - self.starts[line], description,
                                   tuple(edits)))

    def swap(self, left: ast.AST, right: ast.AST, old: str, new: str) -> None:
        """Mutant replacing the operator between ``left`` and ``right``."""
        at = self.token(left, right, old)
        if at is not None:
            self.add(at, f"{old!r} -> {new!r}", (at, at + len(old), new))

    def keep(self, node: ast.AST, part: ast.AST, description: str) -> None:
        """Mutant replacing ``node`` by its sub-expression ``part`` (in parentheses)."""
        start, end = self.span(node)
        self.add(start, description, (start, end, f"({ast.get_source_segment(self.source, part)})"))

    def visit(self, node: ast.AST) -> None:
        """Visit a node unless it is a docstring, an f-string or a ``__main__`` block."""
        docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        main = isinstance(node, ast.If) and ast.unparse(node.test) == "__name__ == '__main__'"
        # (positions inside f-strings are unreliable before Python 3.12)
        if not (docstring or main or isinstance(node, ast.JoinedStr)):
            super().visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        for (left, right), op in zip(pairwise([node.left, *node.comparators]), node.ops,
                                     strict=True):
            old, *news = FLIPS.get(type(op), ("",))
            for new in news:
                self.swap(left, right, old, new)
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        if type(node.op) in SWAPS:
            self.swap(node.left, node.right, *SWAPS[type(node.op)])
        if isinstance(node.op, ast.Add | ast.Sub):
            self.keep(node, node.left, f"a {SWAPS[type(node.op)][0]} b -> a")
        self.generic_visit(node)

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        old, new = ("and", "or") if isinstance(node.op, ast.And) else ("or", "and")
        ats = [self.token(a, b, old) for a, b in pairwise(node.values)]
        if ats and None not in ats:
            self.add(ats[0], f"{old!r} -> {new!r}", *((at, at + len(old), new) for at in ats))
        self.generic_visit(node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        if isinstance(node.op, ast.Not | ast.USub):
            self.keep(node, node.operand, f"drop {'not' if isinstance(node.op, ast.Not) else '-'}")
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        value, (start, end) = node.value, self.span(node)
        if isinstance(value, bool):
            self.add(start, f"{value} -> {not value}", (start, end, str(not value)))
        elif isinstance(value, int | float):
            new = value * 2 if isinstance(value, float) and 0 < value < 1 else value + 1
            self.add(start, f"{value!r} -> {new!r}", (start, end, repr(new)))


def find_mutants(file: str) -> list[Mutant]:
    """Every mutant of one file (relative to the root) whose result still parses."""
    source = (ROOT / file).read_text(encoding="utf-8")
    finder = _Finder(file, source)
    finder.visit(ast.parse(source))
    return [m for m in finder.mutants if _parses(m.apply(source))]


def _parses(source: str) -> bool:
    """Whether the source is valid Python."""
    try:
        return bool(ast.parse(source))
    except SyntaxError:
        return False


def choose(mutants: list[Mutant], size: int, seed: int) -> list[Mutant]:
    """``size`` mutants spread evenly over the files, chosen with a seeded generator."""
    rng, by_file = random.Random(seed), {}
    for mutant in mutants:
        by_file.setdefault(mutant.file, []).append(mutant)
    pools = [rng.sample(group, len(group)) for _, group in sorted(by_file.items())]
    chosen = []
    while len(chosen) < size and any(pools):
        chosen.extend(pool.pop() for pool in pools if pool and len(chosen) < size)
    return sorted(chosen, key=lambda m: (m.file, m.line, m.col))


def make_copy() -> Path:
    """A fresh copy of the checkout's code, data and tests, without caches."""
    work = Path(tempfile.mkdtemp(prefix="mutation-"))
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis", ".pytest_cache")
    for name in COPIED + EXTRAS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, work / name, ignore=skip)
        elif (ROOT / name).exists():
            shutil.copy2(ROOT / name, work / name)
    return work


def run_tests(work: Path, tests: list[str], timeout: float) -> tuple[str, float, str]:
    """Run the selection in ``work``: ("passed" | "failed" | "timeout" | "leak", s, output)."""
    shutil.rmtree(work / ".hypothesis", ignore_errors=True)  # no examples from other mutants
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(work))
    # addopts would turn on nbval; "-p no:X" is harmless when plugin X is not installed.
    args = ["-x", "-q", "-o", "addopts=", *"-p no:cacheprovider -p no:nbval -p no:randomly".split()]
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", BOOTSTRAP, *args, *tests], cwd=work, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        return "timeout", time.monotonic() - start, proc.communicate()[0]
    state = {0: "passed", LEAK_EXIT: "leak"}.get(proc.returncode, "failed")
    return state, time.monotonic() - start, out


def main(argv: list[str] | None = None) -> int:
    """Parse the options, check the baseline, run the mutants and print the report."""
    model = ROOT / "guide" / "model"
    files = [str(p.relative_to(ROOT)) for p in sorted(model.rglob("*.py"))
             if p.name not in NOT_MUTATED]
    parser = argparse.ArgumentParser(prog="python -m tests.mutation", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", nargs="+", default=files, help="modules to mutate")
    parser.add_argument("--tests", type=shlex.split, default=DEFAULT_TESTS, help="pytest args")
    parser.add_argument("--sample", type=int, default=60, help="mutants to run (default 60)")
    parser.add_argument("--all", action="store_true", help="run every mutant")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")
    parser.add_argument("--jobs", type=int, default=2, help="parallel copies (default 2)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per mutant")
    parser.add_argument("--json", type=Path, help="also write the report as JSON here")
    parser.add_argument("--min-kill-rate", type=float, help="exit 1 below this percentage")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    opts = parser.parse_args(argv)

    found = [m for file in opts.files for m in find_mutants(file)]
    mutants = found if opts.all else choose(found, opts.sample, opts.seed)
    print(f"{len(found)} mutants in {len(opts.files)} files; running {len(mutants)}", flush=True)
    if opts.list:
        for m in mutants:
            print(f"{m.file}:{m.line}:{m.col}  {m.description}")
        return 0

    copies = [make_copy() for _ in range(max(1, opts.jobs))]
    try:
        state, seconds, out = run_tests(copies[0], opts.tests, max(opts.timeout, 600))
        imported = [line for line in out.splitlines() if line.startswith("MUTATION-IMP")]
        if state != "passed":
            print(out[-3000:], "\nThe unmutated copy must pass the selection; stopping.")
            return 2
        timeout = max(opts.timeout, 3 * seconds)  # a slow selection must not time out
        print(f"baseline: passed in {seconds:.1f} s, timeout {timeout:.0f} s; "
              f"{' '.join(imported)}", flush=True)
        free = queue.Queue()
        for work in copies:
            free.put(work)

        def attempt(mutant: Mutant) -> tuple[Mutant, str, float]:
            work = free.get()
            path = work / mutant.file
            original = path.read_text(encoding="utf-8")
            try:
                path.write_text(mutant.apply(original), encoding="utf-8")
                return mutant, *run_tests(work, opts.tests, timeout)[:2]  # "leak" is reported
            finally:
                path.write_text(original, encoding="utf-8")
                free.put(work)

        results, pool = [], ThreadPoolExecutor(max_workers=len(copies))
        try:
            for done in as_completed([pool.submit(attempt, m) for m in mutants]):
                mutant, state, seconds = done.result()
                verdict = {"failed": "killed", "passed": "SURVIVED"}.get(state, state)
                results.append({"file": mutant.file, "line": mutant.line, "col": mutant.col,
                                "description": mutant.description, "result": verdict,
                                "seconds": round(seconds, 1)})
                print(f"{verdict:8} {mutant.file}:{mutant.line}  {mutant.description}  "
                      f"{seconds:.1f} s", flush=True)
        finally:
            pool.shutdown(cancel_futures=True)  # on an error or Ctrl-C, start no more mutants
    finally:
        for work in copies:
            shutil.rmtree(work, ignore_errors=True)

    counts = {k: sum(r["result"] == k for r in results) for k in ("killed", "SURVIVED", "timeout")}
    rate = 100 * (counts["killed"] + counts["timeout"]) / len(results) if results else 100.0
    summary = {"run": len(results), "killed": counts["killed"], "survived": counts["SURVIVED"],
               "timeouts": counts["timeout"], "kill_rate": round(rate, 1)}
    print("\n" + ", ".join(f"{k}: {v}" for k, v in summary.items()) + " %")
    if opts.json:
        results.sort(key=lambda r: (r["file"], r["line"], r["col"]))
        survivors = [r for r in results if r["result"] == "SURVIVED"]
        opts.json.write_text(json.dumps({**summary, "seed": opts.seed, "tests": opts.tests,
                                         "survivors": survivors, "mutants": results}, indent=1))
    return 1 if opts.min_kill_rate is not None and rate < opts.min_kill_rate else 0


if __name__ == "__main__":
    sys.exit(main())
