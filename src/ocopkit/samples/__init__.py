"""SYNTHETIC sample data for demos, docs and tests: a portfolio across the five seed
provinces, sample dossiers (assessments, and a commune dossier of the procedure), and a
snapshot of the seed plans of the province plug-ins.
"""

from ocopkit.samples._builder import PRE_1048, regime
from ocopkit.samples._communes import sample_commune_registry
from ocopkit.samples._dossiers import sample_dossiers
from ocopkit.samples._plans import PLUGIN_NAMES, PLUGIN_PACKAGES, sample_plans
from ocopkit.samples._portfolio import SYNTHETIC, sample_portfolio
from ocopkit.samples._procedure import sample_commune_dossier, sample_commune_dossier_json

__all__ = [
    "PLUGIN_NAMES",
    "PLUGIN_PACKAGES",
    "PRE_1048",
    "SYNTHETIC",
    "regime",
    "sample_commune_dossier",
    "sample_commune_dossier_json",
    "sample_commune_registry",
    "sample_dossiers",
    "sample_plans",
    "sample_portfolio",
]
