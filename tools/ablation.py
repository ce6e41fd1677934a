"""``make bench-ablation`` (python -m tools.ablation): what each trick of the bench recipe buys.

Three tables, every accuracy read on VALIDATION images only:

- the forward chain: from the assignment's official recipe to cs231n.recipes.BEST, every row the
  row above with exactly ONE thing changed. A change that leaves the learning rate unsuited (inputs
  divided by their standard deviation, momentum, larger batches) is trained first at the old rate,
  and the next row changes only the rate: chosen on validation from RATE_GRID, or taken from BEST
  (the label says which);
- leave-one-out: BEST with one of its changes taken back at a time, the same budget otherwise (and
  one row that draws the initial weights by the fan-in rule instead of BEST's scale);
- seeds: BEST and one cheap row trained again from other seeds (initial weights, batch order,
  augmentation), which says how far two rows must differ before the difference means anything.

With --bench-recipe it makes two other tables instead, in results/bench_recipe.{md,csv}: from BEST to
``make bench``'s recipe (tools.bench.BENCH: BEST trained longer, with another whitening epsilon and learning
rate, and several views of each test image), one change per row, and BENCH with each change taken back (six
trainings; the views are evaluations of the trained nets).

The ablation trains on the first 45,000 of CIFAR-10's 50,000 training images and validates on the
other 5,000 (VALIDATION): one standard error is then about 0.7 points at 60% accuracy, against 1.6
on the assignment's 1,000. The test set is used once: BEST (seed 0) on all 10,000 test images, in
the tables' notes. Each table row holds the training accuracy (on the first 5,000 training images,
not augmented), the validation accuracy, its change from the row it is compared with, and the
training loop's wall and CPU seconds with the load average; the notes say when, on what machine
and data and for how long the tables were made. Rows the fast loop can train (sgd_momentum, cosine,
no replacement, float32) go through tools.fastloop, the others through the plain Solver. Inputs are
prepared (standardised, whitened) once per kind and reused; whitening's time is in the notes.

    python -m tools.ablation [--bench-recipe] [--epochs-scale 0.1] [--out results]

--epochs-scale shortens every run (to try the tool in seconds); the tables then say SHORTENED.
"""
import argparse
import copy
import csv
import datetime
import math
import os
import platform
import time

import numpy as np

from cs231n.augment import random_flips, random_flips_and_translations, random_translations
from cs231n.data_utils import load_data
from cs231n.recipes import BEST, OFFICIAL
from tools.bench import AS_IS, BENCH, accuracy, preprocess, train

TRAINING, VALIDATION = 45000, 5000      # the 50,000 training images, split
TRAIN_ACC_IMAGES = 5000                 # training accuracy on the first 5,000 training images
RATE_GRID = (1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1.0)    # learning rates tried where a row re-tunes the rate
BEST_SEEDS = (1, 2)                     # BEST trained again from these seeds (seed 0 is its chain row)
CHEAP_SEEDS = (1, 2, 3, 4)              # and the cheap row (cheap_row) from these
FAN_IN_STD = float(np.sqrt(2 / 3072))   # He et al.'s initial scale for a ReLU layer of 3,072 inputs

# Keys that together are one change: momentum is the rule's (sgd_momentum) parameter; lr_decay is
# the step schedule's (the cosine schedule has none); a run's length is given in steps or in epochs.
ONE_THING = {"update_rule": "update rule", "momentum": "update rule", "lr_schedule": "schedule",
             "lr_decay": "schedule", "num_iterations": "length", "num_epochs": "length"}


def official_recipe():
    """OFFICIAL as Solver keyword arguments (what TwoLayerNet.train runs): raw mean-centred inputs."""
    t = OFFICIAL["train"]
    return {"hidden_size": OFFICIAL["hidden_size"], "std": OFFICIAL["std"], "standardize": False,
            "whiten": None,
            "solver": dict(update_rule="sgd", optim_config={"learning_rate": t["learning_rate"]},
                           reg=t["reg"], lr_schedule="step", lr_decay=t["learning_rate_decay"],
                           num_iterations=t["num_iters"], batch_size=t["batch_size"], replacement=True,
                           augment=None, dtype=np.float32)}


