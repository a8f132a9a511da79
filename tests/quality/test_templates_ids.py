"""No template prints an id as a French number.

With French formats an integer printed by a template is grouped: the id 1205 comes out
as « 1 205 », which breaks every URL, anchor, form value or data attribute made of it,
once the table passes 999 rows (bugs fixed one by one before: draft keys, revision
choices, bulk-entry links). This sweep reads every template of the project (its
templates/ folder and each of its apps') and fails on any `{{ … }}` printing a `pk`,
an `id` or a foreign key's `…_id` without `|unlocalize` (or `|stringformat`), outside
`{% localize off %}`; and on the same values handed to `{% blocktranslate with %}`,
which prints them too. `{% url %}` arguments are fine: reverse() does not localize.

Not followed: an id passed under another name (`{% with key=obj.pk %}`, an include's
`with`) and printed later; pass it as `obj.pk|unlocalize` there.
"""

import re
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.template.base import Lexer, TokenType

# Names that end like an id but hold text: a form field's HTML id.
TEXT_IDS = {"auto_id"}
SAFE_FILTERS = {"unlocalize", "stringformat"}
ID = re.compile(r"(?:^|\.)(?:pk|id)$|\.\w+_id$")
BLOCKTRANSLATE_VALUE = re.compile(r"\w+=(\S+)")


def project_templates():
    base = Path(settings.BASE_DIR)
    for folder in engines["django"].template_dirs:
        folder = Path(folder)
        if folder.is_relative_to(base) and ".venv" not in folder.relative_to(base).parts:
            yield from (path for path in sorted(folder.rglob("*")) if path.is_file())


def prints_an_id(expression):
    """True for `obj.pk`, `obj.id`, `obj.author_id`, `pk`, `id`… without a safe filter."""
    variable, *filters = expression.split("|")
    variable = variable.strip()
    if variable.rsplit(".", 1)[-1] in TEXT_IDS or not ID.search(variable):
        return False
    return not {item.split(":", 1)[0].strip() for item in filters} & SAFE_FILTERS


def localized_ids(source):
    """The `{{ … }}` (or blocktranslate values) of `source` that print an id localized."""
    found, localize = [], [True]
    for token in Lexer(source).tokenize():
        words = token.contents.split()
        if token.token_type == TokenType.BLOCK and words:
            if words[0] == "localize":
                localize.append(words[1:] != ["off"])
            elif words[0] == "endlocalize" and len(localize) > 1:
                localize.pop()
            elif words[0] in {"blocktranslate", "blocktrans"} and localize[-1]:
                values = BLOCKTRANSLATE_VALUE.findall(token.contents)
                found += [f"{{% {token.contents} %}}" for value in values if prints_an_id(value)]
        elif token.token_type == TokenType.VAR and localize[-1] and prints_an_id(token.contents):
            found.append(f"{{{{ {token.contents} }}}} (ligne {token.lineno})")
    return found


def test_no_template_prints_an_id_as_a_french_number():
    templates = list(project_templates())
    assert len(templates) > 50, "le balayage ne voit presque aucun gabarit"
    base = Path(settings.BASE_DIR)
    hits = {
        str(path.relative_to(base)): found
        for path in templates
        if (found := localized_ids(path.read_text(encoding="utf-8")))
    }
    assert hits == {}, "ajoutez |unlocalize :\n" + "\n".join(
        f"{path} : {', '.join(found)}" for path, found in hits.items()
    )


def test_the_sweep_sees_an_id_printed_as_a_number():
    """The sweep above would pass vacuously if it missed these."""
    bad = [
        '<a href="/x/?article={{ article.pk }}">',
        '<div data-key="{{ original.id }}">',
        "<input value='{{ account.platform_id|default:0 }}'>",
        '<option value="{{ pk }}">',
        "{% blocktranslate with number=snapshot.pk %}Relevé {{ number }}{% endblocktranslate %}",
        "{% localize off %}{% localize on %}{{ article.pk }}{% endlocalize %}{% endlocalize %}",
    ]
    for source in bad:
        assert localized_ids(source), source


def test_the_sweep_accepts_ids_printed_plainly():
    good = [
        '<a href="/x/?article={{ article.pk|unlocalize }}">',
        '<div data-key="{{ original.id|stringformat:"d" }}">',
        "{% localize off %}{{ account.platform_id }}{% endlocalize %}",
        '<a href="{% url "admin:x" article.pk %}">',
        '<label for="{{ field.auto_id }}">{{ article.title }} {{ chart_id }} {{ paid }}</label>',
    ]
    for source in good:
        assert localized_ids(source) == [], source
