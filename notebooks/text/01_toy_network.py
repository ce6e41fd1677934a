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
# # 1 · The 4-10-3 toy network, one number at a time
#
# This notebook runs the forward pass of the CS231n two-layer network by hand on the smallest example there is:
# **4 inputs, 10 hidden units, 3 classes, 5 samples**, the toy problem of the official assignment and of the
# blog write-up we teach from, [*CS231n Assignment 1*](https://cjhjhj.github.io/ml/2019/10/27/CS231n_Assignment1),
# which derives this net's forward and backward pass without biases. Every step prints its shapes and its numbers.
#
# By the end you will have computed, yourself, the scores and the loss that `cs231n.TwoLayerNet` computes, seen
# what the biases add, and seen the first sign that the write-up's loss function cannot be right. A section marked
# *if time allows* can be left out in class.
#
# **Data:** only the official 5-sample toy data, generated in the package; nothing is downloaded.
#
# **Notation.** We keep the write-up's names so you can read the two side by side:
#
# | write-up | meaning | package name |
# |---|---|---|
# | $x$ | input row(s) | `X` |
# | $W^1$, $W^2$ | weight matrices | `params['W1']`, `params['W2']` |
# | $h_{in}$, $h_{out}$ | hidden layer before / after ReLU | — |
# | $o_{in}$ | class scores | `scores` |
# | $o_{out}$ | softmax probabilities | — |
# | — | bias vectors (the write-up has none) | `params['b1']`, `params['b2']` |

# %% [markdown] slideshow={"slide_type": "subslide"} tags=["student-path"]
# > **Working through the student edition?** This notebook uses four functions of the package that you write,
# > in `cs231n/neural_net.py`: `log_softmax` once the package's `softmax` comes in (in *One sample, step by
# > step*), `TwoLayerNet.forward` before *Adding the biases*, and `softmax_loss` with `TwoLayerNet.penalised_loss`
# > before *The package, and the official toy checks*. Of `softmax_loss` this notebook needs only the loss: its
# > second output, `dscores`, the gradient of the loss with respect to the scores, is what notebook 2 derives and
# > asks for at its end (until then return `None` in its place; `make check` asks for it with the backward pass). A cell marked **check** stops with a message naming
# > the function and its file until it is right. Cells with `# YOUR CODE HERE` are this notebook's own exercises:
# > each says what to compute, its shape and how it is checked; the hints under it (click one open at a time)
# > lead to the formula, and the text gives the formula after the check.

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
import numpy as np
import matplotlib.pyplot as plt

from cs231n import TwoLayerNet
from cs231n.plotting import draw_network
from cs231n.toy import init_toy_data, init_toy_model

np.set_printoptions(precision=4, suppress=True)
plt.rcParams.update({"font.size": 13})     # readable on a projector

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The network
#
# Each of the 4 inputs connects to each of the 10 hidden units (that is the 4×10 matrix $W^1$);
# each hidden unit connects to each of the 3 outputs ($W^2$, 10×3). The hidden units apply ReLU,
# $\max(0, \cdot)$; the outputs are turned into probabilities by softmax.
#
# The yellow **+1** nodes are the biases drawn as inputs that are always 1: the weights on their dashed
# edges are the entries of $b^1$ (10 of them) and $b^2$ (3). The network has $4\cdot10 + 10 + 10\cdot3 + 3 = 83$
# parameters; the next section counts them in code.
#
# The circles are numbered as numpy indexes them, from 0, and so is every particular sample, hidden unit or
# class the text names: sample 0 is `X[0]`, and the classes are 0, 1 and 2, like the labels. (The write-up, and
# notebook 2 with it, count from 1 in formulas: there $w^2_{11}$ is `W2[0, 0]`.)

# %% slideshow={"slide_type": "subslide"}
draw_network((4, 10, 3), weight_names=("W¹", "W²"), bias_names=("b¹", "b²"))
plt.show()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The toy model and data
#
# `init_toy_model` and `init_toy_data` seed numpy's generator exactly as the official notebook does
# (seed 0 for the weights, drawn with standard deviation 0.1; seed 1 for the data). The scores and the loss we
# compute are therefore the ones the official notebook checks; the last section compares them.

