"""Peak resident memory of the current process, for the benchmarks that measure it in a child."""

from __future__ import annotations

import resource
from pathlib import Path


def peak_rss_kb() -> int:
    """This process's own high-water mark (VmHWM). ``ru_maxrss`` would not do: Linux keeps the
    parent's value across fork and exec, so a child of a big parent reports the parent's size."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def workers_peak_rss_kb() -> int:
    """The largest high-water mark among this process's finished children (the forked metric
    workers of ``analyze``); pages they share with the parent copy-on-write count in full."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
