"""The installed package declares what it imports: a plain (non-editable) `pip install .` into a
fresh virtual environment, then importing every module of cs231n and of its subpackages, works."""
import shutil
import subprocess
import sys
import venv

from tools.edition import ROOT


def test_fresh_install_imports_every_module(tmp_path):
    source = tmp_path / "source"                      # a clean copy: no build files in the checkout
    shutil.copytree(ROOT / "cs231n", source / "cs231n", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", source / "pyproject.toml")
    env = tmp_path / "env"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    install = subprocess.run([python, "-m", "pip", "install", "--quiet", str(source)],
                             capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stderr[-3000:]
    package = ROOT / "cs231n"                         # every module, subpackages' too (cs231n.classifiers)
    modules = sorted(".".join(p.relative_to(package).with_suffix("").parts) for p in package.rglob("*.py")
                     if p.name != "__init__.py")
    assert {"neural_net", "optim", "solver", "gradient_check", "data_utils", "vis_utils",
            "classifiers.neural_net", "classifiers.baselines"} <= set(modules)
    script = ("import importlib, cs231n, pathlib\n"
              f"for name in {modules!r}: importlib.import_module('cs231n.' + name)\n"
              "print(pathlib.Path(cs231n.__file__).parent)")
    run = subprocess.run([python, "-c", script], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    assert str(env) in run.stdout                     # the installed copy, not the sources
    assert sys.prefix not in run.stdout