# %% slideshow={"slide_type": "-"}
net = init_toy_model()
X, y = init_toy_data()
W1, b1, W2, b2 = (net.params[k] for k in ("W1", "b1", "W2", "b2"))
for name, value in [("X", X), ("y", y), ("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2)]:
    print(f"{name:>2}: shape {value.shape}")
print("labels y =", y)
print("b1 =", b1, "  b2 =", b2)
print("parameters:", sum(p.size for p in net.params.values()))

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the network has 83 parameters; its biases start at 0
assert sum(p.size for p in net.params.values()) == 4 * 10 + 10 + 10 * 3 + 3 == 83
assert not b1.any() and not b2.any()

# %% [markdown] slideshow={"slide_type": "slide"}
# ## One sample, step by step
#
# We first follow the write-up's network, which has no biases; the toy net's biases are 0 (printed above), so
# leaving them out changes nothing yet, and *Adding the biases* brings them back. Take sample 0 as a row vector
# $x$ [1×4]. **Exercise:** `h_in` [1×10], what the hidden units receive: unit $j$ gets the 4 inputs, each times
# the weight on its edge into unit $j$ (column $j$ of $W^1$), added up; the next cell checks entry 0.

# %% [markdown] slideshow={"slide_type": "skip"}
# <details><summary>Hint 1: the idea</summary>
#
# All 10 weighted sums at once are one product of a row vector and a matrix.
#
# </details>
# <details><summary>Hint 2: the shapes</summary>
#
# [1×4]·[4×10] = [1×10]: the inner size, the 4 inputs, is the one summed over.
#
# </details>
# <details><summary>Hint 3: the formula</summary>
#
# $h_{in} = x \cdot W^1$; in numpy `x @ W1`.
#
# </details>

# %% slideshow={"slide_type": "-"}
x = X[:1]                       # keep it 2-D: one row
# Exercise: h_in (1, 10), what each hidden unit receives: the 4 inputs, each weighted by its edge
#   into the unit, added up; entry 0 is checked below
### BEGIN SOLUTION
h_in = x @ W1
### END SOLUTION
print("x    =", x, x.shape)
print("h_in =", h_in, h_in.shape)

# %% [markdown] slideshow={"slide_type": "fragment"}
# Check the first entry by writing the sum out in full:

# %% slideshow={"slide_type": "-"}
by_hand = x[0, 0] * W1[0, 0] + x[0, 1] * W1[1, 0] + x[0, 2] * W1[2, 0] + x[0, 3] * W1[3, 0]
print(f"h_in[0, 0] by hand = {by_hand:.6f}, from the product = {h_in[0, 0]:.6f}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the first entry of h_in, written out in full, is the product's
assert np.shape(h_in) == (1, 10) and np.isclose(by_hand, h_in[0, 0]), \
    "h_in should have shape (1, 10), its entry 0 the sum written out in the cell above"

# %% [markdown] slideshow={"slide_type": "subslide"}
# The hidden layer's input is the vector–matrix product $h_{in} = x \cdot W^1$, [1×4]·[4×10] = [1×10]: hidden
# unit $j$ receives $h_{in_j} = \sum_i x_i\, w^1_{ij}$, a weighted sum of the 4 inputs with the weights in column
# $j$ of $W^1$.

# %% [markdown] slideshow={"slide_type": "-"}
# **Exercise: ReLU.** `h_out`, shape [1×10], the outputs of the 10 hidden units: ReLU passes a positive input on
# unchanged and turns a negative one into 0. A hidden check cell compares every entry with `h_in`.

# %% [markdown] slideshow={"slide_type": "skip"}
# <details><summary>Hint 1: the idea</summary>
#
# Entry by entry, keep the larger of the input and 0: numpy has an element-wise function for "the larger of
# two", which broadcasts a number against an array.
#
# </details>
# <details><summary>Hint 2: the shapes</summary>
#
# The result has the shape of `h_in`, (1, 10); the 0 is broadcast to every entry.
#
# </details>
# <details><summary>Hint 3: the formula</summary>
#
# $h_{out} = \max(0, h_{in})$ entry by entry: `np.maximum(0, h_in)` (not `np.max`, which returns the single
# largest entry).
#
# </details>

# %% slideshow={"slide_type": "-"}
# Exercise: h_out (1, 10), the hidden units' outputs: ReLU of h_in, each positive entry
#   passed on, each negative one set to 0
### BEGIN SOLUTION
h_out = np.maximum(0, h_in)
### END SOLUTION
print("h_out =", h_out, h_out.shape)
print("hidden units switched off by ReLU:", np.flatnonzero(h_in[0] <= 0))

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: ReLU keeps the positive entries of h_in and sets the others to 0
assert (h_out >= 0).all() and np.array_equal(h_out[h_in > 0], h_in[h_in > 0]), \
    "h_out should be h_in with its negative entries set to 0"

# %% [markdown] slideshow={"slide_type": "-"}
# ReLU is $h_{out} = \max(0, h_{in})$, entry by entry, still [1×10].

# %% [markdown] slideshow={"slide_type": "subslide"}
# For sample 0, five of the ten hidden units output 0. The same figure with those units greyed out
# (their outgoing edges dotted: whatever weight sits on them, they carry 0):

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "-"} tags=["hide-input"]
off = np.flatnonzero(h_out[0] == 0)
draw_network((4, 10, 3), weight_names=("W¹", "W²"), bias_names=("b¹", "b²"), off_units={1: off},
             off_label="grey: hidden units whose ReLU output is 0 for sample 0",
             title="Sample 0: ReLU switches off hidden units " + ", ".join(map(str, off)))
plt.show()

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: for sample 0, five of the ten hidden units (1, 5, 6, 7 and 8) output 0
assert list(np.flatnonzero(h_out[0] == 0)) == [1, 5, 6, 7, 8]

# %% [markdown] slideshow={"slide_type": "subslide"} tags=["inline-question"]
# **Inline question 1:** Hidden units 1, 5, 6, 7 and 8 are grey for sample 0. What do they add to this
# sample's three scores? What gradient will this sample send back to the weights leaving them (rows 1, 5, 6, 7
# and 8 of $W^2$), and to the weights and biases feeding them (those columns of $W^1$, `W1[:, [1, 5, 6, 7, 8]]`,
# and those entries of $b^1$)?

# %% [markdown] slideshow={"slide_type": "fragment"} tags=["answer"]
# **Answer:** Nothing, and zero. Their output is 0, so whatever the weights on their outgoing edges, they add
# 0 to the scores. A weight $w^2_{jk}$ in row $j$ of $W^2$ reaches the scores only through the product
# $h_{out_j}\, w^2_{jk}$, so the slope of this sample's loss along that weight is $h_{out_j}$ times something:
# here 0. Further back, ReLU's slope is 0 for a negative input, so nothing passes back through these units, and
# this sample leaves their columns of $W^1$ and their biases unchanged too. Other samples may still switch them
# on (notebook 2 shows this mask in the backward pass).

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Exercise: the scores.** `o_in`, shape [1×3], one score per class: the output layer does to $h_{out}$ what the
# hidden layer did to $x$, with the weights $W^2$ [10×3] on the edges from the hidden units to the outputs. A hidden
# check cell compares each score with its sum written out.

# %% [markdown] slideshow={"slide_type": "skip"}
# <details><summary>Hint 1: the idea</summary>
#
# The same pattern as `h_in`, one layer up.
#
# </details>
# <details><summary>Hint 2: the shapes</summary>
#
# [1×10]·[10×3] = [1×3].
#
# </details>
# <details><summary>Hint 3: the formula</summary>
#
# $o_{in} = h_{out}\cdot W^2$: `h_out @ W2`.
#
# </details>

# %% slideshow={"slide_type": "-"}
# Exercise: o_in (1, 3), the class scores: the output layer's weighted sums of h_out, with the
#   weights W2; checked against each score's sum written out
### BEGIN SOLUTION
o_in = h_out @ W2
### END SOLUTION
print("o_in =", o_in, o_in.shape)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: each score is the weighted sum of the hidden outputs over the edges into its output
assert np.shape(o_in) == (1, 3) and np.allclose(o_in[0], [sum(h_out[0, j] * W2[j, k] for j in range(10)) for k in range(3)]), \
    "o_in should have shape (1, 3), o_in[0, k] adding up h_out[0, j] * W2[j, k] over the 10 hidden units j"

# %% [markdown] slideshow={"slide_type": "-"}
# The output layer repeats the pattern: $o_{in} = h_{out}\cdot W^2$, $[1\times10]\cdot[10\times3] = [1\times3]$,
# one score per class.

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Exercise: softmax.** `o_out`, shape [1×3]: softmax turns the scores into probabilities, each positive, all
# three adding up to 1, a larger score giving a larger probability. A hidden check cell tests the sum; a few
# cells down, your probabilities are compared with the package's `softmax`.

# %% [markdown] slideshow={"slide_type": "skip"}
# <details><summary>Hint 1: the idea</summary>
#
# Make every score positive with the exponential, which keeps their order; then divide by whatever makes
# them add up to 1.
#
# </details>
# <details><summary>Hint 2: the shapes</summary>
#
# `np.exp(o_in)` is (1, 3); its sum is a number; (1, 3) divided by a number stays (1, 3).
#
# </details>
# <details><summary>Hint 3: the formula</summary>
#
# $o_{out_k} = e^{o_{in_k}} / \sum_{c} e^{o_{in_c}}$, a sum over the 3 classes:
# `np.exp(o_in) / np.exp(o_in).sum()`.
#
# </details>

# %% slideshow={"slide_type": "-"}
# Exercise: o_out (1, 3), the softmax probabilities of the scores o_in: positive, adding up to 1,
#   in the order of the scores; checked for the sum, then against the package's softmax
### BEGIN SOLUTION
o_out = np.exp(o_in) / np.exp(o_in).sum()
### END SOLUTION
print("o_out =", o_out, "sum =", o_out.sum())

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the probabilities add up to 1
assert np.shape(o_out) == (1, 3) and np.isclose(o_out.sum(), 1.0), "o_out should have shape (1, 3) and add up to 1"

# %% [markdown] slideshow={"slide_type": "-"}
# Softmax is $o_{out_k} = e^{o_{in_k}} / \sum_{c} e^{o_{in_c}}$, a sum over the 3 classes: the exponential makes
# every score positive, the division makes them add up to 1. The cell above types this formula straight in.

# %% [markdown] slideshow={"slide_type": "subslide"}
# The package's `softmax` gives the same numbers, but first subtracts each row's largest score. That
# changes nothing mathematically (the factor $e^{-\max}$ cancels between numerator and denominator), yet
# it keeps $e^{(\cdot)}$ from overflowing. Add 1000 to every score: the probabilities should not change at all,
# but $e^{1000}$ is too large for a float, and the typed-in formula returns NaN.

# %% slideshow={"slide_type": "skip"}
from cs231n.exercises import require

require("log_softmax")      # check

# %% slideshow={"slide_type": "-"}
from cs231n import softmax

big = o_in + 1000
with np.errstate(over="ignore", invalid="ignore"):
    naive = np.exp(big) / np.exp(big).sum()
print("typed-in formula:", naive)
print("cs231n.softmax:  ", softmax(big))

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the typed-in formula returns NaN for the +1000 scores; cs231n.softmax gives the probabilities unchanged
assert np.isnan(naive).any() and np.allclose(softmax(big), o_out)
assert np.allclose(softmax(o_in), o_out), "o_out should be the softmax of o_in: exp of each score over the sum of the exps"


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Subtract the largest score, or the mean? *(if time allows)*
#
# Any constant subtracted from all the scores cancels in softmax, so mathematically the mean would do as well.
# In floating point it does not always. The cell below tries both shifts on the +1000 scores and on three scores
# far apart, [0, 0, 1200], like those a far too large initialisation or learning rate produces:

# %% slideshow={"slide_type": "-"}
def softmax_shifted(s, m):
    e = np.exp(s - m)
    return e / e.sum()

print(f"np.exp overflows to inf above {np.log(np.finfo(float).max):.2f}")
with np.errstate(over="ignore", invalid="ignore"):
    for s in (big[0], np.array([0.0, 0.0, 1200.0])):
        print(f"\nscores {s}")
        print("  minus the mean:", softmax_shifted(s, s.mean()))
        print("  minus the max: ", softmax_shifted(s, s.max()))

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the mean shift works on the +1000 scores (they come back as o_in minus its mean, all below 1 in size; o_in lies in [-1.28, -0.70]); on [0, 0, 1200] its largest exponent is 800 (> 709.78) and gives NaN; the max shift works on both
limit = np.log(np.finfo(float).max)
assert 709.7 < limit < 709.8 and f"{limit:.2f}" == "709.78"
assert np.allclose(big[0] - big[0].mean(), o_in[0] - o_in[0].mean()) and np.abs(big[0] - big[0].mean()).max() < 1
assert f"{o_in.min():.2f}" == "-1.28" and f"{o_in.max():.2f}" == "-0.70"
with np.errstate(over="ignore", invalid="ignore"):
    assert np.allclose(softmax_shifted(big[0], big[0].mean()), o_out[0])
    far = np.array([0.0, 0.0, 1200.0])
    assert far.mean() == 400 and np.max(far - far.mean()) == 800 > limit and np.isnan(softmax_shifted(far, far.mean())).any()
    assert np.allclose(softmax_shifted(far, far.max()), [0, 0, 1]) and np.allclose(softmax_shifted(big[0], big[0].max()), o_out[0])

# %% [markdown] slideshow={"slide_type": "subslide"} tags=["inline-question"]
# **Inline question 2:** Subtracting the mean rescued the +1000 scores but gave NaN for [0, 0, 1200];
# subtracting the largest score worked for both. Why? Can subtracting the largest score ever overflow?

# %% [markdown] slideshow={"slide_type": "fragment"} tags=["answer"]
# **Answer:** Subtracting a constant $m$ from every score multiplies numerator and denominator by $e^{-m}$,
# which cancels, so $m$ only matters for the floats. Adding 1000 to every score adds exactly 1000 to their
# mean too, so the mean shift gives back the original scores minus their mean: numbers below 1 in size (the
# scores $o_{in}$ lie between −1.28 and −0.70), and nothing overflows. What defeats the mean is a large *spread*.
# For [0, 0, 1200] the mean is 400, so the largest exponent is $1200 - 400 = 800$, beyond the largest float64
# (about $e^{709.78}$): $e^{800}$ becomes inf, and inf/inf is NaN. With $m$ = the largest score, every exponent
# is $\le 0$ whatever the scores, so nothing can overflow, and the largest term is exactly $e^0 = 1$: the
# denominator lies between 1 and $C$, so there is no division by zero and no $\ln 0$ for the top class. The terms
# that underflow to 0 ($e^{-1200}$) were smaller than any float anyway.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The whole batch at once
#
# Stacking the 5 samples as the rows of $X$ [5×4] changes nothing but the first dimension. **Exercise:** the same
# four steps for all 5 samples at once, `H_in` and `H_out` [5×10], `O_in` and `O_out` [5×3], row $i$ of each
# being sample $i$'s. The check: row 0 of each must be what you computed for sample 0.

# %% [markdown] slideshow={"slide_type": "skip"}
# <details><summary>Hint 1: the idea</summary>
#
# The products work row by row: put $X$ where $x$ was. Softmax needs a sum per row, not one over the whole
# array: the package's `softmax`, imported above, normalises each row.
#
# </details>
# <details><summary>Hint 2: the shapes</summary>
#
# [5×4]·[4×10] = [5×10], then [5×10]·[10×3] = [5×3].
#
# </details>
# <details><summary>Hint 3: the formula</summary>
#
# $H_{in} = XW^1$, $H_{out} = \max(0, H_{in})$, $O_{in} = H_{out}W^2$ and $O_{out}$ = `softmax(O_in)`.
#
# </details>

# %% slideshow={"slide_type": "-"}
# Exercise: the same four steps for all 5 rows of X: H_in (5, 10), H_out (5, 10), O_in (5, 3)
#   and O_out (5, 3), the probabilities, each row adding up to 1; row 0 of each is checked
### BEGIN SOLUTION
H_in = X @ W1
H_out = np.maximum(0, H_in)
O_in = H_out @ W2
O_out = softmax(O_in)
### END SOLUTION
print("shapes:", X.shape, "->", H_in.shape, "->", O_in.shape)
print("O_out =\n", O_out)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: row 0 of each batch result is what we computed for the one sample
assert np.allclose(H_in[0], h_in[0]) and np.allclose(O_out[0], o_out[0]), \
    "each row of H_in, H_out, O_in and O_out is one sample's; softmax works on each row (axis=1)"

# %% [markdown] slideshow={"slide_type": "-"}
# $H_{in} = XW^1$ is [5×10], $H_{out} = \max(0, H_{in})$, $O_{in} = H_{out}W^2$ is [5×3], and `softmax`
# normalises each row of $O_{in}$ on its own. Row 0 of each is what we just computed for one sample.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Adding the biases
#
# The assignment's network, unlike the write-up's, adds a bias vector after each product (the **+1** nodes of the
# figure): $b^1$ [10], one number per hidden unit, goes into every sample's hidden-layer input, and $b^2$ [3], one
# per class, into every sample's scores. `net.loss(X)` (no labels), which runs your `TwoLayerNet.forward`,
# returns exactly these scores. **Exercise:** `scores` [5×3], the batch's scores with both biases; the check
# compares them with `net.loss(X)`.

# %% [markdown] slideshow={"slide_type": "skip"}
# <details><summary>Hint 1: the idea</summary>
#
# Start from the previous exercise's steps and add each bias where its **+1** node feeds in: $b^1$ after
# the first product, before the ReLU; $b^2$ after the second.
#
# </details>
# <details><summary>Hint 2: the shapes</summary>
#
# A [10] vector added to a [5×10] array is added to each of its 5 rows (numpy *broadcasts* it); the same for
# $b^2$ [3] and the [5×3] scores.
#
# </details>
# <details><summary>Hint 3: the formula</summary>
#
# scores $= \max(0,\, XW^1 + b^1)\,W^2 + b^2$: `np.maximum(0, X @ W1 + b1) @ W2 + b2`.
#
# </details>

# %% slideshow={"slide_type": "skip"}
require("TwoLayerNet.forward")      # check

# %% slideshow={"slide_type": "-"}
# Exercise: scores (5, 3), the batch's class scores with both biases added, what net.loss(X)
#   returns; checked against net.loss(X)
### BEGIN SOLUTION
scores = np.maximum(0, X @ W1 + b1) @ W2 + b2
### END SOLUTION
print("scores =\n", scores)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: net.loss(X) returns exactly these scores; with zero biases they are the write-up's
assert np.array_equal(scores, net.loss(X)), "scores should be what net.loss(X) returns: both layers, each with its bias, ReLU between them"
assert np.allclose(scores, O_in)

# %% [markdown] slideshow={"slide_type": "-"}
# With the biases, $H_{in} = XW^1 + b^1$ and $O_{in} = H_{out}W^2 + b^2$; numpy *broadcasts* $b^1$ [10] over the
# 5 rows. Biases start at zero, so at initialisation the scores are the write-up's; once training moves them,
# they are not.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Why biases? Without them, only the direction of $x$ counts
#
# The write-up's network has no biases: $o_{in} = \max(0,\, xW^1)\,W^2$. Multiply the input by a number
# $\alpha > 0$ and every step passes the factor on: $(\alpha x)W^1 = \alpha\,(xW^1)$, then
# $\max(0, \alpha z) = \alpha \max(0, z)$, then $W^2$ again. So $f(\alpha x) = \alpha\,f(x)$: the network is
# *positively homogeneous*. All the scores of $\alpha x$ are those of $x$ times the same $\alpha$, so the largest
# stays the largest: **the class depends only on the direction of $x$, never on its length.** Our toy net's
# biases are still zero, so this holds for it. Double every input:

# %% slideshow={"slide_type": "-"}
scores_2x = net.loss(2 * X)
print(f"scores of 2x / scores of x =\n{scores_2x / scores}")
print("exactly twice:", np.array_equal(scores_2x, 2 * scores))
print("class of x: ", scores.argmax(axis=1))
print("class of 2x:", scores_2x.argmax(axis=1))

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: without biases the scores of 2x are exactly twice those of x ("exactly twice: True"), and no class moves (nor for other α > 0)
assert not b1.any() and not b2.any()
assert np.array_equal(scores_2x, 2 * scores) and np.array_equal(scores_2x.argmax(axis=1), scores.argmax(axis=1))
for alpha in (1e-3, 0.1, 0.5, 3.0, 100.0):
    assert np.allclose(net.loss(alpha * X), alpha * scores)
    assert np.array_equal(net.loss(alpha * X).argmax(axis=1), scores.argmax(axis=1))


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### With biases, the length of $x$ counts too
#
# A bias adds the same amount whatever the input, while the part of a score that comes from $x$ grows with its
# length. Give every hidden unit a bias of 2 ($b^1 = 2$) and classify $x$ and $2x$ again:

# %% slideshow={"slide_type": "-"}
def scores_with(b1, X):
    return np.maximum(0, X @ W1 + b1) @ W2 + b2

b1_two = np.full(10, 2.0)
print("class of x: ", scores_with(b1_two, X).argmax(axis=1))
print("class of 2x:", scores_with(b1_two, 2 * X).argmax(axis=1))

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: with b1 = 2, sample 0 is class 0 and 2 x sample 0 is class 2; the other samples keep class 0
assert scores_with(b1_two, X).argmax(axis=1).tolist() == [0, 0, 0, 0, 0]
assert scores_with(b1_two, 2 * X).argmax(axis=1).tolist() == [2, 0, 0, 0, 0]

# %% [markdown] slideshow={"slide_type": "subslide"}
# Follow sample 0 as its input $\alpha x$ grows. Without biases its three scores are straight lines through 0
# that never cross. With a bias of 2 on every hidden unit they start from the biases' scores at $\alpha = 0$,
# and the winner changes:

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "-"} tags=["hide-input"]
alphas = np.linspace(0, 3, 3001)[1:]                    # α > 0
fig, axes = plt.subplots(1, 2, figsize=(11.5, 4.2), sharey=True)
for ax, b1_here, name in zip(axes, (np.zeros(10), b1_two), ("no biases (the write-up's net)", "a bias of 2 on every hidden unit")):
    s = scores_with(b1_here, alphas[:, None] * X[:1])
    winner = s.argmax(axis=1)
    for k in range(3):
        ax.plot(alphas, s[:, k], lw=2.5, color=f"C{k}", label=f"class {k}")
        ax.fill_between(alphas, -4.8, 0.5, where=winner == k, color=f"C{k}", alpha=0.2, lw=0)
    for a, label in ((1, "x"), (2, "2x")):
        ax.axvline(a, color="0.4", ls=":", lw=1.5)
        ax.text(a, 0.3, f" {label}", fontsize=13, va="top")
    for i in np.flatnonzero(np.diff(winner)):
        ax.text(alphas[i + 1] - 0.05, -4.4, f"class {winner[i]} → {winner[i + 1]}\nat α = {alphas[i + 1]:.2f}",
                ha="right", fontsize=13)
    ax.set(title=name, xlabel="α (the input is α · sample 0)", xlim=(0, 3), ylim=(-4.8, 0.5))
axes[0].set_ylabel("score")
axes[0].legend(loc="lower left", fontsize=12)
fig.suptitle("Sample 0's three scores as its input is scaled (shaded: the predicted class)", fontsize=15)
fig.tight_layout()
plt.show()

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: without biases the scores are rays through 0 (class 2 for every α > 0); with b1 = 2 class 0 leads up to α = 1.89 and class 2 after
s0, s2 = scores_with(np.zeros(10), alphas[:, None] * X[:1]), scores_with(b1_two, alphas[:, None] * X[:1])
assert np.allclose(s0, alphas[:, None] * scores[:1]) and (s0.argmax(axis=1) == 2).all()
change = alphas[1:][np.diff(s2.argmax(axis=1)) != 0]
assert len(change) == 1 and 1 < change[0] < 2 and f"{change[0]:.2f}" == "1.89"
assert s2[0].argmax() == 0 and s2[-1].argmax() == 2 and min(s0.min(), s2.min()) > -4.8 and s2.max() < 0.5

# %% [markdown] slideshow={"slide_type": "fragment"}
# The write-up's network has no biases, so whatever weights it learns, an input and all its positive multiples
# get the same class. Notebook 5 measures what that costs on a spiral data set.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The loss: cross-entropy
#
# A classifier is good when it gives the *correct* class a high probability. The cross-entropy loss of a sample
# looks only at the probability $p$ its correct class gets: it is 0 for a certain, correct prediction ($p = 1$)
# and grows without bound for a confident mistake ($p \to 0$). The data loss is its mean over the batch.
# **Exercise:** `p_correct` [5], each sample's probability of its label, and `data_loss`, a number; a hidden
# check compares them with the toy net's values (the data loss is 1.265857).

# %% [markdown] slideshow={"slide_type": "skip"}
# <details><summary>Hint 1: the idea</summary>
#
# The natural logarithm (numpy's `np.log`; the text writes ln) maps $(0, 1]$ onto $(-\infty, 0]$, with
# $\ln 1 = 0$: flip its sign.
#
# </details>
# <details><summary>Hint 2: the shapes</summary>
#
# `O_out[rows, y]`, with `rows = np.arange(5)`, picks one entry from each row: shape (5,). The mean of 5 numbers
# is a number.
#
# </details>
# <details><summary>Hint 3: the formula</summary>
#
# $L_i = -\ln o_{out_{i, y_i}}$ and the data loss is $\frac15\sum_i L_i$:
# `p_correct = O_out[np.arange(5), y]`, `data_loss = -np.log(p_correct).mean()`.
#
# </details>

# %% slideshow={"slide_type": "-"}
# Exercise: p_correct (5,), each row's probability of its label y; data_loss, the batch's mean
#   cross-entropy, a number; checked against the toy net's values
### BEGIN SOLUTION
p_correct = O_out[np.arange(5), y]
data_loss = -np.log(p_correct).mean()
### END SOLUTION
print("p(correct class) per sample:", p_correct)
print(f"data loss = {data_loss:.6f}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: p_correct holds each sample's probability of its label; the data loss is 1.265857
assert np.shape(p_correct) == (5,) and np.allclose(p_correct, [O_out[i, y[i]] for i in range(5)]), \
    "p_correct should have shape (5,), entry i the probability O_out gives sample i's label y[i]"
assert f"{data_loss:.6f}" == "1.265857", "data_loss should be the mean over the 5 samples of minus the natural log of p_correct"

# %% [markdown] slideshow={"slide_type": "-"}
# The cross-entropy loss of sample $i$ is $L_i = -\ln o_{out_{i, y_i}}$: zero for a certain, correct prediction
# and large for a confident mistake; the data loss is the mean over the batch. (ln is the natural logarithm,
# numpy's `np.log`; the text writes ln throughout.)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The L2 penalty
#
# The assignment adds a penalty that discourages large weights: `reg` times the squared size of the weight
# matrices $W^1$ and $W^2$, both added up; the biases are not penalised. **Exercise:** `reg_loss`, a number, at
# reg = 0.05. A hidden check compares it with the toy net's 0.037931; the last section compares the total with
# the official notebook's loss.

# %% [markdown] slideshow={"slide_type": "skip"}
# <details><summary>Hint 1: the idea</summary>
#
# A matrix's squared size, like a vector's squared length: square every entry and add them all up.
#
# </details>
# <details><summary>Hint 2: the shapes</summary>
#
# `np.sum` of a (4, 10) array and of a (10, 3) array each give one number.
#
# </details>
# <details><summary>Hint 3: the formula</summary>
#
# $\text{reg}\cdot\big(\lVert W^1\rVert^2 + \lVert W^2\rVert^2\big)$ with
# $\lVert W\rVert^2 = \sum_{i,j} W_{ij}^2$: `reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))`.
#
# </details>

# %% slideshow={"slide_type": "-"}
reg = 0.05
# Exercise: reg_loss, the L2 penalty of W1 and W2 (not the biases) at this reg, a number;
#   checked against the toy net's value
### BEGIN SOLUTION
reg_loss = reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))
### END SOLUTION
print(f"data loss = {data_loss:.6f}, L2 term = {reg_loss:.6f}, total = {data_loss + reg_loss:.6f}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the L2 penalty of the toy net at reg = 0.05 is 0.037931
assert f"{reg_loss:.6f}" == "0.037931", "reg_loss should be reg times (the sum of the squares of every entry of W1, plus the same for W2)"

# %% [markdown] slideshow={"slide_type": "-"}
# The penalty is
#
# $$\text{reg}\cdot\big(\lVert W^1\rVert^2 + \lVert W^2\rVert^2\big), \qquad \lVert W^1\rVert^2 = \sum_{i,j} \big(W^1_{ij}\big)^2,$$
#
# the sum of the squares of all entries of each weight matrix: the superscript in $W^1$ names the layer, while
# the 2 outside the bars (and outside each entry's brackets) is a square. Each weight $w$ adds
# $\text{reg}\cdot w^2$, whose derivative is $2\,\text{reg}\,w$, so the penalty's gradient is
# $2\,\text{reg}\,W$: a pull of every weight towards 0.

# %% [markdown] slideshow={"slide_type": "subslide"}
# Before any training the net is guessing. With three classes, a guess that spreads probability evenly
# would give every sample $p = \frac13$ and a loss of $-\ln\frac13 = \ln 3$. Compare:

# %% slideshow={"slide_type": "-"}
print(f"data loss = {data_loss:.4f}   ln 3 = {np.log(3):.4f}")

# %% [markdown] slideshow={"slide_type": "fragment"} tags=["inline-question"]
# **Inline question 3:** Why is the first loss of an untrained network about $\ln C$ ($C$ classes), and
# why is ours a little above $\ln 3$?

# %% [markdown] slideshow={"slide_type": "subslide"}
# Some numbers to answer it with:

# %% slideshow={"slide_type": "-"}
print("each sample's largest minus smallest score:", np.ptp(scores, axis=1))
print(f"all 15 probabilities lie in [{O_out.min():.2f}, {O_out.max():.2f}]")
every_label = -np.log(O_out).mean()          # as if each sample had each label in turn
print(f"-ln p averaged over all 15 probabilities: {every_label:.3f}")
print(f"p(correct class): {p_correct}; geometric mean e^(-loss) = {np.exp(-data_loss):.3f}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the loss 1.266 is a little above ln 3 = 1.099; scores of a sample lie up to 1.02 apart; probabilities in [0.17, 0.48]; -ln p over all 15 entries averages 1.129, between ln 3 and the loss; geometric mean 0.282 < 1/3
assert abs(data_loss - np.log(3)) < 0.2 and np.exp(-data_loss) < 1 / 3, "data_loss should be the mean of -log(p_correct)"
assert f"{data_loss:.3f}" == "1.266" and f"{np.log(3):.3f}" == "1.099" and f"{np.exp(-data_loss):.3f}" == "0.282"
assert f"{np.ptp(scores, axis=1).max():.2f}" == "1.02"
assert f"{O_out.min():.2f}" == "0.17" and f"{O_out.max():.2f}" == "0.48"
per_sample = -np.log(O_out).mean(axis=1)
assert (per_sample >= np.log(3)).all() and np.isclose(per_sample.mean(), every_label)
assert f"{every_label:.3f}" == "1.129" and np.log(3) < every_label < data_loss
assert f"{x.min():.1f}" == "-10.7" and f"{x.max():.1f}" == "16.2"

# %% [markdown] slideshow={"slide_type": "fragment"} tags=["answer"]
# **Answer:** Small random weights give scores close to each other, so softmax gives each class a probability
# near $1/C$ and each sample a loss near $-\ln(1/C) = \ln C$. Ours is above $\ln 3$ for two reasons. First, the
# scores are not quite equal: weights of std 0.1 are not that small next to inputs such as sample 0 (entries from
# −10.7 to 16.2), a sample's scores lie up to 1.02 apart, and the probabilities range from 0.17 to 0.48. Whatever
# a sample's $C$ probabilities $p_k$, its loss averaged over all $C$ labels, $-\frac1C\sum_k \ln p_k$, is at least
# $\ln C$ (the geometric mean of the $p_k$ is at most their mean, $\frac1C$), with equality only when every
# $p_k = \frac1C$; here that average is 1.129. Second, the step from 1.129 to 1.266 is the labels' luck: the
# correct classes got less than their share (geometric mean 0.282). A first loss far from $\ln C$ (say 10 with 3
# classes) is the classic sign of a bug or of a far too large initialisation.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The write-up's "softmax loss" is always 1
#
# The write-up states: "Softmax loss function is defined as, $L = \sum_{k = 1}^3 L_k = \sum_{k = 1}^3 o_{out_k} =
# o_{out_1} + o_{out_2} + o_{out_3}$" (its $k$ counts the classes from 1). That is the sum of the softmax outputs.
# But softmax outputs are probabilities: they always add up to exactly 1, whatever the weights and whatever the
# labels. Let us check that on the toy batch:

# %% slideshow={"slide_type": "-"}
writeup_loss = O_out.sum(axis=1)
print("sum of probabilities per sample:", writeup_loss)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the write-up's loss is 1 for every sample
assert np.allclose(writeup_loss, 1.0)

# %% [markdown] slideshow={"slide_type": "fragment"}
# And not just here. Draw 1,000 random networks (the write-up's net, without biases, with every weight drawn
# from the standard normal distribution, std 1) and compare how much each "loss" moves:

# %% slideshow={"slide_type": "-"}
rng = np.random.default_rng(0)
writeup, cross_entropy = [], []
for _ in range(1000):
    W1r, W2r = rng.normal(size=(4, 10)), rng.normal(size=(10, 3))
    P = softmax(np.maximum(0, X @ W1r) @ W2r)
    writeup.append(P.sum(axis=1).mean())
    cross_entropy.append(-np.log(P[np.arange(5), y]).mean())
print(f"write-up loss:  min {min(writeup):.15f}  max {max(writeup):.15f}")
print(f"cross-entropy:  min {min(cross_entropy):.1e}  max {max(cross_entropy):.1f}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the write-up's loss is 1.000000000000000 for all 1,000 random networks; the cross-entropy moves from 2.0e-05 to 214.9
assert f"{min(writeup):.15f}" == f"{max(writeup):.15f}" == "1.000000000000000" and np.ptp(writeup) < 1e-12
assert f"{min(cross_entropy):.1e}" == "2.0e-05" and f"{max(cross_entropy):.1f}" == "214.9"

# %% [markdown] slideshow={"slide_type": "subslide"}
# The write-up nevertheless goes on to differentiate this loss. Notebook 2 derives the gradients of the real
# loss, checks each formula numerically where it is derived, and in its last section shows where the write-up's
# derivation goes wrong. The loss the assignment (and this package) uses is the cross-entropy above.

# %% [markdown] slideshow={"slide_type": "fragment"} tags=["inline-question"]
# **Inline question 4:** The write-up's loss was the same, 1.000000000000000, for 1,000 random networks. What would gradient descent do if it minimised this loss (plus the assignment's L2 penalty)?

# %% [markdown] slideshow={"slide_type": "fragment"} tags=["answer"]
# **Answer:** The loss is constant, so its gradient is exactly zero: the data term never moves a weight, and
# nothing about the labels is ever learned. The only force left is the penalty's gradient, $2\,\text{reg}\,W$:
# a step of size lr multiplies every weight by $1 - 2\,\text{lr}\,\text{reg}$. With any sensible step,
# $2\,\text{lr}\,\text{reg} < 1$, that factor lies between 0 and 1, so the weights shrink steadily towards 0
# and the scores with them; the net ends up predicting $\frac13$ for every class (the biases, not penalised,
# stay at 0).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The package, and the official toy checks
#
# `net.loss(X)` returns the scores and `net.penalised_loss` the loss from them; both must agree with what we
# computed by hand:

# %% slideshow={"slide_type": "skip"}
require("TwoLayerNet.penalised_loss")      # check

# %% slideshow={"slide_type": "-"}
loss, _ = net.penalised_loss(net.loss(X), y, reg=reg)
print(f"net.penalised_loss = {loss:.6f}   by hand: {data_loss + reg_loss:.6f}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the package computes the same number as the cells above
assert np.isclose(loss, data_loss + reg_loss), "reg_loss should be the L2 penalty the package adds"

# %% [markdown] slideshow={"slide_type": "fragment"}
# The official CS231n notebook holds the correct scores of the toy net and its correct loss at reg = 0.05 as
# numbers typed into it; `cs231n.toy` stores the same values. Ours must match them as closely as that notebook
# asks: the scores to within 1e-7 (the sum of the absolute differences over all 15 entries) and the loss to within
# 1e-12. Its other checks, of the gradients and of training, need the backward pass: notebook 3 runs them.

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
from cs231n.toy import OFFICIAL_LOSS, OFFICIAL_SCORES

score_diff = np.sum(np.abs(net.loss(X) - OFFICIAL_SCORES))
loss_diff = abs(net.penalised_loss(net.loss(X), y, reg=0.05)[0] - OFFICIAL_LOSS)
print(f"scores differ by {score_diff:.1e} (must be < 1e-7)")
print(f"loss differs by  {loss_diff:.1e} (must be < 1e-12)")
assert score_diff < 1e-7 and loss_diff < 1e-12

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What you have seen
#
# * The forward pass is two matrix products with a ReLU between them and a softmax at the end;
#   a batch is just more rows. ReLU switches some hidden units off for each sample.
# * Subtracting each row's largest score keeps softmax finite for any scores; the mean does not.
# * Without biases the net is positively homogeneous, $f(\alpha x) = \alpha f(x)$: it classifies by the
#   direction of $x$ alone. Biases, weights on an input that is always 1, let the length count too.
# * Cross-entropy measures how much probability the correct class gets; the write-up's "loss"
#   (the sum of the probabilities) is the constant 1, so it cannot be what we differentiate.
# * An untrained net's loss is near $\ln C$, and the package reproduces the official notebook's numbers.

# %% [markdown] slideshow={"slide_type": "slide"} tags=["exercises"]
# ## Exercises
#
# Each ends with what you should get, to compare yours with.
#
# 1. **Change $H$.** Seed with `np.random.seed(0)`, build `net1 = TwoLayerNet(4, 20, 3, std=1e-1)` and redo the
#    forward pass of sample 0. Which shapes change and which do not? How many hidden units does ReLU switch off,
#    and is the first data loss still near $\ln 3$?
#    *Expect:* `net1.penalised_loss(net1.loss(X), y, reg=0)[0]` is 1.181.
# 2. **The initial scale.** Seed with `np.random.seed(0)` and build `TwoLayerNet(4, 10, 3, std=1e-4)` (the
#    package's default); seed again and build the same with `std=1`. Compute the first data loss of each
#    (reg = 0). Which one is close to $\ln 3$, which one is far from it, and why? By what factor do the scores
#    grow from one to the other? *Expect:* the two losses are 1.0986 and 39.06.

# %% [markdown] slideshow={"slide_type": "subslide"} tags=["exercises"]
# 3. **The penalty's share.** Compute the toy net's loss, `net.penalised_loss(net.loss(X), y, reg)[0]`, for
#    reg = 0, 0.05 and 0.25: how much of each is penalty? Then take a fresh copy, `net2 = init_toy_model()`, and
#    double its weights: `net2.params["W1"] = 2 * net2.params["W1"]`, the same for W2. (Doubling `net`
#    in place, `net.params["W1"] *= 2`, would also double this notebook's `W1` and `W2`, the same arrays.)
#    By what factor do the scores grow, and the penalty? Why does the data loss go up, although no predicted class changes?
#    *Expect:* the three losses are 1.2659, 1.3038 and 1.4555; `net2`'s data loss is 2.032.
# 4. **Remove the ReLU.** Compute the scores with $h_{out} = h_{in}$ and show numerically that they equal
#    $X\,(W^1W^2) + (b^1W^2 + b^2)$: one [4×3] matrix and one bias. What can such a network not do that the one
#    with ReLU can? (Notebook 5 answers with pictures.) *Expect:* `np.allclose` of the two gives `True`.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check", "exercise-answers"]
# check: what the exercises say to expect: H = 20 gives 1.181; std 1e-4 and 1 give 1.0986 and 39.06; reg 0, 0.05, 0.25 give 1.2659, 1.3038, 1.4555; the doubled net's data loss is 2.032 with no predicted class changed; without the ReLU the net is one affine map
np.random.seed(0)
net1 = TwoLayerNet(4, 20, 3, std=1e-1)
assert f"{net1.penalised_loss(net1.loss(X), y, reg=0)[0]:.3f}" == "1.181"
first = {}
for std in (1e-4, 1.0):
    np.random.seed(0)
    net_std = TwoLayerNet(4, 10, 3, std=std)
    first[std] = (net_std.penalised_loss(net_std.loss(X), y, reg=0)[0], net_std.loss(X))
assert f"{first[1e-4][0]:.4f}" == "1.0986" == f"{np.log(3):.4f}" and f"{first[1.0][0]:.2f}" == "39.06"
assert np.allclose(first[1.0][1], 1e8 * first[1e-4][1])
assert [f"{net.penalised_loss(net.loss(X), y, r)[0]:.4f}" for r in (0, 0.05, 0.25)] == ["1.2659", "1.3038", "1.4555"]
net2 = init_toy_model()
net2.params["W1"] = 2 * net2.params["W1"]
net2.params["W2"] = 2 * net2.params["W2"]
assert np.allclose(net2.loss(X), 4 * scores) and np.array_equal(net2.loss(X).argmax(axis=1), scores.argmax(axis=1))
assert f"{net2.penalised_loss(net2.loss(X), y, reg=0)[0]:.3f}" == "2.032" and np.array_equal(W1, init_toy_model().params["W1"])
assert np.allclose((X @ W1 + b1) @ W2 + b2, X @ (W1 @ W2) + (b1 @ W2 + b2))

# %% [markdown] slideshow={"slide_type": "-"}
# Next: **[2 · Backpropagation, from one weight to matrix form](02_backprop_derivation.ipynb)**.
