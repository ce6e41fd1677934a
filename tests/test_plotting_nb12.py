"""The figures of notebooks 1 to 3 (checked through the artists they draw) and toy.loss_along_weight."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.patches import Circle

from cs231n.plotting import (STATIC_SLIDER_TEXT, draw_chain_graph, draw_network, plot_tangent, plot_tangents,
                             tangent_slider)
from cs231n.toy import init_toy_data, init_toy_model, loss_along_weight

pytestmark = pytest.mark.figures


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def circles(ax):
    return [p for p in ax.patches if isinstance(p, Circle)]


def texts(ax):
    """The visible texts (annotate() arrows are Text artists with an empty string)."""
    return [t.get_text() for t in ax.texts if t.get_text()]


def test_network_has_one_circle_per_unit_and_a_bias_node_per_layer_that_feeds_another():
    ax = draw_network((4, 10, 3))
    assert len(circles(ax)) == 4 + 10 + 3 + 2
    assert texts(ax).count("+1") == 2 and "b1" in texts(ax) and "b2" in texts(ax)
    # 4·10 + 10·3 unit edges and 10 + 3 bias edges
    assert len(ax.lines) == 4 * 10 + 10 * 3 + 10 + 3
    assert [str(u) for u in range(10)] == [t for t in texts(ax) if t.isdigit()][4:14]   # numpy's indexes


def test_network_without_biases_draws_no_bias_nodes():
    ax = draw_network((2, 3, 2), layer_names=("a", "b", "c"), weight_names=("U", "V"), bias_names=None)
    assert len(circles(ax)) == 7 and "+1" not in texts(ax)
    assert len(ax.lines) == 2 * 3 + 3 * 2


def test_network_greys_out_the_units_it_is_told_are_off():
    off = [1, 5, 6, 7, 8]
    ax = draw_network((4, 10, 3), off_units={1: np.array(off)}, off_label="grey: off for sample 1")
    grey = [c for c in circles(ax) if c.get_facecolor() == to_rgba("0.82")]
    assert len(grey) == 5
    hidden_x = 6.0                                   # second column
    assert sorted(round(c.center[1], 1) for c in grey) == sorted(round(4.5 - u, 1) for u in off)
    assert all(c.center[0] == hidden_x for c in grey)
    dotted = [line for line in ax.lines if line.get_linestyle() == ":"]
    assert len(dotted) == 5 * 3                      # each grey unit's edges to the 3 outputs
    assert all(to_rgba(line.get_color()) == to_rgba("0.5") and line.get_linewidth() >= 1.2 for line in dotted)
    assert "grey: off for sample 1" in texts(ax)


def test_network_text_is_large_enough_for_a_projector():
    ax = draw_network((4, 10, 3), off_units={1: [0]})
    assert min(t.get_fontsize() for t in ax.texts if t.get_text()) >= 12 and ax.title.get_fontsize() >= 12


def test_network_fits_a_slide_at_its_own_size():
    """Saved as Jupyter shows it (100 dpi, tight box), the figure with greyed units is at most ~520 px
    tall, so a 1280x720 slide shows it unscaled under a line or two of text."""
    import io

    from PIL import Image
    ax = draw_network((4, 10, 3), off_units={1: [1, 5]}, off_label="grey: off", title="t")
    png = io.BytesIO()
    ax.figure.savefig(png, format="png", dpi=100, bbox_inches="tight")
    assert Image.open(png).size[1] <= 530


def chain(**extra):
    return draw_chain_graph(
        nodes=[("x", "fx", ""), ("h", "fh", "gh"), ("L", "fL", "1")],
        ops=["· W", "loss"], params={0: ("W", "[2×2]", "dW")}, title="t", **extra)


def test_chain_graph_draws_the_penalty_edge_from_the_weight_to_the_loss():
    plain, penalised = chain(), chain(penalties={0: ("+ reg·‖W‖²", "2·reg·W")})
    assert "+ reg·‖W‖²" in texts(penalised) and "2·reg·W" in texts(penalised)
    assert len(penalised.lines) == len(plain.lines) + 2           # a forward path and a backward path
    assert len(texts(penalised)) == len(texts(plain)) + 2
    forward = penalised.lines[-2]
    xs, ys = forward.get_data()
    assert xs[0] == pytest.approx(0.5 * 4.4 - 0.1) and xs[-1] == pytest.approx(2 * 4.4 - 0.1)   # W's box -> L
    assert max(ys) > 2.7


def position(ax, text):
    return next(t.get_position() for t in ax.texts if t.get_text() == text)


def test_chain_graph_labels_each_edge_into_a_weight_with_its_own_term_and_the_sum_at_the_weight():
    """The network's edge carries the data term only, the penalty's edge its own term, and the weight's
    box the sum: no term is written on two edges (which would count the penalty twice)."""
    ax = draw_chain_graph(nodes=[("x", "fx", ""), ("h", "fh", "gh"), ("L", "fL", "1")], ops=["· W", "loss"],
                          params={0: ("W", "[2×2]", "data term", "dW = data term + penalty term")},
                          penalties={0: ("+ reg·‖W‖²", "penalty term")}, title="t")
    x_box, y_box = position(ax, "W")
    x_edge, y_edge = position(ax, "data term")
    x_total, y_total = position(ax, "dW = data term + penalty term")
    _, y_penalty = position(ax, "penalty term")
    assert 0 < y_edge < y_box < y_penalty                        # between the chain and the box; above it
    assert x_total > x_box and abs(y_total - y_box) < 0.2        # beside the box
    assert sum("penalty term" in text for text in texts(ax)) == 2   # its edge and the sum, nowhere else


def test_chain_graph_fits_a_slide_and_its_text_is_large_enough_for_a_projector():
    ax = chain(penalties={0: ("f", "g")})
    assert min(t.get_fontsize() for t in ax.texts if t.get_text()) >= 12
    width, height = ax.figure.get_size_inches() * ax.figure.dpi
    assert width <= 1400 and height <= 520
    ax = draw_chain_graph(nodes=[("x", "", "")] * 5, ops=[""] * 4, params={0: ("W", "", "")},
                          penalties={0: ("f", "g"), 2: ("f", "g")}, title="t")
    assert ax.figure.get_size_inches()[1] * ax.figure.dpi <= 520


def test_tangent_plot_draws_curve_tangent_and_point_and_optionally_a_nudge():
    values = np.linspace(-1, 1, 21)
    losses = values ** 2
    ax = plot_tangent(values, losses, 0.5, 0.25, 1.0, name="w")
    assert len(ax.lines) == 3
    tangent = ax.lines[1].get_ydata()
    np.testing.assert_allclose(tangent, 0.25 + 1.0 * (values - 0.5))
    assert ax.get_xlabel() == "weight w" and ax.get_ylabel() == "loss L" and ax.get_title()
    ax = plot_tangent(values, losses, 0.5, 0.25, 1.0, name="w", step=(-1.0, 0.25))
    assert len(ax.lines) == 6 and len(ax.get_legend().get_texts()) == 6
    assert ax.get_ylim()[0] < -0.75                   # the predicted point, 0.25 - 1, is inside the axes


def test_tangents_draws_one_panel_per_point_with_the_tangent_there():
    values = np.linspace(-1, 1, 21)
    losses, slopes = values ** 2, 2 * values
    axes = plot_tangents(values, losses, slopes, [2, 10, 18], name="w")
    assert len(axes) == 3
    for ax, k in zip(axes, [2, 10, 18]):
        np.testing.assert_allclose(ax.lines[1].get_ydata(), losses[k] + slopes[k] * (values - values[k]))
        assert ax.get_legend() is None and f"w = {values[k]:.3f}" in ax.get_title()
    assert axes[0].get_ylim() == axes[2].get_ylim()   # one loss axis for all panels


def test_tangent_slider_redraws_the_tangent_and_says_what_a_static_copy_shows(monkeypatch):
    import IPython.display

    shown, updates = [], []

    class Handle:
        def update(self, figure):
            updates.append(figure)

    def display(obj, raw=False, display_id=None):
        shown.append(obj)
        return Handle() if display_id else None

    monkeypatch.setattr(IPython.display, "display", display)
    values = np.linspace(-1, 1, 21)
    losses, slopes = values ** 2, 2 * values
    slider = tangent_slider(values, losses, slopes, start=values[5], name="w")
    bundle, figure = shown
    assert bundle["text/plain"] == STATIC_SLIDER_TEXT.format(name="w")   # not the widget's repr
    assert "application/vnd.jupyter.widget-view+json" in bundle
    np.testing.assert_allclose(figure.axes[0].lines[1].get_ydata(), losses[5] + slopes[5] * (values - values[5]))
    slider.value = values[15]
    tangent = updates[-1].axes[0].lines[1].get_ydata()
    np.testing.assert_allclose(tangent, losses[15] + slopes[15] * (values - values[15]))


def test_loss_along_weight_matches_the_net_and_restores_the_weight():
    net, (X, y) = init_toy_model(), init_toy_data()
    before = net.params["W2"].copy()
    values = net.params["W2"][0, 0] + np.linspace(-0.5, 0.5, 11)
    losses, slopes = loss_along_weight(net, X, y, 0.05, "W2", (0, 0), values)
    np.testing.assert_array_equal(net.params["W2"], before)
    for value, loss, slope in zip(values[::5], losses[::5], slopes[::5]):
        net.params["W2"][0, 0] = value
        expected, grads = net.loss(X, y, reg=0.05)
        assert loss == expected and slope == grads["W2"][0, 0]
    net.params["W2"][:] = before
    # the slopes are the derivative of the losses: centered differences on the grid agree
    fine = net.params["W2"][0, 0] + np.array([-1e-5, 0.0, 1e-5])
    (minus, _, plus), (_, slope, _) = loss_along_weight(net, X, y, 0.05, "W2", (0, 0), fine)
    assert (plus - minus) / 2e-5 == pytest.approx(slope, rel=1e-6)


def test_loss_along_weight_restores_the_weight_when_the_loss_fails():
    net, (X, y) = init_toy_model(), init_toy_data()
    before = net.params["W1"].copy()
    with pytest.raises(ValueError):                  # the second value cannot be stored in the array
        loss_along_weight(net, X, y, 0.05, "W1", (0, 0), [1.0, "not a number"])
    np.testing.assert_array_equal(net.params["W1"], before)
