"""Small timing and reporting helpers shared by the benchmarks (no Django here)."""

import statistics
import sys
import time


def say(line=""):
    # The project's ruff rules ban print(); the benchmarks' output *is* the report.
    sys.stdout.write(f"{line}\n")
    sys.stdout.flush()


def timed(fn, *args, **kwargs):
    """Seconds one call of ``fn`` takes (perf_counter: monotonic, highest resolution)."""
    start = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - start


def per_call(fn, calls, repeats):
    """Seconds per call: ``repeats`` loops of ``calls`` calls each, the median loop wins.

    Looping amortises the timer's own overhead for calls of a few microseconds;
    the median of several loops ignores the ones the noisy machine disturbed.
    """
    fn()  # warm-up: imports, caches, the first query's connection set-up
    return statistics.median(timed(lambda: [fn() for _ in range(calls)]) / calls for _ in range(repeats))


def median(samples):
    return statistics.median(samples)


def p90(samples):
    return statistics.quantiles(samples, n=10, method="inclusive")[-1] if len(samples) > 1 else samples[0]


def ms(seconds):
    return f"{seconds * 1000:.2f} ms"


def duration(seconds):
    """Milliseconds, or microseconds below one millisecond."""
    return ms(seconds) if seconds >= 1e-3 else f"{seconds * 1e6:.1f} us"


def table(headers, rows):
    """A plain aligned text table (first column left-aligned, the others right-aligned)."""
    cells = [headers] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row):
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )

    say(line(headers))
    say("  ".join("-" * w for w in widths))
    for row in cells[1:]:
        say(line(row))
    say()
