"""A progress bar for long management commands: drawn on a terminal, silent in logs and schedules."""

import sys
import time


class Progress:
    def __init__(self, total, label, *, stream=None, interval=0.1):
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.interval = interval
        self.done = 0
        self._drawn_at = 0.0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def advance(self, count=1):
        self.done += count
        if self.enabled and (time.monotonic() - self._drawn_at >= self.interval or self.done >= (self.total or 0)):
            self._draw()

    def _draw(self):
        self._drawn_at = time.monotonic()
        if self.total:
            share = min(self.done / self.total, 1.0)
            bar = "#" * int(share * 30)
            line = f"\r{self.label} [{bar:<30}] {self.done}/{self.total} {share:4.0%}"
        else:
            line = f"\r{self.label} … {self.done}"
        self.stream.write(line)
        self.stream.flush()

    def close(self):
        if self.enabled:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()
