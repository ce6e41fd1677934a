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
# # 4 · Backpropagation as a rule
#
# Notebook 2 derived the backward pass of the toy network line by line, and notebook 3 learned to trust the
# checks. This notebook shows that those lines are **one rule applied at every node** of the computational graph:
#
# $$\text{downstream gradient} = \text{local gradient} \times \text{upstream gradient},$$
#
# added up wherever a value feeds more than one node. Section 1 applies the rule to the 4-10-3 toy network's own
# graph, node by node, with its numbers; section 2 packs it into layers with Assignment 2's forward/backward
# interface, which stack to any depth; section 3 lets a small program, `cs231n.autograd`, apply it for us;
# section 4 says what PyTorch's `loss.backward()` does in these terms.
#
# Only the official toy data is used: nothing to download.
#
# Previous: **[3 · Checking gradients, and checking the checker](03_gradient_checking.ipynb)**.

# %% [markdown] slideshow={"slide_type": "subslide"} tags=["student-path"]
# > **Working through the student edition?** **Homework before the session:** write the four layer functions of
# > `cs231n/layers.py`, `affine_forward`, `affine_backward`, `relu_forward` and `relu_backward` (the *layers* part of
# > `make check`); section 2's table states what each must do, and a cell marked **check** stops with a message naming
# > the function until it is right. In class, section 1 uses only what you wrote for notebooks 1 to 3, and has one
# > exercise cell of its own (`# YOUR CODE HERE`): the three gates. `make check` tells you what is next.

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

from cs231n import eval_numerical_gradient, eval_numerical_gradient_array, rel_error, softmax_loss
from cs231n.autograd import Tensor, as_tensor
from cs231n.autograd import softmax_loss as tensor_softmax_loss
from cs231n.layer_utils import affine_relu_backward, affine_relu_forward
from cs231n.layers import affine_backward, affine_forward, relu_backward, relu_forward, svm_loss
from cs231n.plotting import draw_toy_graph
from cs231n.toy import init_toy_data, init_toy_model

np.set_printoptions(precision=4, suppress=True)
plt.rcParams.update({"font.size": 13})     # readable on a projector
net = init_toy_model()
X, y = init_toy_data()
W1, b1, W2, b2 = (net.params[k] for k in ("W1", "b1", "W2", "b2"))
reg = 0.05

# %% slideshow={"slide_type": "skip"}
from cs231n.exercises import require

require("softmax_loss", "eval_numerical_gradient", "TwoLayerNet.backward")      # check

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1 · The rule, on the toy network's graph
#
# The toy net's loss (notebook 1, reg = 0.05) is a graph of eleven values: the inputs $X$ and the parameters
# $W^1, b^1, W^2, b^2$; the hidden layer before and after ReLU, $h_{in}$ and $h_{out}$; the scores; the data loss
# (softmax and cross-entropy); the penalty $\text{reg}\,(\lVert W^1\rVert^2 + \lVert W^2\rVert^2)$; and their sum, the
# loss $L$. The forward pass computes them left to right:

# %% slideshow={"slide_type": "-"}
h_in = X @ W1 + b1
h_out = np.maximum(0, h_in)
scores = h_out @ W2 + b2
data_loss, dscores_local = softmax_loss(scores, y)    # also ∂(data loss)/∂scores = (P − Y)/N
S = np.sum(W1 ** 2) + np.sum(W2 ** 2)
penalty = reg * S
loss = data_loss + penalty
print(f"data loss {data_loss:.4f} + penalty {penalty:.4f} = loss {loss:.4f}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the loss is notebook 1's, 1.2659 + 0.0379 = 1.3038, and TwoLayerNet.loss's
assert f"{data_loss:.4f}" == "1.2659" and f"{penalty:.4f}" == "0.0379" and f"{loss:.4f}" == "1.3038"
assert abs(loss - net.loss(X, y, reg=reg)[0]) < 1e-12

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Backward: one rule, node by node
#
# Each node computes its output from its inputs, and knows one thing about itself: its **local gradient**, how its
# output moves when an input moves. The backward pass brings it the **upstream gradient**, $\partial L/\partial\,
# \text{out}$, and it passes on, for each input, the **downstream gradient**
#
# $$\frac{\partial L}{\partial\, \text{in}} = \frac{\partial\, \text{out}}{\partial\, \text{in}} \cdot
# \frac{\partial L}{\partial\, \text{out}}.$$
#
# For arrays these are notebook 2's matrix forms; for a matrix product the shapes decide the order and the transpose:
# $dH_{out} = dO\,W^{2\top}$, in code `d_scores @ W2.T`. Start from $\partial L/\partial L = 1$ and visit the nodes
# from the loss back. Where a value feeds several nodes, the gradients it receives **add**:

# %% slideshow={"slide_type": "-"}
d_loss = 1.0
d_data, d_penalty = 1.0 * d_loss, 1.0 * d_loss        # add: local gradients 1 and 1
d_scores = dscores_local * d_data                     # softmax + cross-entropy (notebook 2)
d_h_out = d_scores @ W2.T                             # matrix product: h_out gets W2 ...
d_W2 = h_out.T @ d_scores + 2 * reg * W2 * d_penalty  # ... W2 gets h_out; W2 also feeds the penalty: add
d_b2 = d_scores.sum(axis=0)                           # b2 is added to 5 rows: add the 5
d_h_in = (h_in > 0) * d_h_out                         # ReLU: local gradient 1 or 0
d_X = d_h_in @ W1.T
d_W1 = X.T @ d_h_in + 2 * reg * W1 * d_penalty        # W1 feeds h_in and the penalty: add
d_b1 = d_h_in.sum(axis=0)

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the rule gives TwoLayerNet.loss's gradients (notebook 2's summary), entry for entry
_, grads = net.loss(X, y, reg=reg)
for name, ours in (("W1", d_W1), ("b1", d_b1), ("W2", d_W2), ("b2", d_b2)):
    assert np.allclose(ours, grads[name], rtol=0, atol=1e-12), name

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The graph, with its numbers
#
# Each box shows entry [0,0] of its value and gradient; the penalty box hides two steps, $S = \lVert W^1\rVert^2 +
# \lVert W^2\rVert^2$ and $\text{reg}\cdot S$. At entry [0,0], $W^1$ gets $-0.11449$ through $h_{in}$ and $+0.01764$
# from the penalty, $-0.09685$ in all; $W^2$ gets $-0.5033$ and $-0.0105$: notebook 2's $-0.5138$ for $w^2_{11}$.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "-"} tags=["hide-input"]
values = {"X": X, "W1": W1, "b1": b1, "h_in": h_in, "h_out": h_out, "W2": W2, "b2": b2, "scores": scores,
          "data loss": data_loss, "penalty": penalty, "loss": loss}