def best_recipe():
    """BEST without its time budget, with every key official_recipe has."""
    recipe = {k: copy.copy(v) for k, v in BEST.items() if k != "budget_seconds"}
    recipe["solver"] = dict(BEST["solver"], optim_config=dict(BEST["solver"]["optim_config"]))
    return recipe


def changed(recipe, solver=None, optim=None, **top):
    """A copy of recipe with top-level keys, solver keyword arguments and optim_config entries
    replaced; a solver argument or optim_config entry given as None is removed."""
    new = dict(recipe, **top)
    merged = dict(recipe["solver"], **(solver or {}))
    merged["optim_config"] = {k: v for k, v in dict(recipe["solver"]["optim_config"], **(optim or {})).items()
                              if v is not None}
    new["solver"] = {k: v for k, v in merged.items() if v is not None}
    return new


def settings(recipe):
    """The recipe as one flat dict: top-level keys, solver arguments, optim_config entries."""
    flat = {k: v for k, v in recipe.items() if k not in ("solver", "budget_seconds", "test_views")}
    flat.update({k: v for k, v in recipe["solver"].items() if k != "optim_config"})
    flat.update(recipe["solver"]["optim_config"])
    return flat


def things_changed(before, after):
    """The names of the things in which two recipes differ (ONE_THING groups keys that go together)."""
    a, b = settings(before), settings(after)
    return {ONE_THING.get(k, k) for k in set(a) | set(b) if a.get(k) != b.get(k)}


def rate_text(rate):
    """0.03 as 0.03, 0.0001 as 1e-4."""
    if rate >= 1e-3:
        return f"{rate:g}"
    mantissa, exponent = f"{rate:e}".split("e")
    return f"{float(mantissa):g}e{int(exponent)}"


def grid_text(grid):
    return ", ".join(map(rate_text, grid))


def retuned(old, rate):
    """The change of a row that re-tunes the learning rate from old to rate."""
    chosen = f"chosen on validation from {grid_text(RATE_GRID)}"
    return (f"learning rate {rate_text(old)} kept ({chosen})" if rate == old else
            f"learning rate {rate_text(old)} → {rate_text(rate)} ({chosen})")


