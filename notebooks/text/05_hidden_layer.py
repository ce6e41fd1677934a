# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # 5 · What the hidden layer buys
#
# Previous: [4 · Backpropagation as a rule](04_backprop_as_a_rule.ipynb)
#
# Notebooks 1 to 4 ran the two-layer net forward and backward and checked its gradients. Before we train it
# on CIFAR-10, we ask what its hidden layer is *for*. We follow the CS231n notes' *Minimal Neural Network
# Case Study*: points on a spiral in the plane, in three classes that no straight line can separate. With two input features we can see every decision a classifier makes: we
# colour the whole plane by the class it predicts. Trained the same way, we compare
#
# - a **linear softmax classifier**, scores $= XW + b$;
# - the **two-layer net**, affine – ReLU – affine;
# - the same net **with its ReLU removed**;
# - the same net **with its biases held at zero**, like the network of the blog write-up whose derivation
#   notebooks 1 and 2 followed, [*CS231n Assignment 1*](https://cjhjhj.github.io/ml/2019/10/27/CS231n_Assignment1).

# %% [markdown] slideshow={"slide_type": "-"} tags=["student-path"]
# > **Working through the student edition?** This notebook runs on what you wrote for notebooks 1 to 3: the
# > forward pass, the loss, the backward pass and `predict` of `TwoLayerNet` (`cs231n/neural_net.py`). It
# > trains with one new function, `sgd_momentum` in `cs231n/optim.py`: section 2 explains and specifies it,
# > and the **check** cell there stops with a message until it is right. Section 4 has one exercise cell.

# %% cellView="form" jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["setup"]
#@title Setup: run this cell first (it makes the notebook import the course's own cs231n/ package)
import importlib.util, os, runpy, subprocess, sys
COURSE_URL = "https://github.com/YOUR-ACCOUNT/cs231n-two-layer-net"
COLAB_FOLDER = "/content/cs231n-two-layer-net"   # where Colab clones COURSE_URL (a Drive folder keeps your edits)
course = next((d for d in (os.path.abspath(".."), COLAB_FOLDER) if os.path.isdir(os.path.join(d, "cs231n"))), None)
if course is None and "google.colab" in sys.modules:
    course = COLAB_FOLDER; subprocess.run(["git", "clone", "--quiet", "--depth=1", COURSE_URL, course], check=True)
if course is not None:
    runpy.run_path(os.path.join(course, "cs231n", "notebook_setup.py"))["setup"](course, COURSE_URL)
elif importlib.util.find_spec("cs231n") is None:
    raise ModuleNotFoundError(f"no cs231n/ package beside {os.getcwd()}: open this notebook in the "
                              f"notebooks/ folder of the course ({COURSE_URL})")

# %% slideshow={"slide_type": "skip"}
import copy

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import HTML

from cs231n import TwoLayerNet
from cs231n.classifiers import LinearSoftmax, TwoLayerNoBias, TwoLayerNoReLU
from cs231n.optim import sgd_momentum
from cs231n.plotting import (animate_decision_boundary, animation_html, draw_relu_lines, plane_grid,
                             plot_accuracy_vs_hidden, plot_decision_boundaries, plot_loss_histories, plot_points)
from cs231n.solver import Solver
from cs231n.synthetic import make_spiral


def scores(model, X):
    """The class scores (N, C) that ``model`` gives the points X (N, 2): its loss called without labels."""
    return model.loss(X)


# %% slideshow={"slide_type": "skip"}
from cs231n.exercises import require

require("softmax_loss", "TwoLayerNet.forward", "TwoLayerNet.penalised_loss", "TwoLayerNet.backward",
        "TwoLayerNet.predict")      # check

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1 · The spiral
#
# Class $j$ ($j = 0, 1, 2$) has 100 points. Their radii are evenly spaced from 0 to 1, their angles evenly
# spaced from $4j$ to $4(j+1)$ radians; Gaussian noise of standard deviation 0.2 is added to the angle only,
# so every radius stays exact. A point is $(r \sin t,\ r \cos t)$. Each class is an arm that winds outward
# from the centre. `make_spiral` is the notes' generator with a seed of its own; a second draw with another
# seed is our validation set: the same arms, new noise.

# %% slideshow={"slide_type": "-"}
X, y = make_spiral(num_per_class=100, num_classes=3, seed=0)
X_val, y_val = make_spiral(num_per_class=100, num_classes=3, seed=1)
data = {"X_train": X, "y_train": y, "X_val": X_val, "y_val": y_val}
print("X:", X.shape, "  y:", y.shape, "  points per class:", np.bincount(y))
print(f"each arm turns through 4 rad = {np.degrees(4):.0f} degrees")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: class j has 100 points; the validation draw has the same shape; 4 rad is 229 degrees; the noise
# moves the angle only (the radii are exactly 0 to 1, evenly spaced, in both draws)
assert X.shape == X_val.shape == (300, 2) and (np.bincount(y) == 100).all() and (np.bincount(y_val) == 100).all()
assert 229 < np.degrees(4) < 230
for P, labels in ((X, y), (X_val, y_val)):
    assert all(np.allclose(np.hypot(*P[labels == j].T), np.linspace(0, 1, 100)) for j in range(3))

