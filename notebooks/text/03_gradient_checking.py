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
# # 3 · Checking gradients, and checking the checker
#
# Notebook 2 accepted every formula it derived because a numerical gradient agreed with it: the relative error
# between the two was below $10^{-7}$. This notebook puts that judge on trial. Section 1 says what the relative
# error measures and where it misleads; section 2 how the numerical gradient is computed and which step $h$ it
# needs; section 3 what happens at a ReLU kink; sections 4 and 5 why real checks are sparse and run in float64.
# Section 6 runs the official notebook's last two checks, the gradients and training, and then checks the
# gradients once more, at the trained weights.
#
# Only the official toy data is used: nothing to download.

# %% [markdown] slideshow={"slide_type": "-"} tags=["student-path"]
# > **Working through the student edition?** This notebook runs on code you wrote for notebook 2:
# > `eval_numerical_gradient` (`cs231n/gradient_check.py`) and `TwoLayerNet.backward` (`cs231n/neural_net.py`), and,
# > before section 6, `TwoLayerNet.predict` and `sgd` (`cs231n/optim.py`). The cells marked **check** stop with a
# > message naming what to write until it is right. `make check` tells you what is next.

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
import inspect

import numpy as np
import matplotlib.pyplot as plt

from cs231n import TwoLayerNet, eval_numerical_gradient, grad_check_sparse, rel_error
from cs231n.toy import OFFICIAL_TRAINING_LOSS, init_toy_data, init_toy_model, loss_along_weight

np.set_printoptions(precision=4, suppress=True)
plt.rcParams.update({"font.size": 13})     # readable on a projector

# %% slideshow={"slide_type": "skip"}
from cs231n.exercises import require

require("eval_numerical_gradient", "TwoLayerNet.backward")      # check

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### What this notebook takes from notebook 2
#
# The official toy net and batch, the loss with the assignment's penalty (reg = 0.05), and its analytic
# gradients, which notebook 2 derived and showed are what `TwoLayerNet.loss` returns. All recomputed with the
# package, with a helper for the numerical gradient of that loss:

# %% slideshow={"slide_type": "-"}
net = init_toy_model()
X, y = init_toy_data()
W1, b1, W2 = net.params["W1"], net.params["b1"], net.params["W2"]
reg = 0.05

def numerical(array, h=1e-5):
    """The numerical gradient of the toy loss with respect to array (centered, step h)."""
    # The checker nudges `array` in place, and net.loss reads that same array: so the function it
    # differentiates can ignore its argument (lambda _: ...).
    return eval_numerical_gradient(lambda _: net.loss(X, y, reg=reg)[0], array, verbose=False, h=h)

loss, grads = net.loss(X, y, reg=reg)
print(f"L = {loss:.4f}   ∂L/∂w²₁₁ = {grads['W2'][0, 0]:.4f}   (notebook 2, sections 1 and 4)")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the same loss and ∂L/∂w²₁₁ as notebook 2
assert f"{loss:.4f}" == "1.3038" and f"{grads['W2'][0, 0]:.4f}" == "-0.5138"


# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1 · The judge: the relative error
#
# A check compares an analytic gradient $a$ with a numerical one $b$, entry by entry, and reports the worst entry:
# $$\text{relative error}(a, b) = \max_{\text{entries}} \frac{|a - b|}{\max\big(10^{-8},\ |a| + |b|\big)}.$$
# Dividing by $|a| + |b|$ makes it scale-free: gradients of size 1000 and of size 0.001 are judged alike. The floor
# $10^{-8}$ matters only when both entries are tiny. The CS231n scale: around $10^{-7}$ or less, right; around
# $10^{-4}$, acceptable near a kink (section 3), suspicious elsewhere; above $10^{-2}$, wrong. `rel_error` is this
# formula, as in the official notebook:
#
# <small>(The CS231n notes write $\max(|a|, |b|)$ in the denominator; with $|a| + |b|$ the values are up to 2 times
# smaller, which does not matter on this scale of powers of ten.)</small>

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
def entry_errors(a, b):                     # each entry's ratio, before the maximum (used again below)
    return np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))

