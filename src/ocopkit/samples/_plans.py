"""The plans of the five seed provinces, as their province plug-ins register them.

The plans belong to the province plug-ins (``plugins/ocopkit-<name>/src/ocopkit_<name>/
plans.py``, each target quoting its source article). So that ocopkit alone — a wheel
with no plug-in installed — can run its demo, its documentation and its tests, a
snapshot of those plans ships as data, ``data/samples/plans.json``: generated from the
plug-ins by ``tools/make_sample_plans.py`` and checked against them (byte for byte, with
``--check``) in the ``plugins`` session of the test suite. The plug-ins stay the source;
the snapshot is never edited by hand.

>>> sorted(sample_plans())[:2]
['vn-01-ocop-2020', 'vn-06-ocop-2021-2025']
>>> sample_plans()["vn-06-ocop-2021-2025"].area.id
'06@63'
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Final

from ocopkit import data
from ocopkit.frozen import FrozenMap
from ocopkit.io import from_json
from ocopkit.targets import Plan

__all__ = ["PLUGIN_NAMES", "PLUGIN_PACKAGES", "sample_plans"]

#: The province plug-ins whose plans the snapshot holds, in seed order.
PLUGIN_NAMES: Final = ("quangninh", "hanoi", "binhthuan", "backan", "quangnam")
#: Their distribution names (``pip install ./plugins/<name>`` from a clone).
PLUGIN_PACKAGES: Final = tuple(f"ocopkit-{name}" for name in PLUGIN_NAMES)


@functools.cache
def sample_plans() -> Mapping[str, Plan]:
    """The five seed plans by id (Quảng Ninh, Hà Nội, Bình Thuận, Bắc Kạn, Quảng Nam).

    Read from the bundled snapshot of the province plug-ins' plans (see the module
    docstring); the plans are real data from the articles, only the sample portfolio is
    synthetic.
    """
    text = data.read("samples/plans.json").decode("utf-8")
    plans = from_json(text, tuple[Plan, ...])
    return FrozenMap((plan.id, plan) for plan in plans)
