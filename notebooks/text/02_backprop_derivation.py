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
# # 2 · Backpropagation, from one weight to matrix form
#
# Notebook 1 ran the toy network forward. This notebook runs it **backward**: it derives the gradient of the
# loss with respect to every weight, first one weight at a time with the chain rule, then whole matrices at once,
# and checks **every formula numerically right where it is written**, against the numerical gradient (nudge one
# coordinate, watch the loss change). Notebook 3 then puts that judge on trial.
#
# The derivation follows the blog write-up we teach from, [*CS231n Assignment 1*](https://cjhjhj.github.io/ml/2019/10/27/CS231n_Assignment1) (notebook 1
# introduced it), and keeps its notation, indices counted from 1; section 5 shows, with numbers, where it goes wrong.
#
# | write-up | package | shape (one sample / batch of 5) |
# |---|---|---|
# | $x$ | `X` | [1×4] / [5×4] |
# | $W^1$, $b^1$ | `params['W1']`, `params['b1']` | [4×10], [10] |
# | $h_{in}$, $h_{out}$ | hidden layer before / after ReLU | [1×10] / [5×10] |
# | $W^2$, $b^2$ | `params['W2']`, `params['b2']` | [10×3], [3] |
# | $o_{in}$ | `scores` | [1×3] / [5×3] |
# | $o_{out}$ | softmax probabilities $p$ | [1×3] / [5×3] |
# | the gradients ∂L/∂W¹, … | `grads['W1']`, … from `net.loss(X, y, reg)` | those of the parameters |
#
# Python counts from 0, so $w^2_{11}$ is `W2[0, 0]`. Sample $i$'s loss is $L^{(i)}$: a superscript, because
# subscripts count classes and units. Only the official toy data is used: nothing to download.

# %% [markdown] slideshow={"slide_type": "subslide"} tags=["student-path"]
# > **Working through the student edition?** Sections 1 to 4 need only what notebook 1 asked for,
# > `TwoLayerNet.forward` and `TwoLayerNet.penalised_loss` (with the loss of `softmax_loss`) in
# > `cs231n/neural_net.py`, and `eval_numerical_gradient` (`cs231n/gradient_check.py`): a check right after the
# > imports tests them. Those sections measure every loss with `loss_only`, the forward pass and the loss, never
# > the backward pass, and derive the gradients in this notebook's exercise cells (`# YOUR CODE HERE`), from one
# > weight to matrix form, each checked numerically where it is written; the hints under each statement (click
# > one open at a time) lead to the formula, which the text gives after the check. Then, at *The package does
# > exactly this*, write what you derived into `cs231n/neural_net.py`: `dscores`, the second output of
# > `softmax_loss`, and `TwoLayerNet.backward`. A check there stops until both are right; section 5 and the
# > exercises use them. Cells marked **check** stop with a message naming what to write; `make check` tells you
# > what is next.

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

from cs231n import TwoLayerNet, eval_numerical_gradient, eval_numerical_gradient_array, rel_error
from cs231n.gradient_check import check_gradient
from cs231n import softmax, softmax_loss
from cs231n.plotting import draw_chain_graph, plot_tangent, plot_tangents, tangent_slider
from cs231n.toy import init_toy_data, init_toy_model

np.set_printoptions(precision=4, suppress=True)
plt.rcParams.update({"font.size": 13})     # readable on a projector
net = init_toy_model()
X, y = init_toy_data()
W1, b1, W2, b2 = (net.params[k] for k in ("W1", "b1", "W2", "b2"))

# %% slideshow={"slide_type": "skip"}
from cs231n.exercises import require

require("TwoLayerNet.forward", "TwoLayerNet.penalised_loss", "eval_numerical_gradient")      # check


# %% [markdown] slideshow={"slide_type": "skip"}
# Two small helpers. `loss_only` is the loss of notebook 1, the forward pass and `penalised_loss`, without the
# backward pass that `net.loss(X, y)` would also run. `numerical` is the numerical derivative of `f()` with
# respect to the entries of an array `a`, by centered differences (notebook 3 explains why centered, and how the
# step is chosen); `loss_along` gives the loss, and its slope, along one weight.

# %% slideshow={"slide_type": "skip"}
def loss_only(net, X, y, reg=0.0):
    '''The loss of net on (X, y) with the L2 penalty reg: forward pass and loss, no backward pass.'''
    return net.penalised_loss(net.forward(X)[-1], y, reg)[0]


def numerical(f, a):
    '''Numerical gradient of the scalar f() with respect to array a (same shape as a).'''
    return eval_numerical_gradient(lambda _: f(), a, verbose=False)


def loss_along(net, X, y, reg, name, index, values, h=1e-5):
    '''The loss, and its slope by centered differences, with params[name][index] set to each of values.'''
    param = net.params[name]
    original = param[index]
    losses, slopes = [], []
    try:
        for value in values:
            at = {}
            for nudge in (-h, 0.0, h):
                param[index] = value + nudge
                at[nudge] = loss_only(net, X, y, reg)
            losses.append(at[0.0])
            slopes.append((at[h] - at[-h]) / (2 * h))
    finally:
        param[index] = original
    return np.array(losses), np.array(slopes)


# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1 · The derivative as a slope
#
# Freeze every parameter of the toy net but one, $w^2_{11}$ (`W2[0, 0]`), and let it vary. The loss of
# notebook 1, the mean cross-entropy of the 5 samples plus the assignment's penalty (reg = 0.05), becomes a
# function of one number. Its derivative at the current weight, $\partial L/\partial w^2_{11}$, is the **slope of
# the tangent** there. Sections 2 to 4 derive the formula that computes it; here we measure it, nudging the weight
# a little either way (`numerical`). `loss_along` evaluates the loss, and that slope, along a range of values:

# %% slideshow={"slide_type": "-"}
reg = 0.05
loss0 = loss_only(net, X, y, reg)
grads0 = {name: numerical(lambda: loss_only(net, X, y, reg), param) for name, param in net.params.items()}
w0, g = W2[0, 0], grads0["W2"][0, 0]
values = w0 + np.linspace(-2, 2, 81)             # 81 values of w²₁₁, the current one in the middle
losses, slopes = loss_along(net, X, y, reg, "W2", (0, 0), values)
print(f"w²₁₁ = {w0:.4f}   L = {loss0:.4f}   ∂L/∂w²₁₁ = {g:.4f} (measured)")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the curve passes through the current weight (the middle of the grid), where its slope is g
assert W2[0, 0] == w0 == values[40] and np.isclose(losses[40], loss0) and np.isclose(slopes[40], g)

# %% [markdown] slideshow={"slide_type": "subslide"}
# The figure draws the loss along $w^2_{11}$, its tangent at the current weight, and what the tangent predicts
# for a large nudge, $\Delta w = 1$, against the loss actually reached:

# %% slideshow={"slide_type": "-"}
loss_big = loss_along(net, X, y, reg, "W2", (0, 0), [w0 + 1])[0][0]
plot_tangent(values, losses, w0, loss0, g, name="w²₁₁", step=(1, loss_big),
             title=f"Δw = 1: the tangent predicts L = {loss0 + g:.3f}; the loss is {loss_big:.3f}")
plt.show()

# %% [markdown] slideshow={"slide_type": "subslide"}
# The curve bends upwards here, so the tangent lies below it: for the large step it promises 0.790 where the loss
# only falls to 1.148. For small steps it is accurate, $\Delta L \approx g\,\Delta w$. Nudge the weight by smaller
# and smaller amounts and compare the prediction with the change the loss really makes:

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: for Δw = 1 the tangent predicts 0.790, the loss reaches 1.148, and the tangent lies below the curve
assert f"{loss0 + g:.3f}" == "0.790" and f"{loss_big:.3f}" == "1.148"
assert np.all(losses >= loss0 + g * (values - w0) - 1e-12)

