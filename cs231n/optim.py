"""First-order update rules, with the interface of CS231n Assignment 2:

    next_w, config = update(w, dw, config=None)

w: the parameter (any shape); dw: the gradient of the loss with respect to w (same shape);
config: a dict holding the hyper-parameters (learning rate, decay rates, ...) and the state
the rule carries from one step to the next (velocity, caches, step count). A rule fills in
its defaults, so ``config=None`` works. Use one config dict per parameter.

The rules update w (and their state arrays) in place and return it: no temporary the size of
w is kept, which matters for the 3072 x H first-layer weights.
"""
import numpy as np


def sgd(w, dw, config=None):
    """Vanilla stochastic gradient descent: a step of learning_rate against the gradient.

    config: learning_rate (default 1e-2).
    """
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    # Exercise: one step of the docstring's rule, updating w in place (the caller's array changes);
    #   checked on numbers and for the in-place update
    ### BEGIN SOLUTION
    # w <- w - learning_rate * dw
    w -= config["learning_rate"] * dw
    ### END SOLUTION
    return w, config


def sgd_momentum(w, dw, config=None):
    """SGD with (heavy-ball) momentum: a velocity that keeps a fraction ``momentum`` of itself at
    every step and adds the plain SGD step; w moves by the velocity (notebook 5).

    config: learning_rate (default 1e-2), momentum (in [0, 1), default 0.9; 0 is plain SGD),
    velocity (shaped like w; starts at zeros and is kept in config).
    """
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity")
    if v is None:
        v = np.zeros_like(w)
    # Exercise: one step of momentum as the docstring and notebook 5 describe it, updating the
    #   velocity v and w in place; checked against Assignment 2's numbers
    ### BEGIN SOLUTION
    # v <- momentum * v - learning_rate * dw;  w <- w + v
    v *= config["momentum"]
    v -= config["learning_rate"] * dw
    w += v
    ### END SOLUTION
    config["velocity"] = v
    return w, config


def rmsprop(w, dw, config=None):
    """RMSProp: each weight's SGD step divided by the root of a moving average of that weight's
    squared gradients (decay_rate: how much of the average is kept at each step), so every
    weight moves by about learning_rate (notebook 7); epsilon keeps the division finite.

    config: learning_rate (1e-2), decay_rate (0.99), epsilon (1e-8),
    cache (shaped like w; starts at zeros and is kept in config).
    """
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    cache = config.get("cache")
    if cache is None:
        cache = np.zeros_like(w)
    # Exercise: one step of RMSProp as the docstring describes it, updating cache and w in place;
    #   checked against Assignment 2's numbers
    ### BEGIN SOLUTION
    # cache <- decay_rate * cache + (1 - decay_rate) * dw**2
    # w     <- w - learning_rate * dw / (sqrt(cache) + epsilon)
    decay = config["decay_rate"]
    cache *= decay
    cache += (1 - decay) * dw * dw
    w -= config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])
    ### END SOLUTION
    config["cache"] = cache
    return w, config


def adam(w, dw, config=None):
    """Adam: a moving average m of the gradients (as momentum, weight beta1) divided, as in
    RMSProp, by the root of a moving average v of the squared gradients (weight beta2); both
    averages are bias-corrected (notebook 7), t counts the steps.

    config: learning_rate (1e-3), beta1 (0.9), beta2 (0.999), epsilon (1e-8),
    m and v (shaped like w; start at zeros), t (the step count; starts at 0).
    The bias correction matters early: m and v start at zero, so for the first steps each
    average holds only part of the weight a full average would, and is too small by that part.
    """
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("t", 0)
    m, v = config.get("m"), config.get("v")
    m = np.zeros_like(w) if m is None else m
    v = np.zeros_like(w) if v is None else v
    # Exercise: one step of Adam as the docstring describes it, updating t, m, v and w (m, v and w
    #   in place); checked against Assignment 2's numbers
    ### BEGIN SOLUTION
    # t <- t + 1;  m <- beta1 m + (1 - beta1) dw;  v <- beta2 v + (1 - beta2) dw**2
    # w <- w - learning_rate * (m / (1 - beta1**t)) / (sqrt(v / (1 - beta2**t)) + epsilon)
    beta1, beta2 = config["beta1"], config["beta2"]
    config["t"] += 1
    m *= beta1
    m += (1 - beta1) * dw
    v *= beta2
    v += (1 - beta2) * dw * dw
    m_hat = m / (1 - beta1 ** config["t"])
    v_hat = v / (1 - beta2 ** config["t"])
    w -= config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])
    ### END SOLUTION
    config["m"], config["v"] = m, v
    return w, config


RULES = {"sgd": sgd, "sgd_momentum": sgd_momentum, "rmsprop": rmsprop, "adam": adam}
