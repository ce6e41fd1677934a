"""The hidden tests of the nbgrader course (tools/nbgrader_course.py): never released to students.

The graded cells of the course call two functions of this module, inside nbgrader's hidden-test markers:

- ``check_part(part)`` in the package notebook, beside the ``make check`` part of the same name: the part's
  functions tried again on fresh problems (other seeds and shapes, biases that are not zero, a step h other
  than the default, several steps of an update rule with settings other than the defaults), each against a
  reference computed here, so that code fitted to the visible tests does not pass;
- ``same_as_solution(namespace, solution)`` after each exercise cell of a notebook: the names the teacher's
  solution block assigns, computed by that block from the same inputs, compared with the student's.

The kernels that grade find this file on their PYTHONPATH (the course's nbgrader_config.py puts it there).
A check that fails raises HiddenTestFailed, shown in the notebook and the feedback page as its message alone:
a traceback would show the hidden test's code, and with it the solution it compares with.
"""
import ast

import numpy as np


class HiddenTestFailed(AssertionError):
    """A hidden test failed; the message says what was wrong."""

    def _render_traceback_(self):
        """IPython shows this instead of a traceback (which would show the hidden code)."""
        return [f"HiddenTestFailed: {self}"]


def _rng(seed):
    return np.random.default_rng(231_000 + seed)


def _close(got, expected, what, rtol=1e-7, atol=1e-10):
    """Assert that ``got`` has the shape of ``expected`` and the same values."""
    got = np.asarray(got)
    assert got.shape == np.shape(expected), f"{what} has shape {got.shape}, expected {np.shape(expected)}"
    assert np.allclose(got, expected, rtol=rtol, atol=atol), \
        f"{what} is wrong: largest difference {np.max(np.abs(got - expected)):.3g}"


def _numerical(f, x, h=1e-6):
    """The centered-difference gradient of the scalar f() at the array x (nudged in place, restored)."""
    grad = np.zeros_like(x)
    for ix in np.ndindex(x.shape):
        old = x[ix]
        x[ix] = old + h
        plus = f()
        x[ix] = old - h
        minus = f()
        x[ix] = old
        grad[ix] = (plus - minus) / (2 * h)
    return grad


def _net(seed, N, D, H, C):
    """A TwoLayerNet with weights and biases all drawn at random, and data for it: net, X (N, D), y (N,)."""
    from cs231n import TwoLayerNet
    rng = _rng(seed)
    net = TwoLayerNet(D, H, C, std=0.5)
    for name, value in net.params.items():
        net.params[name] = rng.normal(size=value.shape)
    return net, rng.normal(size=(N, D)) * 2, rng.integers(0, C, size=N)


def _reference_scores(net, X):
    p = net.params
    h_in = X @ p["W1"] + p["b1"]
    return h_in, np.maximum(h_in, 0), np.maximum(h_in, 0) @ p["W2"] + p["b2"]


def _reference_log_softmax(scores):
    shifted = scores - scores.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


# --- softmax ---------------------------------------------------------------------------------------

def log_softmax_on_fresh_scores():
    from cs231n.neural_net import log_softmax
    scores = _rng(1).normal(size=(6, 5)) * 30
    scores[1] += 900            # rows far from 0, in both directions
    scores[4] -= 900
    before = scores.copy()
    _close(log_softmax(scores), _reference_log_softmax(before), "log_softmax of scores (6, 5) up to +-900")
    assert np.array_equal(scores, before), "log_softmax changed its input scores"


def softmax_loss_on_fresh_problems():
    from cs231n.neural_net import softmax_loss
    for N, C in ((1, 3), (7, 6)):
        scores, y = _rng(N).normal(size=(N, C)) * 4, _rng(N + 1).integers(0, C, size=N)
        expected = -_reference_log_softmax(scores)[np.arange(N), y].mean()
        loss = softmax_loss(scores, y)[0]
        assert np.isclose(loss, expected, rtol=1e-10), f"softmax_loss for N={N}, C={C}: {loss}, expected {expected}"


# --- forward ---------------------------------------------------------------------------------------