# %% slideshow={"slide_type": "-"}
gaps = {}
for dw in (1e-1, 1e-2, 1e-3):
    actual = loss_along(net, X, y, reg, "W2", (0, 0), [w0 + dw])[0][0] - loss0
    predicted = g * dw
    gaps[dw] = abs(actual - predicted) / abs(actual)
    print(f"Δw = {dw:.0e}:  predicted ΔL = {predicted:+.3e}   actual ΔL = {actual:+.3e}",
          f"  relative gap {gaps[dw]:.1e}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the relative gap shrinks tenfold with each tenfold smaller nudge
assert gaps[1e-3] < 1e-3 and 8 < gaps[1e-2] / gaps[1e-3] < 12 and 8 < gaps[1e-1] / gaps[1e-2] < 12

# %% [markdown] slideshow={"slide_type": "-"} tags=["inline-question"]
# **Inline question 1:** The relative gap between predicted and actual $\Delta L$ shrinks tenfold each time
# $\Delta w$ does, while for $\Delta w = 1$ the prediction is far off. Why, and what does this say about the
# learning rate of gradient descent?

# %% [markdown] slideshow={"slide_type": "fragment"} tags=["answer"]
# **Answer:** Taylor: $L(w + \Delta w) = L(w) + g\,\Delta w + \tfrac12 L^{\prime\prime}\,\Delta w^2 + \dots$ The
# tangent keeps only the first-order term, so the gap is about $\tfrac12 L^{\prime\prime}\Delta w^2$, and relative to
# $\Delta L \approx g\,\Delta w$ it is proportional to $\Delta w$: ten times smaller for a ten times smaller nudge.
# A gradient is a *local* promise. Gradient descent trusts it for one step of size lr·g; if the step is so large
# that the curvature term dominates, the loss goes up instead of down (the next slide takes such a step).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### One gradient step on every weight
#
# Move **all** parameters at once against their gradients (measured, as above, for each of the 83),
# $w \leftarrow w - \text{lr}\cdot g$: the rule of the package's `sgd`, written out here. The linear (first-order)
# approximation, now in all 83 directions at once, predicts
# $\Delta L \approx \sum g\cdot(-\text{lr}\, g) = -\text{lr}\,\lVert g\rVert^2$, with $\lVert g\rVert^2$ the sum of the
# squares of every entry of every gradient. It is negative (unless $g = 0$): a small enough step against the gradient always lowers $L$. A large one need not:

# %% slideshow={"slide_type": "-"}
g_norm2 = sum(np.sum(grad ** 2) for grad in grads0.values())

def step_change(lr):
    '''ΔL after one gradient step of every parameter, w ← w − lr·g, with learning rate lr.'''
    stepped = copy.deepcopy(net)
    for name in stepped.params:
        stepped.params[name] = stepped.params[name] - lr * grads0[name]
    return loss_only(stepped, X, y, reg) - loss0

changes = {lr: step_change(lr) for lr in (1e-3, 1.0)}
print(f"‖g‖² = {g_norm2:.4f}")
for lr, actual in changes.items():
    print(f"lr = {lr:g}:  predicted ΔL = −lr·‖g‖² = {-lr * g_norm2:+.3e}   actual ΔL = {actual:+.3e}")

# %% [markdown] slideshow={"slide_type": "-"}
# With lr = 0.001 the prediction and the loss agree to within 0.5%: for a small step the tangent's promise
# holds. With lr = 1 the same direction *raises* the loss: the curvature term has taken over.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: 83 parameters; lr = 0.001 lowers L by lr·‖g‖² to within 0.5%; lr = 1 raises L
assert sum(p.size for p in net.params.values()) == 83
assert changes[1e-3] < 0 and abs(changes[1e-3] + 1e-3 * g_norm2) < 0.005 * 1e-3 * g_norm2
assert changes[1.0] > 0

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The tangent turns with the weight
#
# The same curve with its tangent at four values of $w^2_{11}$: far to the left, at the current weight, at the
# lowest point of the grid and beyond it. Each slope is the derivative there: steep and negative on the
# left, close to 0 at the bottom, positive on the right. A step against it heads for the bottom from either side.

# %% slideshow={"slide_type": "-"}
lowest = int(np.argmin(losses))
plot_tangents(values, losses, slopes, [10, 40, lowest, 76], name="w²₁₁",
              title="The tangent at four values of w²₁₁; its slope is the derivative there")
plt.show()

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the four panels: steep and negative on the left, the current weight, close to 0 at the bottom, positive
assert slopes[10] < slopes[40] < 0 and 40 < lowest < 76 and abs(slopes[lowest]) < 0.01 and slopes[76] > 0
assert abs(slopes[10]) > 0.5

# %% [markdown] slideshow={"slide_type": "skip"}
# **Live, in a running notebook:** the slider below moves $w^2_{11}$ over the same range and redraws the
# tangent (a static copy shows only the figure at the starting value).

# %% slideshow={"slide_type": "skip"} tags=["nbval-ignore-output"]
slider = tangent_slider(values, losses, slopes, start=w0, name="w²₁₁")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2 · The softmax step
#
# The first sample alone, $x$ = `X[0]`, without the penalty: its class is 1, so its loss is the cross-entropy
# $L^{(1)} = -\log p_1$, with $p = o_{out}$ the softmax of the scores $o_{in}$. Forward, as in notebook 1:

# %% slideshow={"slide_type": "-"}
x, label = X[:1], y[:1]
h_in = x @ W1 + b1
h_out = np.maximum(0, h_in)
o_in = h_out @ W2 + b2
p = softmax(o_in)
print("correct class:", label[0] + 1, " p =", p)

def sample_loss():
    return loss_only(net, x, label)


# %% [markdown] slideshow={"slide_type": "subslide"}
# **The judge of every check here: the relative error.** Each exercise's gradient $a$ is compared with a
# numerical one $b$ (centered differences: `eval_numerical_gradient`, which you wrote), entry by entry, and the
# worst entry is reported:
# $$\text{rel\_error}(a, b) = \max_{\text{entries}} \frac{|a - b|}{\max\big(10^{-8},\ |a| + |b|\big)}.$$
# Its scale: below about $10^{-7}$, right; up to about $10^{-4}$, acceptable only next to a ReLU kink; above
# that, suspect, and above $10^{-2}$, wrong. It cannot exceed 1, and it reaches 1.00 as soon as one entry is 0
# on one side (the other above the $10^{-8}$ floor) or has the wrong sign. How to check: without the penalty
# first, then with it (the exercise checks of sections 2 and 3 use one sample's loss without the penalty,
# section 4 adds it); on few samples; away from kinks. Notebook 3 puts this judge on trial.

# %% [markdown] slideshow={"slide_type": "-"} tags=["inline-question"]
# **Inline question 2:** A check prints `relative error: 3e-01` for `dW2` and `2e-09` for `db2`. Which gradient
# is right? Does 3e-01 mean that `dW2` is 30% off?

# %% [markdown] slideshow={"slide_type": "fragment"} tags=["answer"]
# **Answer:** `db2` is right ($2\cdot10^{-9}$, far below $10^{-7}$); `dW2` is wrong (above $10^{-2}$). But 0.3 is
# the relative error of the *worst* entry, not an overall percentage: $a = 1$ against $b = 0.54$ already gives
# $0.46/1.54 \approx 0.30$, a factor of almost 2 on that entry, while every other entry may be exact. Look at
# which entries fail before guessing at the bug.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the answer's example, a = 1 against b = 0.54, scores 0.30
assert f"{rel_error(np.array([1.0]), np.array([0.54])):.2f}" == "0.30"

# %% [markdown] slideshow={"slide_type": "-"}
# The derivative of softmax, $p_j = e^{o_{in_j}}/\sum_c e^{o_{in_c}}$, is a 3×3 **Jacobian**: entry $[j, k]$ is
# $\partial p_j/\partial o_{in_k}$, how probability $j$ moves when score $k$ does. **Exercise:** `J` [3×3] at the
# current scores, from `p`. The check: row $j$ of $J$, the gradient of $p_j$, is measured by
# `eval_numerical_gradient_array` with an upstream gradient that selects output $j$; the relative error must be
# below $10^{-7}$.

# %% [markdown] slideshow={"slide_type": "skip"}
# <details><summary>Hint 1: the idea</summary>
#
# Differentiate $p_j$ with the quotient rule twice: for $k = j$ the score $o_{in_k}$ sits in the numerator
# and in the denominator, for $k \ne j$ only in the denominator. Write both results with $p_j$ and $p_k$ alone.
#
# </details>
# <details><summary>Hint 2: the shapes</summary>
#
# The $k \ne j$ entries, $-p_j p_k$, form the outer product of $p$ with itself, [3×1]·[1×3]; the $k = j$ entries
# add a diagonal matrix (`np.diag`, `np.outer`; `p` is [1×3], `p[0]` its row).
#
# </details>
# <details><summary>Hint 3: the formula</summary>
#
# $\frac{\partial p_j}{\partial o_{in_k}} = p_j(\delta_{jk} - p_k)$, i.e. $J = \operatorname{diag}(p) - p^\top p$:
# `np.diag(p[0]) - np.outer(p[0], p[0])`.
#
# </details>

# %% slideshow={"slide_type": "subslide"} tags=["nbval-ignore-output"]
# Exercise: J (3, 3), the Jacobian of softmax at o_in: J[j, k] = ∂p_j/∂o_k, from p; checked
#   against the numerical Jacobian below
### BEGIN SOLUTION
J = np.diag(p[0]) - np.outer(p[0], p[0])
### END SOLUTION
J_num = np.vstack([eval_numerical_gradient_array(softmax, o_in.copy(), np.eye(3)[[j]])
                   for j in range(3)])
print("J =\n", J)
print(f"relative error: {rel_error(J, J_num):.0e}")
check_gradient("J", J, J_num)
off_diagonal = J - np.diag(np.diag(J))
print(f"largest |off-diagonal entry| {np.abs(off_diagonal).max():.4f};",
      f"largest |column sum| {np.abs(J.sum(axis=0)).max():.0e}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the off-diagonal entries are not small, the column sums are 0 up to round-off
assert np.abs(off_diagonal).max() > 0.05 and np.abs(J.sum(axis=0)).max() < 1e-15

# %% [markdown] slideshow={"slide_type": "subslide"}
# The quotient rule gives
#
# $$\frac{\partial p_j}{\partial o_{in_k}} = p_j(\delta_{jk} - p_k) =
# \begin{cases} p_k(1-p_k) & j = k \\ -p_j\,p_k & j \ne k \end{cases}
# \qquad\text{i.e.}\qquad J = \operatorname{diag}(p) - p^\top p .$$
#
# Every score moves every probability.

# %% [markdown] slideshow={"slide_type": "-"} tags=["inline-question"]
# **Inline question 3:** The off-diagonal entries of $J$ are not zero, but every column sums to 0, up to
# round-off. Why must it, for any scores?

# %% [markdown] slideshow={"slide_type": "fragment"} tags=["answer"]
# **Answer:** Column $k$ of $J$ holds the derivatives of all the probabilities $p_1, p_2, p_3$ with respect to one
# score $o_{in_k}$; its sum is the derivative of $p_1 + p_2 + p_3$. That sum is 1 whatever the scores, so its
# derivative is 0: whatever probability one class gains when a score moves, the others lose. Section 5 meets the
# consequence: the write-up's loss $\sum_k p_k$ has gradient $1\cdot J = 0$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### With cross-entropy, the Jacobian collapses
#
# The loss only looks at the correct class $y$: $\partial L^{(1)}/\partial p = (0, \dots, -1/p_y, \dots, 0)$. The
# chain rule multiplies this row by $J$, which picks row $y$ of $J$ and scales it by $-1/p_y$:
#
# $$\frac{\partial L^{(1)}}{\partial o_{in_k}} = -\frac{1}{p_y}\, p_y(\delta_{yk} - p_k) = p_k - \delta_{yk}
# \qquad\Longrightarrow\qquad \frac{\partial L^{(1)}}{\partial o_{in}} = p - \text{onehot}(y).$$
#
# The Jacobian and the logarithm cancel into a subtraction:

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
dL_dp = np.zeros(3)
dL_dp[label[0]] = -1 / p[0, label[0]]
collapsed = p[0] - np.eye(3)[label[0]]
numeric = numerical(lambda: softmax_loss(o_in, label)[0], o_in)[0]
print("∂L⁽¹⁾/∂p · J  =", dL_dp @ J)
print("p − onehot(y) =", collapsed)
print("numerical     =", numeric)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the product with J is p − onehot(y), and both agree with the numerical gradient
assert rel_error(dL_dp @ J, collapsed) < 1e-12 and rel_error(collapsed, numeric) < 1e-7

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3 · The chain rule on single weights
#
# $w^2_{11}$ connects hidden unit 1 to output 1. **Exercise:** $\partial L^{(1)}/\partial w^2_{11}$ as the
# product of three factors of the chain rule, each a number: `dL_dp1` $= \partial L^{(1)}/\partial p_1$,
# `dp1_do1` $= \partial p_1/\partial o_{in_1}$ and `do1_dw` $= \partial o_{in_1}/\partial w^2_{11}$, from the
# forward values of section 2. The check compares the product with the numerical derivative: `rel_error(a, b)`,
# the largest $|a - b| / \max(10^{-8}, |a| + |b|)$, below $10^{-7}$ (notebook 3 examines this judge).

# %% [markdown] slideshow={"slide_type": "skip"}
# <details><summary>Hint 1: the idea</summary>
#
# $w^2_{11}$ reaches $L^{(1)}$ only through $o_{in_1}$, and $o_{in_1}$ reaches it through every probability
# (they share one denominator): a sum over $k$ of
# $\frac{\partial L^{(1)}}{\partial p_k}\,\frac{\partial p_k}{\partial o_{in_1}}\,\frac{\partial o_{in_1}}{\partial w^2_{11}}$.
# Sample 1's class is 1: which terms of the sum survive?
#
# </details>
# <details><summary>Hint 2: the shapes</summary>
#
# Each factor is one number: one entry of $p$, one entry of section 2's $J$, one entry of $h_{out}$. Python
# counts from 0: $p_1$ is `p[0, 0]`, $h_{out_1}$ is `h_out[0, 0]`.
#
# </details>
# <details><summary>Hint 3: the formula</summary>
#
# $\partial L^{(1)}/\partial p_1 = -1/p_1$, $\partial p_1/\partial o_{in_1} = p_1(1 - p_1)$ and
# $\partial o_{in_1}/\partial w^2_{11} = h_{out_1}$: `-1 / p[0, 0]`, `p[0, 0] * (1 - p[0, 0])`, `h_out[0, 0]`.
#
# </details>

# %% slideshow={"slide_type": "-"}
# Exercise: the three factors of the chain, as numbers:
#   dL_dp1 = ∂L⁽¹⁾/∂p₁, dp1_do1 = ∂p₁/∂o₁, do1_dw = ∂o₁/∂w²₁₁; their product is checked numerically
### BEGIN SOLUTION
dL_dp1 = -1 / p[0, 0]
dp1_do1 = p[0, 0] * (1 - p[0, 0])
do1_dw = h_out[0, 0]
### END SOLUTION
chain = dL_dp1 * dp1_do1 * do1_dw
numeric = numerical(sample_loss, W2)[0, 0]
print(f"{dL_dp1:.4f} × {dp1_do1:.4f} × {do1_dw:.4f} = {chain:.4f}   numerical: {numeric:.4f}")
check_gradient("the chain's product", chain, numeric)

# %% [markdown] slideshow={"slide_type": "fragment"}
# The chain runs through every probability, $\sum_{k} \frac{\partial L^{(1)}}{\partial p_k}
# \frac{\partial p_k}{\partial o_{in_1}} \frac{\partial o_{in_1}}{\partial w^2_{11}}$, but
# $L^{(1)} = -\log p_1$ depends on $p_1$ alone, so only $k=1$ survives, with $\partial L^{(1)}/\partial p_1 = -1/p_1$;
# the softmax factor is the diagonal entry $p_1(1-p_1)$ of section 2's Jacobian; and
# $o_{in_1} = \sum_j h_{out_j} w^2_{j1} + b^2_1$ gives $h_{out_1}$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Why section 1 printed −0.5138
#
# Section 1's $\partial L/\partial w^2_{11} = -0.5138$ and this $\partial L^{(1)}/\partial w^2_{11} = -2.5164$ are
# derivatives of two different losses. Section 1's $L$ averages the 5 samples' losses and adds the penalty, so
# $$\begin{aligned}\frac{\partial L}{\partial w^2_{11}} = \frac{1}{5}\sum_{i=1}^{5} \frac{\partial L^{(i)}}{\partial w^2_{11}} + 2\,\text{reg}\,w^2_{11}.\end{aligned}$$

# %% slideshow={"slide_type": "-"}
per_sample = np.array([numerical(lambda: loss_only(net, X[i:i + 1], y[i:i + 1]), W2)[0, 0]
                       for i in range(len(X))])
mean, penalty = per_sample.mean(), 2 * reg * w0
print(f"∂L⁽ⁱ⁾/∂w²₁₁: sample 1 {per_sample[0]:.4f};",
      f"samples {np.flatnonzero(per_sample == 0) + 1}: exactly 0")
print(f"mean {mean:.4f}  +  2·reg·w²₁₁ {penalty:.4f}  =  {mean + penalty:.4f}")
print("unit 1's input h_in₁, samples 1 to 5:", (X @ W1 + b1)[:, 0])

# %% [markdown] slideshow={"slide_type": "fragment"}
# Samples 2 to 5 contribute exactly 0: hidden unit 1 is off for them ($h_{in_1} < 0$, so $h_{out_1} = 0$, the
# chain's last factor). Sample 1 alone pulls on this weight, the mean divides its pull by 5, and the penalty adds
# $2\,\text{reg}\,w^2_{11}$. Section 4 writes this sum for every weight at once.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: −2.5164 for sample 1, 0 for samples 2-5 (unit 1 off for them); mean + penalty = section 1's −0.5138
assert f"{per_sample[0]:.4f}" == f"{chain:.4f}" == "-2.5164" and (per_sample[1:] == 0).all()
assert ((X @ W1 + b1)[1:, 0] < 0).all() and (X @ W1 + b1)[0, 0] > 0
assert np.isclose(mean + penalty, g) and f"{g:.4f}" == "-0.5138"

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### ∂L⁽¹⁾/∂w¹₁₁
#
# One layer further down, $w^1_{11}$ feeds hidden unit 1, which feeds **all three** outputs. **Exercise:** the
# chain in four pieces: `dL_do` $= \partial L^{(1)}/\partial o_{in}$ [3] (section 2 found it), then, each a
# number, `dL_dh1` $= \partial L^{(1)}/\partial h_{out_1}$, `relu_gate` $= \partial h_{out_1}/\partial h_{in_1}$
# (1.0 or 0.0) and `dh_dw` $= \partial h_{in_1}/\partial w^1_{11}$. The check compares the product of the last
# three with the numerical derivative.

# %% [markdown] slideshow={"slide_type": "skip"}
# <details><summary>Hint 1: the idea</summary>
#
# $h_{out_1}$ reaches $L^{(1)}$ through all three scores: add the three paths, each the score's gradient
# times the weight from unit 1 to that score. Then the ReLU's slope at $h_{in_1}$; then what $w^1_{11}$
# multiplies in $h_{in_1}$.
#
# </details>
# <details><summary>Hint 2: the shapes</summary>
#
# `dL_do` is [3]; unit 1's outgoing weights are row 1 of $W^2$, `W2[0]`, also [3]: their products, added, give
# one number. $x_1$ is `x[0, 0]`.
#
# </details>
# <details><summary>Hint 3: the formula</summary>
#
# $$\frac{\partial L^{(1)}}{\partial w^1_{11}} = \Big(\sum_{k=1}^{3} \frac{\partial L^{(1)}}{\partial o_{in_k}}\, w^2_{1k}\Big)
# \cdot \mathbb{1}[h_{in_1} > 0] \cdot x_1, \qquad \frac{\partial L^{(1)}}{\partial o_{in_k}} = p_k - \mathbb{1}[k = y]:$$
# `p[0] - np.eye(3)[label[0]]`, `np.sum(dL_do * W2[0])`, `float(h_in[0, 0] > 0)`, `x[0, 0]`.
#
# </details>

# %% slideshow={"slide_type": "-"}
# Exercise: dL_do = ∂L⁽¹⁾/∂o_in (3,); dL_dh1 = ∂L⁽¹⁾/∂h_out₁ (a number);
#   relu_gate = ∂h_out₁/∂h_in₁ (1.0 or 0.0); dh_dw = ∂h_in₁/∂w¹₁₁; the product is checked numerically
### BEGIN SOLUTION
dL_do = p[0] - np.eye(3)[label[0]]
dL_dh1 = np.sum(dL_do * W2[0])
relu_gate = float(h_in[0, 0] > 0)
dh_dw = x[0, 0]
### END SOLUTION
chain = dL_dh1 * relu_gate * dh_dw
numeric = numerical(sample_loss, W1)[0, 0]
print(f"{dL_dh1:.4f} × {relu_gate:.0f} × {dh_dw:.4f} = {chain:.4f}   numerical: {numeric:.4f}")
check_gradient("the chain's product", chain, numeric)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: for k = 1, p₁ − 1 is the product of the first two factors of ∂L⁽¹⁾/∂w²₁₁
assert np.isclose(dL_dp1 * dp1_do1, p[0, 0] - 1) and np.isclose(dL_do[0], p[0, 0] - 1)

# %% [markdown] slideshow={"slide_type": "subslide"}
# $$\frac{\partial L^{(1)}}{\partial w^1_{11}} = \underbrace{\Big(\sum_{k=1}^{3} \frac{\partial L^{(1)}}{\partial o_{in_k}}\, w^2_{1k}\Big)}_{\partial L^{(1)}/\partial h_{out_1}}
# \cdot \underbrace{\mathbb{1}[h_{in_1} > 0]}_{\partial h_{out_1}/\partial h_{in_1}} \cdot \underbrace{x_1}_{\partial h_{in_1}/\partial w^1_{11}},
# \qquad \frac{\partial L^{(1)}}{\partial o_{in_k}} = p_k - \mathbb{1}[k = y].$$
#
# The last identity is section 2's collapse; for $k = 1$ it is the product of the first two factors of
# $\partial L^{(1)}/\partial w^2_{11}$ above: $-\frac{1}{p_1}\,p_1(1 - p_1) = p_1 - 1$.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4 · Matrix form, for the whole batch
#
# All $N = 5$ samples ($D = 4$ inputs, $H = 10$ hidden units, $C = 3$ classes) and the penalty: the loss of
# section 1 and of `TwoLayerNet.loss`, $L = \frac{1}{N}\sum_i L^{(i)} + \text{reg}\,\big(\lVert W^1\rVert^2 +
# \lVert W^2\rVert^2\big)$, reg = 0.05. Each exercise below names what to compute and its shape, and checks it
# against the numerical gradient; the hints under it ask the questions that lead there.

# %% slideshow={"slide_type": "skip"}
H_in = X @ W1 + b1
H_out = np.maximum(0, H_in)
O_in = H_out @ W2 + b2
P = softmax(O_in)
N = len(X)
Y = np.eye(3)[y]                  # one-hot labels

def batch_loss():
    return loss_only(net, X, y, reg)

loss = batch_loss()

# %% [markdown] slideshow={"slide_type": "-"}
# **Scores.** **Exercise:** `dO` $= \partial L/\partial O_{in}$ [5×3], the gradient of the batch's loss with respect
# to every score, checked against the numerical gradient of the data loss.

# %% [markdown] slideshow={"slide_type": "skip"}
# <details><summary>Hint 1: the idea</summary>
#
# Section 2 gave one sample's row, for its own loss $L^{(i)}$. The batch's loss is the mean of the 5 (the
# penalty does not depend on the scores): what does the mean change?
#
# </details>
# <details><summary>Hint 2: the shapes</summary>
#
# `P` [5×3] and the one-hot labels `Y` [5×3] are computed above, and `N` = 5.
#
# </details>
# <details><summary>Hint 3: the formula</summary>
#
# $dO = \frac{1}{N}(P - Y)$: `(P - Y) / N`.
#
# </details>

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
# Exercise: dO, the gradient of the loss with respect to the scores O_in, shape (5, 3);
#   checked numerically
### BEGIN SOLUTION
dO = (P - Y) / N
### END SOLUTION
dO_num = numerical(lambda: softmax_loss(O_in, y)[0], O_in)
print(f"dO [5×3]: relative error {rel_error(dO, dO_num):.0e}")
check_gradient("dO", dO, dO_num)

# %% [markdown] slideshow={"slide_type": "fragment"}
# $dO = \frac{1}{N}(P - Y)$, $Y$ the one-hot labels: row $i$ is section 2's $p - \text{onehot}(y)$ for sample $i$,
# divided by $N$ because the loss is the mean.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Second layer.** **Exercise:** $dW^2 = \partial L/\partial W^2$ [10×3] and $db^2 = \partial L/\partial b^2$ [3],
# the penalty included, each checked against the numerical gradient of the batch's loss.

# %% [markdown] slideshow={"slide_type": "skip"}
# <details><summary>Hint 1: the idea</summary>
#
# The weight $w^2_{jk}$ collects a term $h_{out_{ij}}\,dO_{ik}$ from every sample $i$ (section 3, with $dO$ for
# one sample's first two factors). The bias $b^2_k$ is added to every sample's score $k$ with weight 1. And the
# penalty has a gradient of its own (notebook 1).
#
# </details>
# <details><summary>Hint 2: the shapes</summary>
#
# Which index is summed, and which product of $H_{out}$ [5×10] and $dO$ [5×3] lines it up and comes out
# [10×3]? Along which axis of $dO$ do you sum for $db^2$ [3]?
#
# </details>
# <details><summary>Hint 3: the formula</summary>
#
# $dW^2 = H_{out}^\top dO + 2\,\text{reg}\,W^2$ and $db^2$ = the rows of $dO$ added:
# `H_out.T @ dO + 2 * reg * W2`, `dO.sum(axis=0)`.
#
# </details>

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
# Exercise: dW2 = ∂L/∂W2 with the penalty's term, shape (10, 3); db2 = ∂L/∂b2, shape (3,);
#   both checked numerically
### BEGIN SOLUTION
dW2 = H_out.T @ dO + 2 * reg * W2
db2 = dO.sum(axis=0)
### END SOLUTION
dW2_num, db2_num = numerical(batch_loss, W2), numerical(batch_loss, b2)
print(f"relative errors: dW2 {rel_error(dW2, dW2_num):.0e}, db2 {rel_error(db2, db2_num):.0e}")
check_gradient("dW2", dW2, dW2_num), check_gradient("db2", db2, db2_num)

# %% [markdown] slideshow={"slide_type": "fragment"}
# $dW^2 = H_{out}^\top dO + 2\,\text{reg}\,W^2$: the product sums $h_{out_{ij}}\,dO_{ik}$ over the samples $i$, and the
# penalty adds $2\,\text{reg}\,W^2$; $db^2$ adds up the rows of $dO$ (axis 0).

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Back into the hidden layer.** **Exercise:** $dH_{out} = \partial L/\partial H_{out}$ [5×10], checked against the
# numerical gradient.

# %% [markdown] slideshow={"slide_type": "skip"}
# <details><summary>Hint 1: the idea</summary>
#
# $h_{out_{ij}}$ reaches sample $i$'s three scores through the weights $w^2_{j1}, w^2_{j2}, w^2_{j3}$, as
# $h_{out_1}$ did in section 3. Which index is summed?
#
# </details>
# <details><summary>Hint 2: the shapes</summary>
#
# How must $dO$ [5×3] and $W^2$ [10×3] multiply to give [5×10]?
#
# </details>
# <details><summary>Hint 3: the formula</summary>
#
# $dH_{out} = dO\,W^{2\top}$: `dO @ W2.T`.
#
# </details>

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
# Exercise: dH_out, the gradient of the loss with respect to H_out, shape (5, 10); checked numerically
### BEGIN SOLUTION
dH_out = dO @ W2.T
### END SOLUTION
dH_out_num = numerical(lambda: softmax_loss(H_out @ W2 + b2, y)[0], H_out)
print(f"dH_out: relative error {rel_error(dH_out, dH_out_num):.0e}")
check_gradient("dH_out", dH_out, dH_out_num)

# %% [markdown] slideshow={"slide_type": "fragment"}
# $dH_{out} = dO\,W^{2\top}$: each entry sums over the classes $k$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **The ReLU gate.** **Exercise:** `mask` [5×10], True where the hidden unit is on for the sample, and
# $dH_{in} = \partial L/\partial H_{in}$ [5×10], checked against the numerical gradient.

# %% [markdown] slideshow={"slide_type": "skip"}
# <details><summary>Hint 1: the idea</summary>
#
# What is the slope of $\max(0, z)$ above 0, and below?
#
# </details>
# <details><summary>Hint 2: the shapes</summary>
#
# A boolean array multiplies as 1 and 0; `dH_out * mask` keeps the shape [5×10].
#
# </details>
# <details><summary>Hint 3: the formula</summary>
#
# $dH_{in} = dH_{out} \odot \mathbb{1}[H_{in} > 0]$: `mask = H_in > 0`, `dH_in = dH_out * mask`.
#
# </details>

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
# Exercise: mask (5, 10), True where the hidden unit is on for the sample; dH_in, the gradient
#   with respect to H_in (5, 10); checked numerically
### BEGIN SOLUTION
mask = H_in > 0
dH_in = dH_out * mask
### END SOLUTION
dH_in_num = numerical(lambda: softmax_loss(np.maximum(0, H_in) @ W2 + b2, y)[0], H_in)
print(f"dH_in: relative error {rel_error(dH_in, dH_in_num):.0e};"
      f" the mask blocks {np.count_nonzero(~mask)} of the {mask.size} entries")
check_gradient("dH_in", dH_in, dH_in_num)

# %% [markdown] slideshow={"slide_type": "fragment"}
# $dH_{in} = dH_{out} \odot \mathbb{1}[H_{in} > 0]$: ReLU's slope is 1 above 0 and 0 below, so the gradient passes
# where the unit is on and stops where it is off.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **First layer.** **Exercise:** $dW^1$ [4×10] and $db^1$ [10], the penalty included, each checked against the
# numerical gradient of the batch's loss.

# %% [markdown] slideshow={"slide_type": "skip"}
# <details><summary>Hint 1: the idea</summary>
#
# The second layer's pattern, one step down: which matrix plays the part of $H_{out}$ now, and which that of
# $dO$? The penalty again adds its own term.
#
# </details>
# <details><summary>Hint 2: the shapes</summary>
#
# [4×5]·[5×10] = [4×10]; $db^1$ [10] sums over the samples.
#
# </details>
# <details><summary>Hint 3: the formula</summary>
#
# $dW^1 = X^\top dH_{in} + 2\,\text{reg}\,W^1$ and $db^1$ = the rows of $dH_{in}$ added:
# `X.T @ dH_in + 2 * reg * W1`, `dH_in.sum(axis=0)`.
#
# </details>

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
# Exercise: dW1 = ∂L/∂W1 with the penalty's term, shape (4, 10); db1 = ∂L/∂b1, shape (10,);
#   both checked numerically
### BEGIN SOLUTION
dW1 = X.T @ dH_in + 2 * reg * W1
db1 = dH_in.sum(axis=0)
### END SOLUTION
dW1_num, db1_num = numerical(batch_loss, W1), numerical(batch_loss, b1)
print(f"relative errors: dW1 {rel_error(dW1, dW1_num):.0e}, db1 {rel_error(db1, db1_num):.0e}")
check_gradient("dW1", dW1, dW1_num), check_gradient("db1", db1, db1_num)

# %% [markdown] slideshow={"slide_type": "fragment"}
# $dW^1 = X^\top dH_{in} + 2\,\text{reg}\,W^1$ and $db^1$ adds up the rows of $dH_{in}$: $X$ plays the part of
# $H_{out}$, $dH_{in}$ that of $dO$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The package does exactly this
#
# `TwoLayerNet.loss` runs three methods in turn: `forward` (notebook 1); `penalised_loss`, which gets the loss and
# $dO$ (its name: `dscores`) from `softmax_loss`; and `backward`, which holds the other six lines of this section
# (with `h_out`, `dh_out`, `dh_in` for $H_{out}$, $dH_{out}$, $dH_{in}$). In the student edition, write them now
# in `cs231n/neural_net.py`, from what you derived: `dscores` in `softmax_loss` and `TwoLayerNet.backward`
# (save the file: autoreload brings it in). The check below tests both; then the package's gradients must be yours:

# %% slideshow={"slide_type": "skip"}
require("softmax_loss", "TwoLayerNet.backward")      # check

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "-"} tags=["hide-input"]
body = inspect.getsource(TwoLayerNet.backward).split('"""')[-1]       # the code after the docstring
print("\n".join(line[8:] for line in body.splitlines() if line.strip() and "#" not in line[:10]))

# %% slideshow={"slide_type": "-"}
loss, grads = net.loss(X, y, reg=reg)
ours = {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
print("largest difference from the package's gradients:",
      ", ".join(f"{name} {np.abs(ours[name] - grads[name]).max():.0e}" for name in ours))

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the package returns the same numbers as the derivation
assert all(np.allclose(ours[name], grads[name], rtol=0, atol=1e-14) for name in ours)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The whole pass as a graph
#
# Forward, left to right, the values at `[0, 0]`; backward, right to left, the formulas you just wrote. At each
# weight matrix the term through the network and the penalty's term add up:

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "-"} tags=["hide-input"]
through_net = {name: grads[name] - 2 * reg * net.params[name] for name in ("W1", "W2")}
draw_chain_graph(
    nodes=[("$x$", f"X [5×4]\nX[0,0] = {X[0, 0]:.3f}", ""),
           ("$h_{in}$", f"[5×10]\nh_in[0,0] = {H_in[0, 0]:.3f}", "dH_in = dH_out\n⊙ 1[h_in > 0]"),
           ("$h_{out}$", f"[5×10]\nh_out[0,0] = {H_out[0, 0]:.3f}", "dH_out =\ndO · W²ᵀ"),
           ("$o_{in}$", f"scores [5×3]\no_in[0,0] = {O_in[0, 0]:.3f}", "dO =\n(P − onehot(y)) / N"),
           ("$L$", f"L = {loss:.4f}", "∂L/∂L = 1")],
    ops=["· W¹ + b¹", "ReLU", "· W² + b²", "softmax,\n−log, mean"],
    params={0: ("W¹, b¹", "W¹ [4×10]\nb¹ [10]", f"Xᵀ·dH_in\n{through_net['W1'][0, 0]:.5f} at [0,0]",
                f"dW¹ = Xᵀ·dH_in + 2·reg·W¹\n{grads['W1'][0, 0]:.5f} at [0,0]"),
            2: ("W², b²", "W² [10×3]\nb² [3]", f"H_outᵀ·dO\n{through_net['W2'][0, 0]:.4f} at [0,0]",
                f"dW² = H_outᵀ·dO + 2·reg·W²\n{grads['W2'][0, 0]:.4f} at [0,0]")},
    penalties={0: (f"+ reg·‖W¹‖² = {reg * np.sum(W1 ** 2):.4f}", f"2·reg·W¹: {2 * reg * W1[0, 0]:.5f} at [0,0]"),
               2: (f"+ reg·‖W²‖² = {reg * np.sum(W2 ** 2):.4f}", f"2·reg·W²: {2 * reg * W2[0, 0]:.4f} at [0,0]")},
    title="The two-layer net as a computational graph (toy batch, reg = 0.05)")
plt.show()

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: at each weight the two printed terms add up to the printed sum (as rounded in the figure)
for name, digits in (("W1", 5), ("W2", 4)):
    terms = round(through_net[name][0, 0], digits) + round(2 * reg * net.params[name][0, 0], digits)
    assert round(terms, digits) == round(grads[name][0, 0], digits), name
assert f"{grads['W2'][0, 0]:.4f}" == f"{g:.4f}" and np.isclose(through_net["W2"][0, 0], per_sample.mean())


# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5 · What the write-up gets wrong
#
# The write-up, [*CS231n Assignment 1*](https://cjhjhj.github.io/ml/2019/10/27/CS231n_Assignment1), quoted as written
# at the top of each part: (a) to (c) are checked on sample 1, (d) on the batch; (e) is a missing feature.
#
# ### (a) Its loss is the constant 1
#
# > $L = \sum_{k = 1}^3 L_k = \sum_{k = 1}^3 o_{out_k} = o_{out_1} + o_{out_2} + o_{out_3}$
#
# The probabilities sum to 1 for any weights (notebook 1), so the true gradient is zero. The derivation arrives at $\partial L/\partial W^2 = h_{out}^\top q$ with $q_k = p_k(1 - p_k)$:

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
def writeup_loss():
    return softmax(np.maximum(0, x @ W1) @ W2).sum()         # no biases, as written
q = p * (1 - p)
writeup_dW2 = h_out.T @ q
true_dW2 = numerical(writeup_loss, W2)
error = rel_error(writeup_dW2, true_dW2)
print(f"largest entry: write-up's dW² {np.abs(writeup_dW2).max():.4f}, true {np.abs(true_dW2).max():.0e};",
      f"relative error {error:.2f} -> FAILS")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the true gradient is 0 up to round-off (about 1e-11) and the relative error is 1.00
assert np.abs(true_dW2).max() < 1e-9 and rel_error(writeup_dW2, true_dW2) > 0.99

# %% [markdown] slideshow={"slide_type": "fragment"}
# Here 1.00, the ceiling of the relative error (notebook 3), is earned: the true gradient is 0, the write-up's pure error.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### (b) It keeps only the diagonal of the softmax Jacobian
#
# > $\frac{\partial o_{out_1}}{\partial o_{in_1}} = \begin{bmatrix} \frac{\partial p(o_{in_1})}{\partial o_{in_1}} &
# \frac{\partial p(o_{in_2})}{\partial o_{in_1}} & \frac{\partial p(o_{in_3})}{\partial o_{in_1}} \end{bmatrix} =
# \frac{\partial p(o_{in_1})}{\partial o_{in_1}} = p(o_{in_1})(1 - p(o_{in_1}))$
#
# This is where (a)'s gradient comes from: the write-up starts writing column 1 of $J$, the derivatives of every
# $p_j$ with respect to $o_{in_1}$, then keeps one entry. With the whole $J$, its loss would give $1 \cdot J = 0$
# (the column sums); with the diagonal it gives $q$. The same cut breaks cross-entropy too:

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
diagonal = np.diag(np.diag(J))                    # the write-up's Jacobian
truth = numerical(lambda: softmax_loss(o_in, label)[0], o_in)[0]
print(f"sum of p:  1·J, largest |entry| {np.abs(np.ones(3) @ J).max():.0e};  diagonal only:",
      np.ones(3) @ diagonal, "= q")
print("cross-entropy:  diagonal only", dL_dp @ diagonal, "  numerical", truth)
print(f"relative error: diagonal only {rel_error(dL_dp @ diagonal, truth):.2f} -> FAILS;",
      f"full J {rel_error(dL_dp @ J, truth):.0e} -> passes")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: 1·J is 0 up to round-off and the diagonal is q; for cross-entropy the diagonal fails (1.00), J passes
assert np.abs(np.ones(3) @ J).max() < 1e-15 and np.allclose(np.diag(J), q[0])
assert rel_error(dL_dp @ diagonal, truth) > 0.99 and rel_error(dL_dp @ J, truth) < 1e-7

# %% [markdown] slideshow={"slide_type": "subslide"} tags=["inline-question"]
# **Inline question 4:** The write-up's $dW^2 = h_{out}^\top q$ contains no label at all. What would training on
# this $dW^2$ do to the predictions?

# %% [markdown] slideshow={"slide_type": "fragment"} tags=["answer"]
# **Answer:** It ignores the labels, so it cannot learn which class is right. Each step lowers the weights from
# the active hidden units to class $k$ in proportion to $q_k = p_k(1 - p_k)$, which grows with $p_k$ below 1/2: the
# likeliest classes are pushed down hardest, until the net has no opinion, 1/3 for every class. The predicted
# classes change on the way, but at random, not towards the labels.

# %% [markdown] slideshow={"slide_type": "fragment"}
# The experiment: 2000 steps of $W^2 \leftarrow W^2 - 0.1\cdot H_{out}^\top q / N$ on the batch.

# %% slideshow={"slide_type": "-"}
W2_drift = W2.copy()
for step in range(2000):
    P_drift = softmax(H_out @ W2_drift + b2)
    W2_drift -= 0.1 * H_out.T @ (P_drift * (1 - P_drift)) / N    # no label in it
P_drift = softmax(H_out @ W2_drift + b2)
print("labels:          ", y + 1)
for name, P_now in (("before", P), ("after ", P_drift)):
    predicted = P_now.argmax(axis=1)
    print(f"{name}: predicted {predicted + 1}  accuracy {np.mean(predicted == y):.1f}",
          f" sample 1: p = {P_now[0]}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the predictions change from [3 1 1 1 1] (accuracy 0.0) to [1 3 3 1 1] (0.4); every p ends within 0.002 of 1/3
assert list(P.argmax(axis=1) + 1) == [3, 1, 1, 1, 1] and list(P_drift.argmax(axis=1) + 1) == [1, 3, 3, 1, 1]
assert np.mean(P.argmax(axis=1) == y) == 0 and np.mean(P_drift.argmax(axis=1) == y) == 0.4
assert np.abs(P_drift - 1 / 3).max() < 0.002 and np.abs(P - 1 / 3).max() > 0.05

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### (c) An index slip in the first layer
#
# > "Similarly," $\frac{\partial L}{\partial w^1_{12}} = x_1(w^2_{11}q_1 + w^2_{12}q_2 + w^2_{13}q_3) \ (h_{in_1} > 0)$
#
# These are $w^1_{11}$'s terms, copied. The entry for hidden unit $j$ needs **row $j$ of $W^2$** and **the gate of
# unit $j$**. To test the slip alone we give it the correct $\delta = p - \text{onehot}(y)$ in place of $q$:
# $\partial L^{(1)}/\partial w^1_{ij} = x_i \big(\sum_k w^2_{jk}\,\delta_k\big)\,\mathbb{1}[h_{in_j} > 0]$. Unit 2 is
# off for sample 1, so its true entry is 0 and tests only the gate; unit 4 is on, and only row 4 of $W^2$ gives the
# right number:

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
delta = p - np.eye(3)[label]                                         # [1×3], in place of q
truth_W1 = numerical(sample_loss, W1)
written = x[0, 0] * (W2[0] @ delta[0]) if h_in[0, 0] > 0 else 0.0   # w¹₁₁'s expression, copied
for j in (1, 3):                                                     # hidden units 2 and 4
    fixed = x[0, 0] * (W2[j] @ delta[0]) if h_in[0, j] > 0 else 0.0  # row j of W², gate of unit j
    print(f"w¹_1{j + 1} (h_in = {h_in[0, j]:+.3f}):  as written {written:+.4f}",
          f"  corrected {fixed:+.4f}   numerical {truth_W1[0, j]:+.4f}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: h_in₂ = −0.991 (off), h_in₄ = 6.083 (on); the copied expression fails for both, the corrected one passes
assert f"{h_in[0, 1]:.3f}" == "-0.991" and f"{h_in[0, 3]:.3f}" == "6.083" and truth_W1[0, 1] == 0
for j in (1, 3):
    fixed = x[0, 0] * (W2[j] @ delta[0]) if h_in[0, j] > 0 else 0.0
    assert rel_error(written, truth_W1[0, j]) > 0.5 and rel_error(fixed, truth_W1[0, j]) < 1e-7
assert abs(truth_W1[0, 3]) > 0.1
correct = x.T @ ((delta @ W2.T) * (h_in > 0))          # the corrected matrix form passes too
assert rel_error(correct, truth_W1) < 1e-7

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### (d) It drops the L2 penalty from the gradient
#
# > $\therefore \frac{\partial L}{\partial w^2_{jk}} = 1\cdot p(o_{in_k})(1 - p(o_{in_k}))\cdot h_{out_j}$
#
# It trains "with \[...\] L2 regularization on the weight matrices", yet no line differentiates the penalty: no
# $+\,2\,\text{reg}\,W$. At reg = 0.05, on section 4's batch:

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
for name, data_only in (("W1", X.T @ dH_in), ("W2", H_out.T @ dO)):
    truth = numerical(batch_loss, net.params[name])
    overall = np.linalg.norm(data_only - truth) / np.linalg.norm(truth)
    print(f"d{name} without 2·reg·{name}: {rel_error(data_only, truth):.2f} -> FAILS",
          f"(whole gradient off by {overall:.1%});  with it: {rel_error(grads[name], truth):.0e}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: both fail at 1.00 while the whole gradient is off by a few percent; units 2, 6, 7 are never on
never_on = np.flatnonzero((H_in > 0).sum(axis=0) == 0)
for name, data_only in (("W1", X.T @ dH_in), ("W2", H_out.T @ dO)):
    truth = numerical(batch_loss, net.params[name])
    overall = np.linalg.norm(data_only - truth) / np.linalg.norm(truth)
    assert rel_error(data_only, truth) > 0.99 and 0.01 < overall < 0.1 and rel_error(grads[name], truth) < 1e-7
assert list(never_on + 1) == [2, 6, 7] and np.allclose((X.T @ dH_in)[:, never_on], 0)

# %% [markdown] slideshow={"slide_type": "fragment"}
# The 1.00: units 2, 6, 7 are never on, so their true gradient is the penalty's alone. The data term trains as if reg = 0.

# %% [markdown] slideshow={"slide_type": "fragment"}
# **(e) No biases:** $h_{in} = x \cdot W^1$, $o_{in} = h_{out} \cdot W^2$, as written. A missing feature: no $db^1$, $db^2$, and scores $f(\alpha x) = \alpha f(x)$ for $\alpha > 0$, so the net classifies by
# the direction of $x$ alone (notebook 1 shows it; notebook 5 measures the cost).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# With $N = 5$ samples, $D = 4$ inputs, $H = 10$ hidden units and $C = 3$ classes:
#
# | quantity | formula | shape |
# |---|---|---|
# | $dO$ | $\frac{1}{N}(P - Y)$, $Y$ one-hot | [N×C] |
# | $dW^2$ | $H_{out}^\top dO + 2\,\text{reg}\,W^2$ | [H×C] |
# | $db^2$ | the rows of $dO$ added (a sum over samples, axis 0) | [C] |
# | $dH_{out}$ | $dO\,W^{2\top}$ | [N×H] |
# | $dH_{in}$ | $dH_{out} \odot \mathbb{1}[H_{in} > 0]$ | [N×H] |
# | $dW^1$ | $X^\top dH_{in} + 2\,\text{reg}\,W^1$ | [D×H] |
# | $db^1$ | the rows of $dH_{in}$ added | [H] |
#
# In the package, `softmax_loss` returns $dO$ (as `dscores`) and `TwoLayerNet.backward` computes the other six
# (`h_out`, `dh_out`, `dh_in` are $H_{out}$, $dH_{out}$, $dH_{in}$). Every line was checked numerically. The write-up
# fails four checks (a constant loss, a Jacobian cut to its diagonal, an index slip, no penalty in its gradients)
# and lacks one feature (biases).

# %% [markdown] slideshow={"slide_type": "slide"} tags=["exercises"]
# ## Exercises
#
# 1. **One sample's gradient.** With reg = 0, compute each sample's $\partial L^{(i)}/\partial W^2$ with
#    `net.loss(X[i:i+1], y[i:i+1], reg=0)`. Check that their mean plus $2\,\text{reg}\,W^2$ (reg = 0.05) is section
#    4's `dW2` (`rel_error` below 1e-7). Which rows of each sample's gradient are exactly 0, and why?
# 2. **Change $H$.** `np.random.seed(0); net = TwoLayerNet(4, 20, 3, std=1e-1)`, rebind `W1, b1, W2, b2` to its
#    `params`, and rerun section 4 from its first code cell (which also redefines `batch_loss`). Which of N, D, H, C
#    change? How many hidden units does no sample switch on? (Restart the kernel afterwards.)
# 3. **The penalty's share.** Redo (d) with reg = 0, 0.25 and 1 (`net.loss(X, y, reg)` gives the true gradient).
#    How does the whole gradient's error grow with reg? Write it as a formula.
# 4. **The kinks of a first-layer weight.** Draw the loss along `W1[0, 1]` (into unit 2) and `W1[0, 0]` (into unit
#    1), ±2 around their values, with `loss_along` and `plot_tangent`. Find and explain every kink of both.
# 5. **The write-up's other slips.** With $\delta$ in place of $q$, check against `truth_W1`: its general line
#    $x_i\sum_k w^1_{jk}q_k$ ($W^1$ for $W^2$); its gate $h_{in_1} > 0$ for every $j$; its matrix form
#    $x^\top(q\,W^{2\top})$. Find its two notation slips (in its $\partial L_1/\partial h_{out_1}$, $L_1$ a class's term; in its $\partial L/\partial W^2$).

# %% [markdown] slideshow={"slide_type": "skip"}
# <details><summary><b>Expected results</b> (open them after your attempt)</summary>
#
# 1: the mean plus the penalty matches; row $j$ of sample $i$'s gradient is 0 where unit $j$
# is off for sample $i$ ($h_{out} = 0$), e.g. rows 2, 6, 7, 8, 9 for sample 1. 2: only $H$, 10 → 20; every check
# passes; one unit (unit 10) is never on. 3: the data term alone passes only at reg = 0; the error of the whole
# gradient is $\lVert 2\,\text{reg}\,W\rVert / \lVert \text{data term} + 2\,\text{reg}\,W\rVert$: for $dW^1$ 4.7%, 22%, 63% and for
# $dW^2$ 2.7%, 13%, 44% at reg = 0.05, 0.25, 1. 4: moving $w^1_{1j}$ by $\Delta w$ moves sample $i$'s $h_{in_j}$ by
# $x_{i1}\Delta w$, so there is a kink where $h_{in_j}$ crosses 0, at $\Delta w = -h_{in_j}/x_{i1}$: for unit 2 at
# +0.018 (sample 3), +0.061 (1), +0.248 (2), −0.112 (4), −0.637 (5); unit 2 is off for every sample at the current
# value, so between −0.112 and +0.018 only the penalty bends its curve. For unit 1 at −1.144 (4), −0.260 (5),
# −0.244 (1), +0.390 (2), +1.105 (3). 5: all three fail at 1.00; the first exists only for $j \le 4$ ($W^1$ has 4
# rows) and fails on the active columns 1, 3, 4 too, not only on unit 2's true-zero column; the second fails only
# in the columns of units 2, 6, 7, 8, 9, off for sample 1. The chain has $\partial o_{in_1}/\partial o_{out_1}$ upside
# down (its $L_1$ is class 1's term of its sum, not a sample's loss); row 2, column 3 of $\partial L/\partial W^2$ is
# labelled $w^2_{13}$ for $w^2_{23}$.
#
# </details>

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check", "exercise-answers"]
# check: the expected results of the exercises
Hin_all = X @ W1 + b1
for i in range(5):                                                          # 1
    g_i = net.loss(X[i:i + 1], y[i:i + 1], reg=0)[1]["W2"]
    assert (np.flatnonzero(np.all(g_i == 0, axis=1)) == np.flatnonzero(Hin_all[i] <= 0)).all()
mean_W2 = np.mean([net.loss(X[i:i + 1], y[i:i + 1], reg=0)[1]["W2"] for i in range(5)], axis=0)
assert rel_error(mean_W2 + 2 * reg * W2, dW2) < 1e-7
state = np.random.get_state(); np.random.seed(0); net20 = TwoLayerNet(4, 20, 3, std=1e-1)   # 2
np.random.set_state(state)
assert list(np.flatnonzero(((X @ net20.params["W1"] + net20.params["b1"]) > 0).sum(axis=0) == 0) + 1) == [10]
shares = {(r, name): np.linalg.norm(2 * r * net.params[name]) / np.linalg.norm(net.loss(X, y, reg=r)[1][name])  # 3
          for r in (0.05, 0.25, 1.0) for name in ("W1", "W2")}
assert [f"{shares[r, 'W1']:.2g}" for r in (0.05, 0.25, 1.0)] == ["0.047", "0.22", "0.63"]
assert [f"{shares[r, 'W2']:.2g}" for r in (0.05, 0.25, 1.0)] == ["0.027", "0.13", "0.44"]
assert np.allclose(net.loss(X, y, reg=0)[1]["W1"], X.T @ dH_in)
kinks = {j: -Hin_all[:, j] / X[:, 0] for j in (0, 1)}                       # 4
assert [f"{k:+.3f}" for k in kinks[1]] == ["+0.061", "+0.248", "+0.018", "-0.112", "-0.637"]
assert [f"{k:+.3f}" for k in kinks[0]] == ["-0.244", "+0.390", "+1.105", "-1.144", "-0.260"]
assert (Hin_all[:, 1] <= 0).all() and (np.abs(np.concatenate(list(kinks.values()))) < 2).all()
slip = x[0, :, None] * (W1[:4, :3] @ delta[0])[None, :]                     # 5
active = [0, 2, 3]
assert rel_error(slip, truth_W1[:, :4]) > 0.99 and rel_error(slip[:, active], truth_W1[:, active]) > 0.99
slip = x.T @ ((delta @ W2.T) * (h_in[0, 0] > 0))
assert rel_error(slip, truth_W1) > 0.99 and rel_error(slip[:, h_in[0] > 0], truth_W1[:, h_in[0] > 0]) < 1e-7
assert list(np.flatnonzero(h_in[0] <= 0) + 1) == [2, 6, 7, 8, 9]
assert rel_error(x.T @ (delta @ W2.T), truth_W1) > 0.99

# %% [markdown] slideshow={"slide_type": "-"}
# Previous: **[1 · The toy network](01_toy_network.ipynb)**.
# Next: **[3 · Checking gradients, and checking the checker](03_gradient_checking.ipynb)**.
