"""The training loop, kept apart from the model: CS231n Assignment 2's ``Solver``, with extras.

    solver = Solver(model, data, update_rule="sgd_momentum", optim_config={"learning_rate": 1e-2},
                    lr_decay=0.95, num_epochs=10, batch_size=100, print_every=100)
    solver.train()
    solver.loss_history, solver.train_acc_history, solver.val_acc_history, solver.best_val_acc

The model is anything with ``params`` (a dict of arrays) and a ``loss`` that returns scores (N, C)
when y is None and ``(loss, grads)`` otherwise, grads shaped like params. Two kinds are trained:
- Assignment 2's models hold their regularisation and define ``loss(X, y=None)``: leave ``reg``
  at None;
- Assignment 1's ``TwoLayerNet`` takes it per call, ``loss(X, y=None, reg=0.0)``: give the
  Solver ``reg=`` and it passes it on.
data is a dict (or an object with these attributes, such as cs231n.data_utils.Data) with
X_train (N, d_1, ..., d_k), y_train (N,), X_val (N_val, d_1, ..., d_k) and y_val (N_val,):
rows (N, D) for TwoLayerNet, images such as (N, 3, 32, 32) for Assignment 2's models.
"""
import inspect
import math
import numbers
import pickle
from collections.abc import Mapping

import numpy as np
from tqdm.auto import tqdm

from cs231n import optim
from cs231n.checks import check_count, check_float_dtype, check_labels, check_positive, check_reg, check_samples

DATA_KEYS = ("X_train", "y_train", "X_val", "y_val")


