"""Three models to compare with the two-layer net (notebook 5): a linear softmax classifier, the
two-layer net with its ReLU removed, and the two-layer net with its biases held at zero.

All keep TwoLayerNet's contract, so the Solver trains them unchanged: ``params`` (a dict of
arrays), ``loss(X, y=None, reg=0.0)`` returning scores (N, C) when y is None and
``(loss, grads)`` otherwise, and ``predict(X)``. Shapes: N samples, D input features,
H hidden units, C classes. The L2 penalty is ``reg * sum(W**2)`` over the weight matrices
(no factor 1/2, as in TwoLayerNet); biases are not penalised.
"""
import numpy as np

from cs231n.checks import check_count, check_features, check_labels, check_positive, check_reg
from cs231n.neural_net import TwoLayerNet, softmax_loss


class LinearSoftmax:
    """input (N, D) -> affine (D, C) -> softmax: scores = X @ W + b.

    ``params`` holds W (D, C) and b (C,). Its decision boundaries are straight lines
    (hyperplanes): class c beats class k exactly where x @ (W[:, c] - W[:, k]) + b[c] - b[k] > 0.
    """

    def __init__(self, input_size, output_size, std=1e-2):
        """W is ``std * randn`` from numpy's global generator (so np.random.seed makes it
        repeatable), b is zero. Sizes are integers >= 1; std is a finite number > 0."""
        D = check_count(input_size, "input_size")
        C = check_count(output_size, "output_size")
        std = check_positive(std, "std")
        self.params = {"W": std * np.random.randn(D, C), "b": np.zeros(C)}

    def loss(self, X, y=None, reg=0.0):
        """Scores, or loss and gradients.

        X: (N, D) finite floats. y: (N,) integer labels in 0..C-1, or None.
        Returns scores (N, C) when y is None, else (loss, grads) with grads
        {"W": (D, C), "b": (C,)}, the shapes of ``params``.
        """
        W, b = self.params["W"], self.params["b"]
        X = check_features(X, W.shape[0])
        reg = check_reg(reg)
        scores = X @ W + b                                          # (N, C)
        if y is None:
            return scores
        y = check_labels(y, len(X), W.shape[1])
        data_loss, dscores = softmax_loss(scores, y)                # dscores: (N, C)
        loss = data_loss + reg * np.vdot(W, W)
        grads = {"W": X.T @ dscores + 2 * reg * W,                 # (D, C)
                 "b": dscores.sum(axis=0)}                          # (C,)
        return float(loss), grads

    def predict(self, X):
        """Predicted labels (N,) for X (N, D): the class with the highest score."""
        return np.argmax(self.loss(X), axis=1)


class TwoLayerNoReLU(TwoLayerNet):
    """TwoLayerNet without its nonlinearity: input (N, D) -> affine (D, H) -> affine (H, C)
    -> softmax, so scores = (X @ W1 + b1) @ W2 + b2 = X @ (W1 @ W2) + (b1 @ W2 + b2).

    Same constructor, ``params`` (W1 (D, H), b1 (H,), W2 (H, C), b2 (C,)), loss, training and
    predict as TwoLayerNet; only the forward pass and the backward pass through the
    (now absent) ReLU differ. Whatever H is, the scores are an affine function of X.
    """

    def forward(self, X):
        """The forward pass for X (N, D): h_in (N, H), h_out = h_in (no ReLU) (N, H), scores (N, C).
        Unchecked: X must already be a valid input; loss() and predict() check it first."""
        h_in = X @ self.params["W1"] + self.params["b1"]            # (N, H)
        scores = h_in @ self.params["W2"] + self.params["b2"]       # (N, C)
        return h_in, h_in, scores

    def backward(self, X, h_in, h_out, dscores, reg):
        """TwoLayerNet's backward pass with every unit passing its gradient: h_in enters it only
        through the ReLU's gate (h_in > 0), so a gate that is open everywhere is exactly the
        backward pass of a net without ReLU (dh_in = dh_out)."""
        return super().backward(X, np.ones_like(h_in), h_out, dscores, reg)


class TwoLayerNoBias(TwoLayerNet):
    """TwoLayerNet with its biases held at zero: scores = ReLU(X @ W1) @ W2, the net of the blog
    write-up the course teaches from (h_in = x W1, o_in = h_out W2).

    Same constructor, ``params``, forward pass, loss, training and predict as TwoLayerNet. b1 (H,)
    and b2 (C,) stay in ``params`` as zeros, so the Solver, the checks and the plots treat the
    model like any other; the backward pass reports their gradients as zero, so no update rule
    (sgd, sgd_momentum, rmsprop, adam) ever moves them. With the biases at zero the net is
    positively homogeneous: scores(a * X) = a * scores(X) for every a > 0, so every point of a ray
    from the origin gets the same class.
    """

    def backward(self, X, h_in, h_out, dscores, reg):
        """TwoLayerNet's backward pass, with the gradients of b1 and b2 set to zero (the biases are
        held, not learned); dW1 and dW2 are TwoLayerNet's."""
        grads = super().backward(X, h_in, h_out, dscores, reg)
        grads["b1"], grads["b2"] = np.zeros_like(grads["b1"]), np.zeros_like(grads["b2"])
        return grads
