"""`make check`: the tests, part by part in the order of the lesson.

Runs each part's tests (pytest, selected by the part's marker) or notebook (nbval, assertions only),
stops at the first part that fails, says what to write and where, and prints progress.

    python check.py                  every part
    python check.py --no-notebooks   the unit tests only (quicker)
    python check.py --skip PART      leave out a part (e.g. --skip faults); may be repeated
"""
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: (marker or notebook, what the part is about, what to write and where). The markers are the
#: tests' pytest marks (see pyproject.toml); a part with no code to write checks the code around yours.
PARTS = [
    ("softmax", "softmax and its loss", "log_softmax and softmax_loss in cs231n/neural_net.py"),
    ("forward", "the forward pass and the loss", "TwoLayerNet.forward and TwoLayerNet.penalised_loss in cs231n/neural_net.py"),
    ("notebooks/01_toy_network.ipynb", "notebook 1", "the exercise cells of notebook 1"),
    ("gradient_check", "the numerical gradient", "_nudged and eval_numerical_gradient in cs231n/gradient_check.py"),
    ("backward", "the backward pass", "TwoLayerNet.backward in cs231n/neural_net.py"),
    ("predict", "predictions", "TwoLayerNet.predict in cs231n/neural_net.py"),
    ("train", "plain SGD and the official training", "sgd in cs231n/optim.py (TwoLayerNet.train uses it)"),
    ("notebooks/02_backprop_derivation.ipynb", "notebook 2", "the exercise cells of notebook 2"),
    ("notebooks/03_gradient_checking.ipynb", "notebook 3", "nothing new: it checks what you wrote"),
    ("layers", "the layers", "affine_forward, affine_backward, relu_forward and relu_backward in cs231n/layers.py"),
    ("optim", "the update rules", "sgd_momentum, rmsprop and adam in cs231n/optim.py"),
    ("solver", "the training loop with your rules", "nothing new: the Solver uses what you wrote"),
    ("figures", "the notebooks' figures", "nothing new: the figures draw what you computed"),
    ("notebooks/04_hidden_layer.ipynb", "notebook 4", "the exercise cells of notebook 4"),
    ("data", "the CIFAR-10 pipeline", "nothing: this part checks the data code around yours"),
    ("faults", "bad input and faults", "nothing: this part checks that every mistake gets a clear error"),
    ("notebooks/05_cifar10_assignment.ipynb", "notebook 5", "nothing new: it trains with what you wrote"),
    ("notebooks/06_how_far_it_goes.ipynb", "notebook 6", "nothing new: it trains with what you wrote"),
]


def command(part):
    """The pytest command line that checks one part."""
    if part.endswith(".ipynb"):
        return [sys.executable, "-m", "pytest", "-q", "--nbval-lax", "--nbval-current-env", part]
    return [sys.executable, "-m", "pytest", "-q", "-x", "-m", part, "tests"]


def main(argv):
    parts = [p for p in PARTS if (HERE / p[0]).exists() or not p[0].endswith(".ipynb")]
    if "--no-notebooks" in argv:
        parts = [p for p in parts if not p[0].endswith(".ipynb")]
    skipped = {argv[i + 1] for i, arg in enumerate(argv[:-1]) if arg == "--skip"}
    parts = [p for p in parts if p[0] not in skipped]
    for done, (part, title, write) in enumerate(parts):
        print(f"[{done + 1}/{len(parts)}] {title} ... ", end="", flush=True)
        run = subprocess.run(command(part), cwd=HERE, capture_output=True, text=True)
        if run.returncode == 0:
            print("ok")
            continue
        print("not yet")
        failed = [line for line in run.stdout.splitlines() if line.startswith(("FAILED", "ERROR", "E "))]
        print("\n".join(failed[:12]) or run.stdout[-2000:] + run.stderr[-2000:])
        print(f"\n{done} of {len(parts)} parts pass. Next: {title}. Write {write}, then run `make check` again.")
        return 1
    print(f"\nAll {len(parts)} parts pass: you have written the whole two-layer network.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