def forward_with_biases():
    net, X, _ = _net(2, N=4, D=3, H=7, C=5)
    for got, expected, name in zip(net.forward(X), _reference_scores(net, X), ("h_in", "h_out", "scores")):
        _close(got, expected, f"forward's {name} for a net with non-zero biases")


def penalty_on_the_weights_only():
    net, X, y = _net(3, N=5, D=4, H=6, C=3)
    scores = _reference_scores(net, X)[2]
    p, reg = net.params, 0.3
    expected = -_reference_log_softmax(scores)[np.arange(5), y].mean() + reg * (np.sum(p["W1"] ** 2) + np.sum(p["W2"] ** 2))
    loss = net.penalised_loss(scores, y, reg)[0]
    assert np.isclose(loss, expected, rtol=1e-10), (f"penalised_loss at reg=0.3 with non-zero biases: {loss}, "
                                                    f"expected {expected} (the penalty is on W1 and W2 only)")


# --- gradient_check --------------------------------------------------------------------------------

def numerical_gradient_with_its_own_step():
    from cs231n.gradient_check import eval_numerical_gradient
    x = _rng(4).normal(size=(3, 2))
    before = x.copy()
    h = 0.1      # the centered difference of x**3 is exactly 3 x**2 + h**2
    grad = eval_numerical_gradient(lambda v: np.sum(v ** 3), x, verbose=False, h=h)
    _close(grad, 3 * before ** 2 + h ** 2, "eval_numerical_gradient(sum(x**3), h=0.1)", rtol=1e-9)
    assert np.array_equal(x, before), "eval_numerical_gradient did not leave x as it was"


def numerical_gradient_restores_x_when_f_fails_below():
    from cs231n.gradient_check import eval_numerical_gradient
    x = np.array([[0.5, 2.0]])

    def f(v):
        if v[0, 0] < 0.5:
            raise ZeroDivisionError("f fails below 0.5")
        return float(np.sum(v))
    try:
        eval_numerical_gradient(f, x, verbose=False)
    except ZeroDivisionError:
        pass
    assert x.tolist() == [[0.5, 2.0]], f"after f raised on x - h, x is {x.tolist()} instead of [[0.5, 2.0]]"


# --- backward --------------------------------------------------------------------------------------

def gradients_on_fresh_nets():
    for seed, (N, D, H, C) in enumerate([(1, 3, 4, 2), (6, 2, 5, 4)]):
        net, X, y = _net(10 + seed, N, D, H, C)
        reg = 0.7
        _, grads = net.loss(X, y, reg=reg)
        for name, param in net.params.items():
            expected = _numerical(lambda: net.loss(X, y, reg=reg)[0], param)
            _close(grads[name], expected, f"the gradient {name} at reg=0.7, N={N}", rtol=1e-5, atol=1e-7)


def dscores_on_a_fresh_problem():
    from cs231n.neural_net import softmax_loss
    scores, y = _rng(5).normal(size=(3, 4)), np.array([3, 0, 3])
    expected = (np.exp(_reference_log_softmax(scores)) - np.eye(4)[y]) / 3
    _close(softmax_loss(scores, y)[1], expected, "softmax_loss's dscores for N=3, C=4")


# --- predict ---------------------------------------------------------------------------------------

def predictions_on_fresh_nets():
    for N in (1, 9):
        net, X, _ = _net(20 + N, N=N, D=3, H=5, C=4)
        expected = _reference_scores(net, X)[2].argmax(axis=1)
        got = np.asarray(net.predict(X))
        assert got.shape == (N,) and np.array_equal(got, expected), f"predict for N={N}: {got}, expected {expected}"


# --- train (sgd) -----------------------------------------------------------------------------------

def sgd_steps():
    from cs231n.optim import sgd
    w, dw = _rng(6).normal(size=(2, 3)), _rng(7).normal(size=(2, 3))
    expected = w - 0.37 * dw
    next_w, _ = sgd(w, dw, {"learning_rate": 0.37})
    _close(next_w, expected, "one SGD step at learning rate 0.37")
    _close(w, expected, "w after one SGD step (the rule updates w in place: the caller's array changes)")


# --- layers ----------------------------------------------------------------------------------------