# %% slideshow={"slide_type": "subslide"}
plot_points(X, y, "The spiral: 3 classes, 100 points each")
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2 · Momentum
#
# Every model in this notebook trains with **momentum**, a change to the plain gradient step of `sgd`
# ($w \leftarrow w - \mathrm{lr} \cdot dw$). Picture a heavy ball rolling down the loss: it keeps most of its
# speed from one step to the next. Each parameter gets a **velocity** of its own shape, zero at the start. At
# every step the velocity keeps a fraction $\mu$ of itself (the *momentum*, 0.9 by default) and adds the
# plain gradient step, $-\mathrm{lr} \cdot dw$; then the weight moves by the velocity. With $\mu = 0$ this is plain gradient descent.
#
# What should that change? Where successive gradients agree, as along a long, shallow valley of the loss, the
# velocity should build up speed; where they alternate in sign, as in a zigzag across a steep, narrow valley,
# they should largely cancel.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **What you write** (in the student edition, `sgd_momentum` in `cs231n/optim.py`):
# `sgd_momentum(w, dw, config=None)` returns `(w, config)`. With `config=None` it starts a new dict; keys that
# `config` lacks get their defaults: `learning_rate` 1e-2, `momentum` 0.9 and `velocity` zeros shaped like
# `w`. Each call updates the velocity and $w$ in place, as `sgd` updates $w$, and stores the velocity in
# `config["velocity"]` for the next call. The check compares one step with Assignment 2's numbers. The Solver gives every parameter a `config` of its own. Two tiny
# runs on one weight, learning rate 1: the same gradient 1 at every step, then a gradient that alternates
# between 1 and −1. Before running them, guess how long the 50th step is in each, in plain steps (a plain step
# here has length 1).

# %% [markdown] slideshow={"slide_type": "skip"}
# <details><summary>Hint 1: the idea</summary>
#
# Two lines, in this order: first the new velocity from the old one and the gradient, then the weight from the
# velocity. "Keeps a fraction $\mu$ of itself" is a multiplication; "takes on the plain step" adds what `sgd`
# would have subtracted from $w$.
#
# </details>
# <details><summary>Hint 2: the shapes</summary>
#
# `v`, `w` and `dw` all have the parameter's shape; the learning rate and $\mu$ are numbers. In place means
# `v *= …`, `v -= …`, `w += …` (not `v = …`), so that the caller's arrays change.
#
# </details>
# <details><summary>Hint 3: the formula</summary>
#
# $v \leftarrow \mu\, v - \mathrm{lr} \cdot dw$, then $w \leftarrow w + v$.
#
# </details>

# %% slideshow={"slide_type": "skip"}
require("sgd_momentum")      # check


# %% slideshow={"slide_type": "-"}
def momentum_steps(gradients, momentum=0.9):
    """The steps sgd_momentum (learning rate 1) takes on one weight, given these gradients in turn."""
    w, config, steps = np.zeros(1), {"learning_rate": 1.0, "momentum": momentum}, []
    for g in gradients:
        before = w[0]
        w, config = sgd_momentum(w, np.array([g]), config)
        steps.append(w[0] - before)
    return np.array(steps)

steady, zigzag = momentum_steps(np.ones(50)), momentum_steps((-1.0) ** np.arange(50))
print("same gradient, steps 1, 2, 3, 10, 50:", steady[[0, 1, 2, 9, 49]].round(2))
print("alternating,   steps 1, 2, 3, 49, 50:", zigzag[[0, 1, 2, 48, 49]].round(2))

# %% [markdown] slideshow={"slide_type": "subslide"}
# A plain step here is 1 long every time. With the same gradient at every step, momentum's step grows to
# 9.95 by step 50; with an alternating gradient it settles near 0.53 (0.53 and 0.52 at steps 49 and 50),
# still alternating in sign. Why: the
# rule, $v \leftarrow \mu v - \mathrm{lr}\, dw$, $w \leftarrow w + v$, unrolls to
# $v = -\mathrm{lr}\,(dw_t + \mu\, dw_{t-1} + \mu^2\, dw_{t-2} + \dots)$, a running sum of the past gradients in
# which older ones count less. Equal gradients sum towards $1/(1-\mu) = 10$ plain steps; alternating ones
# towards $1/(1+\mu) \approx 0.53$.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the steady step grows to 9.95 (close to 10); the alternating one settles near 0.53, alternating;
# the defaults the specification names (config=None: rate 1e-2, momentum 0.9, velocity zeros shaped like w)
assert np.isclose(steady[-1], -(1 - 0.9 ** 50) / (1 - 0.9)) and round(-steady[-1], 2) == 9.95
assert np.allclose(np.abs(zigzag[-2:]), 1 / 1.9, atol=0.01) and zigzag[-1] * zigzag[-2] < 0
assert round(1 / 1.9, 2) == 0.53 and [f"{abs(s):.2f}" for s in zigzag[-2:]] == ["0.53", "0.52"]
_, defaults = sgd_momentum(np.zeros(3), np.zeros(3))
assert defaults["learning_rate"] == 1e-2 and defaults["momentum"] == 0.9 and defaults["velocity"].shape == (3,)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **The recipe.** The models train with the package's `Solver` (notebooks 6 and 7 use it on CIFAR-10), which
# takes any model with `params` and `loss(X, y, reg)`. Every step uses all 300 points (full-batch gradient
# descent) with momentum 0.9 and learning rate 1, for 500 steps, with L2 strength $5 \cdot 10^{-4}$. That is
# *not* the notes' recipe: they take plain gradient steps, 200 for the linear classifier and 10,000 for the
# net. What we share with them is the learning rate 1, $H = 100$ hidden units, initial weights
# $0.01 \cdot$ `randn` and the penalty: the notes write it $\frac12 \lambda \sum W^2$ with
# $\lambda = 10^{-3}$, our models $\lambda \sum W^2$ (no ½), so $5 \cdot 10^{-4}$ is the same penalty.

# %% slideshow={"slide_type": "-"}
recipe = dict(update_rule="sgd_momentum", optim_config={"learning_rate": 1.0, "momentum": 0.9},
              reg=5e-4, num_iterations=500, batch_size=300, replacement=False,
              verbose=False, restore_best=False)   # quiet; keep the last weights

