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
    """Vanilla stochastic gradient descent: w <- w - learning_rate * dw.

    config: learning_rate (default 1e-2).
    """
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    # Exercise: w = w - learning_rate * dw, updating w in place (w -= ...)
    ### BEGIN SOLUTION
    w -= config["learning_rate"] * dw
    ### END SOLUTION
    return w, config


def sgd_momentum(w, dw, config=None):
    """SGD with (heavy-ball) momentum:
        v <- momentum * v - learning_rate * dw
        w <- w + v

    config: learning_rate (default 1e-2), momentum (in [0, 1), default 0.9; 0 is plain SGD),
    velocity (shaped like w; starts at zeros and is kept in config).
    """
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity")
    if v is None:
        v = np.zeros_like(w)
    # Exercise: v = momentum * v - learning_rate * dw, then w = w + v; update v and w in place,
    #   shape of w
    ### BEGIN SOLUTION
    v *= config["momentum"]
    v -= config["learning_rate"] * dw
    w += v
    ### END SOLUTION
    config["velocity"] = v
    return w, config


def rmsprop(w, dw, config=None):
    """RMSProp: divide the step by a running root-mean-square of the gradients:
        cache <- decay_rate * cache + (1 - decay_rate) * dw**2
        w     <- w - learning_rate * dw / (sqrt(cache) + epsilon)

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
    # Exercise: cache = decay_rate * cache + (1 - decay_rate) * dw**2, then w -= learning_rate * dw
    #   / (sqrt(cache) + epsilon); in place
    ### BEGIN SOLUTION
    decay = config["decay_rate"]
    cache *= decay
    cache += (1 - decay) * dw * dw
    w -= config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])
    ### END SOLUTION
    config["cache"] = cache
    return w, config


def adam(w, dw, config=None):
    """Adam: momentum on the gradient (m) and RMSProp's scale (v), both bias-corrected:
        t <- t + 1
        m <- beta1 * m + (1 - beta1) * dw
        v <- beta2 * v + (1 - beta2) * dw**2
        w <- w - learning_rate * (m / (1 - beta1**t)) / (sqrt(v / (1 - beta2**t)) + epsilon)

    config: learning_rate (1e-3), beta1 (0.9), beta2 (0.999), epsilon (1e-8),
    m and v (shaped like w; start at zeros), t (the step count; starts at 0).
    The bias correction matters early: m and v start at zero, so without it the first
    steps would be too small by factors of 1 - beta1**t and sqrt(1 - beta2**t).
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
    # Exercise: t += 1; m and v: moving averages of dw and dw**2 (in place); bias-correct them by 1
    #   - beta**t; w -= learning_rate * m_hat / (sqrt(v_hat) + epsilon)
    ### BEGIN SOLUTION
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
