"""Checks a notebook runs before it first uses a function that you write in the package.

    from cs231n.exercises import require
    require("softmax_loss", "TwoLayerNet.forward")

Each function is tried on a small problem whose answer is known. A right one prints a line with ✓;
one that is not written yet, or gives a wrong answer, stops the notebook with ExerciseNotDone, whose
message names the function, the file to write it in and what is wrong. After editing a file of the
package, save it and run the check again: the notebook's first cell turned on autoreload, which brings in
the changed file.
"""
import numpy as np

from cs231n.notebook_setup import ipython_shell


class ExerciseNotDone(Exception):
    """A function the notebook needs is not written yet, or is wrong."""

    def _render_traceback_(self):
        """IPython shows this instead of a traceback: the message is the whole story."""
        return [f"ExerciseNotDone: {self}"]


def check_log_softmax():
    from cs231n.neural_net import log_softmax
    got = log_softmax(np.array([[0.0, 0.0], [0.0, np.log(3.0)], [1000.0, 1000.0]]))
    expected = -np.log([[2.0, 2.0], [4.0, 4.0 / 3.0], [2.0, 2.0]])
    assert np.shape(got) == (3, 2), f"it returns shape {np.shape(got)} for scores of shape (3, 2)"
    assert np.allclose(got, expected), (f"log_softmax([[0, 0], [0, ln 3], [1000, 1000]]) should be "
                                        f"{np.round(expected, 4).tolist()}, got {np.round(got, 4).tolist()} "
                                        "(the row [1000, 1000] must not overflow)")


def check_softmax_loss():
    from cs231n.neural_net import softmax_loss
    loss, dscores = softmax_loss(np.zeros((2, 4)), np.array([0, 3]))
    expected = np.full((2, 4), 0.25 / 2)
    expected[[0, 1], [0, 3]] -= 0.5
    assert np.isclose(loss, np.log(4)), f"four equal scores must give the loss ln 4 = 1.386, got {loss}"
    assert np.shape(dscores) == (2, 4), f"dscores must have the shape of the scores (2, 4), got {np.shape(dscores)}"
    assert np.allclose(dscores, expected), (f"for four equal scores, N = 2 and labels [0, 3], dscores must be "
                                            f"{expected.tolist()}, got {np.round(dscores, 4).tolist()}; check "
                                            "your derivation against a numerical gradient (notebook 2)")


def check_forward():
    from cs231n.toy import OFFICIAL_SCORES, init_toy_data, init_toy_model
    X, _ = init_toy_data()
    scores = init_toy_model().loss(X)
    assert np.shape(scores) == (5, 3), f"the toy net's scores must have shape (5, 3), got {np.shape(scores)}"
    difference = np.sum(np.abs(scores - OFFICIAL_SCORES))
    assert difference < 1e-7, f"the toy net's scores differ from the official ones by {difference:.2g} (must be < 1e-7)"


def check_loss():
    from cs231n.toy import OFFICIAL_LOSS, init_toy_data, init_toy_model
    X, y = init_toy_data()
    net = init_toy_model()
    loss = net.penalised_loss(net.loss(X), y, reg=0.05)[0]
    assert abs(loss - OFFICIAL_LOSS) < 1e-10, (f"the toy loss at reg=0.05 is {loss}, the official one "
                                               f"{OFFICIAL_LOSS}; is the L2 penalty of W1 and W2 (not the biases), at strength reg, added?")


def check_eval_numerical_gradient():
    from cs231n.gradient_check import eval_numerical_gradient
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    before = x.copy()
    grad = eval_numerical_gradient(lambda v: np.sum(v ** 3), x, verbose=False)
    assert np.array_equal(x, before), "x must be left exactly as it was (restore each entry after nudging it)"
    assert np.allclose(grad, 3 * x ** 2, rtol=1e-8), (f"the gradient of sum(x**3) must be 3 x**2 = {(3 * x ** 2).tolist()}, "
                                                      f"got {np.round(grad, 6).tolist()} (use the centered difference)")


