"""A fused training loop for ``make bench``: the arithmetic of

    net = TwoLayerNet(...)
    Solver(net, data, update_rule="sgd_momentum", lr_schedule="cosine", replacement=False,
           optim_config={"learning_rate": ..., "momentum": ...}, reg=..., augment=...,
           dtype=np.float32, num_epochs=...).train()

step for step (the same batches and augmentations from numpy's global generator, the same
gradients and updates, so the same parameters up to float rounding; tools/tests/test_bench.py
checks this), with less memory traffic per step. The package keeps the plain version for
students; this file is only for measuring how close numpy gets to the hardware.

Where the time goes in the plain loop, for the 3072 x H first-layer weights W1 (12 MB at H=1024;
with the step's other arrays more than the 32 MB L3 cache the two cores share on the AMD EPYC
machines measured, and far more than a core's 512 KB L2): the matrix products stream through W1
efficiently on both cores, but every elementwise numpy operation on a W1-sized array is one more
pass over main memory on ONE core: ``2 * reg * W1`` (a new 12 MB temporary), ``X.T @ dh + ...``
(another), then in sgd_momentum ``v *= momentum``, ``learning_rate * dw`` (a temporary),
``v -= ...``, ``w += v``.
The tricks below, each with what it saves (per step of 500 images at H = 1024 on 2 cores; the
whole step went from 72.7 ms to 54-60 ms, the two big products taking about 46-50 of them):

1. Scale the small (B, H) gradient dh by -learning_rate before the product, so ``X.T @ dh``
   directly gives the step's gradient term G = -lr * dW1 (no pass to scale it).
2. Fold the L2 term and the velocity into one update from the last two values of W1. With
   v_t = W1_t - W1_(t-1), sgd_momentum's ``v = momentum * v - lr * (dW1 + 2 reg W1); W1 += v`` is
       W1_(t+1) = (1 + momentum - 2 lr reg) * W1_t - momentum * W1_(t-1) + G,
   written over W1_(t-1), whose array then holds the new W1. Four elementwise operations instead of
   five, and per step W1_t is read and W1_(t-1) read and written: 12 MB less traffic than reading
   and writing both W1 and v (1 ms). Same arithmetic up to float rounding.
3. Both cores work on every big product. The forward product runs on numpy's own BLAS threads, which
   must fall asleep as soon as it is done: OpenBLAS's threads otherwise spin for about 0.1 s after a
   product and, spinning beside the backward threads, doubled its time. ``make bench`` sets
   OPENBLAS_THREAD_TIMEOUT=4 for that (it is read when numpy loads OpenBLAS). The rest of the step
   runs with BLAS limited to one thread (threadpoolctl) on two threads of ours, this one and one
   from a pool (numpy releases the GIL inside products): the backward product one block of 256 rows
   of W1 at a time, each block's G (``X[:, rows].T @ dh``, 1 MB) going into a scratch array that
   stays in the L3 cache and is used at once to update the same rows of W1 (trick 2), 32 rows at a
   time so that the elementwise passes run in the core's L2 cache (three arrays of 128 KB). So G
   never goes to memory: no W1-sized buffer at all (the separate update, memory-bound, cost 6-7 ms;
   fused, the backward product and the update take 2-3 ms less). The threads take blocks from one
   shared iterator, so one slowed down by the batch loader (trick 4) does fewer of them (2 ms).
   Blocks of 256 rows because smaller ones repack dh too often (128 rows: 3 ms more) and larger ones
   no longer fit the cache.
4. Assemble and augment the next batch in a third thread while this step runs, into buffers
   allocated once (two, used in turn); sort the batch by its augmentation (mirrored or not, shift)
   so images treated alike are neighbours, gather them with one ``np.take``, then move each group
   with one slice copy, mirrored groups one colour channel at a time (numpy copies runs of single
   floats fast and of 3-float pixels slowly). 5 ms of one core, mostly hidden, instead of 12 ms
   on the step's path for np.take and the package's augmentations (which move the images one
   by one).
5. Only the data part of the loss is computed (the L2 part, ``reg * sum(W1**2)``, would be another
   pass over W1 per step, and nothing here uses it); no accuracy checks during training.
"""
import math
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from threadpoolctl import ThreadpoolController

from cs231n.augment import IMAGE_SHAPE, random_flips, random_flips_and_translations, random_translations
from cs231n.optim import sgd_momentum
from cs231n.solver import cosine_rate