class Solver:
    """Minibatch training of a model with an update rule from cs231n.optim (or your own).

    Assignment 2's arguments, with its defaults:
    update_rule        a name in cs231n.optim ("sgd", "sgd_momentum", "rmsprop", "adam") or a
                       function with the interface next_w, config = rule(w, dw, config).
    optim_config       hyper-parameters for the rule, e.g. {"learning_rate": 1e-2, "momentum": 0.9};
                       each parameter gets its own copy, which also holds its state.
    lr_decay           multiply the learning rate by this after every epoch (lr_schedule "step").
    batch_size         samples per step.
    num_epochs         length of training in epochs of max(N // batch_size, 1) steps.
    num_train_samples  the training accuracy is measured on this many training samples, drawn at
                       random (with replacement, from numpy's global generator) at every check;
                       None: on all of them.
    num_val_samples    the same for the validation accuracy; None (the default): all of them.
    checkpoint_name    None, or save the model and the bookkeeping at every check to the pickle
                       file <checkpoint_name>_epoch_<epoch>.pkl.
    verbose, print_every   print the loss every print_every steps and the accuracies at every check.

    The package's extras:
    reg                None: the model holds its regularisation (Assignment 2); a number: passed
                       as model.loss(X, y, reg=reg) (Assignment 1's TwoLayerNet).
    lr_schedule        "step": lr_decay after every epoch (Assignment 2's); "cosine": fall from
                       the learning rate to 0 along half a cosine over the whole run (lr_decay unused).
    num_iterations     if given, the length of training in steps instead of epochs.
    replacement        True: each batch is drawn with replacement (the official way);
                       False: each epoch visits every sample once, in a new random order.
    augment            None, or a function X_batch -> X_batch of the same shape applied to every
                       training batch (cs231n.augment's take rows of images, (B, 3072)).
    dtype              None, or a float type such as np.float32: the data (here) and the model's
                       parameters (when training starts) are cast to it once.
    patience           None, or stop after this many checks without a better validation accuracy.
    restore_best       True (Assignment 2): at the end, put the parameters of the best validation
                       accuracy back into the model (the first check's count as the best so far even
                       at accuracy 0, where Assignment 2 would put back no parameters at all);
                       False: keep the last ones (Assignment 1's train).
    progress           show a progress bar.

    Batches, the accuracies' samples and augmentations draw from numpy's global generator, in the
    official code's order, so np.random.seed makes a run repeatable and gives Assignment 2's
    solver.py's batches. The accuracies are checked as Assignment 2 does: after the first step,
    after every epoch and after the last step. After train(): loss_history (one value per step),
    train_acc_history and val_acc_history (one per check), epoch_history (the epoch, fractional
    like 1/iterations_per_epoch for the first check, of each), epoch (whole epochs done),
    best_val_acc and best_params.
    """

    def __init__(self, model, data, *, update_rule="sgd", optim_config=None, lr_decay=1.0, batch_size=100,
                 num_epochs=10, num_train_samples=1000, num_val_samples=None, checkpoint_name=None,
                 print_every=10, verbose=True, reg=None, lr_schedule="step", num_iterations=None,
                 replacement=True, augment=None, dtype=None, patience=None, restore_best=True,
                 progress=False):
        self.model = model
        self.update_rule = find_rule(update_rule)
        self.optim_config = check_optim_config(optim_config)
        self.loss_options = {} if reg is None else {"reg": check_reg_for(model, reg)}
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
            self.num_epochs = check_count(num_epochs, "num_epochs")
            self.num_iterations = self.num_epochs * self.iterations_per_epoch
        else:
            self.num_iterations = check_count(num_iterations, "num_iterations")
            self.num_epochs = self.num_iterations / self.iterations_per_epoch     # may be fractional
        if augment is not None and not callable(augment):
            raise TypeError(f"augment must be a function X_batch -> X_batch or None, got {augment!r}")
        self.augment = augment
        self.patience = None if patience is None else check_count(patience, "patience")
        self.num_train_samples = check_count_or_none(num_train_samples, "num_train_samples")
        self.num_val_samples = check_count_or_none(num_val_samples, "num_val_samples")
        self.checkpoint_name = checkpoint_name
        self.restore_best = restore_best
        self.verbose, self.print_every, self.progress = verbose, check_count(print_every, "print_every"), progress
        self._reset()

    def _reset(self):
        """Assignment 2's bookkeeping, at its start: epoch 0, no best yet, empty histories, one copy
        of optim_config per parameter."""
        self.epoch = 0
        self.best_val_acc, self.best_params = 0.0, {}
        self.loss_history, self.train_acc_history, self.val_acc_history, self.epoch_history = [], [], [], []
        self.optim_configs = {name: dict(self.optim_config) for name in self.model.params}

    def train(self):
        """Run the optimisation (a fresh run each call); at the end, with restore_best, the best
        parameters are put back into the model. If it fails (e.g. the loss diverges), the model's
        parameters are put back as they were before the call and the error is raised."""
        before = self.model.params
        self.model.params = {name: p.astype(self.dtype or p.dtype, copy=True) for name, p in before.items()}
        self._reset()
        try:
            self._run()
        except Exception:
            self.model.params = before
            raise
        if self.restore_best:
            self.model.params = self.best_params

    def _run(self):
        stale = 0
        batches = self._batches()
        for t in tqdm(range(self.num_iterations), disable=not self.progress, desc="training", unit="step"):
            self._step(t, next(batches))
            if self.verbose and t % self.print_every == 0:
                print(f"(Iteration {t + 1} / {self.num_iterations}) loss: {self.loss_history[-1]:f}")

            epoch_end = (t + 1) % self.iterations_per_epoch == 0
            if epoch_end:
                self.epoch += 1
                if self.lr_schedule == "step":
                    for config in self.optim_configs.values():     # the rule has set its default rate
                        config["learning_rate"] *= self.lr_decay
            if not (t == 0 or epoch_end or t + 1 == self.num_iterations):
                continue
            if self._check(t):
                stale = 0
            else:
                stale += 1
                if self.patience is not None and stale >= self.patience:
                    break

    def _step(self, t, batch):
        """One update of every parameter on the training rows ``batch``."""
        X_batch, y_batch = self.X_train[batch], self.y_train[batch]
        if self.augment is not None:
            X_batch = self.augment(X_batch)
        loss, grads = self.model.loss(X_batch, y_batch, **self.loss_options)
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

    def _check(self, t):
        """Record the accuracies after step t (and save a checkpoint); True if the validation
        accuracy is the best so far, whose parameters are then kept in best_params."""
        train_acc = self.check_accuracy(self.X_train, self.y_train, num_samples=self.num_train_samples)
        val_acc = self.check_accuracy(self.X_val, self.y_val, num_samples=self.num_val_samples)
        self.train_acc_history.append(train_acc)
        self.val_acc_history.append(val_acc)
        self.epoch_history.append((t + 1) / self.iterations_per_epoch)
        if self.checkpoint_name is not None:
            self._save_checkpoint()
        if self.verbose:
            print(f"(Epoch {self.epoch} / {self.num_epochs:g}) train acc: {train_acc:f}; val_acc: {val_acc:f}")
        if self.best_params and val_acc <= self.best_val_acc:
            return False
        self.best_val_acc = val_acc
        self.best_params = {name: p.copy() for name, p in self.model.params.items()}
        return True

    def _save_checkpoint(self):
        """Pickle the model and the bookkeeping, with Assignment 2's keys and file name."""
        checkpoint = {"model": self.model, "update_rule": self.update_rule, "lr_decay": self.lr_decay,
                      "optim_config": self.optim_config, "batch_size": self.batch_size,
                      "num_train_samples": self.num_train_samples, "num_val_samples": self.num_val_samples,
                      "epoch": self.epoch, "loss_history": self.loss_history,
                      "train_acc_history": self.train_acc_history, "val_acc_history": self.val_acc_history}
        filename = f"{self.checkpoint_name}_epoch_{self.epoch}.pkl"
        if self.verbose:
            print(f'Saving checkpoint to "{filename}"')
        with open(filename, "wb") as f:
            pickle.dump(checkpoint, f)

    def check_accuracy(self, X, y, num_samples=None, batch_size=100):
        """Fraction of the samples X (N, d_1, ..., d_k) whose highest score is their label in y (N,).

        num_samples: None, or measure on that many samples drawn at random with replacement
        (numpy's global generator) when N is larger. The scores are computed batch_size samples
        at a time, to bound memory.
        """
        if np.shape(y) != (len(X),):
            raise ValueError(f"y must hold one label per sample of X: X has {len(X)} samples, y has shape "
                             f"{np.shape(y)}")
        num_samples = check_count_or_none(num_samples, "num_samples")
        batch_size = check_count(batch_size, "batch_size")
        if num_samples is not None and len(X) > num_samples:
            rows = np.random.choice(len(X), num_samples)
            X, y = X[rows], y[rows]
        predictions = [np.argmax(self.model.loss(X[i:i + batch_size]), axis=1) for i in range(0, len(X), batch_size)]
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


