"""The longest functions of the package and app.py, by lines (a redesign's before/after).

    python bench/function_lengths.py            # the 10 longest
    python bench/function_lengths.py --top 20
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lengths() -> list[tuple[int, str]]:
    """(lines, "path:qualified.name") for every function and method."""
    out: list[tuple[int, str]] = []
    for path in sorted([*(ROOT / "assistant").rglob("*.py"), ROOT / "app.py"]):
        where = path.relative_to(ROOT).as_posix()
        _visit(ast.parse(path.read_text(), str(path)), f"{where}:", out)
    return sorted(out, reverse=True)


def _visit(node: ast.AST, prefix: str, out: list[tuple[int, str]]) -> None:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
            size = (child.end_lineno or child.lineno) - child.lineno + 1
            out.append((size, f"{prefix}{child.name}"))
            _visit(child, f"{prefix}{child.name}.", out)
        elif isinstance(child, ast.ClassDef):
            _visit(child, f"{prefix}{child.name}.", out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    for size, name in lengths()[: args.top]:
        print(f"{size:5d}  {name}")


if __name__ == "__main__":
    main()
