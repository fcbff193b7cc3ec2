"""Import a benchmark script from ``metrics/`` by path, so its pure functions can be tested."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

METRICS = Path(__file__).resolve().parent.parent / "metrics"


def load_metrics_script(name: str) -> ModuleType:
    """``metrics/<name>.py`` as a module (registered in ``sys.modules``: dataclasses look it up there)."""
    spec = importlib.util.spec_from_file_location(name, METRICS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
