"""Edges for data: lossless JSON (the cattrs converter), JSON Schema, and registry
import/export (CSV and JSON).
"""

from ocopkit.io._cells import (
    InvalidCellError,
    parse_authority,
    parse_bool,
    parse_date,
    parse_partial_date,
    parse_share,
    parse_stars,
)
from ocopkit.io._communes import read_communes
from ocopkit.io._converter import (
    SCHEMA_VERSION,
    TAGS,
    converter,
    from_dict,
    from_json,
    load_assessments,
    to_dict,
    to_json,
)
from ocopkit.io._csv import FORMULA_START, escape_formula, unescape_formula
from ocopkit.io._documents import load_document
from ocopkit.io._export import write_csv
from ocopkit.io._import import import_registry, read_registry
from ocopkit.io._jsontext import InvalidValueError, parse_json, problems_from
from ocopkit.io._limits import InputLimits
from ocopkit.io._registry import (
    ImportResult,
    read_certificates,
    read_products,
    read_subjects,
)
from ocopkit.io._registry_limits import DEFAULT_REGISTRY_LIMITS, RegistryLimits
from ocopkit.io._rows import DEFAULT_COLUMNS, IGNORED, Source
from ocopkit.io._schema import (
    BASE_URI,
    bundled_schema,
    json_schema,
    render_schema,
    schema_names,
    schema_types,
    write_schemas,
)
from ocopkit.io._summary import FileSummary, RegistryImport

__all__ = [
    "BASE_URI",
    "DEFAULT_COLUMNS",
    "DEFAULT_REGISTRY_LIMITS",
    "FORMULA_START",
    "IGNORED",
    "SCHEMA_VERSION",
    "TAGS",
    "FileSummary",
    "ImportResult",
    "InputLimits",
    "InvalidCellError",
    "InvalidValueError",
    "RegistryImport",
    "RegistryLimits",
    "Source",
    "bundled_schema",
    "converter",
    "escape_formula",
    "from_dict",
    "from_json",
    "import_registry",
    "json_schema",
    "load_assessments",
    "load_document",
    "parse_authority",
    "parse_bool",
    "parse_date",
    "parse_json",
    "parse_partial_date",
    "parse_share",
    "parse_stars",
    "problems_from",
    "read_certificates",
    "read_communes",
    "read_products",
    "read_registry",
    "read_subjects",
    "render_schema",
    "schema_names",
    "schema_types",
    "to_dict",
    "to_json",
    "unescape_formula",
    "write_csv",
    "write_schemas",
]