def forward_chain(choose_rate):
    """The rows of the forward chain, one at a time, as (change, recipe): each recipe is the one
    above with one thing changed. choose_rate(recipe, grid) -> a learning rate from grid is called
    where a row re-tunes the rate (the rows above it have been yielded, so trained, by then). The
    text of a change up to its first " (" names it in the figure."""
    best = BEST["solver"]
    recipe = official_recipe()
    yield ("official recipe (50 hidden units, raw pixels, weights of std 1e-4, SGD at rate 1e-4 "
           "decayed 0.95 per epoch, reg 0.25, 1,000 steps of 200 images drawn with replacement)"), recipe

    def step(change, new):
        nonlocal recipe
        recipe = new
        return change, recipe

    rate = recipe["solver"]["optim_config"]["learning_rate"]
    yield step(f"standardised inputs, rate {rate_text(rate)} kept (pixels divided by their standard deviation)",
               changed(recipe, standardize=True))
    old, rate = rate, choose_rate(recipe, RATE_GRID)
    yield step(retuned(old, rate), changed(recipe, optim={"learning_rate": rate}))
    yield step(f"initial weights' std {rate_text(OFFICIAL['std'])} → {rate_text(BEST['std'])}", changed(recipe, std=BEST["std"]))
    yield step(f"reg {rate_text(OFFICIAL['train']['reg'])} → {rate_text(best['reg'])}", changed(recipe, {"reg": best["reg"]}))
    yield step(f"1,000 steps → {best['num_epochs']} epochs (1,000 steps of 200 images are 4.4 epochs)",
               changed(recipe, {"num_iterations": None, "num_epochs": best["num_epochs"]}))
    yield step(f"momentum 0.9, rate {rate_text(rate)} kept", changed(recipe, {"update_rule": "sgd_momentum"},
                                                                    {"momentum": 0.9}))
    old, rate = rate, choose_rate(recipe, RATE_GRID)
    yield step(retuned(old, rate), changed(recipe, optim={"learning_rate": rate}))
    yield step("step decay → cosine schedule (the rate fell by 0.95 per epoch before)",
               changed(recipe, {"lr_schedule": "cosine", "lr_decay": None}))
    yield step("batches without replacement (each epoch visits every image once)",
               changed(recipe, {"replacement": False}))
    yield step(f"batches of 200 → {best['batch_size']}, rate {rate_text(rate)} kept",
               changed(recipe, {"batch_size": best["batch_size"]}))
    old, rate = rate, best["optim_config"]["learning_rate"]
    yield step(f"learning rate {rate_text(old)} → {rate_text(rate)} (BEST's rate, not tuned here)",
               changed(recipe, optim={"learning_rate": rate}))
    yield step(f"ZCA-whitened inputs (epsilon {BEST['whiten']:g} x the mean eigenvalue)",
               changed(recipe, whiten=BEST["whiten"]))
    yield step(f"hidden units 50 → {BEST['hidden_size']}", changed(recipe, hidden_size=BEST["hidden_size"]))
    yield step("random left-right flips", changed(recipe, {"augment": random_flips}))
    yield step("random translations too (by up to 2 px; this row is BEST)",
               changed(recipe, {"augment": random_flips_and_translations}))


def leave_one_out():
    """BEST with one of its changes taken back at a time (and its initial scale set by the fan-in
    rule instead): (change, recipe, base), base None for a row that differs from BEST in one thing,
    or the change of the leave-one-out row it re-tunes."""
    best, solver = best_recipe(), BEST["solver"]
    rate = solver["optim_config"]["learning_rate"]
    rows = [("BEST", best, None)]
    without_momentum = changed(best, {"update_rule": "sgd"}, {"momentum": None})
    rows.append((f"no momentum, same rate {rate_text(rate)} (plain SGD)", without_momentum, None))
    rows.append((f"no momentum, rate {rate_text(rate * 10)} (= {rate_text(rate)} / (1 - 0.9), the step "
                 "momentum takes in the long run; not tuned)",
                 changed(without_momentum, optim={"learning_rate": rate * 10}), rows[-1][0]))
    rows += [(change, recipe, None) for change, recipe in (
        ("step decay instead of cosine (the rate falls by 0.95 per epoch)",
         changed(best, {"lr_schedule": "step", "lr_decay": 0.95})),
        ("batches with replacement", changed(best, {"replacement": True})),
        (f"batches of 200 instead of {solver['batch_size']}, same rate", changed(best, {"batch_size": 200})),
        (f"reg 0.25 instead of {rate_text(solver['reg'])}", changed(best, {"reg": 0.25})),
        (f"400 steps instead of {solver['num_epochs']} epochs (200,000 images, 4.4 epochs, as the official run)",
         changed(best, {"num_epochs": None, "num_iterations": 400})),
        ("no whitening (inputs only standardised)", changed(best, whiten=None)),
        (f"50 hidden units instead of {BEST['hidden_size']}", changed(best, hidden_size=50)),
        (f"initial weights' std {FAN_IN_STD:.3f} (the fan-in rule, sqrt(2 / 3072)) instead of "
         f"{rate_text(BEST['std'])}", changed(best, std=FAN_IN_STD)),
        ("no flips (translations only)", changed(best, {"augment": random_translations})),
        ("no translations (flips only)", changed(best, {"augment": random_flips})))]
    return rows


