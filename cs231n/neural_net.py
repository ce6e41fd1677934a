"""A two-layer fully-connected network: affine - ReLU - affine - softmax.

Shapes used throughout: N samples, D input features, H hidden units, C classes.
The API follows the CS231n Assignment 1 (2017-2019) ``TwoLayerNet``.
"""
import numpy as np
from tqdm.auto import tqdm

from cs231n.checks import (check_count, check_features, check_labels, check_positive,
                           check_reg)

IMAGE_SHAPE = (32, 32, 3)   # rows of 3072 values are images of this shape (for flip=True)


def log_softmax(scores):
    """Row-wise log of the softmax of scores (N, C) -> (N, C).

    Scores are shifted by their row maximum first, so exp never overflows.
    """
    ### BEGIN SOLUTION
    shifted = scores - scores.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    ### END SOLUTION


def softmax(scores):
    """Row-wise softmax of scores (N, C) -> probabilities (N, C), each row summing to 1."""
    return np.exp(log_softmax(scores))


def softmax_loss(scores, y):
    """Mean softmax cross-entropy of scores (N, C) for labels y (N,), and its
    gradient with respect to the scores, (softmax(scores) - onehot(y)) / N, shape (N, C)."""
    ### BEGIN SOLUTION
    log_probs = log_softmax(scores)
    rows = np.arange(len(scores))
    loss = -log_probs[rows, y].mean()
    dscores = np.exp(log_probs)
    dscores[rows, y] -= 1
    dscores /= len(scores)
    ### END SOLUTION
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
        X = check_features(X, self.params["W1"].shape[0])
        reg = check_reg(reg)
        if y is None:
            return self.forward(X)[1]
        y = check_labels(y, len(X), self.params["W2"].shape[1])
        return self.loss_and_grads(X, y, reg)

    def forward(self, X):
        """h_out (N, H), the hidden layer after ReLU, and the scores (N, C) for checked X (N, D).
        h_in is computed in place into the same array, which saves a copy of an (N, H) array."""
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        ### BEGIN SOLUTION
        hidden = X @ W1                         # (N, H): h_in without the bias
        hidden += b1                            # h_in
        np.maximum(hidden, 0, out=hidden)       # h_out = ReLU(h_in), overwriting h_in
        scores = hidden @ W2 + b2               # (N, C)
        ### END SOLUTION
        return hidden, scores

    def loss_and_grads(self, X, y, reg):
        """Loss and gradients for checked inputs X (N, D), y (N,), reg >= 0."""
        W1, W2 = self.params["W1"], self.params["W2"]
        hidden, scores = self.forward(X)        # h_out (N, H), scores (N, C)

        # Loss: softmax cross-entropy plus the L2 penalty.
        ### BEGIN SOLUTION
        data_loss, dscores = softmax_loss(scores, y)    # dscores: (N, C)
        loss = data_loss + reg * (np.vdot(W1, W1) + np.vdot(W2, W2))   # vdot: sum of squares
        ### END SOLUTION

        # Backward pass: grads with the keys and shapes of params.
        ### BEGIN SOLUTION
        dhidden = dscores @ W2.T                # (N, H): dL/dh_out
        dhidden *= hidden > 0                   # ReLU gate (h_out > 0 exactly where h_in > 0)
        dW1 = X.T @ dhidden
        dW1 += 2 * reg * W1
        grads = {
            "W2": hidden.T @ dscores + 2 * reg * W2,
            "b2": dscores.sum(axis=0),
            "W1": dW1,
            "b1": dhidden.sum(axis=0),
        }
        ### END SOLUTION
        return float(loss), grads

    def train(self, X, y, X_val, y_val, learning_rate=1e-3, learning_rate_decay=0.95,
              reg=5e-6, num_iters=100, batch_size=200, verbose=False, *, momentum=0.0,
              shuffle=False, lr_schedule="step", dtype=None, patience=None, flip=False,
              progress=False):
        """Minibatch SGD. The defaults are the official assignment's.

        X: (N, D), y: (N,); X_val: (N_val, D), y_val: (N_val,).
        Official behaviour: each step draws ``batch_size`` samples with replacement;
        once per epoch the accuracies are recorded and the learning rate is multiplied
        by ``learning_rate_decay`` (``lr_schedule="step"``).
        Opt-in extras:
          momentum     SGD with (heavy-ball) momentum, e.g. 0.9.
          shuffle      visit the data in a new random order each epoch (no replacement).
          lr_schedule  "cosine": decay from learning_rate to 0 over num_iters
                       (learning_rate_decay is then unused).
          dtype        e.g. np.float32: cast the parameters and data once, train in it.
          patience     stop after this many epochs without a better validation
                       accuracy, and restore the best parameters seen.
          flip         mirror a random half of each batch left-right; rows must be
                       32x32x3 images (flipping a mean-centred row flips the mean too,
                       which is nearly symmetric for natural images).
          progress     show a progress bar.
        Returns a dict of lists: loss_history (one per step), train_acc_history and
        val_acc_history (one per epoch).
        Raises FloatingPointError if the loss stops being finite.
        """
        D, C = self.params["W1"].shape[0], self.params["W2"].shape[1]
        X, X_val = check_features(X, D), check_features(X_val, D, name="X_val")
        y = check_labels(y, len(X), C)
        y_val = check_labels(y_val, len(X_val), C, name="y_val")
        learning_rate = check_positive(learning_rate, "learning_rate")
        check_positive(learning_rate_decay, "learning_rate_decay")
        reg = check_reg(reg)
        num_iters = check_count(num_iters, "num_iters")
        batch_size = check_count(batch_size, "batch_size")
        check_training_options(momentum, shuffle, lr_schedule, patience, flip, batch_size, X)
        if dtype is not None:
            self.params = {k: v.astype(dtype, copy=False) for k, v in self.params.items()}
            X, X_val = X.astype(dtype, copy=False), X_val.astype(dtype, copy=False)

        iterations_per_epoch = max(len(X) // batch_size, 1)
        velocity = {k: np.zeros_like(v) for k, v in self.params.items()}
        best_acc, best_params, stale_epochs = -1.0, None, 0
        history = {"loss_history": [], "train_acc_history": [], "val_acc_history": []}
        batches = sample_batches(len(X), batch_size, shuffle)
        for it in tqdm(range(num_iters), disable=not progress, desc="training", unit="step"):
            batch = next(batches)
            X_batch, y_batch = X[batch], y[batch]
            if flip:
                X_batch = mirror_half(X_batch)
            loss, grads = self.loss_and_grads(X_batch, y_batch, reg)
            if not np.isfinite(loss):
                raise FloatingPointError(
                    f"training diverged: the loss became {loss} at iteration {it}; "
                    f"try a smaller learning_rate (this run used {learning_rate:g})")
            history["loss_history"].append(loss)
            step = cosine_rate(learning_rate, it, num_iters) if lr_schedule == "cosine" else learning_rate
            for name, grad in grads.items():
                # In place: no temporary the size of W1 each step (grads are fresh arrays).
                ### BEGIN SOLUTION
                grad *= step
                velocity[name] *= momentum
                velocity[name] -= grad
                self.params[name] += velocity[name]
                ### END SOLUTION

            if verbose and it % 100 == 0:
                print(f"iteration {it} / {num_iters}: loss {loss:f}")
            if it % iterations_per_epoch == 0:
                history["train_acc_history"].append(np.mean(self.predict(X_batch) == y_batch))
                val_acc = np.mean(self.predict(X_val) == y_val)
                history["val_acc_history"].append(val_acc)
                if lr_schedule == "step":
                    learning_rate *= learning_rate_decay
                if patience is not None:
                    if val_acc > best_acc:
                        best_acc, stale_epochs = val_acc, 0
                        best_params = {k: v.copy() for k, v in self.params.items()}
                    else:
                        stale_epochs += 1
                    if stale_epochs >= patience:
                        break
        if best_params is not None:
            self.params = best_params
        return history

    def predict(self, X):
        """Predicted labels (N,) for X (N, D): the class with the highest score."""
        X = check_features(X, self.params["W1"].shape[0])
        ### BEGIN SOLUTION
        return np.argmax(self.forward(X)[1], axis=1)
        ### END SOLUTION


def check_training_options(momentum, shuffle, lr_schedule, patience, flip, batch_size, X):
    """Errors naming the problem for train()'s opt-in arguments."""
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
    if lr_schedule not in ("step", "cosine"):
        raise ValueError(f'lr_schedule must be "step" or "cosine", got {lr_schedule!r}')
    if patience is not None:
        check_count(patience, "patience")
    if shuffle and batch_size > len(X):
        raise ValueError(f"batch_size {batch_size} is larger than the {len(X)} training samples; "
                         "with shuffle=True batches are drawn without replacement")
    if flip and X.shape[1] != IMAGE_SHAPE[0] * IMAGE_SHAPE[1] * IMAGE_SHAPE[2]:
        raise ValueError(f"flip=True needs rows that are {IMAGE_SHAPE} images, "
                         f"but rows have {X.shape[1]} values")



def cosine_rate(learning_rate, it, num_iters):
    """The learning rate at step ``it`` of a half-cosine decay from learning_rate to 0."""
    return learning_rate * 0.5 * (1 + np.cos(np.pi * it / num_iters))


def sample_batches(num_samples, batch_size, shuffle):
    """Endless index arrays (batch_size,): with replacement (the official way), or
    consecutive slices of a fresh permutation per epoch when shuffle is True."""
    while True:
        if not shuffle:
            yield np.random.choice(num_samples, batch_size)
            continue
        order = np.random.permutation(num_samples)
        for start in range(0, num_samples - batch_size + 1, batch_size):
            yield order[start:start + batch_size]


def mirror_half(X_batch):
    """X_batch (B, 3072) with a random half of its 32x32x3 images mirrored left-right."""
    images = X_batch.reshape(-1, *IMAGE_SHAPE)
    chosen = np.random.rand(len(images)) < 0.5
    images[chosen] = images[chosen, :, ::-1]
    return X_batch