def backward_problems(net, X, y, reg, tolerance=1e-8):
    """What is wrong with net's gradients on (X, y), in words ("" if nothing): every parameter's relative
    error against the numerical gradient, with reg and with reg = 0, and where that points."""
    from cs231n.gradient_check import eval_numerical_gradient, rel_error

    def errors_at(r):
        """("", {name: relative error}) at this reg, or (what is wrong with a shape, None)."""
        _, grads = net.loss(X, y, reg=r)
        for name, param in net.params.items():
            if np.shape(grads.get(name)) != param.shape:
                return f"grads['{name}'] must have the shape of params['{name}'], {param.shape}, got {np.shape(grads.get(name))}", None
        return "", {name: rel_error(eval_numerical_gradient(lambda _: net.loss(X, y, reg=r)[0], param, verbose=False),
                                    grads[name]) for name, param in net.params.items()}

    problem, errors = errors_at(reg)
    if problem:
        return problem
    wrong = [name for name in net.params if errors[name] >= tolerance]
    if not wrong:
        return ""
    problem, at_zero = errors_at(0.0)          # only for a wrong answer: where does it point?
    if problem:
        return problem
    table = ", ".join(f"{name} {errors[name]:.1e}" for name in net.params)
    if all(at_zero[name] < tolerance for name in net.params):
        where = (f"with reg = 0 every gradient is right, so the penalty's share of {' and '.join(wrong)} is "
                 "missing or wrong")
    elif at_zero["W2"] < tolerance and at_zero["b2"] < tolerance:
        where = ("W2 and b2 are right, W1 and b1 are not: look at the way back from the scores to the first "
                 "layer (through W2 and the ReLU)")
    else:
        where = "even the last layer's gradients are wrong: start from dscores and W2"
    return f"relative errors against numerical gradients (must be < {tolerance:g}): {table}; {where}"


def check_backward():
    from cs231n.toy import init_toy_data, init_toy_model
    X, y = init_toy_data()
    problems = backward_problems(init_toy_model(), X, y, reg=0.05)
    assert not problems, problems


def check_predict():
    from cs231n.toy import OFFICIAL_SCORES, init_toy_data, init_toy_model
    X, _ = init_toy_data()
    predicted = init_toy_model().predict(X)
    expected = OFFICIAL_SCORES.argmax(axis=1)
    assert np.array_equal(predicted, expected), f"predict should give {expected.tolist()} on the toy data, got {predicted}"


def check_sgd():
    from cs231n.optim import sgd
    start = np.array([1.0, -2.0])
    w, _ = sgd(start, np.array([0.5, 0.5]), {"learning_rate": 0.1})
    assert np.allclose(w, [0.95, -2.05]), f"one SGD step from [1, -2] with gradient [0.5, 0.5] and rate 0.1 gives [0.95, -2.05], got {w}"
    assert np.allclose(start, [0.95, -2.05]), ("sgd must update w in place (the caller's array), as its docstring "
                                               f"says: the array passed in is still {start}")


def check_sgd_momentum():
    from cs231n.optim import sgd_momentum
    w, config = sgd_momentum(np.zeros(1), np.ones(1), {"learning_rate": 0.1, "momentum": 0.5})
    w, config = sgd_momentum(w, np.ones(1), config)
    assert np.allclose(config["velocity"], -0.15) and np.allclose(w, -0.25), (
        "two steps with gradient 1, rate 0.1, momentum 0.5 give velocity -0.1 then -0.15 and w = -0.25; "
        f"got velocity {config['velocity']} and w {w}")


def check_rmsprop():
    from cs231n.optim import rmsprop
    w, config = rmsprop(np.zeros(2), np.array([2.0, -0.5]), {"learning_rate": 1e-3})
    assert np.allclose(config["cache"], [0.04, 0.0025]), (f"after one step with dw = [2, -0.5] and decay_rate 0.99 the "
                                                          f"cache must be [0.04, 0.0025], got {config['cache']}")
    assert np.allclose(w, [-1e-2, 1e-2], rtol=1e-6), (f"one step from [0, 0] with dw = [2, -0.5] and learning rate 1e-3 "
                                                     f"must give [-0.01, 0.01], got {w}")


def check_adam():
    from cs231n.optim import adam
    w, config = adam(np.zeros(3), np.array([1e-3, -5.0, 200.0]), {"learning_rate": 0.01})
    assert config["t"] == 1, f"config['t'] must count the steps: 1 after the first, got {config['t']}"
    assert np.allclose(w, [-0.01, 0.01, -0.01], rtol=1e-4), (
        f"with the bias correction, Adam's first step is learning_rate * sign(dw) = [-0.01, 0.01, -0.01], got {w}")


