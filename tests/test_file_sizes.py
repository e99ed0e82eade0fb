"""No Python file of ours is over 400 lines unless its first docstring or comment says why it is long.

A long file is usually several jobs in one; splitting it along its seams keeps each module to one job. Where a
file is long for a reason, its first docstring or comment names the reason with the word "long".
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MOST_LINES = 400
SKIPPED_DIRS = {".venv", "var", "migrations", "node_modules", "__pycache__"}
ALLOWED: set[str] = set()  # a path here needs its reason beside it
LONG = re.compile(r"\blong\b", re.IGNORECASE)


def _ours():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if not any(part in SKIPPED_DIRS or part.startswith(".") for part in parts[:-1]):
            yield path


def first_words(text):
    """The module's docstring, or else the comment lines it opens with."""
    try:
        docstring = ast.get_docstring(ast.parse(text))
    except SyntaxError:
        docstring = None
    if docstring:
        return docstring
    comments = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comments.append(line.lstrip("#").strip())
    return "\n".join(comments)


def says_why_long(text):
    return bool(LONG.search(first_words(text)))


def test_no_file_is_over_400_lines_without_saying_why():
    too_long = []
    for path in _ours():
        name = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MOST_LINES and name not in ALLOWED and not says_why_long(text):
            too_long.append(f"{name}: {lines} lines")
    assert not too_long, (
        f"Over {MOST_LINES} lines with no reason in the first docstring or comment (a reason says why the file is "
        f"long, with that word); split them along their seams: " + "; ".join(too_long))


def test_the_walk_finds_our_code_and_skips_migrations():
    names = {path.relative_to(ROOT).as_posix() for path in _ours()}
    assert "orders/admin.py" in names and "tests/test_file_sizes.py" in names
    assert not any("/migrations/" in name or name.startswith(".venv/") for name in names)


def test_a_reason_is_read_from_the_docstring_or_the_opening_comment():
    assert says_why_long('"""A table.\n\nLong because the doc\'s error table is kept whole."""\nX = 1\n')
    assert says_why_long("# Long: one generated table.\nX = 1\n")
    assert not says_why_long('"""A client."""\n# long, but not the first words\nX = 1\n')
    assert not says_why_long('"""It belongs together."""\n')