def check_count_or_none(value, name):
    """None, or an integer >= 1."""
    return None if value is None else check_count(value, name)


def check_reg_for(model, reg):
    """reg, checked, if model.loss takes a reg argument (Assignment 1's interface)."""
    reg = check_reg(reg)
    if "reg" not in inspect.signature(model.loss).parameters:
        raise ValueError(f"reg={reg!r} is for a model whose loss takes it (Assignment 1's TwoLayerNet), but "
                         f"{type(model).__name__}.loss takes no reg: a model with Assignment 2's interface "
                         "holds its regularisation itself (give it to the model, e.g. "
                         f"{type(model).__name__}(..., reg={reg!r})) and the Solver's reg stays None")
    return reg


def check_data(model, data, dtype):
    """X_train, y_train, X_val, y_val from ``data`` (a dict, or an object with these attributes
    such as cs231n.data_utils.Data), checked against each other and the model, and cast to dtype
    if given."""
    get = data.get if isinstance(data, Mapping) else lambda key: getattr(data, key, None)
    missing = [key for key in DATA_KEYS if get(key) is None]
    if missing:
        raise ValueError(f"data must hold {', '.join(DATA_KEYS)}; missing {', '.join(missing)}")
    X_train = check_samples(get("X_train"), "X_train")
    X_val = check_samples(get("X_val"), "X_val", X_train.shape[1:])
    num_classes = np.shape(model.loss(X_train[:1]))[1]    # also checks X_train against the model
    y_train = check_labels(get("y_train"), len(X_train), num_classes, name="y_train")
    y_val = check_labels(get("y_val"), len(X_val), num_classes, name="y_val")
    if dtype is not None:
        X_train, X_val = X_train.astype(dtype, copy=False), X_val.astype(dtype, copy=False)
    return X_train, y_train, X_val, y_val