def train(model, data=data, **changes):
    """Train model on ``data`` with the recipe (``changes`` override it); return the Solver."""
    solver = Solver(model, data, **{**recipe, **changes})
    solver.train()
    return solver


# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the recipe as the text states it: all 300 points per step, momentum 0.9, rate 1, 500 steps, 5e-4
assert recipe["batch_size"] == len(X) == 300 and recipe["num_iterations"] == 500 and recipe["reg"] == 5e-4
assert recipe["optim_config"] == {"learning_rate": 1.0, "momentum": 0.9}

# %% [markdown] slideshow={"slide_type": "subslide"}
# Does momentum matter here? We train the two-layer net with $H = 100$ hidden units three times from the
# same start, changing only the update: the recipe, plain steps (momentum 0) at the same rate, and plain
# steps at rate 10, the size that momentum's step reaches on a steady slope.

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
updates = {"momentum 0.9, rate 1": {"learning_rate": 1.0, "momentum": 0.9},
           "momentum 0, rate 1": {"learning_rate": 1.0, "momentum": 0.0},
           "momentum 0, rate 10": {"learning_rate": 10.0, "momentum": 0.0}}
runs = {}
for label, optim_config in updates.items():
    np.random.seed(0)
    runs[label] = train(TwoLayerNet(2, 100, 3, std=1e-2), optim_config=optim_config)
for label, run in runs.items():
    losses = np.array(run.loss_history)
    below = f"from step {np.argmax(losses < 0.5) + 1}" if (losses < 0.5).any() else "never"
    print(f"{label:20s} below 0.5 {below:13s} lowest after step 100 {losses[100:].min():.2f}   "
          f"final {losses[-1]:.2f}, {run.train_acc_history[-1]:.0%} right")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
plot_loss_histories({label: run.loss_history for label, run in runs.items()},
                    "The H = 100 net on the spiral: only the update changes", log=True)
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Reading the curves** (the loss axis is logarithmic). Plain steps at rate 1 (dashed) are slow: their loss
# gets below 0.5 only at step 401 and is 0.39 after 500 steps, still going down in small bumps, with 87% of
# the training points right. Plain steps at rate 10 (thin line) are unstable: the loss jumps to nearly 10 at step 7, then goes up
# and down from one step to the next, stays above 1 after step 100, and at the end they predict one class
# for every point (33%). Momentum (thick solid line) makes fast, steady progress, apart from one large jump
# of its own between steps 50 and 60: below 0.5 at step 69, and after 500 steps 0.24 with 99% right.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the readings of the three loss curves
momentum_run, plain_run, large_run = (np.array(run.loss_history) for run in runs.values())
assert np.argmax(plain_run < 0.5) + 1 == 401 and round(plain_run[-1], 2) == 0.39
assert plain_run[400:].mean() < plain_run[300:400].mean() < plain_run[200:300].mean()   # still going down
assert np.argmax(large_run) + 1 == 7 and 9 < large_run.max() < 10 and large_run[100:].min() > 1.0
turns = np.mean(np.diff(np.sign(np.diff(large_run[100:]))) != 0)        # how often the loss turns round
assert turns > 0.5 and np.mean(np.diff(np.sign(np.diff(momentum_run[100:]))) != 0) < 0.1
assert 50 <= np.argmax(momentum_run[40:80]) + 41 <= 60 and momentum_run[49:60].max() > 2 * momentum_run[39]
assert momentum_run[60:].max() < momentum_run[49:60].max() and np.argmax(momentum_run < 0.5) + 1 > 60
rises = np.diff(momentum_run)                                           # the one jump: no other rise > 0.1
assert rises[:45].max() < 0.1 and rises[62:].max() < 0.1
assert np.argmax(momentum_run < 0.5) + 1 == 69 and round(momentum_run[-1], 2) == 0.24
final = [run.train_acc_history[-1] for run in runs.values()]
assert round(final[0], 2) == 0.99 and round(final[1], 2) == 0.87 and round(final[2], 2) == 0.33
assert len(np.unique(list(runs.values())[2].model.predict(X))) == 1

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3 · Three classifiers, one recipe
#
# `cs231n/classifiers.py` adds `LinearSoftmax` ($W$ 2×3, $b$ 3) and `TwoLayerNoReLU`, a `TwoLayerNet` whose
# forward and backward passes skip the ReLU; `tests/test_classifiers.py` checks their gradients numerically,
# as notebook 3 taught. Each model starts from seed 0 (the two nets from the same weights):

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
makers = {"linear softmax": lambda: LinearSoftmax(2, 3),
          "two-layer net, H = 100": lambda: TwoLayerNet(2, 100, 3, std=1e-2),
          "two-layer net without ReLU": lambda: TwoLayerNoReLU(2, 100, 3, std=1e-2)}
models, accuracy = {}, {}
for name, make in makers.items():
    np.random.seed(0)
    models[name] = make()
    solver = train(models[name])
    accuracy[name] = solver.train_acc_history[-1], solver.val_acc_history[-1]
for name, (train_acc, val_acc) in accuracy.items():
    print(f"{name:27s} training {train_acc:6.1%}   validation {val_acc:6.1%}")

