"""``make bench-ablation`` (python -m tools.ablation): what each trick of the bench recipe buys.

Trains the assignment's official recipe, then adds one change at a time until it reaches
cs231n.recipes.BEST, then takes the whitening out of BEST again (changes interact: whitening costs
accuracy where it enters the chain and pays only with the augmentations), and writes one row per
run (validation accuracy, accuracy on the full 10,000-image test set, its change from the row
above, training time in wall and CPU seconds, the load average) to results/ablation.csv and
results/ablation.md, with the date, the machine and the data that produced them. Rows the fast
loop can train (sgd_momentum, cosine, no replacement, float32) go through tools.fastloop, the others
through the plain Solver.

    python -m tools.ablation [--epochs-scale 0.1] [--out results]

--epochs-scale shortens every run (for a quick look on a busy machine); the tables say so.
"""
import argparse
import csv
import datetime
import os
import platform

import numpy as np

from cs231n.augment import random_flips
from cs231n.data_utils import load_data
from cs231n.recipes import BEST, OFFICIAL
from tools.bench import accuracy, train


# The learning rate chosen on the validation set for momentum at the official batch size (200);
# BEST's larger batches take a larger one.
MOMENTUM_RATE = 3e-2


def official_recipe():
    """OFFICIAL as Solver keyword arguments (what TwoLayerNet.train runs): raw mean-centred inputs."""
    t = OFFICIAL["train"]
    return {"hidden_size": OFFICIAL["hidden_size"], "std": OFFICIAL["std"], "standardize": False,
            "solver": dict(update_rule="sgd", optim_config={"learning_rate": t["learning_rate"]},
                           reg=t["reg"], lr_decay=t["learning_rate_decay"], num_iterations=t["num_iters"],
                           batch_size=t["batch_size"], replacement=True, dtype=np.float32)}


def changed(recipe, label, solver=None, **top):
    """(label, a copy of recipe with top-level keys and solver keyword arguments replaced; a
    solver argument given as None is removed)."""
    new = dict(recipe, **top)
    merged = dict(recipe["solver"], **(solver or {}))
    new["solver"] = {key: value for key, value in merged.items() if value is not None}
    return label, new


def steps():
    """The rows: (what changed, recipe), each recipe the one above plus one change."""
    best = BEST["solver"]
    rows = [("official recipe: 50 hidden units, SGD 1e-4, decay 0.95/epoch, reg 0.25, 1,000 steps",
             official_recipe())]
    rows.append(changed(rows[-1][1], "standardised inputs, with a learning rate for them (1e-2) and "
                        "weights drawn with std 1e-2", {"optim_config": {"learning_rate": 1e-2}},
                        standardize=True, std=BEST["std"]))
    rows.append(changed(rows[-1][1], f"{best['num_epochs']} epochs instead of 1,000 steps (4 epochs)",
                        {"num_iterations": None, "num_epochs": best["num_epochs"]}))
    rows.append(changed(rows[-1][1], f"momentum 0.9 (learning rate {MOMENTUM_RATE:g}, reg {best['reg']:g})",
                        {"update_rule": "sgd_momentum", "reg": best["reg"],
                         "optim_config": {"learning_rate": MOMENTUM_RATE, "momentum": 0.9}}))
    rows.append(changed(rows[-1][1], "cosine schedule, each epoch visits every image once",
                        {"lr_schedule": "cosine", "replacement": False, "lr_decay": None}))
    rows.append(changed(rows[-1][1], f"batches of {best['batch_size']} instead of 200 (learning rate "
                        f"{best['optim_config']['learning_rate']:g}): fewer, cheaper steps per image",
                        {"batch_size": best["batch_size"], "optim_config": best["optim_config"]}))
    rows.append(changed(rows[-1][1], f"ZCA-whitened inputs (epsilon {BEST['whiten']:g} x the mean "
                        "eigenvalue)", whiten=BEST["whiten"]))
    rows.append(changed(rows[-1][1], f"{BEST['hidden_size']} hidden units instead of 50",
                        hidden_size=BEST["hidden_size"]))
    rows.append(changed(rows[-1][1], "random left-right flips", {"augment": random_flips}))
    rows.append(changed(rows[-1][1], "random translations by up to 2 px as well (= BEST)",
                        {"augment": best["augment"]}))
    assert rows[-1][1]["solver"] == best and all(rows[-1][1].get(k) == v for k, v in BEST.items()
                                                 if k != "budget_seconds")
    # Changes interact: whitening, which costs accuracy where it enters, is taken out of BEST again.
    rows.append(changed(rows[-1][1], "BEST without the whitening (inputs only standardised)", whiten=None))
    return rows


