"""docs/configuration.md is the one list of environment variables, and it is complete.

The variables are found in the source of agency/settings.py and gunicorn.conf.py, not by
importing them: a variable read only in one branch (production, Redis, S3) counts too.
"""

import ast
import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
SOURCES = (BASE_DIR / "agency" / "settings.py", BASE_DIR / "gunicorn.conf.py")
TABLE = BASE_DIR / "docs" / "configuration.md"
# The settings' own helpers, each reading os.environ[name].
HELPERS = {"env_bool", "env_list"}
# Read by a library the settings call: dj_database_url.config() reads DATABASE_URL.
IMPLICIT = {"config": "DATABASE_URL"}


def is_os_environ(node):
    return isinstance(node, ast.Attribute) and node.attr == "environ"


def name_read(node):
    """The variable name `node` reads: os.environ.get/[]/setdefault, os.getenv, a helper."""
    if isinstance(node, ast.Subscript) and is_os_environ(node.value):
        return node.slice
    if not isinstance(node, ast.Call) or not node.args:
        return None
    func = node.func
    if isinstance(func, ast.Name) and func.id in HELPERS:
        return node.args[0]
    if isinstance(func, ast.Attribute) and (
        func.attr == "getenv" or (func.attr in {"get", "setdefault"} and is_os_environ(func.value))
    ):
        return node.args[0]
    return None


def variables_read(source):
    tree = ast.parse(source.read_text())
    # The helpers' own bodies read os.environ[name] for whatever name they are given.
    statements = [
        node
        for node in tree.body
        if not (isinstance(node, ast.FunctionDef) and node.name in HELPERS)
    ]
    names = set()
    for node in (child for statement in statements for child in ast.walk(statement)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and getattr(node.func.value, "id", "") == "dj_database_url"
        ):
            names.add(IMPLICIT[node.func.attr])
        if (name := name_read(node)) is not None:
            assert isinstance(name, ast.Constant), f"{source.name}:{node.lineno}: a literal name"
            names.add(name.value)
    return names


def documented():
    """The names in the first column of the table under « | variable | »."""
    lines = TABLE.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| variable |"))
    names = set()
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        first_cell = line.split("|")[1]
        assert "*" not in first_cell, f"no wildcards, one name each: {line}"
        names.update(re.findall(r"`([A-Z][A-Z0-9_]*)`", first_cell))
    return names


def test_the_parser_finds_what_the_settings_read():
    read = variables_read(SOURCES[0])
    for name in (
        "DEBUG",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "AWS_S3_CUSTOM_DOMAIN",
        "SECURE_HSTS_SECONDS",
    ):
        assert name in read
    assert "GUNICORN_WORKERS" in variables_read(SOURCES[1])


def test_every_variable_read_is_documented_and_every_documented_one_is_read():
    read = set().union(*(variables_read(source) for source in SOURCES))
    table = documented()
    assert read - table == set(), "read but missing from docs/configuration.md"
    assert table - read == set(), "in docs/configuration.md but read nowhere"


def test_no_other_document_keeps_a_second_table_of_variables():
    read = set().union(*(variables_read(source) for source in SOURCES))
    for path in [BASE_DIR / "README.md", *sorted((BASE_DIR / "docs").glob("*.md"))]:
        if path == TABLE:
            continue
        for line in path.read_text().splitlines():
            if line.startswith("|"):
                first_cell = set(re.findall(r"`([A-Z][A-Z0-9_]*)`", line.split("|")[1]))
                assert not first_cell & read, f"{path.name} lists variables: {line}"
    assert "docs/configuration.md" in (BASE_DIR / "README.md").read_text()
    assert "docs/configuration.md" in (BASE_DIR / "docs" / "deploy.md").read_text()