# %% [markdown] slideshow={"slide_type": "-"}
# The linear classifier gets about half of the points right (the notes report 49% after their 200 plain
# steps); the two-layer net gets 99%, of the training points and of the fresh validation points alike. The
# net without its ReLU gets exactly the linear classifier's accuracies, nowhere near the net with a ReLU.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: linear about half; the net 99% on both sets; without ReLU exactly the linear accuracies; the two
# nets start from the same weights (and the ReLU net is section 2's momentum run)
linear, net, no_relu = (accuracy[name] for name in models)
assert all(0.45 <= a <= 0.60 for a in linear)
assert all(round(a, 2) == 0.99 for a in net)
assert no_relu == linear
np.random.seed(0)
start_relu = TwoLayerNet(2, 100, 3, std=1e-2).params
np.random.seed(0)
start_no_relu = TwoLayerNoReLU(2, 100, 3, std=1e-2).params
assert all(np.array_equal(start_relu[k], start_no_relu[k]) for k in start_relu)
assert all(np.array_equal(models["two-layer net, H = 100"].params[k], runs["momentum 0.9, rate 1"].model.params[k])
           for k in start_relu)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
plot_decision_boundaries([model.predict for model in models.values()], list(models), X, y,
                         suptitle="The class each classifier predicts, everywhere in the plane")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# **Reading the figure.** Left: the linear classifier cuts the plane with three straight rays into three
# wedges that meet at one point near the centre; each wedge holds large pieces of two arms. Middle: the
# two-layer net's regions follow the arms out to their tips, with boundaries made of straight pieces
# (too short to see at this resolution: each hidden unit's ReLU bends them along one line).
# Right: without its ReLU the net draws three straight wedges again, the linear classifier's.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: each of the linear classifier's wedges holds at least 30 points of each of two arms
predicted = models["linear softmax"].predict(X)
assert all(np.sort(np.bincount(y[predicted == c], minlength=3))[-2] >= 30 for c in range(3))

# %% [markdown] slideshow={"slide_type": "subslide"} tags=["inline-question"]
# **Inline question 1:** The linear classifier stalls near one half (54% of the training points, 52% of the
# validation points). Why? Clues: the left panel; a run four times longer; where its boundaries meet; how many
# arms a ray from the centre crosses; a rule that sees *only* a point's direction (36 sectors of 10°).