AFFINE_X, AFFINE_W, AFFINE_B = np.arange(12.0).reshape(2, 2, 3), np.ones((6, 2)), np.array([1.0, -1.0])


def check_affine_forward():
    from cs231n.layers import affine_forward
    out, _ = affine_forward(AFFINE_X, AFFINE_W, AFFINE_B)
    assert np.allclose(out, [[16.0, 14.0], [52.0, 50.0]]), (
        f"affine_forward of two samples of shape (2, 3) (0..5 and 6..11), w all ones (6, 2) and b [1, -1] must give "
        f"[[16, 14], [52, 50]], got {np.asarray(out).tolist()}")


def check_affine_backward():
    from cs231n.layers import affine_backward
    dx, dw, db = affine_backward(np.array([[1.0, 0.0], [0.0, 2.0]]), (AFFINE_X, AFFINE_W, AFFINE_B))
    for name, got, like in (("dx", dx, AFFINE_X), ("dw", dw, AFFINE_W), ("db", db, AFFINE_B)):
        assert np.shape(got) == like.shape, f"{name} must have the shape of {name[1:]}, {like.shape}, got {np.shape(got)}"
    assert np.allclose(db, [1.0, 2.0]), f"with dout [[1, 0], [0, 2]], db must be [1, 2], got {np.asarray(db).tolist()}"
    assert np.allclose(dx, np.ones((2, 2, 3)) * [[[1.0]], [[2.0]]]), (
        "with dout [[1, 0], [0, 2]] and w all ones, dx must be all 1 for the first sample and all 2 for the second")
    assert np.allclose(dw[:, 0], np.arange(6.0)) and np.allclose(dw[:, 1], 2 * np.arange(6.0, 12.0)), (
        "with dout [[1, 0], [0, 2]], dw's first column must be the first sample (0..5), its second twice the "
        "second sample (12, 14, ..., 22)")


def check_relu_forward():
    from cs231n.layers import relu_forward
    out, _ = relu_forward(np.array([[-1.0, 2.0], [3.0, -4.0]]))
    assert np.allclose(out, [[0.0, 2.0], [3.0, 0.0]]), f"relu_forward([[-1, 2], [3, -4]]) must be [[0, 2], [3, 0]], got {out}"


def check_relu_backward():
    from cs231n.layers import relu_backward
    dx = relu_backward(np.array([[10.0, 20.0], [30.0, 40.0]]), np.array([[-1.0, 2.0], [3.0, -4.0]]))
    assert np.allclose(dx, [[0.0, 20.0], [30.0, 0.0]]), (
        f"relu_backward of dout [[10, 20], [30, 40]] at x [[-1, 2], [3, -4]] must be [[0, 20], [30, 0]], got {dx}")


#: name -> (the file to write it in, the check)
EXERCISES = {
    "log_softmax": ("cs231n/neural_net.py", check_log_softmax),
    "softmax_loss": ("cs231n/neural_net.py", check_softmax_loss),
    "TwoLayerNet.forward": ("cs231n/neural_net.py", check_forward),
    "TwoLayerNet.penalised_loss": ("cs231n/neural_net.py", check_loss),
    "eval_numerical_gradient": ("cs231n/gradient_check.py", check_eval_numerical_gradient),
    "TwoLayerNet.backward": ("cs231n/neural_net.py", check_backward),
    "TwoLayerNet.predict": ("cs231n/neural_net.py", check_predict),
    "sgd": ("cs231n/optim.py", check_sgd),
    "affine_forward": ("cs231n/layers.py", check_affine_forward),
    "affine_backward": ("cs231n/layers.py", check_affine_backward),
    "relu_forward": ("cs231n/layers.py", check_relu_forward),
    "relu_backward": ("cs231n/layers.py", check_relu_backward),
    "sgd_momentum": ("cs231n/optim.py", check_sgd_momentum),
    "rmsprop": ("cs231n/optim.py", check_rmsprop),
    "adam": ("cs231n/optim.py", check_adam),
}

#: Where the code to write is not in the function the check is named after: the functions written.
PARTS = {"eval_numerical_gradient": ("_nudged", "centered_difference")}
WRITTEN_AS = {name: f"{name} (you write its two parts, {' and '.join(parts)})" for name, parts in PARTS.items()}

