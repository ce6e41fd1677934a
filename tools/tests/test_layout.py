"""The course tooling's layout (tools/): one job per module, imports in one direction."""
import ast
from pathlib import Path

TOOLS = Path(__file__).resolve().parent.parent


def imports_of(path):
    """The tools modules a module imports (by module name, e.g. "assets")."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module == "tools":
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tools."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {alias.name.split(".")[1] for alias in node.names if alias.name.startswith("tools.")}
    return found


def test_no_import_circle_among_the_tools_modules():
    graph = {path.stem: imports_of(path) for path in TOOLS.glob("*.py") if path.stem != "__init__"}
    done, active = set(), []

    def visit(module):
        assert module not in active, f"import circle: {' -> '.join(active[active.index(module):] + [module])}"
        if module in done or module not in graph:
            return
        active.append(module)
        for imported in graph[module]:
            visit(imported)
        active.pop()
        done.add(module)
    for module in graph:
        visit(module)
    assert graph["assets"] == set() and "site" not in graph["slides"] and graph["browser"] == set()