# Rows of W1 per block in trick 3: BLOCK_BYTES // (4 H) (256 rows at H = 1024).
BLOCK_BYTES = 1024 * 1024
UPDATE_ROWS = 32               # rows of W1 per elementwise update: 3 arrays of 128 KB at H = 1024
THREADS = min(2, os.cpu_count() or 1)
BLAS = ThreadpoolController()


# The package's augmentations the fast loop reproduces: (mirror?, largest shift in pixels).
AUGMENTATIONS = {None: (False, 0), random_flips: (True, 0), random_translations: (False, 2),
                 random_flips_and_translations: (True, 2)}


class Batches:
    """Training batches as cs231n.solver.Solver makes them with one of AUGMENTATIONS (trick 4):
    the same draws from numpy's global generator (a mirror decision per image, then a shift per
    image) and the same augmented images, in another order. ``batches(indices)`` returns
    (X, order): X (B, 3072) holds the augmented images of indices[order]; the next call
    overwrites it."""

    def __init__(self, X_train, batch_size, augment):
        self.images = X_train.reshape(-1, *IMAGE_SHAPE)
        self.mirror, self.shift = AUGMENTATIONS[augment]
        self.stage = np.empty((batch_size, *IMAGE_SHAPE), np.float32)
        self.out = np.empty((batch_size, *IMAGE_SHAPE), np.float32)

    def __call__(self, indices):
        B, m = len(indices), self.shift
        mirrored = np.random.rand(B) < 0.5 if self.mirror else np.zeros(B, bool)   # as random_flips
        shifts = np.random.randint(-m, m + 1, size=(B, 2)) if m else np.zeros((B, 2), int)
        # Sort the batch by augmentation, so that images treated alike are neighbours and each
        # group moves in one slice copy. (A batch's gradient is a sum over its rows: their order
        # does not matter.)
        kinds = (mirrored * (2 * m + 1) + shifts[:, 0] + m) * (2 * m + 1) + shifts[:, 1] + m
        order = np.argsort(kinds, kind="stable")
        mirrored, shifts, kinds = mirrored[order], shifts[order], kinds[order]
        # mode="clip" because with the default mode np.take writes through a temporary copy.
        np.take(self.images, indices[order], axis=0, out=self.stage, mode="clip")
        height, width = IMAGE_SHAPE[:2]
        starts = np.flatnonzero(np.diff(kinds, prepend=-1))
        for start, stop in zip(starts, [*starts[1:], B]):
            source, target = self.stage[start:stop], self.out[start:stop]
            dy, dx = shifts[start]
            # Output pixel (r, c) is input pixel (r - dy, c - dx) where that exists, zero elsewhere.
            inside = target[:, max(dy, 0):height + min(dy, 0), max(dx, 0):width + min(dx, 0)]
            source = source[:, max(-dy, 0):height + min(-dy, 0)]
            if mirrored[start]:
                # Mirrored: column c - dx of the mirror image is column width - 1 - (c - dx).
                # One channel at a time: numpy copies runs of single floats fast, of 3-float pixels slowly.
                source = source[:, :, ::-1][:, :, max(-dx, 0):width + min(-dx, 0)]
                for channel in range(IMAGE_SHAPE[2]):
                    inside[..., channel] = source[..., channel]
            else:
                inside[...] = source[:, :, max(-dx, 0):width + min(-dx, 0)]
            target[:, :max(dy, 0)] = 0
            target[:, height + min(dy, 0):] = 0
            target[:, :, :max(dx, 0)] = 0
            target[:, :, width + min(dx, 0):] = 0
        return self.out.reshape(B, -1), order