# %% slideshow={"slide_type": "-"}
np.random.seed(0)
lin = train(LinearSoftmax(2, 3), num_iterations=2000)
print(f"2000 steps: training {lin.train_acc_history[-1]:.0%}, validation {lin.val_acc_history[-1]:.0%}")
W_lin, b_lin = models["linear softmax"].params["W"], models["linear softmax"].params["b"]
apex = np.linalg.solve((W_lin[:, 1:] - W_lin[:, :1]).T, b_lin[:1] - b_lin[1:])  # scores 0 = 1 = 2
print(f"the boundaries meet {np.linalg.norm(apex):.2f} from the centre (the arms reach out to 1)")
arms = 3 * 4 / (2 * np.pi)                                        # three arms of 4 rad, in turns
print(f"a ray crosses {arms:.2f} arms on average; 1 / {arms:.2f} = {1 / arms:.0%}")
sector = lambda P: (np.degrees(np.arctan2(P[:, 0], P[:, 1])) // 10).astype(int)
rule = {s: np.bincount(y[sector(X) == s]).argmax() for s in np.unique(sector(X))}    # fitted on training
right = np.mean([rule.get(s, 0) == label for s, label in zip(sector(X_val), y_val)])
print(f"each sector given its most common training class: {right:.0%} of the validation points")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: four times longer, the same accuracies; the apex is near the centre, all three scores equal there;
# 1.91 arms and 1/1.91 = 52%, the linear classifier's validation accuracy; an arm (4 rad) is less than a
# turn, so it crosses a ray at most once; the sector rule gets 54% of the fresh points, near one half
assert round(lin.train_acc_history[-1], 2) == round(accuracy["linear softmax"][0], 2) == 0.54
assert round(lin.val_acc_history[-1], 2) == round(accuracy["linear softmax"][1], 2) == 0.52
assert np.linalg.norm(apex) < 0.1 and np.ptp(scores(models["linear softmax"], apex[None])) < 1e-9
assert round(np.linalg.norm(apex), 2) == 0.03
assert round(arms, 2) == 1.91 and round(1 / arms, 2) == 0.52 and 4 < 2 * np.pi
assert round(right, 2) == 0.54 and 0.45 < right < 0.6

# %% [markdown] slideshow={"slide_type": "fragment"} tags=["answer"]
# **Answer:** Its regions are intersections of half-planes, so convex: three wedges meeting at one point,
# here 0.03 from the centre, so the class depends almost only on a point's direction. An arm turns through
# 4 rad, less than a turn, so a ray crosses each arm at most once: about 1.91 arms of different classes, but
# one direction gets one class, so roughly one crossing in 1.91 is right, $1/1.91 \approx 52\%$. No
# direction rule does much better on fresh points (the sectors: 54%), and more training cannot help: the
# limit is what the model can draw.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4 · Without the ReLU, the net is linear
#
# Take the ReLU out and the hidden layer passes $h = XW_1 + b_1$ straight on: the scores are
# $(XW_1 + b_1)\,W_2 + b_2$. Is that more than a linear classifier? Write the net as one: compute the $W$ (2×3)
# and $b$ (3 numbers) that give its scores as $XW + b$. (`scores(model, X)`, defined at the top, is
# `model.loss(X)` without labels, which returns the scores.)

# %% slideshow={"slide_type": "-"}
no_relu_net = models["two-layer net without ReLU"]
W1, b1, W2, b2 = (no_relu_net.params[k] for k in ("W1", "b1", "W2", "b2"))
# Exercise: the one affine map the net computes: W (2, 3) and b (3,) such that its scores are X @ W + b
### BEGIN SOLUTION
W = W1 @ W2
b = b1 @ W2 + b2
### END SOLUTION
print("W:", W.shape, "  b:", b.shape)
assert np.allclose(scores(no_relu_net, X), X @ W + b, rtol=1e-10, atol=1e-12)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: W is 2x3 and b has 3 numbers; the scores are X W + b on fresh points too, and at the origin they are b
assert W.shape == (2, 3) and b.shape == (3,)
assert np.allclose(scores(no_relu_net, X_val), X_val @ W + b, rtol=1e-10, atol=1e-12)
assert np.allclose(scores(no_relu_net, np.zeros((1, 2)))[0], b, rtol=1e-10, atol=1e-12)

# %% [markdown] slideshow={"slide_type": "-"}
# **Why it works.** Multiplied out, the scores are
#
# $$
# s = (XW_1 + b_1)\,W_2 + b_2 = X\,(W_1W_2) + (b_1W_2 + b_2):
# $$
#
# one $D \times C$ matrix (here 2×3) and one vector of $C$ numbers, exactly the parameters of a linear
# classifier. A composition of affine maps is affine: however wide the hidden layer, the net can draw nothing
# a `LinearSoftmax` cannot. (Conversely, with $H \ge D$ every 2×3 matrix is some $W_1W_2$.)

# %% [markdown] slideshow={"slide_type": "subslide"}
# Put into a `LinearSoftmax`, the map predicts exactly the classes the net predicts; the linear classifier
# trained in section 3, with its own 9 parameters, almost exactly:

# %% slideshow={"slide_type": "-"}
collapsed = LinearSoftmax(2, 3)
collapsed.params = {"W": W, "b": b}
others = {"the collapsed map": collapsed, "the trained linear classifier": models["linear softmax"]}
count = {name: sum(p.size for p in model.params.values()) for name, model in models.items()}
for name, model in others.items():
    same = [np.mean(model.predict(P) == no_relu_net.predict(P)) for P in (X, X_val)]
    print(f"{name:29s} gives the net's class to {same[0]:6.1%} (training), {same[1]:6.1%} (validation)")
print("parameters:", ", ".join(f"{name} {n}" for name, n in count.items()))

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the collapsed map gives the net's class everywhere, the trained linear classifier to all training
# points and 299 of 300 validation points; 9 and 603 parameters (594 more)
for model in (collapsed, models["linear softmax"]):
    assert np.array_equal(model.predict(X), no_relu_net.predict(X))
assert np.array_equal(collapsed.predict(X_val), no_relu_net.predict(X_val))
assert np.sum(models["linear softmax"].predict(X_val) != no_relu_net.predict(X_val)) == 1
assert count["linear softmax"] == 9 and count["two-layer net without ReLU"] == 603

# %% [markdown] slideshow={"slide_type": "-"} tags=["inline-question"]
# **Inline question 2:** 603 parameters against 9, and the same functions to draw: the two got identical
# accuracies, yet one validation point in 300 gets different classes. Must two such models, trained with the
# same recipe, always end up predicting the same classes?

# %% [markdown] slideshow={"slide_type": "fragment"} tags=["answer"]
# **Answer:** No: they are *trained* differently. The penalty $\lambda(\|W_1\|^2 + \|W_2\|^2)$ is not
# $\lambda\|W_1W_2\|^2$, so the two losses prefer slightly different wedges, and gradient descent on the
# factors $W_1, W_2$ takes another path than on $W$ and may stop elsewhere after 500 steps. Here they land
# on nearly the same wedges, and only that one point differs.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5 · How many hidden units?
#
# The ReLU makes the difference; how many ReLU units does the spiral need? We train the net with $H$ = 1, 2,
# 3, 5, 10, 50 and 100, each from seed 0, and count its **dead** units: a unit whose input is negative at
# every training point outputs 0 there and passes no gradient back, so no full-batch step revives it.

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
sizes = [1, 2, 3, 5, 10, 50, 100]
sweep, dead = {}, {}
for H in sizes:
    np.random.seed(0)
    sweep[H] = TwoLayerNet(2, H, 3, std=1e-2)
    solver = train(sweep[H])
    accuracy[f"H = {H}"] = solver.train_acc_history[-1], solver.val_acc_history[-1]
    h_in = sweep[H].forward(X)[0]                       # (300, H): each unit's input at each point
    dead[H] = np.flatnonzero((h_in <= 0).all(axis=0))   # the units on at no training point
for H in sizes:
    (train_acc, val_acc), n = accuracy[f"H = {H}"], len(dead[H])
    print(f"H = {H:3d}: training {train_acc:6.1%}   validation {val_acc:6.1%}   dead units {n:2d}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
train_acc = [accuracy[f"H = {H}"][0] for H in sizes]
val_acc = [accuracy[f"H = {H}"][1] for H in sizes]
plot_accuracy_vs_hidden(sizes, train_acc, val_acc, reference=accuracy["linear softmax"],
                        title="The spiral after 500 steps: accuracy against hidden size")
plt.show()

# %% [markdown] slideshow={"slide_type": "fragment"}
# **Reading the curve.** One hidden unit does no better than the linear classifier (dotted lines). Each step
# up to five units adds a lot: at $H = 5$ the net gets 92% of the training points, with four working units,
# for one of the five is dead. From $H = 10$ on, the curve is flat at 95% or more, on training and validation
# points, although many units die (4 of 10, 32 of 100). From five units on, validation follows training
# within 3 points: the nets that fit the arms also classify fresh points drawn from them.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the readings of the accuracy curve and of the dead units
acc = dict(zip(sizes, train_acc))
assert all(accuracy["H = 1"][i] <= accuracy["linear softmax"][i] + 0.01 for i in (0, 1))
assert acc[1] < acc[2] < acc[3] < acc[5] <= acc[10] and round(acc[5], 2) == 0.92
assert len(dead[5]) == 1 and len(dead[10]) == 4 and len(dead[100]) == 32 and all(len(dead[H]) == 0 for H in (1, 2, 3))
assert min(acc[10], acc[50], acc[100]) >= 0.95 and min(accuracy[f"H = {H}"][1] for H in (10, 50, 100)) >= 0.95
assert all(abs(t - v) < 0.03 for H, t, v in zip(sizes, train_acc, val_acc) if H >= 5)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
small = [1, 2, 3, 5]
figure = plot_decision_boundaries([sweep[H].predict for H in small], [f"H = {H}" for H in small], X, y,
                                  suptitle="Few hidden units (dashed: where each unit switches on)",
                                  ncols=2, size=3.6)
for ax, H in zip(figure.axes, small):
    draw_relu_lines(ax, sweep[H].params["W1"], sweep[H].params["b1"])
plt.show()

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: H = 5's dead unit is off on the whole plotted plane, its line far outside it; the others cross it
grid_points, _ = plane_grid(X)
k = dead[5][0]
assert (sweep[5].forward(grid_points)[0][:, k] <= 0).all()
w, bias = sweep[5].params["W1"][:, k], sweep[5].params["b1"][k]
assert abs(bias) / np.linalg.norm(w) > 10                      # the line's distance from the origin
on_grid = sweep[5].forward(grid_points)[0] > 0
assert sum(on_grid[:, j].any() and not on_grid[:, j].all() for j in range(5)) == 4

# %% [markdown] slideshow={"slide_type": "subslide"}
# What do the small nets draw? Each hidden unit is zero on one side of a line, $x\,W_1[:, k] + b_1[k] = 0$,
# and grows linearly on the other. The dashed lines in the figure are those lines, one per unit; the dead
# unit of $H = 5$ is off on the whole plot, its line far outside it, so that panel shows four.

# %% [markdown] slideshow={"slide_type": "-"} tags=["inline-question"]
# **Inline question 3:** Look at the panel for $H = 2$. What shapes can the decision boundaries of a net
# with two ReLU units take, and where can they bend?

# %% [markdown] slideshow={"slide_type": "fragment"} tags=["answer"]
# **Answer:** The two dashed lines cut the plane into at most four pieces. Inside one piece each unit is
# either off (zero) or a fixed affine function of $x$, so the net is a net without ReLU in which the off units
# are deleted: by section 4 its scores are affine there, and the boundaries inside a piece are straight. So
# $H = 2$ draws boundaries made of straight segments that can change direction only where they cross a
# dashed line. Two lines, a few straight pieces: not enough to follow three arms that wind through more than
# half a turn each. With more units come more lines, more pieces and more places to bend. (With one unit,
# the first panel, the scores depend on $x$ only through that unit's value, so the regions are bands
# parallel to its line, and a single class on its off side.)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6 · What the biases buy
#
# Each dashed line above is where a unit switches on, $x\,W_1[:, k] + b_1[k] = 0$: its bias $b_1[k]$ is what
# moves it off the origin. The write-up's net has no biases. In its notation $h_{in} = x \cdot W^1$ is the
# hidden layer before the ReLU, $h_{out}$ the same after it, and $o_{in} = h_{out} \cdot W^2$ the scores
# ($W^1, W^2$ are our $W_1, W_2$), so its net computes $f(x) = \mathrm{ReLU}(x W_1)\, W_2$. Because
# $\mathrm{ReLU}(\alpha z) = \alpha\, \mathrm{ReLU}(z)$ for every $\alpha > 0$,
#
# $$f(\alpha x) = \alpha\, f(x) \qquad \text{for every } \alpha > 0:$$
#
# the net is *positively homogeneous*. Moving a point out along its ray from the origin multiplies all three
# scores by the same $\alpha$, so the largest stays the largest and the whole ray gets one class. Such a net
# classifies by direction only: its decision regions are wedges with their tips at the origin, the centre
# of the spiral, where a ray crosses about two arms (section 3).

# %% [markdown] slideshow={"slide_type": "subslide"}
# `TwoLayerNoBias` (`cs231n/classifiers.py`) is `TwoLayerNet` with $b_1$ and $b_2$ held at zero: its backward
# pass reports their gradients as zero, so no update moves them. The experiment changes nothing else: the
# same $H = 100$, the same initial weights (the same seed), the same recipe.

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
nets = {}
for name, Net in (("with biases", TwoLayerNet), ("biases held at zero", TwoLayerNoBias)):
    np.random.seed(0)
    nets[name] = Net(2, 100, 3, std=1e-2)
    solver = train(nets[name])
    accuracy[name] = solver.train_acc_history[-1], solver.val_acc_history[-1]
    print(f"{name:20s} training {accuracy[name][0]:6.1%}   validation {accuracy[name][1]:6.1%}")

# %% [markdown] slideshow={"slide_type": "-"}
# Held at zero, the biases cost more than 40 points: the bias-free net gets about 54% of the training points
# and about 51% of the validation points, against 99% with biases. That is no better than the linear
# classifier of section 3: without its biases, the hidden layer of 100 ReLU units buys nothing here.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: only the biases differ (same initial weights, biases still zero); more than 40 points lost;
# about 54% and 51% against 99%; no better than the linear classifier
np.random.seed(0)
start_with = TwoLayerNet(2, 100, 3, std=1e-2).params
np.random.seed(0)
start_without = TwoLayerNoBias(2, 100, 3, std=1e-2).params
assert all(np.array_equal(start_with[k], start_without[k]) for k in start_with)
assert not nets["biases held at zero"].params["b1"].any() and not nets["biases held at zero"].params["b2"].any()
with_b, without_b = accuracy["with biases"], accuracy["biases held at zero"]
assert with_b[0] - without_b[0] > 0.40 and with_b[1] - without_b[1] > 0.40
assert abs(without_b[0] - 0.54) < 0.02 and abs(without_b[1] - 0.51) < 0.02 and min(with_b) >= 0.985
assert all(without_b[i] <= accuracy["linear softmax"][i] + 0.01 for i in (0, 1))

# %% [markdown] slideshow={"slide_type": "subslide"}
# The identity $f(\alpha x) = \alpha f(x)$, checked on the trained bias-free net, and what scaling the points
# does to the class each net predicts:

# %% slideshow={"slide_type": "-"}
no_bias, with_bias = nets["biases held at zero"], nets["with biases"]
for alpha in (0.5, 2.0, 10.0):
    assert np.allclose(scores(no_bias, alpha * X), alpha * scores(no_bias, X), rtol=1e-12, atol=1e-12)
    kept = [np.mean(net.predict(alpha * X) == net.predict(X)) for net in (no_bias, with_bias)]
    print(f"α = {alpha:4}: αx has the class of x for {kept[0]:4.0%} of the points without biases,",
          f"{kept[1]:4.0%} with")
angle = np.linspace(0, 2 * np.pi, 3600, endpoint=False)
around = no_bias.predict(np.column_stack([np.sin(angle), np.cos(angle)]))
changes = np.sum(around != np.roll(around, 1))
print(f"once round the origin, the bias-free net's class changes {changes} times")

# %% [markdown] slideshow={"slide_type": "-"}
# Without biases every scaled point keeps its class, and going once round the origin the class changes only
# 3 times: three wedges. With biases the regions are not wedges: a scaled point lands on another part of the
# plane, often in another class's region, and only 47% to 73% of the points keep their class.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: scaling never changes the bias-free net's class and changes the other's for many points (47% to 73%
# keep it); the class changes 3 times round the origin
assert all(np.array_equal(no_bias.predict(a * X), no_bias.predict(X)) for a in (0.5, 2.0, 10.0))
kept_with = [np.mean(with_bias.predict(a * X) == with_bias.predict(X)) for a in (0.5, 2.0, 10.0)]
assert round(min(kept_with), 2) == 0.47 and round(max(kept_with), 2) == 0.73
assert changes == 3

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
plot_decision_boundaries([net.predict for net in nets.values()], list(nets), X, y,
                         suptitle="Only the biases differ: the class each H = 100 net predicts")
plt.show()

# %% [markdown] slideshow={"slide_type": "-"}
# **Reading the figure.** Left, with biases: the regions follow the arms out to their tips, as in section 3.
# Right, biases held at zero: three wedges whose edges are straight rays from the origin, as the numbers
# above say, and each wedge holds large parts of two arms. Without biases every unit's switching line
# passes through the origin, so the net can bend only along rays from it.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: each of the bias-free net's three wedges holds at least 30 points of each of two classes
predicted = no_bias.predict(X)
assert all(np.sort(np.bincount(y[predicted == c], minlength=3))[-2] >= 30 for c in range(3))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 7 · Watching the boundary form
#
# The animation below replays the momentum run of section 2 ($H = 100$, seed 0, the recipe). The
# cell below takes the same 500 full-batch steps with `sgd_momentum`, one velocity per parameter, in a loop
# of its own, so that it can keep a copy of the net after steps 0, 5, 10, 20, 40, 60, 100, 150, 200, 300, 400
# and 500. What to watch: at step 0 the biases are still zero, so the untrained net *is* a bias-free net of
# section 6, and its regions are three wedges from the origin. For the first 20 steps they stay nearly
# straight wedges, at about the linear classifier's accuracy; from step 40 the boundaries begin to bend, by
# step 100 they wind around the inner turns, by step 200 they follow the arms out to their tips, and the
# last 300 steps change little.

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
steps = [0, 5, 10, 20, 40, 60, 100, 150, 200, 300, 400, 500]
np.random.seed(0)
learner = TwoLayerNet(2, 100, 3, std=1e-2)
configs = {name: dict(recipe["optim_config"]) for name in learner.params}      # a velocity for each
frames = [copy.deepcopy(learner)]
for step in range(1, steps[-1] + 1):
    _, grads = learner.loss(X, y, reg=recipe["reg"])
    for name, w in learner.params.items():
        learner.params[name], configs[name] = sgd_momentum(w, grads[name], configs[name])
    if step in steps:
        frames.append(copy.deepcopy(learner))
frame_acc = [np.mean(frame.predict(X) == y) for frame in frames]
print("after step:", " ".join(f"{s:4d}" for s in steps))
print("accuracy:  ", " ".join(f"{a:4.0%}" for a in frame_acc))

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the loop is section 2's momentum run (the same weights after 500 steps, up to round-off);
# frame 0 is bias-free, so positively homogeneous: three wedges from the origin; the readings of the
# animation: near the linear classifier's accuracy for steps 5 to 20, better from step 40, above 90% by
# step 100, 99% from step 200 on; after step 200 less than 5% of the plane changes class
final_run = runs["momentum 0.9, rate 1"].model.params
assert all(np.allclose(learner.params[k], final_run[k], rtol=1e-6, atol=1e-6) for k in final_run)
grid_points, _ = plane_grid(X, 100)
assert not frames[0].params["b1"].any() and not frames[0].params["b2"].any()
assert all(np.array_equal(frames[0].predict(a * grid_points), frames[0].predict(grid_points)) for a in (0.5, 2.0))
around_0 = frames[0].predict(np.column_stack([np.sin(angle), np.cos(angle)]))
assert np.sum(around_0 != np.roll(around_0, 1)) == 3 and len(np.unique(around_0)) == 3
acc_at = dict(zip(steps, frame_acc))
assert all(0.5 <= acc_at[s] <= 0.6 for s in (5, 10, 20)) and acc_at[40] > 0.6 and acc_at[100] > 0.9
assert min(acc_at[s] for s in (200, 300, 400, 500)) >= 0.985
changed = np.mean(frames[steps.index(200)].predict(grid_points) != frames[-1].predict(grid_points))
assert changed < 0.05

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input", "nbval-ignore-output"]
animation = animate_decision_boundary([f.predict for f in frames],
                                      [f"after {s} steps: {a:.0%} right" for s, a in zip(steps, frame_acc)],
                                      X, y, steps=150)
page = animation_html(animation, default_mode="once")
HTML(page)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: one picture per frame, 600 pixels wide, and nothing fetched from the web: it works offline
assert page.count("data:image/png;base64") == len(frames) and "https://" not in page
import base64, io, re
from PIL import Image
first = re.search(r'data:image/png;base64,([^"]+)"', page)[1].replace("\\", "").replace("\n", "")
assert Image.open(io.BytesIO(base64.b64decode(first))).size[0] >= 600

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - Momentum keeps a running sum of past gradients: it builds speed where they agree and cancels them where
#   they zigzag. On the spiral, after 500 steps, it gets 99% of the points right where plain steps at the
#   same rate get 87%, and plain steps ten times larger never settle.
# - A linear classifier carves the plane into convex regions: three wedges for three classes. On the spiral
#   that holds it near one half; four times more steps change nothing.
# - Stacking affine layers without a nonlinearity buys nothing: $W_1W_2$ is one matrix, and the net is a
#   linear classifier written with more parameters.
# - Each working ReLU unit adds a line where the function may bend; a dead unit, off at every point, adds
#   nothing. Five units, one of them dead, fit 92% of the spiral; from ten on, the net gets 95% or more,
#   on fresh points too.
# - The biases let those lines leave the origin. Without them the net is positively homogeneous, classifies
#   by direction only and, on the spiral, does no better than the linear classifier.

# %% [markdown] slideshow={"slide_type": "slide"} tags=["exercises"]
# ## Exercises
#
# Each ends with what you should get, to compare yours with.
#
# 1. **Regularisation.** Train the $H = 100$ net from seed 0 with `train(TwoLayerNet(2, 100, 3, std=1e-2), reg=r)`
#    for `r` = 1e-3, 1e-2 and 3e-2 (ours is 5e-4) and draw the three with `plot_decision_boundaries`. What
#    does a stronger penalty do to the boundaries and to the training accuracy?
#    *Expect:* the accuracy falls as the penalty grows; at 3e-2 it is about the linear classifier's, and the
#    regions are three nearly straight wedges.
# 2. **Count the pieces.** `sweep[3].forward(P)` returns `(h_in, h_out, scores)`; `h_in` (M, 3) holds each
#    unit's input before the ReLU. With `points, extent = plane_grid(X)` (200 × 200 points), colour the plane
#    by which of the $H = 3$ net's units are on: `code = (sweep[3].forward(points)[0] > 0) @ [1, 2, 4]`, then
#    `plt.imshow(code.reshape(200, 200), origin="lower", extent=extent)`. How many pieces do you find, and
#    how many can 3 lines make at most?
#    *Expect:* two pieces never share a pattern, so `len(np.unique(code))` is your count; at most 7.

# %% [markdown] slideshow={"slide_type": "subslide"} tags=["exercises"]
# 3. **Another nonlinearity.** Subclass `TwoLayerNet` with $\tanh$ for the ReLU: `forward` returns
#    `h_in, np.tanh(h_in), scores`; `backward` is `TwoLayerNet.backward` with the ReLU's gate `h_in > 0`
#    replaced by tanh's slope `1 - h_out ** 2`. Check its gradients as notebook 3 did, on a small net
#    (`np.random.seed(1)`, $H = 10$, `std=1.0`) with `X[::15]`, `y[::15]` and `reg=0.1`: compare each of
#    its own gradients with `eval_numerical_gradient(lambda _: model.loss(X[::15], y[::15], reg=0.1)[0], param, verbose=False)`.
#    Then train an $H = 100$ one and compare its boundaries with the ReLU net's: why are they curved?
#    *Expect:* `rel_error` below 1e-7 for all four parameters (both functions come from `cs231n`).
# 4. **More arms.** Does the estimate of inline question 1 hold for 5 classes? Make `data5` like `data` from
#    `make_spiral(num_classes=5, seed=0)` (validation: `seed=1`) and train `LinearSoftmax(2, 5)` and
#    `TwoLayerNet(2, H, 5, std=1e-2)` for $H$ = 10 and 100 with `train(model, data=data5)`.
#    *Expect:* 20 rad of arms, 3.2 per ray, so the linear classifier near $1/3.2 \approx 31\%$; the nets far
#    above it, but after 500 steps well short of the 99% they reach on three arms.
# 5. **Which bias?** Hold only $b_1$ at zero, then only $b_2$: subclasses of `TwoLayerNet` whose `backward`
#    zeroes one bias's gradient, as `TwoLayerNoBias` does both. Train each from seed 0. Is either positively
#    homogeneous (compare `scores(net, 2 * X)` with `2 * scores(net, X)`)? Which bias does the spiral need?
#    *Expect:* one does as badly as the bias-free net of section 6, the other as well as the full net.

# %% [markdown] slideshow={"slide_type": "-"}
# Next: **[6 · Training on CIFAR-10: the assignment](06_cifar10_assignment.ipynb)**
