"""A two-layer fully-connected network: affine - ReLU - affine - softmax.

Shapes used throughout: N samples, D input features, H hidden units, C classes.
The API follows the CS231n Assignment 1 (2017-2019) ``TwoLayerNet``.
"""
import numpy as np

from cs231n.checks import (check_count, check_features, check_labels, check_positive,
                           check_reg)


def log_softmax(scores):
    """Row-wise log of the softmax of scores (N, C) -> (N, C).

    Scores are shifted by their row maximum first, so exp never overflows.
    """
    shifted = scores - scores.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def softmax(scores):
    """Row-wise softmax of scores (N, C) -> probabilities (N, C), each row summing to 1."""
    return np.exp(log_softmax(scores))


def softmax_loss(scores, y):
    """Mean softmax cross-entropy of scores (N, C) for labels y (N,), and its
    gradient with respect to the scores, (softmax(scores) - onehot(y)) / N, shape (N, C)."""
    log_probs = log_softmax(scores)
    rows = np.arange(len(scores))
    loss = -log_probs[rows, y].mean()
    dscores = np.exp(log_probs)
    dscores[rows, y] -= 1
    dscores /= len(scores)
    return float(loss), dscores


class TwoLayerNet:
    """input (N, D) -> affine (D, H) -> ReLU -> affine (H, C) -> softmax.

    Trained with softmax cross-entropy plus the L2 penalty
    ``reg * (sum(W1**2) + sum(W2**2))`` (note: no factor 1/2, as in 2017-2019).

    ``params`` holds W1 (D, H), b1 (H,), W2 (H, C), b2 (C,).
    """

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        """Weights are ``std * randn`` from numpy's global generator, biases zero,
        so ``np.random.seed`` reproduces the official notebook's toy model."""
        self.params = {
            "W1": std * np.random.randn(input_size, hidden_size),
            "b1": np.zeros(hidden_size),
            "W2": std * np.random.randn(hidden_size, output_size),
            "b2": np.zeros(output_size),
        }

    def loss(self, X, y=None, reg=0.0):
        """Scores, or loss and gradients.

        X: (N, D) finite floats. y: (N,) integer labels in 0..C-1, or None.
        Returns scores (N, C) when y is None, else (loss, grads) where grads
        has the keys and shapes of ``params``.
        """
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        X = check_features(X, W1.shape[0])
        reg = check_reg(reg)

        # Forward pass.
        h_in = X @ W1 + b1                      # (N, H)
        h_out = np.maximum(h_in, 0)             # (N, H)
        scores = h_out @ W2 + b2                # (N, C)
        if y is None:
            return scores
        y = check_labels(y, len(X), W2.shape[1])

        data_loss, dscores = softmax_loss(scores, y)    # dscores: (N, C)
        loss = data_loss + reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        # Backward pass.
        dh = dscores @ W2.T                     # (N, H)
        dh[h_in <= 0] = 0                       # ReLU gate
        grads = {
            "W2": h_out.T @ dscores + 2 * reg * W2,
            "b2": dscores.sum(axis=0),
            "W1": X.T @ dh + 2 * reg * W1,
            "b1": dh.sum(axis=0),
        }
        return float(loss), grads

    def train(self, X, y, X_val, y_val, learning_rate=1e-3, learning_rate_decay=0.95,
              reg=5e-6, num_iters=100, batch_size=200, verbose=False):
        """Minibatch SGD, as in the official assignment.

        X: (N, D), y: (N,); X_val: (N_val, D), y_val: (N_val,).
        Each step draws ``batch_size`` samples with replacement; once per epoch
        the accuracies are recorded and the learning rate is multiplied by
        ``learning_rate_decay``.
        Returns a dict of lists: loss_history (one per step), train_acc_history
        and val_acc_history (one per epoch).
        Raises FloatingPointError if the loss stops being finite.
        """
        num_classes = self.params["W2"].shape[1]
        X = check_features(X, self.params["W1"].shape[0])
        y = check_labels(y, len(X), num_classes)
        X_val = check_features(X_val, self.params["W1"].shape[0], name="X_val")
        y_val = check_labels(y_val, len(X_val), num_classes, name="y_val")
        learning_rate = check_positive(learning_rate, "learning_rate")
        check_positive(learning_rate_decay, "learning_rate_decay")
        num_iters = check_count(num_iters, "num_iters")
        batch_size = check_count(batch_size, "batch_size")

        iterations_per_epoch = max(len(X) // batch_size, 1)
        history = {"loss_history": [], "train_acc_history": [], "val_acc_history": []}
        for it in range(num_iters):
            batch = np.random.choice(len(X), batch_size)
            X_batch, y_batch = X[batch], y[batch]
            loss, grads = self.loss(X_batch, y_batch, reg=reg)
            if not np.isfinite(loss):
                raise FloatingPointError(
                    f"training diverged: the loss became {loss} at iteration {it}; "
                    f"try a smaller learning_rate (this run used {learning_rate:g})")
            history["loss_history"].append(loss)
            for name, grad in grads.items():
                self.params[name] -= learning_rate * grad

            if verbose and it % 100 == 0:
                print(f"iteration {it} / {num_iters}: loss {loss:f}")
            if it % iterations_per_epoch == 0:
                history["train_acc_history"].append(np.mean(self.predict(X_batch) == y_batch))
                history["val_acc_history"].append(np.mean(self.predict(X_val) == y_val))
                learning_rate *= learning_rate_decay
        return history

    def predict(self, X):
        """Predicted labels (N,) for X (N, D): the class with the highest score."""
        return np.argmax(self.loss(X), axis=1)