def bench_recipe_rows():
    """From BEST to make bench's recipe and back: (table, change, recipe, views, compared with: the
    change of the row whose validation accuracy the delta is taken from)."""
    best, epochs, epsilon = best_recipe(), BENCH["solver"]["num_epochs"], BENCH["whiten"]
    old_rate, rate = BEST["solver"]["optim_config"]["learning_rate"], BENCH["solver"]["optim_config"]["learning_rate"]
    longer = changed(best, {"num_epochs": epochs})
    whiter = changed(longer, whiten=epsilon)
    bench = changed(whiter, optim={"learning_rate": rate})
    views = BENCH["test_views"]
    mirror_only = tuple(v for v in views if v[1:] == (0, 0))
    shifts_only = tuple(v for v in views if not v[0])
    shift = max(max(abs(dy), abs(dx)) for _, dy, dx in views)
    chain = [("BEST (each test image as it is)", best, AS_IS),
             (f"{BEST['solver']['num_epochs']} → {epochs} epochs", longer, AS_IS),
             (f"whitening's epsilon {BEST['whiten']:g} → {epsilon:g}", whiter, AS_IS),
             (f"learning rate {rate_text(old_rate)} → {rate_text(rate)}", bench, AS_IS),
             (f"test-time mirror images (the probabilities of {len(mirror_only)} views averaged)", bench,
              mirror_only),
             (f"test-time views moved by up to {shift} px too ({len(views)} views; this row is make bench's recipe)",
              bench, views)]
    name = "make bench's recipe"
    back = [(name, bench, views, None),
            (f"{BEST['solver']['num_epochs']} epochs instead of {epochs}",
             changed(bench, {"num_epochs": BEST["solver"]["num_epochs"]}), views, name),
            (f"whitening's epsilon {BEST['whiten']:g} instead of {epsilon:g}", changed(bench, whiten=BEST["whiten"]),
             views, name),
            (f"learning rate {rate_text(old_rate)} instead of {rate_text(rate)}", whiter, views, name),
            (f"no mirror images ({len(shifts_only)} views)", bench, shifts_only, name),
            (f"no moved views ({len(mirror_only)} views)", bench, mirror_only, name)]
    rows = [("bench", change, recipe, v, None if i == 0 else chain[i - 1][0])
            for i, (change, recipe, v) in enumerate(chain)]
    return rows + [("bench-leave-one-out", *r) for r in back]


def cheap_row(chain):
    """The change of the last chain row with 50 hidden units and no whitening (cheap to repeat)."""
    return [change for change, recipe in chain if recipe["hidden_size"] == 50 and not recipe.get("whiten")][-1]


def preparation(recipe):
    """How a recipe's inputs are prepared: (standardised?, whitening epsilon or None)."""
    return bool(recipe.get("standardize")), recipe.get("whiten")