grads_at = {"X": d_X, "W1": d_W1, "b1": d_b1, "h_in": d_h_in, "h_out": d_h_out, "W2": d_W2, "b2": d_b2,
            "scores": d_scores, "data loss": d_data, "penalty": d_penalty, "loss": d_loss}
paths = {("W1", "h_in"): X.T @ d_h_in, ("W1", "penalty"): 2 * reg * W1 * d_penalty,
         ("W2", "scores"): h_out.T @ d_scores, ("W2", "penalty"): 2 * reg * W2 * d_penalty}
draw_toy_graph(values, grads_at, paths, digits={"W1": 5}, figsize=(13.5, 5.4),
               title="The toy net's loss as a graph: forward values and gradients (reg = 0.05)")
plt.show()

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: W1[0,0] gets -0.11449 + 0.01764 = -0.09685, W2[0,0] -0.5033 - 0.0105 = -0.5138 (as rounded in the figure);
# X gets -0.0005 at [0,0] (inline question 1)
assert f"{d_X[0, 0]:.4f}" == "-0.0005"
assert [f"{paths['W1', 'h_in'][0, 0]:.5f}", f"{paths['W1', 'penalty'][0, 0]:.5f}", f"{d_W1[0, 0]:.5f}"] == ["-0.11449", "0.01764", "-0.09685"]
assert [f"{paths['W2', 'scores'][0, 0]:.4f}", f"{paths['W2', 'penalty'][0, 0]:.4f}", f"{d_W2[0, 0]:.4f}"] == ["-0.5033", "-0.0105", "-0.5138"]
for name, digits in (("W1", 5), ("W2", 4)):
    parts = [p[0, 0] for (source, _), p in paths.items() if source == name]
    assert round(sum(round(p, digits) for p in parts), digits) == round(grads_at[name][0, 0], digits)


# %% [markdown] slideshow={"slide_type": "subslide"} tags=["inline-question"]
# **Inline question 1:** $X$ gets a gradient too ($-0.0005$ at [0,0]), yet nothing ever changes $X$. Why does the
# rule compute it, and where is a gradient like it needed?

# %% [markdown] slideshow={"slide_type": "fragment"} tags=["answer"]
# **Answer:** The rule does not know which values are parameters: every input of a node gets its downstream
# gradient. For $X$ it is wasted work here (frameworks skip it: section 4). But the same computation one layer up is
# essential: the second layer's "input gradient" is $\partial L/\partial h_{out}$, the upstream gradient of everything
# below it. Section 2 makes that the interface of a layer: every backward pass returns `dx`, which becomes the `dout`
# of the layer before. $\partial L/\partial X$ itself is wanted when the input is what we change: *saliency maps* (the size of a class
# score's gradient at each pixel, drawn as an image: where the score is most sensitive) and *adversarial examples*
# (an image nudged a little along such a gradient, until the net changes its answer while a person sees no change).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Three gates, in the toy net's numbers
#
# Each gate takes its inputs' values and the upstream gradient, and returns one downstream gradient per input:
#
# * **add distributes**: $h_{in}[0,0] = (XW^1)[0,0] + b^1[0]$ (sample 0, hidden unit 0) has local gradient 1 for
#   both inputs, so both get the upstream gradient unchanged;
# * **multiply swaps**: $\text{scores}[0,0]$ adds up ten products, one of them $h_{out}[0,0]\cdot W^2[0,0]$: each of
#   its inputs gets the *other* input's value times the upstream gradient $\partial L/\partial\,\text{scores}[0,0]$;
# * **max routes**: $h_{out} = \max(0, h_{in})$ passes the upstream gradient to $h_{in}$ where $h_{in} > 0$ (it beat
#   the constant 0), and 0 elsewhere.

# %% slideshow={"slide_type": "subslide"}
# Exercise: each gate as a function of its inputs' values and the upstream gradient, returning the
#   downstream gradients (checked numerically below, and on random numbers):
#   add_gate(a, b, upstream): out = a + b; a, b numbers -> upstream a number -> (to a, to b)
#   mul_gate(a, b, upstream): out = a · b; a, b numbers -> upstream a number -> (to a, to b)
#   max_gate(z, upstream): out = max(0, z) entry by entry; z (10,) -> upstream (10,) -> to z (10,)
#   Expect: add -0.00705 to both; mul 0.0133 and -0.5033; max -0.007 and 0 (or -0.) for units 0, 1
### BEGIN SOLUTION
def add_gate(a, b, upstream):
    return 1.0 * upstream, 1.0 * upstream

def mul_gate(a, b, upstream):
    return b * upstream, a * upstream

def max_gate(z, upstream):
    return np.where(z > 0, upstream, 0.0)
### END SOLUTION
XW1 = X @ W1
down_add = add_gate(XW1[0, 0], b1[0], d_h_in[0, 0])           # h_in[0,0] = (X·W1)[0,0] + b1[0]
down_mul = mul_gate(h_out[0, 0], W2[0, 0], d_scores[0, 0])    # a product in scores[0,0]
down_max = max_gate(h_in[0], d_h_out[0])                      # h_out[0] = max(0, h_in[0])
print(f"add  upstream {d_h_in[0, 0]:.5f} -> (X·W1)[0,0] {down_add[0]:.5f}, b1[0] {down_add[1]:.5f}")
print(f"mul  upstream {d_scores[0, 0]:.4f}, h_out[0,0] {h_out[0, 0]:.4f}, W2[0,0] {W2[0, 0]:.4f}",
      f"-> h_out[0,0] {down_mul[0]:.4f}, W2[0,0] {down_mul[1]:.4f}")
