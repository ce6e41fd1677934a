"""cs231n.exercises.require: right answers pass, missing and wrong ones are named with their file."""
import numpy as np
import pytest

import cs231n.gradient_check
import cs231n.layers
import cs231n.neural_net
import cs231n.optim
from cs231n.exercises import EXERCISES, ExerciseNotDone, require

pytestmark = pytest.mark.adaptive   # needs every exercise, so it is checked with the last of them


def test_every_exercise_passes_on_the_solution(capsys):
    require(*EXERCISES)
    out = capsys.readouterr().out
    assert out.count("✓") == len(EXERCISES) and "✓ adam (cs231n/optim.py)" in out


def test_numpy_random_state_is_left_as_it_was():
    np.random.seed(123)
    expected = np.random.rand()
    np.random.seed(123)
    require("TwoLayerNet.forward", "TwoLayerNet.backward")
    assert np.random.rand() == expected


def test_a_missing_function_is_named_with_its_file_and_hint(monkeypatch):
    def stub(scores):
        raise NotImplementedError("shift each row by its maximum, shape (N, C)")
    monkeypatch.setattr(cs231n.neural_net, "log_softmax", stub)
    with pytest.raises(ExerciseNotDone, match=r"log_softmax in cs231n/neural_net.py is not written yet "
                                              r"\(shift each row by its maximum, shape \(N, C\)\)"):
        require("log_softmax")


def test_the_message_says_to_save_and_run_the_cell_again_not_to_restart_first(monkeypatch):
    # autoreload brings the saved file in; a restart would also drop the names the check cell needs
    def stub(scores):
        raise NotImplementedError
    monkeypatch.setattr(cs231n.neural_net, "log_softmax", stub)
    with pytest.raises(ExerciseNotDone, match=r"Write it, save the file and run this cell again \(if the notebook "
                                              r"still runs your old code, restart the kernel"):
        require("log_softmax")


def test_the_numerical_gradient_names_the_two_functions_a_student_writes(monkeypatch):
    def stub(*args, **kwargs):
        raise NotImplementedError("f_plus")
    monkeypatch.setattr(cs231n.gradient_check, "_nudged", stub)
    with pytest.raises(ExerciseNotDone, match=r"eval_numerical_gradient \(you write its two parts, _nudged and "
                                              r"centered_difference\) in cs231n/gradient_check.py is not written"):
        require("eval_numerical_gradient")


def test_a_missing_function_another_check_reaches_is_the_one_named(monkeypatch):
    # predict calls forward: a student who skipped forward must be sent there, with forward's hint
    class TwoLayerNet:
        def forward(self, X):
            raise NotImplementedError("the hidden layer, then the scores, shape (N, C)")
    monkeypatch.setattr(cs231n.neural_net.TwoLayerNet, "forward", TwoLayerNet.forward)
    with pytest.raises(ExerciseNotDone, match=r"^TwoLayerNet.predict in cs231n/neural_net.py needs TwoLayerNet.forward "
                                              r"in cs231n/neural_net.py, which is not written yet \(the hidden layer, "
                                              r"then the scores, shape \(N, C\)\). Write that first, save the file"):
        require("TwoLayerNet.predict")


def test_a_missing_part_of_the_numerical_gradient_is_named_from_another_check(monkeypatch):
    def centered_difference(f_plus, f_minus, h):
        raise NotImplementedError("(f(x + h) - f(x - h)) / 2h")
    monkeypatch.setattr(cs231n.gradient_check, "centered_difference", centered_difference)
    with pytest.raises(ExerciseNotDone, match=r"^TwoLayerNet.backward in cs231n/neural_net.py needs "
                                              r"eval_numerical_gradient \(you write its two parts, _nudged and "
                                              r"centered_difference\) in cs231n/gradient_check.py, which is not"):
        require("TwoLayerNet.backward")


@pytest.mark.parametrize("module, name, wrong, message", [
    (cs231n.optim, "sgd_momentum", cs231n.optim.sgd, "sgd_momentum in cs231n/optim.py (gives a wrong answer|fails)"),
    (cs231n.neural_net, "log_softmax", lambda s: s - np.log(np.exp(s).sum(axis=1, keepdims=True)),
     "log_softmax in cs231n/neural_net.py (gives a wrong answer|fails)"),
    (cs231n.optim, "adam", lambda w, dw, config: (w - config["learning_rate"] * dw, dict(config, t=1)),
     "adam in cs231n/optim.py gives a wrong answer.*bias correction"),
    (cs231n.layers, "relu_backward", lambda dout, cache: dout,
     r"relu_backward in cs231n/layers.py gives a wrong answer.*must be \[\[0, 20\], \[30, 0\]\]"),
    (cs231n.layers, "affine_backward", lambda dout, cache: (dout @ cache[1].T, cache[0].reshape(2, -1).T @ dout, dout.sum(0)),
     r"affine_backward in cs231n/layers.py gives a wrong answer.*dx must have the shape of x, \(2, 2, 3\)"),
])
def test_a_wrong_function_is_named(monkeypatch, module, name, wrong, message):
    monkeypatch.setattr(module, name, wrong)
    with pytest.raises(ExerciseNotDone, match=message):
        with np.errstate(over="ignore", invalid="ignore"):
            require(name)


def test_unknown_exercise_is_a_value_error():
    with pytest.raises(ValueError, match="no exercise called 'softmax'"):
        require("softmax")


def test_the_message_is_shown_without_a_traceback_in_jupyter():
    assert ExerciseNotDone("x in y is not written yet")._render_traceback_() == [
        "ExerciseNotDone: x in y is not written yet"]


def test_a_missing_name_is_traced_to_the_cell_that_makes_it():
    from cs231n.exercises import cell_that_makes
    stub = "# Exercise: the scores o_in, shape (1, 3),\n#   and p (1, 3)\n# YOUR CODE HERE\nraise NotImplementedError()"
    history = ["x = 1", "%matplotlib inline", "y = 2 * x\nraise ValueError()", stub, "z = y"]
    assert cell_that_makes("y", history) == history[2]
    assert cell_that_makes("x", history) == "x = 1"
    assert cell_that_makes("o_in", history) == stub            # stubbed: named by its exercise comment
    assert cell_that_makes("p", history) == stub               # ... or by its continuation lines
    assert cell_that_makes("f", ["x = 1\ndef f(v):\n    return v\nraise ValueError()"]) is not None
    assert cell_that_makes("o", history) is None and cell_that_makes("w", history) is None