numeric_W2 = numerical(W2)
by_hand = entry_errors(grads["W2"], numeric_W2).max()
print(inspect.getsource(rel_error).splitlines()[-1].strip())       # its last line: the formula
print(f"dW2 against its numerical gradient: rel_error {rel_error(grads['W2'], numeric_W2):.3e},"
      f" by hand {by_hand:.3e}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: rel_error is the formula above
assert rel_error(grads["W2"], numeric_W2) == by_hand < 1e-7
assert "np.maximum(1e-8, np.abs(x) + np.abs(y))" in inspect.getsource(rel_error)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### It cannot exceed 1, and it reaches 1 easily
#
# Each entry's ratio lies between 0 and 1. It is exactly 1 when one of the two numbers is 0 (and the other is above
# the $10^{-8}$ floor), or when their signs differ, since then $|a - b| = |a| + |b|$; and it approaches 1 as one
# grows much larger than the other. Against a true derivative $b = 0.3$:

# %% slideshow={"slide_type": "-"}
b = 0.3
for what, a in [("right to 1e-9", 0.3 + 1e-9), ("3% too large", 0.309), ("twice too large", 0.6),
                ("1000 times too large", 300.0), ("sign flipped", -0.3), ("left at 0", 0.0)]:
    print(f"{what:21s} a = {a:<13}  relative error {rel_error(a, b):.2e}")
print(f"two tiny numbers: rel_error(1e-12, 0) = {rel_error(1e-12, 0.0):.0e}, against the floor")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: a 3% error is above 1e-2; sign flip and 0 give exactly 1; 1000× gives about 1.00; the floor gives 1e-4
assert rel_error(0.3 + 1e-9, 0.3) < 1e-8 and 1e-2 < rel_error(0.309, 0.3) < 2e-2
assert rel_error(-0.3, 0.3) == rel_error(0.0, 0.3) == 1.0 and f"{rel_error(300.0, 0.3):.2f}" == "1.00"
assert np.isclose(rel_error(1e-12, 0.0), 1e-4)

# %% [markdown] slideshow={"slide_type": "fragment"}
# A sign error, a gradient left at 0 and a gradient 1000 times too large all score about 1: the number says that
# some entry is badly wrong, not how wrong, nor how many entries are.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 1.00 can hide a gradient that is only a few percent off
#
# The maximum is taken over the entries, so one entry with a 0 on one side is enough for 1.00, however close the
# rest is. Notebook 2's section 5 (d) met this: the gradient without the penalty's term $2\,\text{reg}\,W$, which
# is what the package returns at reg = 0. Against the numerical gradient of the penalised loss:

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
data_only = net.loss(X, y, reg=0.0)[1]["W1"]          # Xᵀ·dH_in: the penalty's term left out
numeric_W1 = numerical(W1)
entry = entry_errors(data_only, numeric_W1)
overall = np.linalg.norm(data_only - numeric_W1) / np.linalg.norm(numeric_W1)
at_one = entry > 0.999
share = np.linalg.norm(numeric_W1[at_one]) / np.linalg.norm(numeric_W1)
print(f"worst entry {entry.max():.2f}; {at_one.sum()} of {entry.size} entries at 1.00, in the columns of"
      f" hidden units {np.flatnonzero(at_one.any(axis=0)) + 1}")
print(f"samples that switch each hidden unit on: {(X @ W1 + b1 > 0).sum(axis=0)}")
print(f"median entry {np.median(entry):.3f};  whole gradient off by ‖a − b‖/‖b‖ = {overall:.1%}")
print(f"share of ‖b‖ in the entries at 1.00: {share:.1%}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: 1.00 from 12 of 40 entries (units 2, 6, 7), the units no sample switches on; median entry about 0.06
# (above 1e-2), whole gradient off by about 5%; the entries at 1.00 carry about 2.2% of ‖b‖
assert f"{entry.max():.2f}" == "1.00" and at_one.sum() == 12 and entry.size == 40
assert list(np.flatnonzero(at_one.any(axis=0)) + 1) == [2, 6, 7]
assert list(np.flatnonzero((X @ W1 + b1 > 0).sum(axis=0) == 0) + 1) == [2, 6, 7]
assert 1e-2 < np.median(entry) < 0.1 and f"{np.median(entry):.3f}" == "0.063" and 0.04 < overall < 0.055
assert np.allclose(data_only[:, at_one.any(axis=0)], 0)
assert f"{share:.1%}" == "2.2%"

# %% [markdown] slideshow={"slide_type": "fragment"}
# The entries at 1.00 belong to the hidden units that no sample switches on: their data term is exactly 0, so
# the penalty is all there is. So read 1.00 as "some entry is 0 or has the wrong sign on one side", then look at
# which entries fail and at an overall measure such as $\lVert a - b\rVert/\lVert b\rVert$. Here the gradient is
# wrong all the same: the median entry, 0.063, is above $10^{-2}$ (the 5% of the norms reads that scale only roughly).

# %% [markdown] slideshow={"slide_type": "subslide"} tags=["inline-question"]
# **Inline question 1:** The relative error takes the maximum over the entries; an overall measure such as
# $\lVert a - b\rVert/\lVert b\rVert$ does not. Name a bug that the maximum flags at 1.00 while the overall measure
# finds it only a few percent off, and a case where the maximum raises an alarm about a gradient that is right.

# %% [markdown] slideshow={"slide_type": "fragment"} tags=["answer"]
# **Answer:** A bug confined to a few small entries. Above, the 12 entries at 1.00 carry only 2.2% of
# $\lVert b\rVert$: a backward pass wrong there alone, say one that left them at 0, would be 2.2% off overall,
# and the maximum would still report 1.00. A false alarm: an entry at a ReLU kink (section 3), where the analytic
# gradient is right and the numerical one averages two slopes; or an entry whose true value is tiny but above the
# floor, where the numerical gradient's round-off is a large part of it.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2 · Centered differences, and the step h
#
# The one-sided difference $(f(w+h) - f(w))/h$ has an error of order $h$; the centered $(f(w+h) - f(w-h))/2h$
# cancels the $h$ term and is off by order $h^2$ (about $\frac{h^2}{6}$ times the third derivative). But $h$ cannot
# shrink forever: each value of $f$ carries a relative round-off of about $\varepsilon \approx 2.2\cdot10^{-16}$
# in float64 (16 significant digits), and dividing it by $h$ blows it up as $h \to 0$. Both differences for
# $\partial L/\partial w^2_{11}$ (the loss is smooth in $W^2$: no ReLU in between), for 25 steps from $10^{-1}$
# down to $10^{-13}$:

# %% slideshow={"slide_type": "-"}
eps = np.finfo(np.float64).eps      # ε: the relative round-off of float64
steps = np.logspace(-1, -13, 25)
w0, exact = W2[0, 0], grads["W2"][0, 0]
# loss_along_weight returns (losses, analytic slopes) with the weight set to each value; [0]: the losses
plus = loss_along_weight(net, X, y, reg, "W2", (0, 0), w0 + steps)[0]       # L(w + h) for every h
minus = loss_along_weight(net, X, y, reg, "W2", (0, 0), w0 - steps)[0]      # L(w − h)
centered = [rel_error(d, exact) for d in (plus - minus) / (2 * steps)]
one_sided = [rel_error(d, exact) for d in (plus - loss) / steps]

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "subslide"} tags=["hide-input"]
plt.figure(figsize=(9, 3.5))
plt.loglog(steps, centered, "o-", label="centered  (f(w+h) − f(w−h)) / 2h")
plt.loglog(steps, one_sided, "s-", label="one-sided  (f(w+h) − f(w)) / h")
plt.axvline(1e-5, color="k", ls="--", lw=1, label="h = 1e-5, the checker's default")
plt.xlabel("step h")
plt.ylabel("relative error")
plt.title("∂L/∂w²₁₁: truncation error (large h) against round-off (small h)")
plt.legend(fontsize=12)
plt.show()

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
print(f"ε = {eps:.1e},  ε^(1/3) = {eps ** (1 / 3):.0e}")
print("           smallest   at h    |  error at h = 1e-2   1e-5   1e-13")
for name, errors in (("centered", centered), ("one-sided", one_sided)):
    picked = "  ".join(f"{errors[k]:.0e}" for k in (2, 8, 24))       # at steps 1e-2, 1e-5, 1e-13
    print(f"{name:9s}     {min(errors):.0e}   {steps[np.argmin(errors)]:.0e}   |               {picked}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: ε = 2.2e-16, ε^(1/3) about 6e-6; the centered error is smallest at h = 1e-5 (about 1e-11), 100× below the
# one-sided one there; at h = 1e-13 it is back near 1e-3, worse than at h = 1e-2; slopes about −1, −1, 2, 1 (read
# from the plot: fitted here); the one-sided error is smallest at 3e-9, about 6e-9, within 5× of √ε ≈ 1.5e-8,
# about 700 times the centered one's best, and 4e-6 at h = 1e-5
assert np.allclose(steps[[2, 8, 24]], [1e-2, 1e-5, 1e-13])

def near(errors, h):
    return errors[np.argmin(np.abs(np.log10(steps / h)))]

def fitted_slope(errors, low, high):
    inside = (steps >= low) & (steps <= high)
    return np.polyfit(np.log10(steps[inside]), np.log10(np.asarray(errors)[inside]), 1)[0]

slopes = [fitted_slope(centered, 1e-13, 1e-8), fitted_slope(one_sided, 1e-13, 1e-9),
          fitted_slope(centered, 1e-4, 1e-1), fitted_slope(one_sided, 1e-7, 1e-1)]
assert all(abs(value - e) < 0.3 for value, e in zip(slopes, [-1, -1, 2, 1]))
assert f"{eps:.1e}" == "2.2e-16" and f"{eps ** (1 / 3):.0e}" == "6e-06"
assert steps[np.argmin(centered)] == 1e-5 and 3e-12 < min(centered) < 3e-11
assert near(centered, 1e-5) < near(one_sided, 1e-5) / 100
assert near(centered, 1e-13) > 10 * near(centered, 1e-2) and 3e-4 < near(centered, 1e-13) < 3e-3
best_one_sided = steps[np.argmin(one_sided)]
assert f"{best_one_sided:.0e}" == "3e-09" and 3e-9 < min(one_sided) < 1e-8
assert np.sqrt(eps) / 5 < best_one_sided < 5 * np.sqrt(eps) and f"{np.sqrt(eps):.1e}" == "1.5e-08"
assert 500 < min(one_sided) / min(centered) < 1000
assert 3e-6 < near(one_sided, 1e-5) < 5e-6

# %% [markdown] slideshow={"slide_type": "subslide"}
# Read the plot left to right, as $h$ grows. At the smallest steps **round-off** dominates, an error of about
# $\varepsilon/h$: both curves *fall* with slope about −1. Each reaches a minimum, then **truncation** takes over
# and the curves *rise*: the centered one with slope about 2 (error $\propto h^2$), the one-sided one with slope
# about 1 (error $\propto h$). For the centered difference the two balance where $h^2 \approx \varepsilon/h$, that
# is $h^3 \approx \varepsilon$, near $\varepsilon^{1/3} \approx 6\cdot10^{-6}$: hence the checker's default
# $h = 10^{-5}$, where the error is about $10^{-11}$. At $h = 10^{-13}$ it is back near $10^{-3}$, worse than at
# $h = 10^{-2}$.

# %% [markdown] slideshow={"slide_type": "fragment"} tags=["inline-question"]
# **Inline question 2:** Where should the step of the *one-sided* difference be? Balance its truncation error
# against round-off as above, and compare with the plot's smallest one-sided error, printed above.

# %% [markdown] slideshow={"slide_type": "fragment"} tags=["answer"]
# **Answer:** Truncation $\propto h$ and round-off $\propto \varepsilon/h$ balance where $h^2 \approx \varepsilon$,
# near $\sqrt{\varepsilon} \approx 1.5\cdot10^{-8}$. The plot's one-sided minimum, at $h = 3\cdot10^{-9}$ on its grid
# of half decades, is within a factor of 5 of that; the constants in front of $h$ and $\varepsilon/h$ decide the
# rest. Its error there, $6\cdot10^{-9}$, is about 700 times the centered difference's best, and at the checker's
# $h = 10^{-5}$ the one-sided difference is off by $4\cdot10^{-6}$.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3 · At a ReLU kink
#
# $\max(0, \cdot)$ has a corner at 0. If nudging a checked weight moves a hidden input across 0, the centered
# difference averages two different slopes. To provoke it, we shift the bias of hidden unit 3 so that sample 1's
# input to it is $10^{-7}$, less than the nudges $|x_i|\,h$ of the weights into that unit (up to $1.6\cdot10^{-4}$):

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
kinked = copy.deepcopy(net)
kinked.params["b1"][2] -= (X[0] @ W1[:, 2] + b1[2]) - 1e-7    # sample 1's input to unit 3: 1e-7

def kinked_numerical(h):
    return eval_numerical_gradient(lambda _: kinked.loss(X, y, reg=reg)[0], kinked.params["W1"],
                                   verbose=False, h=h)

kinked_analytic = kinked.loss(X, y, reg=reg)[1]["W1"]
kinked_numeric = kinked_numerical(1e-5)
kink_errors = entry_errors(kinked_numeric, kinked_analytic)
print("sample 1's nudges |x_i|·h at h = 1e-5:", ", ".join(f"{n:.1e}" for n in np.abs(X[0]) * 1e-5))
print("relative error per weight of W¹ (rows: input i, columns: hidden unit j):\n", kink_errors)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the failures are in column 3 only; |x_i|·h reaches 1.6e-4 for sample 1
assert kink_errors[:, 2].min() > 1e-3 and np.delete(kink_errors, 2, axis=1).max() < 1e-6
assert f"{np.abs(X[0]).max() * 1e-5:.1e}" == "1.6e-04"

# %% [markdown] slideshow={"slide_type": "subslide"}
# How to recognise it: the failures sit in **one column** (the weights into one hidden unit), and that unit's input
# for some sample is within $|x_i|\,h$ of 0. The probe is wrong, not the code. A smaller step stops crossing the
# corner but adds round-off:

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
roundoff = eps * kinked.loss(X, y, reg=reg)[0]      # ε·L: the round-off of one loss
others = np.delete(np.arange(10), 2)                # the columns without the kink
rows = ["        largest   relative error       absolute error, other columns",
        "    h    nudge     column 3   others     max|num − an|    ε·L/h"]
scan = {}
for h in (1e-5, 1e-8, 1e-9, 1e-10):
    scan_numeric = kinked_numerical(h)
    relative = entry_errors(scan_numeric, kinked_analytic)
    scan[h] = (relative[:, 2].max(), relative[:, others].max(),
               np.abs(scan_numeric - kinked_analytic)[:, others].max())
    rows.append(f"{h:.0e}    {np.abs(X[0]).max() * h:.1e}   {scan[h][0]:.1e}    {scan[h][1]:.1e}"
                f"     {scan[h][2]:.1e}          {roundoff / h:.1e}")
print("\n".join(rows))

# %% [markdown] slideshow={"slide_type": "fragment"}
# At $h = 10^{-8}$ the largest nudges still cross the corner at $10^{-7}$; at $10^{-9}$ none does, and column 3 drops
# to about $4\cdot10^{-7}$. At $10^{-10}$ it rises to about $7\cdot10^{-6}$ and the other columns worsen: round-off,
# about $\varepsilon L$ per loss difference, $\varepsilon L/h$ after dividing by $2h$, as the absolute errors show.
# Recognise the kink; do not tune $h$.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: at 1e-8 column 3 still fails (nudges up to 1.6e-7, the input at 1e-7); at 1e-9 it is near 4e-7; at 1e-10 it
# rises to about 7e-6 while the other columns worsen; their absolute errors are within 2× of ε·L/h at every step
assert scan[1e-8][0] > 1e-2 and f"{np.abs(X[0]).max() * 1e-8:.1e}" == "1.6e-07" and np.abs(X[0]).max() * 1e-8 > 1e-7
assert np.abs(X[0]).max() * 1e-9 < 1e-7
assert 1e-7 < scan[1e-9][0] < 1e-6 and 2e-6 < scan[1e-10][0] < 3e-5
assert scan[1e-10][1] > 100 * scan[1e-5][1]
assert all(0.5 < scan[h][2] / (roundoff / h) < 2 for h in scan)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4 · Why checks are sparse: cost
#
# A full numerical gradient costs **two loss evaluations, each a forward pass over the batch, per parameter**:
# cheap for the toy net, not for the 3072-50-10 net trained on CIFAR-10 in notebooks 6 and 7.

# %% slideshow={"slide_type": "-"}
np.random.seed(0)                 # TwoLayerNet draws its weights from NumPy's global generator
big_net = TwoLayerNet(3072, 50, 10, std=1e-2)
for name, params in (("4-10-3", net.params), ("3072-50-10", big_net.params)):
    count = sum(param.size for param in params.values())
    print(f"{name}: {count:,} parameters -> {2 * count:,} forward passes per full check")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: 83 and 154,160 parameters, 308,320 forward passes
assert sum(param.size for param in net.params.values()) == 83
assert count == 3072 * 50 + 50 + 50 * 10 + 10 == 154_160

# %% [markdown] slideshow={"slide_type": "subslide"}
# `grad_check_sparse` checks a few random coordinates instead, two passes each. Here, six coordinates of $W^1$ in
# that net, on 20 random inputs of CIFAR-10's size (the last digits differ from one CPU to another):

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
rng = np.random.default_rng(0)    # the inputs, the labels and the checked coordinates
X_big, y_big = rng.normal(size=(20, 3072)), rng.integers(10, size=20)
_, big_grads = big_net.loss(X_big, y_big, reg=reg)
sparse_errors = grad_check_sparse(lambda _: big_net.loss(X_big, y_big, reg=reg)[0], big_net.params["W1"],
                                  big_grads["W1"], num_checks=6, rng=rng)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: six checks, every error below 1e-7
assert len(sparse_errors) == 6 and max(sparse_errors) < 1e-7

# %% [markdown] slideshow={"slide_type": "fragment"}
# Twelve forward passes instead of 308,320, and every error is below $10^{-7}$: right. Only $W^1$ is checked here;
# run it on every parameter array, since a sparse check can miss a bug that touches few coordinates (exercise 4),
# and run the full check on a small net like the toy net, whose gradients use the same code.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5 · float32 against float64
#
# Training often runs in float32 (notebooks 6 and 7 do), which keeps about 7 significant digits instead of 16.
# The machine epsilon, the relative spacing of floats near 1, measures the round-off of each:

# %% slideshow={"slide_type": "-"}
eps32, eps64 = np.finfo(np.float32).eps, np.finfo(np.float64).eps
print(f"float32: {eps32:.1e}   float64: {eps64:.1e}   ratio: {eps32 / eps64:.1e}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the ratio is about 5e8
assert 4e8 < eps32 / eps64 < 6e8

# %% [markdown] slideshow={"slide_type": "fragment"}
# Round-off divided by $h$ is therefore about $5\cdot10^{8}$ times larger in float32, and a step that suits float64
# is far too small. The toy net in both precisions, its $W^2$ gradient measured at four steps against the float64
# analytic gradient:

# %% slideshow={"slide_type": "subslide"} tags=["nbval-ignore-output"]
net32 = copy.deepcopy(net)
net32.params = {name: value.astype(np.float32) for name, value in net.params.items()}
X32 = X.astype(np.float32)
precision_table = {}
print(" h       float32 error   float64 error")
for h in (1e-1, 1e-2, 1e-3, 1e-5):
    numeric32 = eval_numerical_gradient(lambda _: net32.loss(X32, y, reg=reg)[0], net32.params["W2"],
                                        verbose=False, h=h)
    precision_table[h] = rel_error(numeric32, grads["W2"]), rel_error(numerical(W2, h=h), grads["W2"])
    print(f"{h:.0e}   {precision_table[h][0]:12.1e}   {precision_table[h][1]:12.1e}")

# %% [markdown] slideshow={"slide_type": "-"}
# In float32 the best of these steps is $10^{-2}$, and even there the worst entry is off by about $2\cdot10^{-3}$:
# "suspicious" on the scale of section 1. float64 at its best step here, $h = 10^{-5}$, reaches $3\cdot10^{-9}$,
# about $5\cdot10^{5}$ times less; at that step float32's worst entry is at 1.0. So: check gradients in float64,
# then train in float32.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: float32's best step here is 1e-2, error about 2e-3 (between 1e-4 and 1e-2); float64's best is at 1e-5,
# about 3e-9, some 5e5 times less; float32 at 1e-5 is at 1.0
t32 = {h: errors[0] for h, errors in precision_table.items()}
t64 = {h: errors[1] for h, errors in precision_table.items()}
assert min(t32, key=t32.get) == 1e-2 and 1e-3 < t32[1e-2] < 3e-3
assert min(t64, key=t64.get) == 1e-5 and 2e-9 < t64[1e-5] < 5e-9
assert 3e5 < t32[1e-2] / t64[1e-5] < 8e5 and t32[1e-5] > 0.99

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6 · The official toy checks, continued
#
# Notebook 1 checked the official scores and loss. With the backward pass written, two checks of the official
# notebook remain: the gradients of the toy net against numerical ones, which it wants below about $10^{-8}$ for
# every parameter (a rule of thumb, stricter than section 1's $10^{-7}$), and training.

# %% slideshow={"slide_type": "skip"}
require("TwoLayerNet.predict", "sgd")      # check

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
for name, param in net.params.items():
    error = rel_error(grads[name], numerical(param))
    print(f"{name}: relative error {error:.0e}")
    assert error < 1e-8

# %% [markdown] slideshow={"slide_type": "subslide"}
# Training: 100 steps of minibatch SGD, learning rate 0.1 (times 0.95 each step), each on 200 draws with
# replacement from the 5 samples, should fit them almost perfectly. Like the official notebook we train a **fresh**
# toy model: `init_toy_model` reseeds NumPy, so the batch draws match the official run's, whose final loss is:

# %% slideshow={"slide_type": "-"}
trained = init_toy_model()          # reseeds NumPy: the official weights, then the official batch draws
stats = trained.train(X, y, X, y, learning_rate=1e-1, reg=5e-6, num_iters=100)
print(f"official notebook:   {OFFICIAL_TRAINING_LOSS}\n"
      f"final training loss: {stats['loss_history'][-1]:.15f}\n"
      f"classified correctly: {(trained.predict(X) == y).sum()} of {len(y)} samples")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: 100 steps, the learning rate times 0.95 each step (one step per epoch), 200 draws per step; the official final
# loss to 1e-12, and every sample classified correctly
defaults = {name: p.default for name, p in inspect.signature(trained.train).parameters.items()}
assert defaults["learning_rate_decay"] == 0.95 and defaults["batch_size"] == 200 and len(stats["loss_history"]) == 100
assert abs(stats["loss_history"][-1] - OFFICIAL_TRAINING_LOSS) < 1e-12 and (trained.predict(X) == y).all()

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "-"} tags=["hide-input"]
plt.figure(figsize=(8, 2.4))
plt.semilogy(stats["loss_history"])
plt.ylim(1e-2, 2)                   # a 10^-2 line under the final loss
plt.title("Training the toy network (5 samples, lr 0.1, reg 5e-6)")
plt.xlabel("iteration")
plt.ylabel("training loss (log scale)")
plt.show()


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The same check at the trained weights
#
# The gradient check above ran at the initial weights. Training moved them. The same check (reg = 0.05) at the
# trained weights:

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
def trained_loss(_):
    return trained.loss(X, y, reg=reg)[0]

_, trained_grads = trained.loss(X, y, reg=reg)
trained_errors = {}
for name, param in trained.params.items():
    trained_numeric = eval_numerical_gradient(trained_loss, param, verbose=False)
    trained_errors[name] = rel_error(trained_grads[name], trained_numeric)
    print(f"{name}: relative error {trained_errors[name]:.1e}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: W1 fails badly (about 0.26), b1 and b2 pass; W2 is about 1e-8, near the official threshold and well below 1e-7
assert trained_errors["W1"] > 0.1 and trained_errors["b1"] < 1e-8 and trained_errors["b2"] < 1e-8
assert 3e-9 < trained_errors["W2"] < 5e-8

# %% [markdown] slideshow={"slide_type": "-"}
# $W^2$'s error, about $10^{-8}$, sits at the official threshold but well within section 1's $10^{-7}$: $W^2$ acts
# after the ReLU, so its nudges move no hidden input and cross no kink. The official $10^{-8}$ is a rule of thumb.

# %% [markdown] slideshow={"slide_type": "subslide"} tags=["inline-question"]
# **Inline question 3:** The backward pass has not changed, yet at the trained weights $W^1$ fails badly while
# $b^1$ passes. A bug? Decide with section 3, and say how you would confirm it.

# %% [markdown] slideshow={"slide_type": "fragment"} tags=["answer"]
# **Answer:** Not a bug: a kink. Training has left one hidden input next to the corner: sample 4's input to hidden
# unit 9 is $-1.0\cdot10^{-5}$ (below). A nudge of a weight $w^1_{i9}$ by $h = 10^{-5}$ moves it by $|x_i|\,h$,
# between $3\cdot10^{-5}$ and $1.1\cdot10^{-4}$ for this sample, across the corner. A nudge of $b^1_9$ moves it by
# exactly $h = 10^{-5}$, just short of the corner, so $b^1$ passes. To confirm: the failures should sit in column 9
# of $W^1$ alone, and a step too small to cross, $h = 10^{-7}$, should make them disappear.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Confirming the kink

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
H_in = X @ trained.params["W1"] + trained.params["b1"]
i, j = np.unravel_index(np.argmin(np.abs(H_in)), H_in.shape)
print(f"closest to the corner: sample {i + 1}'s input to hidden unit {j + 1}, {H_in[i, j]:.2e}")
print("its nudges |x_i|·h at h = 1e-5:", ", ".join(f"{nudge:.1e}" for nudge in np.abs(X[i]) * 1e-5))

def W1_errors(h):
    return entry_errors(eval_numerical_gradient(trained_loss, trained.params["W1"], verbose=False, h=h),
                        trained_grads["W1"])

failing_columns = np.unique(np.argwhere(W1_errors(1e-5) > 1e-3)[:, 1]) + 1
print(f"h = 1e-5: W¹ entries above 1e-3 only in column {failing_columns}")
print(f"h = 1e-7: W¹ relative error {W1_errors(1e-7).max():.1e}")

# %% [markdown] slideshow={"slide_type": "fragment"}
# The failures sit in column 9 alone, and with a step too small to cross the corner the error of $W^1$ falls
# to about $10^{-7}$: the kink, not the code.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: sample 4, unit 9, −1.0e-5; nudges 3e-5 to 1.1e-4 cross it, h = 1e-5 for b¹ does not; only column 9 fails;
# at h = 1e-7 W¹ passes (about 1e-7)
assert (i, j) == (3, 8) and f"{H_in[i, j]:.1e}" == "-1.0e-05" and abs(H_in[i, j]) > 1e-5
assert 3e-5 < np.abs(X[i]).min() * 1e-5 and f"{np.abs(X[i]).max() * 1e-5:.1e}" == "1.1e-04"
assert list(failing_columns) == [9]
assert W1_errors(1e-7).max() < 3e-7

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# * **The judge**: the largest $|a - b| / \max(10^{-8}, |a| + |b|)$ over the entries. Around $10^{-7}$ or less: right;
#   around $10^{-4}$: acceptable near a kink; above $10^{-2}$: wrong. It cannot exceed 1 and reaches it whenever one
#   side is 0 (the other above the floor) or the signs differ: 1.00 says that some entry is badly wrong, not how
#   wrong the whole gradient is.
# * **The step**: centered differences have error $\propto h^2$, round-off $\propto \varepsilon/h$; in float64 they
#   balance near $h = 10^{-5}$, the checker's default.
# * **Kinks**: failures in one column of $W^1$, and a hidden input within $|x_i|\,h$ of 0. The probe is wrong, not
#   the gradient; a smaller step helps only until round-off takes over.
# * **Cost**: two forward passes per parameter, 308,320 for the CIFAR-10 net. Check a few coordinates of every
#   array, and everything on a small net.
# * **Precision**: float32's best error here is about $2\cdot10^{-3}$, float64's $3\cdot10^{-9}$: check in float64,
#   train in float32.
# * The package passes the official checks; at the trained weights a kink appears, and the user of the checker
#   has to recognise it.

# %% [markdown] slideshow={"slide_type": "slide"} tags=["exercises"]
# ## Exercises
#
# 1. **No kink without ReLU.** `cs231n.classifiers.TwoLayerNoReLU` is the two-layer net without its ReLU. Give one
#    the toy net's weights, shift $b^1_3$ as in section 3 and run the full check at $h = 10^{-5}$. Does column 3
#    still fail? Why? *(Expect all four arrays below $10^{-8}$.)*
# 2. **A judge not decided by one entry.** Write `norm_error(a, b)` $= \lVert a - b\rVert / \max(10^{-8},
#    \lVert a\rVert + \lVert b\rVert)$. It too is at most 1 (exactly 1 for $a = 0$ or $a = -c\,b$, $c > 0$), and on single
#    numbers it is `rel_error`. With `b = numeric_W1`, compare the two for `a` = `1.03 * b`, `-b`, `b` with its
#    largest or its smallest entry set to 0, and `data_only`. Which mistakes does it tell apart, which does it
#    nearly miss? *(Expect equal scores for the first two; for the others `rel_error` says 1.00 and
#    `norm_error` about 0.25, $1.5\cdot10^{-4}$ and 0.024.)*
# 3. **The float32 step.** Scan $h$ over `np.logspace(-1, -4, 13)` for the float32 check of section 5. Where is the
#    error smallest? Compare with $h^3 \approx \varepsilon$ for float32's $\varepsilon$. *(Expect the smallest,
#    about $2\cdot10^{-3}$, at $10^{-2}$; $\varepsilon^{1/3} \approx 5\cdot10^{-3}$.)*
# 4. **How sparse is too sparse?** A bug zeroes one column of $W^1$'s gradient in the 3072-50-10 net. How many
#    coordinates, drawn from $W^1$ only, must `grad_check_sparse` test for a 90% chance of hitting that column? Zero
#    one column of a copy of `big_grads["W1"]` and count in how many of 100 runs six checks find it. *(Expect
#    $\ln 0.1 / \ln 0.98 \approx 114$ coordinates, and about 11 runs in 100: $1 - 0.98^6 \approx 11\%$.)*

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check", "exercise-answers"]
# check: the exercises' expected outcomes. 1: without the ReLU every array passes below 1e-8. 2: norm_error equals
# rel_error on numbers and on 1.03 b and -b; about 0.25, 1.5e-4 and 0.024 for the largest or smallest entry zeroed and
# data_only. 3: float32's smallest error, about 2e-3, at 1e-2; ε^(1/3) about 5e-3. 4: 114 coordinates; about 11 in 100
import math
from cs231n.classifiers import TwoLayerNoReLU

linear = TwoLayerNoReLU(4, 10, 3)
linear.params = copy.deepcopy(kinked.params)
_, linear_grads = linear.loss(X, y, reg=reg)
assert all(rel_error(linear_grads[name], eval_numerical_gradient(lambda _: linear.loss(X, y, reg=reg)[0], param,
                                                                 verbose=False)) < 1e-8
           for name, param in linear.params.items())

def norm_error(a, b):
    return np.linalg.norm(a - b) / max(1e-8, np.linalg.norm(a) + np.linalg.norm(b))

def zeroed(array, index):
    array = array.copy()
    array[np.unravel_index(index, array.shape)] = 0
    return array

b_ = numeric_W1
for a_ in (0.309, 0.6, -0.3, 0.0):
    assert np.isclose(norm_error(np.array(a_), np.array(0.3)), rel_error(a_, 0.3))
for a_ in (1.03 * b_, -b_):
    assert np.isclose(norm_error(a_, b_), rel_error(a_, b_))
assert norm_error(0 * b_, b_) == 1 and np.isclose(norm_error(-2.5 * b_, b_), 1)
largest, smallest = zeroed(b_, np.argmax(np.abs(b_))), zeroed(b_, np.argmin(np.abs(b_)))
assert all(rel_error(a_, b_) > 0.999 for a_ in (largest, smallest, data_only))
assert 0.23 < norm_error(largest, b_) < 0.27 and 1.3e-4 < norm_error(smallest, b_) < 1.7e-4
assert 0.022 < norm_error(data_only, b_) < 0.026

scan32 = {h: rel_error(eval_numerical_gradient(lambda _: net32.loss(X32, y, reg=reg)[0], net32.params["W2"],
                                               verbose=False, h=h), grads["W2"]) for h in np.logspace(-1, -4, 13)}
assert np.isclose(min(scan32, key=scan32.get), 1e-2) and 1.5e-3 < min(scan32.values()) < 2.5e-3
assert f"{np.finfo(np.float32).eps ** (1 / 3):.0e}" == "5e-03"

assert math.ceil(math.log(0.1) / math.log(0.98)) == 114 and f"{1 - 0.98 ** 6:.0%}" == "11%"
assert (big_grads["W1"][:, 0] != 0).all()     # zeroing column 0 makes every check that lands in it report 1.0
columns = np.random.default_rng(4).integers(50, size=(100, 6))   # the columns of six coordinates of W1, 100 runs
found = (columns == 0).any(axis=1).sum()
assert 5 <= found <= 18

# %% [markdown] slideshow={"slide_type": "-"}
# Previous: **[2 · Backpropagation, from one weight to matrix form](02_backprop_derivation.ipynb)**.
# Next: **[4 · Backpropagation as a rule](04_backprop_as_a_rule.ipynb)**.
