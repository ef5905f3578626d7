"""`make mutation` reaches every service of the modules it mutates.

mutmut never mutates a decorated function (only `@staticmethod` and `@classmethod` are let through), so a service
under `@transaction.atomic` would have no mutant at all and its rules no score. The services of the mutated
modules open their transaction inside their body (`with transaction.atomic():`), which is the same transaction
and the same savepoint when nested.
"""

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def mutated_files() -> list[Path]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    files = []
    for source in config["source_paths"]:
        path = ROOT / source
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return files


def test_no_service_of_a_mutated_module_is_decorated_with_a_transaction():
    files = mutated_files()
    assert ROOT / "camps/services/selection.py" in files
    decorated = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"
        for path in files
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and any(ast.unparse(decorator).startswith("transaction.atomic") for decorator in node.decorator_list)
    ]
    assert decorated == []
