"""What every benchmark prints beside its figures: the machine and how busy it was."""

import os
import platform
from pathlib import Path


def load_average():
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


def describe():
    """CPU count and model, system, Python, and the load average now (the machine may be shared)."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    return f"{os.cpu_count()} CPUs ({model}), {system}; load average {load_average()}"