class FastTrainer:
    """Train ``params`` (W1 (D, H), b1 (H,), W2 (H, C), b2 (C,), float32) in place: the dict's
    arrays, except that after each step ``params["W1"]`` is the other of two arrays (trick 2).

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
        if augment not in AUGMENTATIONS:
            raise ValueError(f"the fast loop reproduces no augmentation but flips and translations of "
                             f"cs231n.augment, got {augment!r}")
        if batch_size > len(X_train):
            raise ValueError(f"batch_size {batch_size} is larger than the {len(X_train)} training images: "
                             "batches are drawn without replacement")
        self.params = params
        self.X_train, self.y_train = X_train, y_train
        self.learning_rate = optim_config["learning_rate"]
        self.momentum = optim_config.get("momentum", 0.9)
        self.reg, self.batch_size = reg, batch_size
        self.iterations_per_epoch = max(len(X_train) // batch_size, 1)
        self.num_iterations = num_iterations or num_epochs * self.iterations_per_epoch
        self.loss_history = []

        D, H = params["W1"].shape
        # Trick 2: W1 of the step before (W1 itself, as the velocity starts at zero).
        self.previous = params["W1"].copy()
        self.batches = [Batches(X_train, batch_size, augment) for _ in range(2)]   # trick 4
        # Trick 3: the blocks of W1's rows (at least 4 per thread, so that a small layer's are shared
        # too), and per thread a scratch array of one block.
        rows = max(1, min(BLOCK_BYTES // (H * 4), -(-D // (4 * THREADS))))
        self.blocks = [slice(start, min(start + rows, D)) for start in range(0, D, rows)]
        self.scratch = [np.empty((rows, H), np.float32) for _ in range(THREADS)]
        self.hidden = np.empty((batch_size, H), np.float32)
        self.small_configs = {name: {"learning_rate": self.learning_rate, "momentum": self.momentum}
                              for name in ("b1", "W2", "b2")}

    def train(self, after_step=None):
        """Run every step; after_step(t), if given, is called after step t (the bench times a
        reference product there)."""
        stream = self.batches_in_order()
        with ThreadPoolExecutor(max(THREADS - 1, 1)) as self.pool, ThreadPoolExecutor(1) as loader:
            upcoming = loader.submit(next, stream)
            for t in range(self.num_iterations):
                X, y = upcoming.result()
                h = np.matmul(X, self.params["W1"], out=self.hidden)   # on numpy's threads (trick 3)
                with BLAS.limit(limits=1, user_api="blas"):            # trick 3
                    if t + 1 < self.num_iterations:                     # trick 4: the next batch, meanwhile
                        upcoming = loader.submit(next, stream)
                    self.step(t, X, y, h)
                if after_step is not None:
                    after_step(t)
        return self

    def batches_in_order(self):
        """(X, y) of every step in turn: batches as Solver._batches draws them, augmented."""
        t = 0
        while True:
            order = np.random.permutation(len(self.X_train))
            for start in range(0, len(order) - self.batch_size + 1, self.batch_size):
                indices = order[start:start + self.batch_size]
                X, sorted_order = self.batches[t % 2](indices)      # two buffers, used in turn
                yield X, self.y_train[indices[sorted_order]]
                t += 1

    def step(self, t, X, y, h):
        """The rest of step t, h = X @ W1 (B, H): ReLU, softmax cross-entropy (data part only,
        trick 5), backward, updates."""
        p = self.params
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

        # W1: G = -lr * X.T @ dh (trick 1), the next W1 from this one and the one before (trick 2),
        # block by block of rows on two threads (trick 3).
        dh *= -lr
        keep = np.float32(1 + self.momentum - 2 * lr * self.reg)
        # The threads take the next block from one shared iterator, so one that shares its core with
        # the loader of the next batch does fewer blocks instead of keeping the other waiting.
        blocks = iter(self.blocks)
        others = [self.pool.submit(self.update_blocks, X, dh, keep, blocks, scratch)
                  for scratch in self.scratch[1:]]
        self.update_blocks(X, dh, keep, blocks, self.scratch[0])     # this thread does its share too
        for other in others:
            other.result()
        p["W1"], self.previous = self.previous, p["W1"]                # the array written is the new W1

    def update_blocks(self, X, dh, keep, blocks, scratch):
        """Overwrite the rows of self.previous with the next W1, for the blocks of rows the
        thread takes from ``blocks``; keep = 1 + momentum - 2 lr reg (trick 2)."""
        for rows in blocks:
            G = np.matmul(X[:, rows].T, dh, out=scratch[:rows.stop - rows.start])
            for start in range(0, len(G), UPDATE_ROWS):
                g = G[start:start + UPDATE_ROWS]
                part = slice(rows.start + start, rows.start + start + len(g))
                w, before = self.params["W1"][part], self.previous[part]
                before *= -self.momentum
                before += g
                np.multiply(w, keep, out=g)      # g has been used: its scratch takes keep * W1
                before += g
