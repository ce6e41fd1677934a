"""The training loop, kept apart from the model (after CS231n Assignment 2's ``Solver``).

    solver = Solver(net, data, update_rule="sgd_momentum",
                    optim_config={"learning_rate": 1e-2}, reg=1e-4, num_epochs=10)
    solver.train()
    solver.loss_history, solver.train_acc_history, solver.val_acc_history

The model is anything with ``params`` (a dict of arrays) and ``loss(X, y=None, reg=0.0)`` that
returns scores (N, C) when y is None and ``(loss, grads)`` otherwise, grads shaped like params:
``TwoLayerNet`` is one. data is a dict with X_train (N, D), y_train (N,), X_val (N_val, D) and
y_val (N_val,).
"""
import math
import numbers
from collections.abc import Mapping

import numpy as np
from tqdm.auto import tqdm

from cs231n import optim
from cs231n.checks import (check_count, check_features, check_float_dtype, check_labels, check_positive,
                           check_reg)

DATA_KEYS = ("X_train", "y_train", "X_val", "y_val")


class Solver:
    """Minibatch training of a model with an update rule from cs231n.optim (or your own).

    update_rule        a name in cs231n.optim ("sgd", "sgd_momentum", "rmsprop", "adam") or a
                       function with the interface next_w, config = rule(w, dw, config).
    optim_config       hyper-parameters for the rule, e.g. {"learning_rate": 1e-2, "momentum": 0.9};
                       each parameter gets its own copy, which also holds its state.
    reg                L2 regularisation strength, passed to model.loss.
    lr_schedule        "step": multiply the learning rate by lr_decay after every epoch (the
                       official schedule); "cosine": fall from the learning rate to 0 along half a
                       cosine over the whole run (lr_decay unused).
    num_epochs         length of training in epochs of max(N // batch_size, 1) steps;
    num_iterations     or, if given, in steps.
    batch_size         samples per step.
    replacement        True: each batch is drawn with replacement (the official way);
                       False: each epoch visits every sample once, in a new random order.
    augment            None, or a function X_batch (B, D) -> X_batch (B, D) applied to every
                       training batch (see cs231n.augment).
    dtype              None, or a float type such as np.float32: the data (here) and the model's
                       parameters (when training starts) are cast to it once.
    patience           None, or stop after this many evaluations without a better validation
                       accuracy; the best parameters seen are then put back into the model.
    num_train_samples  how many training samples (a fixed random subset) the training accuracy
                       is measured on.
    verbose, print_every, progress   print the loss every print_every steps and the accuracies
                       after every epoch; show a progress bar.

    Batches and augmentations draw from numpy's global generator, as the official code does, so
    np.random.seed makes a run repeatable. After train(): loss_history (one value per step),
    train_acc_history and val_acc_history (after every epoch, and at the end if the run stops
    mid-epoch), epoch_history (the epoch, possibly fractional, of each of those), best_val_acc.
    """

    def __init__(self, model, data, *, update_rule="sgd", optim_config=None, reg=0.0,
                 lr_schedule="step", lr_decay=1.0, num_epochs=10, num_iterations=None,
                 batch_size=100, replacement=True, augment=None, dtype=None, patience=None,
                 num_train_samples=1000, verbose=False, print_every=10, progress=False):
        self.model = model
        self.update_rule = find_rule(update_rule)
        self.optim_config = check_optim_config(optim_config)
        self.reg = check_reg(reg)
        if lr_schedule not in ("step", "cosine"):
            raise ValueError(f'lr_schedule must be "step" or "cosine", got {lr_schedule!r}')
        if lr_schedule == "cosine" and "learning_rate" not in self.optim_config:
            raise ValueError('lr_schedule="cosine" needs optim_config["learning_rate"], the rate it starts from')
        self.lr_schedule = lr_schedule
        self.lr_decay = check_positive(lr_decay, "lr_decay")
        self.dtype = None if dtype is None else check_float_dtype(dtype)
        self.X_train, self.y_train, self.X_val, self.y_val = check_data(model, data, self.dtype)

        self.batch_size = check_count(batch_size, "batch_size")
        if not replacement and self.batch_size > len(self.X_train):
            raise ValueError(f"batch_size {batch_size} is larger than the {len(self.X_train)} training "
                             "samples; with replacement=False a batch cannot repeat a sample")
        self.replacement = replacement
        self.iterations_per_epoch = max(len(self.X_train) // self.batch_size, 1)
        if num_iterations is None:
            num_iterations = check_count(num_epochs, "num_epochs") * self.iterations_per_epoch
        self.num_iterations = check_count(num_iterations, "num_iterations")
        if augment is not None and not callable(augment):
            raise TypeError(f"augment must be a function X_batch -> X_batch or None, got {augment!r}")
        self.augment = augment
        self.patience = None if patience is None else check_count(patience, "patience")
        self.num_train_samples = check_count(num_train_samples, "num_train_samples")
        self.verbose, self.print_every, self.progress = verbose, check_count(print_every, "print_every"), progress

        # A fixed subset for the training accuracy, from a generator of its own, so that the
        # batches drawn from np.random are exactly those of the official training code.
        num_train = len(self.X_train)
        self.accuracy_rows = (np.arange(num_train) if num_train <= self.num_train_samples else
                              np.random.default_rng(0).choice(num_train, self.num_train_samples, replace=False))

    def train(self):
        """Run the optimisation. If it fails (e.g. the loss diverges), the model's parameters are
        put back as they were before the call and the error is raised."""
        before = self.model.params
        self.model.params = {name: p.astype(self.dtype or p.dtype, copy=True) for name, p in before.items()}
        try:
            self._run()
        except Exception:
            self.model.params = before
            raise

    def _run(self):
        self.optim_configs = {name: dict(self.optim_config) for name in self.model.params}
        self.loss_history, self.train_acc_history, self.val_acc_history, self.epoch_history = [], [], [], []
        self.best_val_acc, self.best_params, stale = -1.0, None, 0
        batches = self._batches()
        for t in tqdm(range(self.num_iterations), disable=not self.progress, desc="training", unit="step"):
            self._step(t, next(batches))
            if self.verbose and t % self.print_every == 0:
                print(f"(Iteration {t + 1} / {self.num_iterations}) loss: {self.loss_history[-1]:f}")

            epoch_end = (t + 1) % self.iterations_per_epoch == 0
            if epoch_end and self.lr_schedule == "step":
                for config in self.optim_configs.values():     # the rule has set its default rate
                    config["learning_rate"] *= self.lr_decay
            if not (epoch_end or t + 1 == self.num_iterations):
                continue
            if self._evaluate(t):
                stale = 0
            else:
                stale += 1
                if self.patience is not None and stale >= self.patience:
                    break
        if self.patience is not None:
            self.model.params = self.best_params

    def _step(self, t, batch):
        """One update of every parameter on the training rows ``batch``."""
        X_batch, y_batch = self.X_train[batch], self.y_train[batch]
        if self.augment is not None:
            X_batch = self.augment(X_batch)
        loss, grads = self.model.loss(X_batch, y_batch, reg=self.reg)
        if not np.isfinite(loss):
            rate = self.optim_config.get("learning_rate")
            given = "the rule's default rate" if rate is None else f"{rate:g}"
            raise FloatingPointError(f"training diverged: the loss became {loss} at iteration {t + 1}; "
                                     f"try a smaller learning_rate (this run was given {given})")
        self.loss_history.append(loss)
        for name, w in self.model.params.items():
            config = self.optim_configs[name]
            if self.lr_schedule == "cosine":
                config["learning_rate"] = cosine_rate(self.optim_config["learning_rate"], t, self.num_iterations)
            self.model.params[name], self.optim_configs[name] = self.update_rule(w, grads[name], config)

    def _evaluate(self, t):
        """Record the accuracies after step t; True if validation accuracy is the best so far."""
        epoch = (t + 1) / self.iterations_per_epoch
        train_acc = self.check_accuracy(self.X_train[self.accuracy_rows], self.y_train[self.accuracy_rows])
        val_acc = self.check_accuracy(self.X_val, self.y_val)
        self.train_acc_history.append(train_acc)
        self.val_acc_history.append(val_acc)
        self.epoch_history.append(epoch)
        if self.verbose:
            print(f"(Epoch {epoch:g} / {self.num_iterations / self.iterations_per_epoch:g}) "
                  f"train acc: {train_acc:f}; val_acc: {val_acc:f}")
        if val_acc <= self.best_val_acc:
            return False
        self.best_val_acc = val_acc
        if self.patience is not None:
            self.best_params = {name: p.copy() for name, p in self.model.params.items()}
        return True

    def check_accuracy(self, X, y, batch_size=1000):
        """Fraction of rows of X (N, D) whose highest score is the label in y (N,), computed in
        chunks of batch_size rows to bound memory."""
        predictions = [np.argmax(self.model.loss(X[i:i + batch_size]), axis=1)
                       for i in range(0, len(X), batch_size)]
        return float(np.mean(np.concatenate(predictions) == y))

    def _batches(self):
        """Endless index arrays (batch_size,) into the training rows."""
        num_train = len(self.X_train)
        while True:
            if self.replacement:
                yield np.random.choice(num_train, self.batch_size)
                continue
            order = np.random.permutation(num_train)
            for start in range(0, num_train - self.batch_size + 1, self.batch_size):
                yield order[start:start + self.batch_size]


def cosine_rate(learning_rate, t, num_iterations):
    """The learning rate for step t (0-based) of a half-cosine decay from learning_rate to 0."""
    # math, not numpy: a numpy float64 rate would make float32 updates compute in float64.
    return learning_rate * 0.5 * (1 + math.cos(math.pi * t / num_iterations))


def find_rule(update_rule):
    """The update function for a name in cs231n.optim, or update_rule itself if it is callable."""
    if callable(update_rule):
        return update_rule
    if update_rule not in optim.RULES:
        raise ValueError(f"update_rule must be one of {sorted(optim.RULES)} or a function "
                         f"(w, dw, config) -> (next_w, config), got {update_rule!r}")
    return optim.RULES[update_rule]


def check_optim_config(optim_config):
    """A copy of optim_config with its numbers checked."""
    config = dict(optim_config or {})
    if "learning_rate" in config:
        check_positive(config["learning_rate"], "learning_rate")
    momentum = config.get("momentum", 0.0)
    if isinstance(momentum, bool) or not isinstance(momentum, numbers.Real) or not 0 <= momentum < 1:
        raise ValueError(f"momentum must be a number in [0, 1), got {momentum!r}; "
                         'for no momentum use update_rule="sgd" or momentum=0')
    return config


def check_data(model, data, dtype):
    """X_train, y_train, X_val, y_val from ``data`` (a dict, or an object with these attributes
    such as cs231n.data_utils.Data), checked against each other and the model, and cast to dtype
    if given."""
    get = data.get if isinstance(data, Mapping) else lambda key: getattr(data, key, None)
    missing = [key for key in DATA_KEYS if get(key) is None]
    if missing:
        raise ValueError(f"data must hold {', '.join(DATA_KEYS)}; missing {', '.join(missing)}")
    X_train = np.asarray(get("X_train"))
    X_train = check_features(X_train, X_train.shape[-1] if X_train.ndim else 0, name="X_train")
    X_val = check_features(get("X_val"), X_train.shape[1], name="X_val")
    num_classes = np.shape(model.loss(X_train[:1]))[1]    # also checks X_train against the model
    y_train = check_labels(get("y_train"), len(X_train), num_classes, name="y_train")
    y_val = check_labels(get("y_val"), len(X_val), num_classes, name="y_val")
    if dtype is not None:
        X_train, X_val = X_train.astype(dtype, copy=False), X_val.astype(dtype, copy=False)
    return X_train, y_train, X_val, y_val
