"""A small model with Assignment 2's interface, written for the tests of the Solver's contract (it is
not Assignment 2's solution, which is the students' to write). Run beside the official
FullyConnectedNets.ipynb as cs231n/classifiers/fc_net.py, its Solver cells train it.

What sets Assignment 2's models apart from Assignment 1's TwoLayerNet, for the Solver: they hold
their regularisation (``reg`` is given to the constructor; the penalty is 0.5 * reg * sum(W**2),
Assignment 2's) and define ``loss(X, y=None)`` on samples of any shape (N, d_1, ..., d_k), flattened
to rows (N, D) inside.
"""
import numpy as np

from cs231n.layer_utils import *  # noqa: F401,F403  (as Assignment 2's fc_net.py: its notebook imports
from cs231n.layers import *  # noqa: F401,F403     the layers through `from cs231n.classifiers.fc_net import *`)
from cs231n.neural_net import softmax_loss


class FullyConnectedNet:
    """(N, D) -> [affine -> ReLU] x len(hidden_dims) -> affine -> softmax, with Assignment 2's
    constructor. params: W1 (D, H1), b1 (H1,), ..., WL (H_{L-1}, C), bL (C,), L = len(hidden_dims) + 1;
    weights weight_scale * randn (numpy's global generator, W1 first), biases zero, all of dtype."""

    def __init__(self, hidden_dims, input_dim=3 * 32 * 32, num_classes=10, dropout=1, normalization=None,
                 reg=0.0, weight_scale=1e-2, dtype=np.float32, seed=None):
        if dropout != 1 or normalization is not None:
            raise ValueError("this test model has neither dropout nor normalization: keep dropout=1, "
                             "normalization=None")
        self.reg, self.dtype = reg, dtype
        sizes = [input_dim, *hidden_dims, num_classes]
        self.num_layers = len(sizes) - 1
        self.params = {}
        for layer, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:]), start=1):
            self.params[f"W{layer}"] = (weight_scale * np.random.randn(fan_in, fan_out)).astype(dtype)
            self.params[f"b{layer}"] = np.zeros(fan_out, dtype=dtype)

    def loss(self, X, y=None):
        """Scores (N, C) for samples X (N, d_1, ..., d_k) when y is None; else (loss, grads) for
        labels y (N,), grads with the keys and shapes of params."""
        h = X.reshape(len(X), -1).astype(self.dtype)
        inputs = []                                  # the input (N, fan_in) of each affine layer
        for layer in range(1, self.num_layers + 1):
            inputs.append(h)
            h = h @ self.params[f"W{layer}"] + self.params[f"b{layer}"]
            if layer < self.num_layers:
                h = np.maximum(h, 0)
        if y is None:
            return h
        loss, dout = softmax_loss(h, y)              # dout: (N, C)
        grads = {}
        for layer in range(self.num_layers, 0, -1):
            W = self.params[f"W{layer}"]
            loss += 0.5 * self.reg * np.vdot(W, W)
            grads[f"W{layer}"] = inputs[layer - 1].T @ dout + self.reg * W
            grads[f"b{layer}"] = dout.sum(axis=0)
            if layer > 1:                                     # back through the ReLU that made this input
                dout = (dout @ W.T) * (inputs[layer - 1] > 0)
        return float(loss), grads
