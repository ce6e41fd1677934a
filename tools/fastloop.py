"""A fused training loop for ``make bench``: the arithmetic of

    net = TwoLayerNet(...)
    Solver(net, data, update_rule="sgd_momentum", lr_schedule="cosine", replacement=False,
           optim_config={"learning_rate": ..., "momentum": ...}, reg=..., augment=...,
           dtype=np.float32, num_epochs=...).train()

step for step (the same batches and augmentations from numpy's global generator, the same
gradients and updates, so the same parameters up to float rounding; tools/tests/test_bench.py
checks this), with less memory traffic per step. The package keeps the plain version for
students; this file is only for measuring how close numpy gets to the hardware.

Where the time goes in the plain loop, for the 3072 x H first-layer weights W1 (12 MB at H=1024,
more than the 1 MB L2 cache of a core): the matrix products stream through W1 efficiently on both
cores, but every elementwise numpy operation on a W1-sized array is one more pass over main memory
on ONE core: ``2 * reg * W1`` (a new 12 MB temporary), ``X.T @ dh + ...`` (another), then in
sgd_momentum ``v *= momentum``, ``learning_rate * dw`` (a temporary), ``v -= ...``, ``w += v``.
The tricks below, each with what it saves:

1. Scale the small (B, H) gradient dh by -learning_rate before the product, so ``X.T @ dh``
   directly gives the step's gradient term -lr * dW1 (no pass to scale the 12 MB result), and
   write it into a buffer allocated once (no 12 MB allocation per step).
2. Fold the L2 term into the update instead of adding it to the gradient:
   ``v = momentum * v - lr * (g + 2 reg W1)`` is computed as ``v*momentum + G - (2 lr reg) * W1``.
3. Do that update in blocks of rows small enough to stay in a core's L2 cache, so the five
   elementwise operations on a block read and write main memory about once instead of five
   times, and give each of two threads (numpy releases the GIL inside its loops) one half of
   the blocks, so both cores work on the update as they do on the products. One task per
   thread, not one per block: handing 96 small blocks to a thread pool cost more than the
   arithmetic (measured: 10.3 ms per update against 4.2 ms with two halves, 4.5 ms on one core).
4. Assemble the batch with ``np.take(..., out=...)`` into a buffer allocated once.
5. Translate the images of a batch all at once (``translations`` below) instead of one by one
   in a Python loop as cs231n.augment does: 0.7 ms instead of 2.4 ms for a batch of 200.
6. Only the data part of the loss is computed (the L2 part, ``reg * sum(W1**2)``, would be another
   pass over W1 per step, and nothing here uses it); no accuracy checks during training.
"""
import math
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from numpy.lib.stride_tricks import sliding_window_view

from cs231n.augment import IMAGE_SHAPE, random_flips, random_flips_and_translations, random_translations
from cs231n.optim import sgd_momentum
from cs231n.solver import cosine_rate

# Rows of W1 per block in trick 3: W1, its velocity and the gradient buffer, 3 * ROWS * H * 4 bytes,
# should fit a core's L2 cache (1 MB here: 3 * 32 * 1024 * 4 B = 384 KB at H = 1024).
BLOCK_BYTES = 128 * 1024
THREADS = min(2, os.cpu_count() or 1)



def translations(X, max_shift=2):
    """cs231n.augment.random_translations (the same random draws, the same result) for a whole
    batch at once: pad every image by max_shift zeros, then cut each one's 32 x 32 window at its
    offset out of a strided view of all windows, in one gather."""
    images = X.reshape(-1, *IMAGE_SHAPE)
    shifts = np.random.randint(-max_shift, max_shift + 1, size=(len(images), 2))
    m, (height, width) = max_shift, IMAGE_SHAPE[:2]
    padded = np.zeros((len(images), height + 2 * m, width + 2 * m, IMAGE_SHAPE[2]), X.dtype)
    padded[:, m:m + height, m:m + width] = images
    windows = sliding_window_view(padded, (height, width), axis=(1, 2))   # (B, 2m+1, 2m+1, 3, 32, 32)
    # Output row r is input row r - dy, that is padded row r - dy + m: the window starting at m - dy.
    moved = windows[np.arange(len(images)), m - shifts[:, 0], m - shifts[:, 1]]   # (B, 3, 32, 32)
    return moved.transpose(0, 2, 3, 1).reshape(X.shape)


def flips_and_translations(X, max_shift=2):
    """cs231n.augment.random_flips_and_translations with the faster translations."""
    return translations(random_flips(X), max_shift)


FASTER = {random_translations: translations, random_flips_and_translations: flips_and_translations}