#: How every message ends: what to do next.
AGAIN = ("save the file and run this cell again (if the notebook still runs your old code, restart the kernel "
         "and run the notebook from the top)")


def stub_that_raised(error):
    """The exercise (a key of EXERCISES) whose unwritten function raised ``error`` (a NotImplementedError),
    found by the qualified name of the function the traceback ends in (TwoLayerNet.forward); None for a
    function that is no exercise's. A check can reach another exercise's function (predict calls forward),
    and then the message must name that one."""
    frame = error.__traceback__
    while frame.tb_next is not None:
        frame = frame.tb_next
    code = frame.tb_frame.f_code
    function = getattr(code, "co_qualname", code.co_name)     # co_qualname: Python 3.11 on
    for name in EXERCISES:
        if any(function == part or function.endswith("." + part) for part in PARTS.get(name, (name,))):
            return name
    return None


def require(*names):
    """Check the named exercises (keys of EXERCISES), in order; print a ✓ line for each that is
    right, raise ExerciseNotDone for the first that is missing or wrong. numpy's global random
    state is left as it was, so the notebook's own draws do not change."""
    state = np.random.get_state()
    try:
        for name in names:
            if name not in EXERCISES:
                raise ValueError(f"no exercise called {name!r}; the exercises are {', '.join(EXERCISES)}")
            path, check = EXERCISES[name]
            what = WRITTEN_AS.get(name, name)
            try:
                check()
            except NotImplementedError as error:
                hint = f" ({error})" if str(error) else ""
                other = stub_that_raised(error)
                if other in (None, name):
                    raise ExerciseNotDone(f"{what} in {path} is not written yet{hint}. Write it, {AGAIN}.") from None
                raise ExerciseNotDone(f"{what} in {path} needs {WRITTEN_AS.get(other, other)} in {EXERCISES[other][0]}, "
                                      f"which is not written yet{hint}. Write that first, {AGAIN}.") from None
            except AssertionError as error:
                raise ExerciseNotDone(f"{what} in {path} gives a wrong answer: {error}. Fix it, {AGAIN}.") from None
            except Exception as error:
                raise ExerciseNotDone(f"{what} in {path} fails with {type(error).__name__}: {error}. Fix it, "
                                      f"{AGAIN}.") from None
            print(f"✓ {name} ({path})")
    finally:
        np.random.set_state(state)


def exercise_comment(source):
    """The text of the first "# Exercise: ..." comment of a cell's code, with its "#   ..." continuation
    lines, or ""."""
    text = []
    for line in (line.strip() for line in source.splitlines()):
        if not text and line.startswith("# Exercise:"):
            text.append(line[len("# Exercise:"):].strip())
        elif text and line.startswith("#   "):
            text.append(line.lstrip("#").strip())
        elif text:
            break
    return " ".join(text)


def cell_that_makes(name, sources):
    """The last of ``sources`` (cells' code, oldest first) that assigns or defines ``name``, or else the last whose
    exercise comment names it (in the student edition the assignment itself is the stubbed exercise);
    None if there is none."""
    import ast
    import re
    for source in reversed(sources):
        try:
            tree = ast.parse(source)
        except SyntaxError:              # IPython magics
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store)
                    or isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name):
                return source
    for source in reversed(sources):
        if re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", exercise_comment(source)):
            return source
    return None


def explain_missing_names():
    """In a notebook of the student edition: a NameError for a name that a cell which already ran (and
    stopped) should have defined names that cell, and its exercise if it holds one, instead of the bare
    NameError. Other errors are shown as usual. Outside IPython this does nothing."""
    shell = ipython_shell()
    if shell is None:
        return

    def explain(shell, etype, value, tb, tb_offset=None):
        name = getattr(value, "name", None)
        source = cell_that_makes(name, shell.user_ns.get("In", [])[:-1]) if name else None
        if source is None:
            return shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        exercise = exercise_comment(source)
        where = f'the exercise "{exercise}"' if exercise else f'the cell that begins "{source.splitlines()[0]}"'
        shell.showtraceback((ExerciseNotDone, ExerciseNotDone(
            f"{name} is not defined yet: it is computed by {where}, which stopped with an error. Finish it, "
            "run it again, then this cell."), None))
    shell.set_custom_exc((NameError,), explain)