def affine_layer_on_fresh_shapes():
    from cs231n.layers import affine_backward, affine_forward
    rng = _rng(8)
    x, w, b, dout = rng.normal(size=(3, 2, 2)), rng.normal(size=(4, 5)), rng.normal(size=5), rng.normal(size=(3, 5))
    out, cache = affine_forward(x, w, b)
    _close(out, x.reshape(3, 4) @ w + b, "affine_forward for x (3, 2, 2), w (4, 5)")
    dx, dw, db = affine_backward(dout, cache)
    for name, got, param in (("dx", dx, x), ("dw", dw, w), ("db", db, b)):
        expected = _numerical(lambda: np.sum(affine_forward(x, w, b)[0] * dout), param)
        _close(got, expected, f"affine_backward's {name}", rtol=1e-6, atol=1e-8)


def relu_layer_on_fresh_values():
    from cs231n.layers import relu_backward, relu_forward
    rng = _rng(9)
    x, dout = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    before = x.copy()
    out, cache = relu_forward(x)
    _close(out, np.maximum(before, 0), "relu_forward")
    assert np.array_equal(x, before), "relu_forward changed its input x"
    _close(relu_backward(dout, cache), dout * (before > 0), "relu_backward")


# --- momentum --------------------------------------------------------------------------------------

def momentum_steps():
    from cs231n.optim import sgd_momentum
    rng = _rng(10)
    w, grads = rng.normal(size=4), [rng.normal(size=4) for _ in range(3)]
    expected_w, v = w.copy(), np.zeros(4)
    config = {"learning_rate": 0.05, "momentum": 0.7}
    for dw in grads:
        v = 0.7 * v - 0.05 * dw
        expected_w = expected_w + v
        w, config = sgd_momentum(w, dw, config)
    _close(w, expected_w, "w after three momentum steps (rate 0.05, momentum 0.7)")
    _close(config["velocity"], v, "the velocity after three momentum steps")


# --- adaptive --------------------------------------------------------------------------------------

def rmsprop_steps():
    from cs231n.optim import rmsprop
    rng = _rng(11)
    w, grads = rng.normal(size=4), [rng.normal(size=4) for _ in range(3)]
    expected_w, cache = w.copy(), np.zeros(4)
    config = {"learning_rate": 0.02, "decay_rate": 0.9, "epsilon": 1e-3}
    for dw in grads:
        cache = 0.9 * cache + 0.1 * dw ** 2
        expected_w = expected_w - 0.02 * dw / (np.sqrt(cache) + 1e-3)
        w, config = rmsprop(w, dw, config)
    _close(w, expected_w, "w after three RMSProp steps (decay 0.9, epsilon 1e-3)")


def adam_steps():
    from cs231n.optim import adam
    rng = _rng(12)
    w, grads = rng.normal(size=4), [rng.normal(size=4) for _ in range(3)]
    expected_w, m, v = w.copy(), np.zeros(4), np.zeros(4)
    config = {"learning_rate": 0.03, "beta1": 0.8, "beta2": 0.95, "epsilon": 1e-4}
    for t, dw in enumerate(grads, start=1):
        m = 0.8 * m + 0.2 * dw
        v = 0.95 * v + 0.05 * dw ** 2
        expected_w = expected_w - 0.03 * (m / (1 - 0.8 ** t)) / (np.sqrt(v / (1 - 0.95 ** t)) + 1e-4)
        w, config = adam(w, dw, config)
    _close(w, expected_w, "w after three Adam steps (beta1 0.8, beta2 0.95, epsilon 1e-4)")
    assert config["t"] == 3, f"config['t'] is {config['t']} after three steps"


#: The hidden tests of each part of `make check` that asks for code (tools/student/check.py's markers).
PARTS = {
    "softmax": [log_softmax_on_fresh_scores, softmax_loss_on_fresh_problems],
    "forward": [forward_with_biases, penalty_on_the_weights_only],
    "gradient_check": [numerical_gradient_with_its_own_step, numerical_gradient_restores_x_when_f_fails_below],
    "backward": [gradients_on_fresh_nets, dscores_on_a_fresh_problem],
    "predict": [predictions_on_fresh_nets],
    "train": [sgd_steps],
    "layers": [affine_layer_on_fresh_shapes, relu_layer_on_fresh_values],
    "momentum": [momentum_steps],
    "adaptive": [rmsprop_steps, adam_steps],
}