class Runner:
    """Trains recipes on data loaded once per kind of preprocessing; remembers every result, so a
    recipe asked for twice with the same seed (a re-tuning grid's choice, BEST) trains once."""

    def __init__(self, load, scale=1.0):
        self.load, self.scale = load, scale
        self.prepared, self.results, self.whiten_seconds, self.nets = {}, {}, {}, {}
        self.data_name, self.sizes = None, (TRAINING, VALIDATION)

    def data(self, recipe):
        """A private copy of the data preprocessed as recipe says (loaded and prepared once)."""
        key = preparation(recipe)
        if key not in self.prepared:
            data = self.load(num_training=TRAINING, num_validation=VALIDATION, num_test=10000,
                             dtype=np.float32)
            seconds = preprocess({"standardize": key[0], "whiten": key[1]}, data)
            if key[1]:
                self.whiten_seconds[key] = seconds
            self.prepared[key] = data
            self.data_name, self.sizes = data.name, (len(data.y_train), len(data.y_val))
        return copy.deepcopy(self.prepared[key])

    def shortened(self, recipe, num_train):
        """recipe with its training length multiplied by self.scale (at least one step)."""
        solver = dict(recipe["solver"])
        steps = solver.get("num_iterations") or solver["num_epochs"] * max(num_train // solver["batch_size"], 1)
        solver["num_iterations"], solver["num_epochs"] = max(1, round(steps * self.scale)), None
        return dict(recipe, solver={k: v for k, v in solver.items() if v is not None})

    def trained(self, recipe, seed):
        """(net, timing) of recipe trained from seed (net None if it diverged); each trains once."""
        key = (describe(recipe), seed)
        if key not in self.nets:
            data = self.data(recipe)
            if self.scale != 1.0:
                recipe = self.shortened(recipe, len(data.y_train))
            plain = dict(recipe, standardize=False, whiten=None)    # the data is prepared already
            try:
                net, timing, _ = train(plain, data, seed=seed)
            except FloatingPointError:       # diverged: the loss stopped being finite
                net, timing = None, {"loop": "diverged", "training_seconds": math.nan,
                                     "training_cpu_seconds": math.nan, "load_before": math.nan,
                                     "load_after": math.nan}
            self.nets[key] = net, timing
        return self.nets[key]

    def __call__(self, recipe, seed=0, test=False, views=AS_IS):
        """Train recipe from seed; a dict of its accuracies (nan if it diverged), each from the
        probabilities averaged over the test-time views (tools.bench.predict), and timings. With test,
        the accuracy on the test images too (the test set is used once)."""
        key = (describe(recipe), seed, views)
        if key in self.results:
            return self.results[key]
        net, timing = self.trained(recipe, seed)
        data = self.prepared[preparation(recipe)]
        n = min(TRAIN_ACC_IMAGES, len(data.y_train))
        result = {"loop": timing["loop"],
                  "train_acc": math.nan if net is None else accuracy(net, data.X_train[:n], data.y_train[:n]),
                  "val_acc": math.nan if net is None else accuracy(net, data.X_val, data.y_val, views),
                  "train_seconds": timing["training_seconds"], "cpu_seconds": timing["training_cpu_seconds"],
                  "load": f"{timing['load_before']:.1f} -> {timing['load_after']:.1f}"}
        if test and net is not None:
            result["test_acc"] = accuracy(net, data.X_test, data.y_test, views)
            result["test_images"] = len(data.y_test)
        self.results[key] = result
        return result


def describe(recipe):
    """A recipe as text: functions by name, so that equal recipes give equal text."""
    flat = settings(recipe)
    return repr(sorted((k, getattr(v, "__name__", v)) for k, v in flat.items()))


def row(table, number, change, result, compared_with, seed=0):
    """One table row as strings."""
    val = result["val_acc"]
    delta = ("" if compared_with is None else "nan" if math.isnan(val - compared_with) else
             f"{val - compared_with:+.4f}")
    return {"table": table, "row": number, "change": change, "seed": seed, "loop": result["loop"],
            "train_acc": f"{result['train_acc']:.4f}", "val_acc": f"{val:.4f}", "delta": delta,
            "train_seconds": f"{result['train_seconds']:.1f}", "cpu_seconds": f"{result['cpu_seconds']:.1f}",
            "load": result["load"]}


FIELDS = ["table", "row", "change", "seed", "loop", "train_acc", "val_acc", "delta", "train_seconds",
          "cpu_seconds", "load"]
TABLES = {"chain": ("Forward chain: each row is the row above with one thing changed",
                    "delta: validation accuracy minus the row above's"),
          "leave-one-out": ("Leave-one-out: BEST with one change taken back",
                            "delta: validation accuracy minus BEST's (seed 0)"),
          "seeds": ("Seeds: the same recipe from other seeds",
                    "delta: validation accuracy minus the same recipe's from seed 0"),
          "bench": ("From BEST to make bench's recipe: each row is the row above with one thing changed",
                    "delta: validation accuracy minus the row above's; the views are those of the test images, "
                    "the probabilities of the net averaged over them (training accuracy: each image as it is)"),
          "bench-leave-one-out": ("make bench's recipe with one change taken back",
                                  "delta: validation accuracy minus make bench's recipe's")}
TITLES = {"ablation": "What each trick buys: from the official recipe to BEST",
          "bench_recipe": "What make bench adds to BEST: a longer training, a smaller whitening epsilon and learning rate, test-time views"}


def seed_spread(rows):
    """{change: (seeds, standard deviation of the validation accuracy over them)} for each recipe
    of the seeds table."""
    spread = {}
    for r in rows:
        if r["table"] == "seeds":
            spread.setdefault(r["change"], []).append(float(r["val_acc"]))
    return {change: (len(v), float(np.std(v, ddof=1))) for change, v in spread.items() if len(v) > 1}


def write_tables(rows, header, out, name="ablation"):
    """rows as CSV and Markdown (out/name.csv, out/name.md), header (the notes) above them."""
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, f"{name}.csv"), "w", newline="") as f:
        for line in header:
            f.write(f"# {line}\n")
        writer = csv.DictWriter(f, FIELDS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    lines = [f"# {TITLES[name]}", ""]
    lines += [f"- {line}" for line in header]
    for table, (title, delta) in TABLES.items():
        chosen = [r for r in rows if r["table"] == table]
        if not chosen:
            continue
        lines += ["", f"## {title}", "", f"{delta}.", "",
                  "| # | change | seed | training | validation | delta | loop | train s | CPU s | load |",
                  "|---:|---|---:|---:|---:|---:|---|---:|---:|---|"]
        lines += [f"| {r['row']} | {r['change']} | {r['seed']} | {r['train_acc']} | {r['val_acc']} | {r['delta']} | "
                  f"{r['loop']} | {r['train_seconds']} | {r['cpu_seconds']} | {r['load']} |" for r in chosen]
    with open(os.path.join(out, f"{name}.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


def machine():
    """One line naming the CPU, the cores this process may use, and numpy."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            model = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{model}, {len(os.sched_getaffinity(0))} cores, numpy {np.__version__}"


def describe_run(started, args, runner, rows, grids, test, partial, tested="BEST (seed 0)"):
    """The notes saying which run produced the tables, how, and what it found beside the rows."""
    minutes = (time.time() - started.timestamp()) / 60
    command = ("python -m tools.ablation" + (" --bench-recipe" if args.bench_recipe else "")
               + ("" if args.epochs_scale == 1.0 else f" --epochs-scale {args.epochs_scale:g}"))
    header = [f"run: {started:%Y-%m-%d %H:%M} UTC, `{command}`, "
              + (f"{minutes:.0f} minutes so far" if partial else f"took {minutes:.0f} minutes"),
              f"machine: {machine()}; load = 1-minute load average before -> after each run (train s: "
              "wall seconds of the training loop; CPU s: its CPU seconds, all threads; on a shared "
              "machine, read CPU seconds too)",
              f"Data: {runner.data_name}; trained on the first {runner.sizes[0]:,} training images, "
              f"validation on the next {runner.sizes[1]:,} (one standard error "
              f"{100 * math.sqrt(0.6 * 0.4 / runner.sizes[1]):.1f} points at 60% accuracy); training accuracy "
              f"on the first {min(TRAIN_ACC_IMAGES, runner.sizes[0]):,} training images, not augmented"]
    for key, seconds in runner.whiten_seconds.items():
        header.append(f"whitening the inputs (epsilon {key[1]:g}) took {seconds:.1f} s, once; "
                      "train s is the training loop alone")
    for change, results in grids:
        tried = ", ".join(f"{rate_text(rate)}: {acc:.4f}" for rate, acc in results)
        chosen = max(range(len(results)), key=lambda i: -1 if math.isnan(results[i][1]) else results[i][1])
        edge = " (at the grid's edge)" if chosen in (0, len(results) - 1) else ""
        header.append(f"learning rates tried after '{change}' (validation; nan: diverged): {tried}; chosen "
                      f"{rate_text(results[chosen][0])}{edge}; the re-tuned row is the best of them, so slightly "
                      "optimistic")
    for change, (count, spread) in seed_spread(rows).items():
        header.append(f"seed-to-seed spread of '{change}': standard deviation {spread:.4f} over {count} seeds")
    if test:
        header.append(f"TEST, used once: {tested} on all {test['test_images']:,} test images: "
                      f"{test['test_acc']:.4f}")
    if args.epochs_scale != 1.0:
        header.append(f"SHORTENED: every run trained for {args.epochs_scale:g} of its steps; "
                      "not the recipe's accuracies")
    if partial:
        header.append("PARTIAL: the run has not finished (the tables are rewritten after every row)")
    return header


def main(argv=None, load=load_data):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-recipe", action="store_true",
                        help="only the tables from BEST to make bench's recipe (results/bench_recipe.*)")
    parser.add_argument("--epochs-scale", type=float, default=1.0)
    parser.add_argument("--out", default="results")
    args = parser.parse_args(argv)
    started = datetime.datetime.now(datetime.timezone.utc)
    runner = Runner(load, args.epochs_scale)
    rows, grids, test = [], [], None
    name, tested = ("bench_recipe", "make bench's recipe") if args.bench_recipe else ("ablation", "BEST (seed 0)")

    def record(new):
        rows.append(new)
        print(" | ".join(str(v) for v in new.values()), flush=True)
        write_tables(rows, describe_run(started, args, runner, rows, grids, test, True, tested), args.out, name)

    if args.bench_recipe:
        accuracies, numbers = {}, {}
        for table, change, recipe, views, compared_with in bench_recipe_rows():
            is_bench = change.endswith("make bench's recipe)")
            result = runner(recipe, views=views, test=is_bench)
            test = result if is_bench else test
            accuracies[change] = result["val_acc"]
            numbers[table] = numbers.get(table, -1) + 1
            record(row(table, numbers[table], change, result, accuracies.get(compared_with)))
        write_tables(rows, describe_run(started, args, runner, rows, grids, test, False, tested), args.out, name)
        print(f"wrote {args.out}/{name}.csv and {args.out}/{name}.md")
        return

    def choose_rate(recipe, grid):
        results = [(rate, runner(changed(recipe, optim={"learning_rate": rate}))["val_acc"]) for rate in grid]
        grids.append((rows[-1]["change"], results))
        return max(results, key=lambda r: -1 if math.isnan(r[1]) else r[1])[0]

    chain, previous = [], None
    for i, (change, recipe) in enumerate(forward_chain(choose_rate)):
        is_best = not things_changed(recipe, best_recipe())
        result = runner(recipe, test=is_best)
        if is_best:
            test = result
        record(row("chain", i, change, result, previous))
        chain.append((change, recipe))
        previous = result["val_acc"]
    best = runner(best_recipe())
    for i, (change, recipe, _) in enumerate(leave_one_out()):
        record(row("leave-one-out", i, change, runner(recipe), None if i == 0 else best["val_acc"]))
    cheap = cheap_row(chain)
    number = 0
    for change, recipe, seeds in (("BEST", best_recipe(), BEST_SEEDS), (cheap, dict(chain)[cheap], CHEAP_SEEDS)):
        reference = runner(recipe)
        for seed in (0, *seeds):
            record(row("seeds", number, change, runner(recipe, seed=seed), reference["val_acc"], seed=seed))
            number += 1
    write_tables(rows, describe_run(started, args, runner, rows, grids, test, partial=False), args.out)
    print(f"wrote {args.out}/ablation.csv and {args.out}/ablation.md")


if __name__ == "__main__":
    main()