print(f"max  units 0, 1: h_in {h_in[0, :2]}, upstream {d_h_out[0, :2]} -> {down_max[:2]}")


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The three gates, checked
#
# Both inputs of each gate, against the numerical derivative of the **loss** with respect to that input, the rest of
# the graph recomputed from the gate's output (`eval_numerical_gradient`, as in notebooks 2 and 3):

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
def loss_from_h_in(h):                           # the forward pass from h_in on
    return softmax_loss(np.maximum(0, h) @ W2 + b2, y)[0] + penalty

def put(a, index, value):                        # a copy of a with a[index] = value
    a = a.copy()
    a[index] = value
    return a

def numerical(f, *at):                           # ∂f/∂ each of the numbers at
    return eval_numerical_gradient(f, np.array(at, dtype=float), verbose=False)

rest = scores[0, 0] - h_out[0, 0] * W2[0, 0]     # scores[0,0] without the product
num_add = numerical(lambda ab: loss_from_h_in(put(h_in, (0, 0), ab[0] + ab[1])), XW1[0, 0], b1[0])
num_mul = numerical(lambda ab: softmax_loss(put(scores, (0, 0), rest + ab[0] * ab[1]), y)[0] + penalty,
                    h_out[0, 0], W2[0, 0])
num_max = numerical(lambda z: loss_from_h_in(put(h_in, 0, z)), *h_in[0])
for gate, ours, num in (("add", down_add, num_add), ("mul", down_mul, num_mul), ("max", down_max, num_max)):
    print(f"{gate}  numerical {num[:2]}, rel_error {rel_error(np.array(ours), num):.0e}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: add passes -0.00705 to both; the multiply sends h_out[0,0] W2[0,0] times the upstream gradient (0.0133) and
# W2[0,0] h_out[0,0] times it (-0.5033, cell 20's first share); ReLU passes the upstream gradient for unit 0
# (h_in 3.96) and 0 for unit 1 (h_in -0.99); both inputs of each gate agree with the numerical gradient; the three
# functions are the gates on random numbers too (not copies of section 1's arrays)
assert down_add[0] == down_add[1] == d_h_in[0, 0] and f"{d_h_in[0, 0]:.5f}" == "-0.00705", "add: both get the upstream gradient"
assert rel_error(np.array(down_add), num_add) < 1e-7
assert np.isclose(down_mul[0], W2[0, 0] * d_scores[0, 0]) and np.isclose(down_mul[1], h_out[0, 0] * d_scores[0, 0]), "mul: each gets the other's value"
assert [f"{v:.4f}" for v in down_mul] == ["0.0133", "-0.5033"] and rel_error(np.array(down_mul), num_mul) < 1e-7
assert rel_error(down_max, num_max) < 1e-7, "max: the upstream gradient where h_in > 0, else 0"
assert down_max[0] == d_h_out[0, 0] != 0 and down_max[1] == 0 != d_h_out[0, 1] and h_in[0, 1] < 0
_a, _b, _u = np.random.default_rng(0).normal(size=3)
assert np.allclose(add_gate(_a, _b, _u), (_u, _u)) and np.allclose(mul_gate(_a, _b, _u), (_b * _u, _a * _u))
_z, _up = np.random.default_rng(1).normal(size=(2, 10))
assert np.allclose(max_gate(_z, _up), np.where(_z > 0, _up, 0)) and np.shape(max_gate(_z, _up)) == (10,)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Where a value fans out, the gradients add
#
# This notebook numbers from 0, as numpy and notebook 1 do: sample 0, hidden unit 0 and $W^2[0,0]$ are notebook 2's
# sample 1, unit 1 and $w^2_{11}$. $h_{out}[0,0]$ feeds all three scores of sample 0, through three multiply gates
# $h_{out}[0,0]\cdot W^2[0,k]$ (the first is the previous slide's): each sends back $W^2[0,k]$ times its score's
# upstream gradient, and the three add up to $\partial L/\partial h_{out}[0,0]$. $W^2[0,0]$ feeds the score of
# class 0 of **every** sample and the penalty: six paths.

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
three = W2[0] * d_scores[0]                  # from the scores of sample 0, classes 0, 1, 2
num_h_out = eval_numerical_gradient(lambda h: softmax_loss(h @ W2 + b2, y)[0], h_out.copy(),
                                    verbose=False)
print(f"h_out[0,0]: {three} add up to {three.sum():.5f}; numerical {num_h_out[0, 0]:.5f}")
six = np.append(h_out[:, 0] * d_scores[:, 0], 2 * reg * W2[0, 0] * d_penalty)   # 5 samples, penalty
num_W2 = eval_numerical_gradient(lambda _: net.loss(X, y, reg=reg)[0], W2, verbose=False)
print(f"W2[0,0]: {six} add up to {six.sum():.4f}; numerical {num_W2[0, 0]:.4f}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the three shares of h_out[0,0] and the six of W2[0,0] (four of them 0: unit 0 is off for samples 1-4) add
# up to the rule's gradient and to the numerical one; the first of each is the multiply gate's
assert np.isclose(three[0], down_mul[0]) and np.isclose(six[0], down_mul[1])
assert np.isclose(three.sum(), d_h_out[0, 0]) and rel_error(three.sum(), num_h_out[0, 0]) < 1e-7
assert np.isclose(six.sum(), d_W2[0, 0]) and rel_error(six.sum(), num_W2[0, 0]) < 1e-7 and (six[1:5] == 0).all()
assert f"{six.sum():.4f}" == "-0.5138" and rel_error(d_W2, num_W2) < 1e-7

# %% [markdown] slideshow={"slide_type": "fragment"}
# Only sample 0 switches hidden unit 0 on, so four of the six paths carry 0 (notebook 2's section 3); the sample's
# share, $-2.5164/5$, and the penalty's, $2\,\text{reg}\,W^2[0,0] = -0.0105$, make the $-0.5138$.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: sample 0's share is -2.5164 / 5, the penalty's -0.0105
assert f"{six[0] * 5:.4f}" == "-2.5164" and f"{six[5]:.4f}" == "-0.0105"

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2 · Layers: a forward pass with a cache, a backward pass with the rule
#
# Assignment 2 cuts the graph into **layers**. Each has two functions: `forward` computes its output and keeps, in
# a `cache`, what its backward pass will need; `backward` takes the upstream gradient `dout` and that cache and
# returns the downstream gradient of every input: local gradient times `dout`, added where an input feeds several
# outputs. Nothing else: a layer knows neither the loss nor its neighbours. You write four, in `cs231n/layers.py`:
#
# | function | takes | returns |
# |---|---|---|
# | `affine_forward(x, w, b)` | `x` (N, d₁, …, d_k), `w` (D, M), `b` (M,) | `out` (N, M): each sample flattened to a row of D = d₁⋯d_k values, times `w`, plus `b`; `cache` |
# | `affine_backward(dout, cache)` | `dout` (N, M) | `dx` shaped like `x`, `dw` (D, M), `db` (M,) |
# | `relu_forward(x)` | `x` of any shape | `out` = max(0, x) entry by entry; `cache` |
# | `relu_backward(dout, cache)` | `dout` shaped like `x` | `dx` shaped like `x` |
#
# `x` (N, d₁, …, d_k) is N samples of any shape: in Assignment 2 an image batch (N, 3, 32, 32); affine flattens each.

# %% slideshow={"slide_type": "skip"}
require("affine_forward", "affine_backward", "relu_forward", "relu_backward")      # check

# %% [markdown] slideshow={"slide_type": "subslide"}
# Assignment 2's check: random inputs, a random upstream gradient `dout`, and `eval_numerical_gradient_array`, the
# numerical gradient of $\sum f(x) \odot \text{dout}$ with respect to $x$ (notebook 2 measured the softmax Jacobian
# with it). Why that sum: with `dout` held fixed, its gradient is exactly local gradient × upstream for that
# `dout`, which is the `dx` the backward pass must return:

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
rng = np.random.default_rng(231)
x, w, b = rng.normal(size=(10, 2, 3)), rng.normal(size=(6, 5)), rng.normal(size=5)
dout = rng.normal(size=(10, 5))
dx, dw, db = affine_backward(dout, affine_forward(x, w, b)[1])
dx_num = eval_numerical_gradient_array(lambda x: affine_forward(x, w, b)[0], x, dout)
dw_num = eval_numerical_gradient_array(lambda w: affine_forward(x, w, b)[0], w, dout)
db_num = eval_numerical_gradient_array(lambda b: affine_forward(x, w, b)[0], b, dout)
print("affine_backward:", ", ".join(f"{name} {rel_error(ours, num):.0e}" for name, ours, num
                                    in (("dx", dx, dx_num), ("dw", dw, dw_num), ("db", db, db_num))))
z, dz = rng.normal(size=(10, 10)), rng.normal(size=(10, 10))
dz_num = eval_numerical_gradient_array(lambda z: relu_forward(z)[0], z, dz)
print(f"relu_backward:   dx {rel_error(relu_backward(dz, relu_forward(z)[1]), dz_num):.0e}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: every relative error is far below 1e-7; affine_forward gives Assignment 2's printed values
assert max(rel_error(dx, dx_num), rel_error(dw, dw_num), rel_error(db, db_num)) < 1e-8 and dx.shape == x.shape
assert rel_error(relu_backward(dz, relu_forward(z)[1]), dz_num) < 1e-8
a2_x = np.linspace(-0.1, 0.5, num=240).reshape(2, 4, 5, 6)
a2_out = affine_forward(a2_x, np.linspace(-0.2, 0.3, num=360).reshape(120, 3), np.linspace(-0.3, 0.1, num=3))[0]
assert rel_error(a2_out, np.array([[1.49834967, 1.70660132, 1.91485297], [3.25553199, 3.5141327, 3.77273342]])) < 1e-8

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The two-layer net, composed
#
# Forward: affine, ReLU, affine, softmax loss. Backward: the same layers in reverse, each layer's `dx` the `dout` of
# the one before; the penalty's path, $2\,\text{reg}\,W$, is added to `dW` as in section 1 (this loss is
# Assignment 1's $\text{reg}\sum W^2$; Assignment 2's `FullyConnectedNet` uses $0.5\,\text{reg}\sum W^2$, so there
# the penalty's gradient is $\text{reg}\,W$). It must give exactly what `TwoLayerNet.loss`
# gives:

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
a1, cache1 = affine_forward(X, W1, b1)
hidden, cache_relu = relu_forward(a1)
out, cache2 = affine_forward(hidden, W2, b2)
loss_layers, dout = softmax_loss(out, y)
dhidden, dW2, db2 = affine_backward(dout, cache2)
dX, dW1, db1 = affine_backward(relu_backward(dhidden, cache_relu), cache1)
layered = {"W1": dW1 + 2 * reg * W1, "b1": db1, "W2": dW2 + 2 * reg * W2, "b2": db2}
loss_net, grads = net.loss(X, y, reg=reg)
worst = max(np.abs(layered[name] - grads[name]).max() for name in grads)
print(f"loss {loss_layers + penalty:.12f}, TwoLayerNet.loss {loss_net:.12f}")
print(f"largest difference between the gradients: {worst:.0e}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: composed, the layers give exactly what TwoLayerNet.loss gives
assert abs(loss_layers + penalty - loss_net) <= 1e-12 and worst <= 1e-12

# %% [markdown] slideshow={"slide_type": "fragment"}
# `dhidden`, what the second affine layer returns as its `dx`, is section 1's $\partial L/\partial h_{out}$, and `dX`
# its $\partial L/\partial X$: inline question 1's gradient, passed down the stack.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the second layer's dx is section 1's d_h_out, the first layer's d_X
assert np.allclose(dhidden, d_h_out, rtol=0, atol=1e-15) and np.allclose(dX, d_X, rtol=0, atol=1e-15)


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Any depth: the backward pass is a loop
#
# Nothing in the composition depends on how many layers there are. `mlp_loss` takes any number of affine–ReLU
# layers (`affine_relu_forward` and `_backward` from `cs231n.layer_utils`, the two layers in one call) and a last
# affine layer; its backward pass is one loop, in reverse:

# %% slideshow={"slide_type": "-"}
def mlp_loss(params, X, y, reg, loss_layer=softmax_loss):
    '''Loss and gradients of affine-ReLU layers, then an affine layer and loss_layer.'''
    n = len(params) // 2                                   # params: W1, b1, W2, b2, ...
    forward = [affine_relu_forward] * (n - 1) + [affine_forward]
    backward = [affine_relu_backward] * (n - 1) + [affine_backward]
    out, caches, penalty = X, [], 0.0
    for i in range(n):
        W, b = params[f"W{i + 1}"], params[f"b{i + 1}"]
        out, cache = forward[i](out, W, b)
        caches.append(cache)
        penalty += reg * np.sum(W ** 2)                    # the penalty is part of the forward pass
    loss, dout = loss_layer(out, y)
    grads = {}
    for i in reversed(range(n)):                           # the same layers, backwards
        W = f"W{i + 1}"
        dout, grads[W], grads[f"b{i + 1}"] = backward[i](dout, caches[i])
        grads[W] += 2 * reg * params[W]                    # plus the penalty's path
    return loss + penalty, grads


# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: with the toy net's two layers, mlp_loss is TwoLayerNet.loss
mlp_l, mlp_g = mlp_loss(net.params, X, y, reg)
assert abs(mlp_l - loss_net) < 1e-12 and all(np.allclose(mlp_g[k], grads[k], rtol=0, atol=1e-12) for k in grads)


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### A three-layer net, gradient-checked
#
# 4-10-8-3, the weights drawn with standard deviation 0.1, the biases 0; the same `mlp_loss`:

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
def init_mlp(sizes, seed):
    rng, params = np.random.default_rng(seed), {}
    for i, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:]), start=1):
        params[f"W{i}"], params[f"b{i}"] = 0.1 * rng.normal(size=(fan_in, fan_out)), np.zeros(fan_out)
    return params

deep = init_mlp([4, 10, 8, 3], seed=2)
deep_loss, deep_grads = mlp_loss(deep, X, y, reg)
errors = {}
for name, param in deep.items():
    numeric = eval_numerical_gradient(lambda _: mlp_loss(deep, X, y, reg)[0], param, verbose=False)
    errors[name] = rel_error(deep_grads[name], numeric)
print(f"loss {deep_loss:.4f};", ", ".join(f"{name} {error:.0e}" for name, error in errors.items()))

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the three-layer loss is 1.1644 and every relative error is below 1e-7
assert f"{deep_loss:.4f}" == "1.1644" and max(errors.values()) < 1e-7 and len(errors) == 6


# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3 · A tiny autograd: the rule, applied by a program
#
# `cs231n.autograd` (after Karpathy's micrograd) writes each node's rule once, inside the operation. Every
# operation on a `Tensor` returns a new `Tensor` that remembers its inputs (`parents`) and a small function that
# sends its gradient back to them, local gradient times upstream, **added** (`+=`) into each input's `.grad`.
# `backward()` lists the graph so that every node comes after its inputs (a topological order) and calls those
# functions from the loss back. The toy net's loss, written once more, with Tensors:

# %% slideshow={"slide_type": "-"} tags=["nbval-ignore-output"]
def tensor_toy_loss(make=Tensor):
    '''The toy net's loss as Tensors: loss, parameters, scores, data loss, penalty.
    make: the class of the parameters' Tensors (a buggy subclass below).'''
    T = {name: make(value) for name, value in net.params.items()}
    t_scores = (Tensor(X) @ T["W1"] + T["b1"]).relu() @ T["W2"] + T["b2"]
    t_data = tensor_softmax_loss(t_scores, y)
    t_penalty = reg * ((T["W1"] * T["W1"]).sum() + (T["W2"] * T["W2"]).sum())
    return t_data + t_penalty, T, t_scores, t_data, t_penalty

t_loss, T, t_scores, t_data, t_penalty = tensor_toy_loss()
t_loss.backward()
hand = {"W1": d_W1, "b1": d_b1, "W2": d_W2, "b2": d_b2}                   # section 1's
worst = max(np.abs(T[name].grad - hand[name]).max() for name in hand)
worst = max(worst, np.abs(t_scores.grad - d_scores).max())               # and ∂L/∂scores
print(f"loss {t_loss.data:.12f} (section 1: {loss:.12f})")
print(f"largest difference from section 1's gradients: {worst:.0e}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: the engine reproduces the loss and every entry of the hand-derived gradients (and ∂L/∂scores) to 1e-12
assert abs(t_loss.data - loss) < 1e-12 and worst <= 1e-12
assert all(np.allclose(T[name].grad, hand[name], rtol=0, atol=1e-12) for name in hand)
assert np.allclose(t_scores.grad, d_scores, rtol=0, atol=1e-12)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The order it runs in, and what it costs
#
# `t_loss.graph()` is the topological order; the operations in it, forward (backward runs them right to left):

# %% slideshow={"slide_type": "-"}
order = t_loss.graph()
ops = [node.op for node in order if node.parents]              # the nodes an operation made
leaves = [node.data.shape if node.data.ndim else node.data.item() for node in order if not node.parents]
print(f"{len(order)} nodes: {len(leaves)} inputs and constants, {len(ops)} operations")
print("inputs and constants:", *leaves)
print(" ".join(ops))

def count(t):
    return sum(1 for node in t.graph() if node.parents)

print(f"network {count(t_scores)}, softmax and cross-entropy {count(t_data) - count(t_scores)},",
      f"penalty {count(t_penalty)}, the final + 1")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: 34 nodes, 11 inputs and constants (X, W1, b1, W2, b2, the shift (5, 1), -1 three times, 1/N = 0.2, reg),
# 23 operations: 5 for the network, 11 for the loss (two `* +` subtractions, one `*` negation), 6 for the penalty, 1;
# 23 - 5 = 18 = 11 + 6 + 1
assert len(order) == 34 and len(ops) == 23 and (count(t_scores), count(t_data) - count(t_scores), count(t_penalty)) == (5, 11, 6)
assert leaves == [(5, 4), (4, 10), (10,), (10, 3), (3,), (5, 1), -1.0, -1.0, -1.0, 0.2, 0.05]
assert ops[:5] == ["@", "+", "relu", "@", "+"] and ops[-1] == "+"
assert " ".join(ops[5:16]) == "* + exp sum log * + pick sum * *"


# %% [markdown] slideshow={"slide_type": "subslide"}
# ### 23 operations against 7 lines
#
# `backward()` calls one function per node, 34, and 23 of them do work, where the hand-derived pass has **7 lines**
# (notebook 2's summary: $dO$, $dW^2$, $db^2$, $dH_{out}$, $dH_{in}$, $dW^1$, $db^1$). The 11 inputs and constants are
# $X$, the 4 parameters, the shift by each row's largest score (5×1), $-1$ three times, $1/N = 0.2$ and reg: the
# engine has no minus, so $a - b$ is built as $a + (-1)\cdot b$ (the loss's two subtractions show as `* +`) and
# $-a$ as $(-1)\cdot a$ (a `*`). The network's 5 operations do the work of 6 of the 7 lines (a matrix product's
# function gives both of its inputs' gradients). The other $23 - 5 = 18$ are the loss: 11 small operations for
# softmax and cross-entropy where the derivation has one line, $(P - Y)/N$, because it cancelled the softmax Jacobian
# against the logarithm on paper; 6 for the penalty, which the derivation folds into $dW$ as $2\,\text{reg}\,W$; and
# the final +. The engine also computes gradients nobody uses (for $X$ and the constants) and keeps every
# intermediate array for the backward pass. In exchange it cannot forget a path.

# %% [markdown] slideshow={"slide_type": "subslide"} tags=["inline-question"]
# **Inline question 2:** The engine adds (`+=`) into `.grad`. Suppose the multiply gate *set* its inputs' gradients
# instead (`=`), the classic autograd bug. What would `x.grad` be for $x + x \cdot x$ at $x = 3$ (true: $1 + 2x = 7$)?
# And in the toy net, whose penalty is built from `W * W`, which gradients would go wrong, and how?

# %% [markdown] slideshow={"slide_type": "fragment"} tags=["answer"]
# **Answer:** 3. Backward runs the add first: $x$ gets 1 and the product gets 1. Then the multiply, whose two
# inputs are both $x$, sets `x.grad` to $3 \cdot 1$ for its first input and again to $3 \cdot 1$ for its second,
# wiping out the add's 1 and its own other 3. In the toy net the same happens at `W * W`: it runs before the matrix
# product, leaves $\text{reg}\cdot W$ (one of its two paths) instead of $2\,\text{reg}\,W$, and then the data path is
# added on top. $dW^1$ and $dW^2$ come out with half the penalty's gradient: $\text{reg}\,W$ is the gradient of
# $\frac12\text{reg}\lVert W\rVert^2$ (Assignment 2's convention), while this loss is $\text{reg}\lVert W\rVert^2$
# (Assignment 1's). $b^1$ and $b^2$ are right: no multiply has them as an input, and every multiply on their path has
# inputs that feed nothing else, so `=` into a still-zero gradient equals `+=`.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The bug, on purpose

# %% slideshow={"slide_type": "-"}
class Overwriting(Tensor):
    '''A Tensor whose multiply SETS its inputs' gradients (=) instead of adding to them (+=).'''
    def __mul__(self, other):
        other = as_tensor(other)
        out = Tensor(self.data * other.data, (self, other), "*")
        def _backward():
            self.grad = other.data * out.grad           # the bug: = where += belongs
            other.grad = self.data * out.grad
        out._backward = _backward
        return out

x = Overwriting(3.0)
(x + x * x).backward()
print(f"x + x·x at x = 3: x.grad = {x.grad:g} (true: 7)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The bug in the toy net
#
# The same net, its parameters `Overwriting` Tensors, so that `W * W` in the penalty sets instead of adding:

# %% slideshow={"slide_type": "-"}
b_loss, B, *_ = tensor_toy_loss(make=Overwriting)
b_loss.backward()
for name in ("W1", "W2", "b1", "b2"):
    error = rel_error(B[name].grad, hand[name])
    print(f"{name}: rel_error {error:.2f}" if error > 1e-12 else f"{name}: rel_error {error:.0e} (right)")
for name in ("W1", "W2"):
    data_path = hand[name] - 2 * reg * net.params[name]
    print(f"{name}[0,0] {B[name].grad[0, 0]:+.5f} = data path {data_path[0, 0]:+.5f}",
          f"+ reg·{name} {reg * net.params[name][0, 0]:+.5f};  true {hand[name][0, 0]:+.5f}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: x.grad is 3; the broken W gradients are data path + reg·W (not 2 reg W): rel_error 0.80 and 0.33; biases right
assert x.grad == 3.0
for name in ("W1", "W2"):
    data_path = hand[name] - 2 * reg * net.params[name]
    assert np.allclose(B[name].grad, data_path + reg * net.params[name], rtol=0, atol=1e-12)
assert f"{rel_error(B['W1'].grad, hand['W1']):.2f}" == "0.80" and f"{rel_error(B['W2'].grad, hand['W2']):.2f}" == "0.33"
assert rel_error(B["b1"].grad, hand["b1"]) < 1e-12 and rel_error(B["b2"].grad, hand["b2"]) < 1e-12

# %% [markdown] slideshow={"slide_type": "fragment"}
# The worst entries of $dW^1$ are at 0.80, those of $dW^2$ at 0.33: a wrong gradient, and no error message. The
# order decides whether the bug shows: the same `=` in the add gate gives the right 7 for $x + x \cdot x$, because
# the add runs first, when there is nothing yet to overwrite (exercise 3).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Where 0.80 and 0.33 come from
#
# Where a hidden unit is switched on by no sample (3 of the 10: 12 entries of $W^1$, 9 of $W^2$), the data path is 0
# and the broken gradient is $\text{reg}\,W$ against the true $2\,\text{reg}\,W$: notebook 3's "twice too large", a
# relative error of exactly 1/3. The 0.80 is entry $W^1[2,4]$, where the data path, $-0.0241$, nearly cancels the
# penalty's $+0.0227$, so that halving the penalty moves the small total, $-0.0014$, a long way:

# %% slideshow={"slide_type": "-"}
for name, data_path in (("W1", X.T @ d_h_in), ("W2", h_out.T @ d_scores)):      # section 1's data paths
    off = data_path == 0
    print(f"{name}: data path 0 in {off.sum()} of {off.size} entries,",
          f"rel_error there {rel_error(B[name].grad[off], hand[name][off]):.2f}")
ratio = np.abs(B["W1"].grad - d_W1) / (np.abs(B["W1"].grad) + np.abs(d_W1))     # rel_error entry by entry
i, j = np.unravel_index(ratio.argmax(), ratio.shape)
print(f"W1[{i},{j}]: data path {(X.T @ d_h_in)[i, j]:+.4f}, penalty 2·reg·W {2 * reg * W1[i, j]:+.4f}",
      f"-> true {d_W1[i, j]:+.4f}, broken {B['W1'].grad[i, j]:+.4f}: rel_error {ratio[i, j]:.2f}")

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check"]
# check: where the data path is 0 (3 units off for every sample: 12 entries of W1, 9 of W2) the error is 1/3; W1's worst entry is [2,4], data path
# -0.0241 against the penalty's +0.0227, relative error 0.80
_off1, _off2 = (X.T @ d_h_in) == 0, (h_out.T @ d_scores) == 0
assert (_off1.sum(), _off2.sum()) == (12, 9) and (h_out.max(axis=0) == 0).sum() == 3
assert f"{d_W1[2, 4]:+.4f}" == "-0.0014"
assert np.allclose(np.abs(B["W1"].grad - d_W1)[_off1] / (np.abs(B["W1"].grad) + np.abs(d_W1))[_off1], 1 / 3)
assert np.allclose(np.abs(B["W2"].grad - d_W2)[_off2] / (np.abs(B["W2"].grad) + np.abs(d_W2))[_off2], 1 / 3)
assert (i, j) == (2, 4) and f"{(X.T @ d_h_in)[2, 4]:+.4f}" == "-0.0241" and f"{2 * reg * W1[2, 4]:+.4f}" == "+0.0227"
assert f"{rel_error(B['W1'].grad[2, 4], d_W1[2, 4]):.2f}" == "0.80" == f"{rel_error(B['W1'].grad, d_W1):.2f}"
assert f"{rel_error(B['W2'].grad, d_W2):.2f}" == "0.33"

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4 · Where it goes next: `loss.backward()` in PyTorch
#
# PyTorch does what section 3's engine does, at scale. In this lesson's terms:
#
# * **The graph is recorded as the forward pass runs.** Every operation on a tensor with `requires_grad=True` returns
#   a tensor whose `grad_fn` (`MmBackward0`, `ReluBackward0`, `MulBackward0`, …) points to the nodes of its inputs:
#   our `parents` and `_backward`. It saves what its backward needs (Assignment 2's `cache`).
# * **`loss.backward()` applies the rule from $\partial L/\partial L = 1$**, visiting a node only once all the gradients
#   of its output have arrived, as our topological order ensures; each node multiplies by its local gradient (a
#   formula written by hand for each operation, as our layers' backward passes are).
# * **Gradients add**: at forks inside the graph, and into a parameter's `.grad` across calls. That is why a training
#   loop (forward, backward, update, repeated) calls `optimizer.zero_grad()`, which sets every
#   parameter's `.grad` back to 0, before each `backward()`: our `+=`, seen from outside.
# * **Only what needs a gradient gets one**: a tensor made without `requires_grad`, like $X$, gets none (inline
#   question 1), and the intermediate tensors do not keep theirs. The graph is freed after `backward()`.
# * Its loss is not built from small steps: `F.cross_entropy` is `log_softmax` then `nll_loss`, two operations
#   with backward formulas of their own, where section 3 takes 11.
#
# Not run here (the course's environment has no PyTorch; converting the other arrays to tensors is left out):
#
# ```python
# W1 = torch.tensor(net.params["W1"], requires_grad=True)           # ... likewise b1, W2, b2; X, y tensors
# loss = F.cross_entropy(torch.relu(X @ W1 + b1) @ W2 + b2, y) + reg * ((W1 ** 2).sum() + (W2 ** 2).sum())
# loss.backward()                                                     # W1.grad is section 1's d_W1
# ```

# %% [markdown] slideshow={"slide_type": "slide"}
# ## What you have seen
#
# * Backpropagation is one rule: **downstream = local × upstream**, from $\partial L/\partial L = 1$ back, with the
#   gradients **added** where a value fans out ($h_{out}$ into every score; $W^1$ and $W^2$ into the data loss and
#   the penalty). Add distributes, multiply swaps, max routes: checked numerically on the toy net's own numbers.
# * A layer is a forward pass that keeps a cache and a backward pass that applies the rule; composed, four layers
#   give `TwoLayerNet.loss` to $10^{-12}$, and the same loop runs a net of any depth.
# * An autograd engine applies the rule per operation in topological order: 23 operations reproduce the
#   7 hand-derived lines to $10^{-12}$; `=` in place of `+=` gives wrong gradients without an error: in the toy net it halves the
#   penalty's gradient; in $x + x\cdot x$ it gives 3 instead of 7.

# %% [markdown] slideshow={"slide_type": "slide"} tags=["exercises"]
# ## Exercises
#
# Each ends with what you should get, to compare yours with.
#
# 1. **The SVM loss.** Pass `loss_layer=svm_loss` (`cs231n.layers`, the multiclass hinge loss) to `mlp_loss` with the
#    toy net's parameters and reg = 0.05, and check all four gradients numerically. Only the loss layer changes:
#    why does nothing else have to? *Expect:* loss 2.4491; every relative error below $10^{-8}$.
# 2. **A new operation.** Give the engine a $\tanh$ gate: a function `tanh(t)` that takes a Tensor `t` and returns a
#    new Tensor holding $\tanh$ of `t.data`, with `t` as its parent, whose `_backward` adds local gradient × upstream
#    into `t.grad` ($\frac{d}{dz}\tanh z = 1 - \tanh^2 z$), as the methods in `cs231n/autograd.py` do; no subclass
#    needed. Build the toy net with `tanh(Tensor(X) @ W1 + b1)` in place of the ReLU and check its gradients against
#    numerical ones of the same net written in numpy. *Expect:* loss 1.1549; every relative error below $10^{-7}$.

# %% [markdown] slideshow={"slide_type": "subslide"} tags=["exercises"]
# 3. **The bug that hides.** Write `Overwriting`'s twin whose **add** sets (`=`) its inputs' gradients, and compute
#    `x.grad` for $x + x$ and for $x + x \cdot x$ at $x = 3$. Why is one wrong and the other right?
#    *Expect:* 1 (true: 2) and 7 (right).
# 4. **Five layers.** `mlp_loss` with `init_mlp([4, 10, 10, 10, 10, 3], seed=6)` and reg = 0.05: check every
#    gradient numerically. Which layers' errors are largest, and why are the smallest gradients the hardest to
#    check? (Notebook 3, section 1.) *Expect:* loss 1.2883; every relative error below $10^{-6}$, the largest for
#    $b^1$ (4e-7; its entries only up to 4e-4) and $W^3$ (2e-7); $W^1$ only 4e-9.

# %% jupyter={"source_hidden": true} slideshow={"slide_type": "skip"} tags=["check", "exercise-answers"]
# check: what the exercises expect: the SVM loss 2.4491 with errors < 1e-8; the tanh net 1.1549 with errors < 1e-7;
# an overwriting add gives 1 for x + x and 7 for x + x·x; five layers (seed 6) 1.2883 with errors < 1e-6, the
# largest b1's (4e-7, entries up to 4e-4), then W3's (2e-7), W1's 4e-9
svm_l, svm_g = mlp_loss(net.params, X, y, reg, loss_layer=svm_loss)
assert f"{svm_l:.4f}" == "2.4491"
assert all(rel_error(svm_g[k], eval_numerical_gradient(lambda _: mlp_loss(net.params, X, y, reg, svm_loss)[0],
                                                       net.params[k], verbose=False)) < 1e-8 for k in svm_g)

def tanh(t):
    out = Tensor(np.tanh(t.data), (t,), "tanh")
    def _backward():
        t.grad += (1 - out.data ** 2) * out.grad
    out._backward = _backward
    return out

P = {k: Tensor(v) for k, v in net.params.items()}
tanh_loss = tensor_softmax_loss(tanh(Tensor(X) @ P["W1"] + P["b1"]) @ P["W2"] + P["b2"], y) + reg * ((P["W1"] * P["W1"]).sum() + (P["W2"] * P["W2"]).sum())
tanh_loss.backward()
numpy_tanh = lambda _: softmax_loss(np.tanh(X @ W1 + b1) @ W2 + b2, y)[0] + reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))
assert f"{float(tanh_loss.data):.4f}" == "1.1549" and abs(numpy_tanh(None) - tanh_loss.data) < 1e-12
assert all(rel_error(P[k].grad, eval_numerical_gradient(numpy_tanh, net.params[k], verbose=False)) < 1e-7 for k in P)

class OverwritingAdd(Tensor):
    def __add__(self, other):
        other = as_tensor(other)
        out = Tensor(self.data + other.data, (self, other), "+")
        def _backward():
            self.grad = 1.0 * out.grad
            other.grad = 1.0 * out.grad
        out._backward = _backward
        return out

x = OverwritingAdd(3.0); (x + x).backward(); assert x.grad == 1.0
x = OverwritingAdd(3.0); (x + x * x).backward(); assert x.grad == 7.0
x = OverwritingAdd(3.0); _xx = x * x; assert type(_xx) is Tensor    # so the faulty add ran only where x is on the left
five = init_mlp([4, 10, 10, 10, 10, 3], seed=6)
five_loss, five_grads = mlp_loss(five, X, y, reg)
assert f"{five_loss:.4f}" == "1.2883"
five_errors = {k: rel_error(five_grads[k], eval_numerical_gradient(lambda _: mlp_loss(five, X, y, reg)[0], five[k],
                                                                   verbose=False)) for k in five}
assert max(five_errors.values()) < 1e-6
assert sorted(five_errors, key=five_errors.get)[-2:] == ["W3", "b1"]
assert f"{five_errors['b1']:.0e}" == "4e-07" and f"{five_errors['W3']:.0e}" == "2e-07" and f"{five_errors['W1']:.0e}" == "4e-09"
assert f"{np.abs(five_grads['b1']).max():.0e}" == "4e-04"

# %% [markdown] slideshow={"slide_type": "-"}
# Previous: **[3 · Checking gradients, and checking the checker](03_gradient_checking.ipynb)**.
# Next: **[5 · What the hidden layer buys](05_hidden_layer.ipynb)**.