def part_problems(part):
    """What the hidden tests of ``part`` find wrong, one line each ([] if nothing)."""
    problems = []
    state = np.random.get_state()
    for test in PARTS[part]:
        try:
            with np.errstate(all="ignore"):
                test()
        except NotImplementedError:
            problems.append(f"{test.__name__}: not written yet (NotImplementedError)")
        except Exception as error:          # a student's code can fail in any way
            problems.append(f"{test.__name__}: {type(error).__name__}: {error}")
        finally:
            np.random.set_state(state)
    return problems


def check_part(part):
    """The hidden tests of one part of `make check`; AssertionError listing what failed."""
    problems = part_problems(part)
    if problems:
        raise HiddenTestFailed(f"hidden tests of the part '{part}' failed:\n" + "\n".join(problems))
    print(f"hidden tests of the part '{part}' pass")


# --- the notebooks' exercise cells -------------------------------------------------------------------

def assigned_names(solution):
    """The names a solution block binds at its top level (assignments and definitions), in order."""
    names = []
    for node in ast.parse(solution).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.append(node.name)
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        for target in targets:
            for leaf in ast.walk(target) if target is not None else []:
                if isinstance(leaf, ast.Name) and leaf.id not in names:
                    names.append(leaf.id)
    return names


def _same(got, expected):
    """True if got and expected hold the same numbers (or equal values), shapes included."""
    try:
        got, expected = np.asarray(got), np.asarray(expected)
        if got.shape != expected.shape:
            return False
        if expected.dtype.kind in "fc" or got.dtype.kind in "fc":
            return bool(np.allclose(got.astype(complex), expected.astype(complex), rtol=1e-6, atol=1e-9, equal_nan=True))
        return bool(np.array_equal(got, expected))
    except (TypeError, ValueError):
        return False


def _same_function(got, expected, name):
    """Call both functions on the same random arrays (10,); a call the solution itself refuses is skipped."""
    rng = _rng(13)
    count = expected.__code__.co_argcount
    for _ in range(3):
        args = [rng.normal(size=10) for _ in range(count)]
        try:
            wanted = expected(*[a.copy() for a in args])
        except Exception:
            continue
        try:
            result = got(*[a.copy() for a in args])
        except Exception as error:
            raise HiddenTestFailed(f"{name} fails on random arrays of 10 numbers: {type(error).__name__}: {error}") from None
        if isinstance(wanted, tuple):
            same = isinstance(result, tuple) and len(result) == len(wanted) and all(map(_same, result, wanted))
        else:
            same = _same(result, wanted)
        if not same:
            raise HiddenTestFailed(f"{name} gives other values than the solution's on random arrays of 10 numbers")


def same_as_solution(namespace, solution):
    """Assert that every name the solution block binds has, in ``namespace`` (the notebook's globals after
    the student's exercise cell), the value the solution computes from the same inputs. The solution runs
    on a copy of the namespace (arrays copied), with numpy's global random state put back afterwards."""
    names = assigned_names(solution)
    missing = [name for name in names if name not in namespace]
    if missing:
        raise HiddenTestFailed(f"not computed: {', '.join(missing)} (the exercise cell stopped, or did not assign them)")
    scratch = {key: value.copy() if isinstance(value, np.ndarray) else value for key, value in namespace.items()}
    state = np.random.get_state()
    try:
        exec(solution, scratch)
    except Exception as error:
        raise HiddenTestFailed(f"the values your notebook holds before this exercise differ from the ones it "
                               f"expects ({type(error).__name__}: {error})") from None
    finally:
        np.random.set_state(state)
    wrong = []
    for name in names:
        got, expected = namespace[name], scratch[name]
        if callable(expected):
            _same_function(got, expected, name)
        elif not _same(got, expected):
            wrong.append(name)
    if wrong:
        raise HiddenTestFailed(f"wrong values: {', '.join(wrong)} (compared with the solution's on the same inputs)")
    print(f"{', '.join(names)}: right")
