"""The arrows between the project's packages point one way (DESIGN.md, "Layout").

`core` and `safeguards` sit at the bottom and import no app; `influencers` knows
nothing of `articles`; no app imports `agency`, the shell on top that wires them
together. Read from the source, so an import added anywhere, even inside a function or
a migration, is caught.
"""

import ast
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
APPS = {"influencers", "articles", "newsletter"}
NEVER_IMPORTS = {
    "core": {*APPS, "agency", "safeguards"},
    "safeguards": {*APPS, "agency", "core"},
    "influencers": {"articles", "newsletter", "agency"},
    "articles": {"newsletter", "agency"},
    "newsletter": {"agency"},
}


def imported_packages(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module.partition(".")[0]


@pytest.mark.parametrize("package", NEVER_IMPORTS)
def test_a_package_imports_nothing_it_must_not_depend_on(package):
    wrong = {
        f"{path.relative_to(BASE_DIR)} → {name}"
        for path in (BASE_DIR / package).rglob("*.py")
        for name in imported_packages(path)
        if name in NEVER_IMPORTS[package]
    }
    assert wrong == set()


def test_the_import_reader_sees_nested_and_dotted_imports(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("def f():\n    from articles.models import Article\nimport agency.urls\n")
    assert set(imported_packages(module)) == {"articles", "agency"}
