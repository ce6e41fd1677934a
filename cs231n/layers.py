"""Layers with Assignment 2's interface: each has a forward pass that returns its output and a cache,
and a backward pass that takes the upstream gradient and that cache and returns the gradients of
its inputs. A network is a composition of layers; its backward pass calls theirs in reverse order.

    out, cache = affine_forward(x, w, b)      dx, dw, db = affine_backward(dout, cache)
    out, cache = relu_forward(x)              dx = relu_backward(dout, cache)
    loss, dx = softmax_loss(x, y)             loss, dx = svm_loss(x, y)

Every backward pass applies the same rule: the gradient of an input is the upstream gradient dout
times the layer's local derivative, summed over every output that input reaches.
"""
import numpy as np

from cs231n.checks import check_labels, check_scores
from cs231n.neural_net import softmax_loss  # noqa: F401  (Assignment 2's softmax_loss(x, y) is this one)


def affine_forward(x, w, b):
    """out = x w + b for x (N, d_1, ..., d_k), each sample flattened to a row of D = d_1 * ... * d_k
    values, w (D, M) and b (M,); returns out (N, M) and the cache (x, w, b)."""
    x, w, b = np.asarray(x), np.asarray(w), np.asarray(b)
    if x.ndim < 1 or w.ndim != 2 or b.shape != (w.shape[1],):
        raise ValueError(f"affine_forward needs x (N, d_1, ..., d_k), w (D, M) and b (M,), got shapes "
                         f"{x.shape}, {w.shape} and {b.shape}")
    D = int(np.prod(x.shape[1:]))
    if D != w.shape[0]:
        raise ValueError(f"x's samples have {D} values (shape {x.shape[1:]}) but w has "
                         f"{w.shape[0]} rows: w must be ({D}, M)")
    # Exercise: out (N, M), the affine map of the docstring applied to each sample of x flattened to a
    #   row of D values; checked against Assignment 2's printed values
    ### BEGIN SOLUTION
    out = x.reshape(len(x), D) @ w + b
    ### END SOLUTION
    return out, (x, w, b)


def affine_backward(dout, cache):
    """From dout (N, M) and the cache of affine_forward: dx shaped like x (N, d_1, ..., d_k),
    dw (D, M) and db (M,)."""
    x, w, _ = cache
    # Exercise: the gradients of the loss with respect to x, w and b, shaped like x, w and b, from the
    #   upstream gradient dout (notebook 4: local gradient times upstream gradient, summed where a
    #   value feeds several outputs); checked against numerical gradients
    ### BEGIN SOLUTION
    dx = (dout @ w.T).reshape(x.shape)    # each input reaches every output through its row of w
    dw = x.reshape(len(x), -1).T @ dout   # each weight is multiplied by one input, in every sample
    db = dout.sum(axis=0)                 # the bias reaches its output in every sample
    ### END SOLUTION
    return dx, dw, db


def relu_forward(x):
    """out = ReLU(x) = max(x, 0) elementwise for x of any shape; the cache is x."""
    x = np.asarray(x)
    # Exercise: out, the ReLU of every entry of x (shape of x)
    ### BEGIN SOLUTION
    out = np.maximum(x, 0)
    ### END SOLUTION
    return out, x


def relu_backward(dout, cache):
    """dx shaped like x, the gradient of the loss with respect to the ReLU's input x (the cache), from
    the upstream gradient dout (shape of x)."""
    # Exercise: dx (shape of x), from dout and the cache; checked against a numerical gradient
    ### BEGIN SOLUTION
    dx = dout * (cache > 0)               # the ReLU passes its gradient where its input won, else 0
    ### END SOLUTION
    return dx


def svm_loss(x, y):
    """The multiclass hinge loss of scores x (N, C) for labels y (N,): the mean over samples of
    sum over j != y_i of max(0, x_ij - x_iy_i + 1); returns (loss, a float) and dx (N, C)."""
    x = check_scores(x)
    y = check_labels(y, *x.shape)
    rows = np.arange(len(x))
    margins = np.maximum(0, x - x[rows, y][:, None] + 1.0)
    margins[rows, y] = 0
    loss = margins.sum() / len(x)
    dx = (margins > 0).astype(x.dtype)
    dx[rows, y] -= dx.sum(axis=1)         # the correct score takes part in every positive margin
    return float(loss), dx / len(x)