class FastTrainer:
    """Train ``params`` (W1 (D, H), b1 (H,), W2 (H, C), b2 (C,), float32) in place.

    Keyword arguments are those of the Solver that this loop reproduces; any other setting is
    refused with a ValueError rather than silently trained differently.
    """

    def __init__(self, params, X_train, y_train, *, update_rule="sgd_momentum", optim_config,
                 reg, lr_schedule="cosine", num_epochs=None, num_iterations=None, batch_size,
                 replacement=False, augment=None, dtype=np.float32):
        if (update_rule, lr_schedule, replacement, np.dtype(dtype)) != ("sgd_momentum", "cosine", False,
                                                                         np.float32):
            raise ValueError("the fast loop does sgd_momentum with a cosine schedule, batches without "
                             "replacement, in float32 only")
        if batch_size > len(X_train):
            raise ValueError(f"batch_size {batch_size} is larger than the {len(X_train)} training images: "
                             "batches are drawn without replacement")
        self.params = params
        self.X_train, self.y_train = X_train, y_train
        self.learning_rate = optim_config["learning_rate"]
        self.momentum = optim_config.get("momentum", 0.9)
        self.reg, self.batch_size, self.augment = reg, batch_size, FASTER.get(augment, augment)
        self.iterations_per_epoch = max(len(X_train) // batch_size, 1)
        self.num_iterations = num_iterations or num_epochs * self.iterations_per_epoch
        self.loss_history = []

        D, H = params["W1"].shape
        self.velocity = np.zeros_like(params["W1"])
        self.gradient = np.empty_like(params["W1"])                  # trick 1: allocated once
        self.X_batch = np.empty((batch_size, D), dtype=np.float32)   # trick 4
        rows = max(1, BLOCK_BYTES // (H * 4))
        blocks = [slice(start, start + rows) for start in range(0, D, rows)]
        per_thread = -(-len(blocks) // THREADS)
        self.shares = [blocks[i:i + per_thread] for i in range(0, len(blocks), per_thread)]
        self.small_configs = {name: {"learning_rate": self.learning_rate, "momentum": self.momentum}
                              for name in ("b1", "W2", "b2")}

    def train(self):
        with ThreadPoolExecutor(THREADS) as self.pool:
            t = 0
            while t < self.num_iterations:
                order = np.random.permutation(len(self.X_train))   # as Solver._batches
                for start in range(0, len(order) - self.batch_size + 1, self.batch_size):
                    if t == self.num_iterations:
                        break
                    self.step(t, order[start:start + self.batch_size])
                    t += 1
        return self

    def step(self, t, batch):
        p = self.params
        X = np.take(self.X_train, batch, axis=0, out=self.X_batch)
        if self.augment is not None:
            X = self.augment(X)
        y = self.y_train[batch]

        # Forward: affine - ReLU - affine, then softmax cross-entropy (data part only, trick 5).
        h = X @ p["W1"]
        h += p["b1"]
        np.maximum(h, 0, out=h)
        scores = h @ p["W2"] + p["b2"]
        scores -= scores.max(axis=1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=1, keepdims=True)
        rows = np.arange(len(y))
        self.loss_history.append(float(-np.log(probs[rows, y]).mean()))
        if not math.isfinite(self.loss_history[-1]):
            raise FloatingPointError(f"training diverged at iteration {t + 1}")
        dscores = probs
        dscores[rows, y] -= 1
        dscores /= len(y)

        # Backward, and the updates of the small parameters with the package's rule.
        lr = cosine_rate(self.learning_rate, t, self.num_iterations)
        grads = {"W2": h.T @ dscores + 2 * self.reg * p["W2"], "b2": dscores.sum(axis=0)}
        dh = dscores @ p["W2"].T
        dh *= h > 0
        grads["b1"] = dh.sum(axis=0)
        for name, config in self.small_configs.items():
            config["learning_rate"] = lr
            p[name], _ = sgd_momentum(p[name], grads[name], config)

        # W1: G = -lr * X.T @ dh (trick 1), then v = momentum * v + G - 2 lr reg W1; W1 += v,
        # block by block on two threads (tricks 2 and 3).
        dh *= -lr
        np.matmul(X.T, dh, out=self.gradient)
        decay = np.float32(2 * lr * self.reg)
        list(self.pool.map(lambda blocks: self.update_blocks(blocks, decay), self.shares))

    def update_blocks(self, blocks, decay):
        for block in blocks:
            w, v, g = self.params["W1"][block], self.velocity[block], self.gradient[block]
            v *= self.momentum
            v += g
            np.multiply(w, decay, out=g)      # g is no longer needed: reuse it for 2 lr reg W1
            v -= g
            w += v
