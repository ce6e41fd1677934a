"""The computational-graph figures of notebook 4 (draw_graph, draw_toy_graph), checked through the artists they draw."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation

from cs231n import eval_numerical_gradient, softmax_loss
from cs231n.plotting import TOY_GRAPH, draw_graph, draw_toy_graph
from cs231n.toy import init_toy_data, init_toy_model

pytestmark = pytest.mark.figures


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def texts(ax, color=None):
    """The visible texts (annotate() arrows are Text artists with an empty string), of one colour if given."""
    return [t.get_text() for t in ax.texts
            if t.get_text() and (color is None or to_rgba(t.get_color()) == to_rgba(color))]


def arrows(ax):
    return [t for t in ax.texts if isinstance(t, Annotation)]


def boxes(ax):
    return [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() < 10]


def test_a_graph_has_a_box_per_node_an_arrow_per_edge_and_red_gradients():
    nodes = {"a": (0, 0, "a", "2", "3"), "b": (0, 3, "b", "-1", "-6"), "out": (4, 1.5, "a·b", "-2", "1")}
    ax = draw_graph(nodes, [("a", "out", "-1"), ("b", "out", "2")], title="multiply swaps")
    assert len(boxes(ax)) == 3
    assert len(arrows(ax)) == 2
    assert {"a", "b", "a·b", "2", "-1", "-2"} <= set(texts(ax, "k"))
    assert set(texts(ax, "C3")) >= {"3", "-6", "1", "-1", "2", "red: gradients of the loss"}
    assert ax.get_title() == "multiply swaps"


def test_an_arrow_starts_and_ends_on_the_boxes_edges_and_can_go_around():
    nodes = {"a": (0, 0, "a", "", ""), "b": (6, 0, "b", "", "")}
    ax = draw_graph(nodes, [("a", "b", "", [(0, 2), (6, 2)])], title="", box=(2.0, 1.0))
    (line,) = ax.lines                                  # the polyline up to the last segment
    assert list(zip(*line.get_data())) == [(0.0, 0.5), (0, 2), (6, 2)]     # leaves a's top edge
    (arrow,) = arrows(ax)
    assert tuple(arrow.xy) == (6.0, 0.5)                # enters b's top edge


def toy_numbers():
    net, (X, y), reg = init_toy_model(), init_toy_data(), 0.05
    loss, grads = net.loss(X, y, reg=reg)
    p = net.params
    h_in = X @ p["W1"] + p["b1"]
    h_out = np.maximum(0, h_in)
    scores = h_out @ p["W2"] + p["b2"]
    data_loss, dscores = softmax_loss(scores, y)
    # the inner gradients numerically (the student edition's tests must not spell out the backward pass)
    from_h_out = lambda h: softmax_loss(h @ p["W2"] + p["b2"], y)[0]
    dh_out = eval_numerical_gradient(from_h_out, h_out.copy(), verbose=False)
    dh_in = eval_numerical_gradient(lambda h: from_h_out(np.maximum(0, h)), h_in.copy(), verbose=False)
    dX = eval_numerical_gradient(lambda x: from_h_out(np.maximum(0, x @ p["W1"] + p["b1"])), X.copy(), verbose=False)
    via_penalty = eval_numerical_gradient(lambda w: reg * np.sum(w * w), p["W1"].copy(), verbose=False)
    values = {"X": X, "W1": p["W1"], "b1": p["b1"], "h_in": h_in, "h_out": h_out, "W2": p["W2"], "b2": p["b2"],
              "scores": scores, "data loss": data_loss, "penalty": loss - data_loss, "loss": loss}
    gradients = {"X": dX, "W1": grads["W1"], "b1": grads["b1"], "h_in": dh_in, "h_out": dh_out,
                 "W2": grads["W2"], "b2": grads["b2"], "scores": dscores, "data loss": 1.0, "penalty": 1.0,
                 "loss": 1.0}
    paths = {("W1", "h_in"): grads["W1"] - via_penalty, ("W1", "penalty"): via_penalty}
    return values, gradients, paths


def test_the_toy_graph_shows_its_eleven_values_with_shapes_entries_and_the_paths_that_add():
    values, gradients, paths = toy_numbers()
    ax = draw_toy_graph(values, gradients, paths, title="toy", digits={"W1": 5})
    assert len(boxes(ax)) == 11 == len(TOY_GRAPH["positions"])
    black, red = texts(ax, "k"), texts(ax, "C3")
    for name in ("X [5×4]", "W1 [4×10]", "b1 [10]", "h_in [5×10]", "h_out [5×10]", "W2 [10×3]", "b2 [3]",
                 "scores [5×3]", "data loss", "penalty", "loss"):
        assert name in black
    assert {"3.9595", "1.3038", "0.17641"} <= set(black)           # h_in[0,0], the loss, W1[0,0] to 5 places
    assert {"-0.09685", "-0.11449", "0.01764", "-0.5138", "1"} <= set(red)
    assert -0.11449 + 0.01764 == pytest.approx(-0.09685)           # the two paths add up to W1's gradient
    assert len(arrows(ax)) == len(TOY_GRAPH["edges"]) == 12


def test_a_missing_value_is_named():
    values, gradients, _ = toy_numbers()
    del values["h_out"]
    with pytest.raises(KeyError, match="h_out"):
        draw_toy_graph(values, gradients)