def scaled(recipe, scale):
    """recipe with its training length multiplied by scale (at least one step)."""
    solver = dict(recipe["solver"])
    if solver.get("num_iterations"):
        solver["num_iterations"] = max(1, round(solver["num_iterations"] * scale))
    else:
        steps_per_epoch = 49000 // solver["batch_size"]
        solver["num_iterations"] = max(1, round(solver["num_epochs"] * steps_per_epoch * scale))
    solver["num_epochs"] = None
    return dict(recipe, solver=solver)


def run(recipe, load=load_data):
    """Train one recipe on freshly loaded data; its accuracies and timings as a dict."""
    data = load(num_test=10000, dtype=np.float32)
    solver = {k: v for k, v in recipe["solver"].items() if v is not None}
    net, timing, _ = train(dict(recipe, solver=solver), data)
    return {"loop": timing["loop"], "val_acc": accuracy(net, data.X_val, data.y_val),
            "test_acc": accuracy(net, data.X_test, data.y_test), "test_images": len(data.y_test),
            "train_seconds": timing["training_seconds"] + timing["whiten_seconds"],
            "cpu_seconds": timing["training_cpu_seconds"],
            "load": f"{timing['load_before']:.1f} -> {timing['load_after']:.1f}",
            "data": f"Data: {data.name}"}   # its name only: no folder path in the tables


def machine():
    """One line naming the CPU, the cores this process may use, and numpy."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            model = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{model}, {len(os.sched_getaffinity(0))} cores, numpy {np.__version__}"


def write_tables(rows, header, out):
    """results as CSV and Markdown in the folder out."""
    os.makedirs(out, exist_ok=True)
    fields = ["step", "change", "loop", "val_acc", "test_acc", "delta", "train_seconds", "cpu_seconds", "load"]
    with open(os.path.join(out, "ablation.csv"), "w", newline="") as f:
        for line in header:
            f.write(f"# {line}\n")
        writer = csv.DictWriter(f, fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    lines = ["# What each trick buys: from the official recipe to `make bench`", ""]
    lines += [f"- {line}" for line in header] + [""]
    lines += ["| step | change | validation | test (10,000) | delta | train s | CPU s | load |",
              "|---:|---|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        lines.append(f"| {r['step']} | {r['change']} | {r['val_acc']} | {r['test_acc']} | {r['delta']} | "
                     f"{r['train_seconds']} | {r['cpu_seconds']} | {r['load']} |")
    with open(os.path.join(out, "ablation.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main(argv=None, load=load_data):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs-scale", type=float, default=1.0)
    parser.add_argument("--out", default="results")
    args = parser.parse_args(argv)
    started = datetime.datetime.now(datetime.timezone.utc)
    rows, previous, data_name = [], None, None
    for i, (change, recipe) in enumerate(steps()):
        if args.epochs_scale != 1.0:
            recipe = scaled(recipe, args.epochs_scale)
        result = run(recipe, load)
        data_name = result["data"]
        delta = "" if previous is None else f"{result['test_acc'] - previous:+.4f}"
        previous = result["test_acc"]
        rows.append({"step": i, "change": change, "loop": result["loop"], "val_acc": f"{result['val_acc']:.4f}",
                     "test_acc": f"{result['test_acc']:.4f}", "delta": delta,
                     "train_seconds": f"{result['train_seconds']:.1f}",
                     "cpu_seconds": f"{result['cpu_seconds']:.1f}", "load": result["load"]})
        print(" | ".join(str(v) for v in rows[-1].values()), flush=True)
        write_tables(rows, describe_run(started, args, data_name, len(rows) < len(steps())), args.out)
    print(f"wrote {args.out}/ablation.csv and {args.out}/ablation.md")


def describe_run(started, args, data_name, partial):
    """The lines saying which run produced the tables."""
    header = [f"run: {started:%Y-%m-%d %H:%M} UTC, `python -m tools.ablation"
              f"{'' if args.epochs_scale == 1.0 else f' --epochs-scale {args.epochs_scale:g}'}`",
              f"machine: {machine()}; load average = 1-minute load before -> after each run "
              "(train s: wall seconds, whitening included where a row whitens; CPU s: of the training "
              "loop; on a shared machine, read CPU seconds too)",
              f"{data_name.rstrip('.')}; test accuracy on the full test set, validation on 1,000 held-out training images",
              "each row is the row above plus one change; delta is its change in test accuracy"]
    if args.epochs_scale != 1.0:
        header.append(f"SHORTENED: every run trained for {args.epochs_scale:g} of its steps; "
                      "not the recipe's accuracies")
    if partial:
        header.append("PARTIAL: the run has not finished (the tables are rewritten after every row)")
    return header


if __name__ == "__main__":
    main()
