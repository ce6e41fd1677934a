"""The figures and measures of notebooks 6 and 7 (CIFAR-10) in cs231n.plotting."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from cs231n import plotting  # noqa: E402

pytestmark = pytest.mark.figures

CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")
CSS_DPI = 96    # a notebook shows one figure dot per CSS pixel, 96 per inch


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def displayed_points(text, fig):
    """The size a text reads as in a notebook that shows ``fig`` at its own resolution."""
    return text.get_fontsize() * fig.dpi / CSS_DPI


def image_columns(H, rng, smooth=False):
    """W1-shaped weights (3072, H): random noise, or smooth colour ramps."""
    if not smooth:
        return rng.standard_normal((3072, H))
    ramp = np.linspace(-1, 1, 32)
    images = [a * ramp[:, None, None] + b * ramp[None, :, None] + c * np.ones((1, 1, 3))
              for a, b, c in rng.standard_normal((H, 3))]
    return np.stack(images).reshape(H, -1).T


def test_roughness_is_one_for_noise_near_zero_when_smooth_and_two_for_a_checkerboard():
    rng = np.random.default_rng(0)
    noise = plotting.weight_roughness(image_columns(40, rng))
    assert noise.shape == (40,) and np.all(np.abs(noise - 1) < 0.1)
    assert np.all(plotting.weight_roughness(image_columns(40, rng, smooth=True)) < 0.01)
    checker = (-1.0) ** np.add.outer(np.arange(32), np.arange(32))
    board = np.repeat(checker[:, :, None], 3, axis=2).reshape(-1, 1)
    assert plotting.weight_roughness(board)[0] == pytest.approx(2.0)


def test_roughness_does_not_depend_on_the_weights_scale():
    W = image_columns(5, np.random.default_rng(1))
    assert np.allclose(plotting.weight_roughness(1e-4 * W), plotting.weight_roughness(W))


def test_confusion_counts():
    counts = plotting.confusion_counts([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3)
    assert counts.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 2]]


def test_image_grid_captions_read_as_10_points_or_more():
    rng = np.random.default_rng(0)
    images = rng.uniform(0, 255, (24, 32, 32, 3))
    captions = [f"automobile?\n(is {name})" for name in rng.choice(CLASSES, 24)]
    fig = plotting.show_images(images, captions, ncols=6, title="Misclassified")
    titles = [ax.title for ax in fig.axes if ax.get_title()]
    assert len(titles) == 24
    assert min(displayed_points(t, fig) for t in titles) >= 10
    assert fig.get_figwidth() * fig.dpi <= 1000     # not shrunk by a notebook


def test_class_grid_labels_each_row_once_in_readable_type():
    labels = np.repeat(np.arange(10), 10)
    images = np.zeros((100, 32, 32, 3))
    fig = plotting.show_image_grid(images, labels, CLASSES, per_class=8, title="Training images")
    row_labels = [ax.yaxis.label for ax in fig.axes if ax.get_ylabel()]
    assert [label.get_text() for label in row_labels] == list(CLASSES)
    assert min(displayed_points(label, fig) for label in row_labels) >= 10
    assert fig.get_figwidth() * fig.dpi <= 1000


def test_class_grid_by_column_names_each_column_once_and_fits_a_slide():
    labels = np.repeat(np.arange(10), 10)
    images = np.zeros((100, 32, 32, 3))
    fig = plotting.show_image_grid(images, labels, CLASSES, per_class=4, title="Training images", by_column=True)
    column_titles = [ax.title for ax in fig.axes if ax.get_title()]
    assert [title.get_text() for title in column_titles] == list(CLASSES)
    assert len(fig.axes) == 40 and min(displayed_points(t, fig) for t in column_titles) >= 10
    assert fig.get_figwidth() * fig.dpi <= 1000 and fig.get_figheight() * fig.dpi <= 520


def test_search_confusion_and_history_figures_take_a_size():
    ax = plotting.plot_search([-2, -1.5], [-3, -1], [0.3, 0.4], ["coarse", "fine"], "search", figsize=(9, 4.6))
    assert tuple(ax.figure.get_size_inches()) == (9, 4.6)
    ax = plotting.plot_confusion_matrix([0, 1, 2], [0, 2, 2], ["a", "b", "c"], "confusions", figsize=(7, 4.8))
    assert tuple(ax.figure.get_size_inches()) == (7, 4.8)
    history = {"loss_history": [2.3, 2.2, 2.1, 2.0], "epoch_history": [1, 2], "train_acc_history": [0.2, 0.3],
               "val_acc_history": [0.2, 0.25]}
    assert tuple(plotting.plot_history(history, "curves", figsize=(10, 3.2)).get_size_inches()) == (10, 3.2)


def test_history_is_plotted_against_epochs_up_to_the_last_one():
    history = {"loss_history": list(np.linspace(2.3, 1.9, 1000)), "epoch_history": [1, 2, 3, 4, 1000 / 245],
               "train_acc_history": [0.2, 0.22, 0.25, 0.27, 0.28],
               "val_acc_history": [0.2, 0.21, 0.24, 0.26, 0.27]}
    fig = plotting.plot_history(history, "Official defaults")
    loss_ax, acc_ax = fig.axes
    loss_x = loss_ax.lines[0].get_xdata()
    assert loss_x[0] == pytest.approx(1 / 245) and loss_x[-1] == pytest.approx(1000 / 245)
    assert list(acc_ax.lines[0].get_xdata()) == history["epoch_history"]    # no point at epoch 0
    assert loss_ax.get_xlabel() == acc_ax.get_xlabel() == "epoch"
    assert acc_ax.get_xlim()[1] >= 1000 / 245
    assert displayed_points(acc_ax.xaxis.label, fig) >= 12


def test_search_scatter_rings_the_best_trial_and_skips_diverged_ones():
    accs = [0.3, np.nan, 0.45, 0.4]
    ax = plotting.plot_search([-2, -0.5, -1.5, -1.7], [-3, -2, -4, -1], accs,
                              ["coarse", "coarse", "fine", "fine"], "search")
    ring = ax.collections[-1]
    assert ring.get_offsets().tolist() == [[-1.5, -4]]
    assert "0.450" in ax.get_legend().get_texts()[-1].get_text()
    assert ax.get_xlabel() == "log10 learning rate" and "reg" in ax.get_ylabel()


def test_loss_curves_one_smoothed_line_per_run():
    ax = plotting.plot_loss_curves({"sgd": np.ones(150), "adam": np.zeros(150)}, "rules", window=20)
    assert [line.get_label() for line in ax.lines] == ["sgd", "adam"]
    assert len(ax.lines[0].get_xdata()) == 131 and ax.lines[1].get_ydata().max() == 0


def test_weight_comparison_one_panel_per_net():
    rng = np.random.default_rng(0)
    fig = plotting.show_weight_comparison([rng.standard_normal((3072, 30)), rng.standard_normal((3072, 30))],
                                          ["reg = 1e-4", "reg = 0.1"], "weights", count=25, ncols=5)
    assert [panel._suptitle.get_text() for panel in fig.subfigs] == ["reg = 1e-4", "reg = 0.1"]
    assert sum(len(panel.axes) for panel in fig.subfigs) == 50
    assert fig.get_figwidth() * fig.dpi <= 1000


ABLATION_ROWS = [
    {"change": "official recipe (50 hidden units, SGD at rate 1e-4)", "val_acc": "0.2846", "delta": ""},
    {"change": "standardised inputs, rate 1e-4 kept (pixels divided by their standard deviation)",
     "val_acc": "0.1032", "delta": "-0.1814"},
    {"change": "learning rate 1e-4 → 0.1 (chosen on validation from 0.001, 0.003)", "val_acc": "0.3186",
     "delta": "+0.2154"},
    {"change": "initial weights' std 1e-4 → 0.01", "val_acc": "0.3182", "delta": "-0.0004"},
    {"change": "momentum 0.9, rate 1 kept", "val_acc": "nan", "delta": "nan"}]


def test_ablation_bars_name_each_change_up_to_its_details():
    ax = plotting.plot_ablation(ABLATION_ROWS, "title", noise=0.01)
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "official recipe", "standardised inputs, rate 1e-4 kept", "learning rate 1e-4 → 0.1",
        "initial weights' std 1e-4 → 0.01", "momentum 0.9, rate 1 kept"]
    assert [bar.get_width() for bar in ax.patches[:5]] == pytest.approx([0.2846, 0.1032, 0.3186, 0.3182, 0])
    colors = [matplotlib.colors.to_rgba(bar.get_facecolor()) for bar in ax.patches[:5]]
    assert colors[1][:3] != colors[2][:3]                  # a loss and a gain in two colours
    assert colors[3][3] < colors[2][3] == 1                # a change within the noise is pale
    texts = [t.get_text() for t in ax.texts]
    assert "0.319 (+21.5)" in texts and "0.285" in texts and "diverged" in texts
    assert ax.get_title() == "title" and "validation" in ax.get_xlabel()
    assert min(displayed_points(t, ax.figure) for t in ax.get_yticklabels()) >= 12
    tall = plotting.plot_ablation((ABLATION_ROWS * 4)[:16], "sixteen rows", noise=0.01)
    assert tall.figure.get_figheight() * tall.figure.dpi <= 520         # fits a slide


def test_the_ablation_legend_names_only_the_colours_drawn_and_the_axis_can_start_above_zero():
    rows = [{"change": "BEST", "val_acc": "0.64", "delta": ""},
            {"change": "a small gain", "val_acc": "0.645", "delta": "+0.005"},
            {"change": "a large gain", "val_acc": "0.695", "delta": "+0.05"}]
    ax = plotting.plot_ablation(rows, "title", noise=0.012, start=0.6)
    assert [t.get_text() for t in ax.figure.legends[0].get_texts()] == [
        "gain", "gain < noise (1.2 points)", "no change to compare: the first row, or the row after a diverged one"]
    assert ax.get_xlim()[0] == 0.6 and ax.get_xlim()[1] > 0.695


@pytest.mark.parametrize("rows", [2, 6, 16])
def test_the_ablation_legend_sits_below_the_axis_label_for_any_number_of_rows(rows):
    ax = plotting.plot_ablation((ABLATION_ROWS * 4)[:rows], "title", noise=0.01)
    renderer = ax.figure.canvas.get_renderer()
    ax.figure.draw(renderer)
    legend, label = ax.figure.legends[0].get_window_extent(renderer), ax.xaxis.label.get_window_extent(renderer)
    assert legend.y1 <= label.y0 and legend.y0 >= 0          # under the label, inside the figure


def test_ablation_against_the_first_row_draws_the_deltas_from_zero_with_a_noise_band():
    ax = plotting.plot_ablation(ABLATION_ROWS[:4], "leave one out", noise=0.01, against="delta")
    assert [bar.get_width() for bar in ax.patches[:4]] == pytest.approx([0, -18.14, 21.54, -0.04])
    assert len(ax.patches) == 5 and "points" in ax.get_xlabel()     # four bars and the band
    assert "+21.5" in [t.get_text() for t in ax.texts]
    with pytest.raises(ValueError, match="against"):
        plotting.plot_ablation(ABLATION_ROWS, "title", against="test")


def test_results_table_notes_and_rows(tmp_path):
    path = tmp_path / "ablation.csv"
    path.write_text("# run: today\n# Data: CIFAR-10\ntable,change,val_acc\nchain,\"a, b (c)\",0.5\n")
    notes, rows = plotting.read_results_table(path)
    assert notes == ["run: today", "Data: CIFAR-10"]
    assert rows == [{"table": "chain", "change": "a, b (c)", "val_acc": "0.5"}]


def test_search_scatter_can_mark_diverged_trials():
    accs = [0.3, np.nan, 0.45, np.nan]
    ax = plotting.plot_search([-2, -0.5, -1.5, -0.7], [-3, -2, -4, -1], accs,
                              ["coarse", "coarse", "fine", "fine"], "search", mark_diverged=True)
    crosses = [c for c in ax.collections if c.get_label() == "diverged"]
    assert len(crosses) == 1 and crosses[0].get_offsets().tolist() == [[-0.5, -2], [-0.7, -1]]
    assert ax.collections[-1].get_offsets().tolist() == [[-1.5, -4]]          # the ring is still the best
    assert "diverged" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_rate_sweep_one_line_per_rule_rings_the_best_and_marks_blown_up_runs():
    sweeps = {"sgd": ((0.03, 0.1, 0.3), (1.9, 1.7, np.nan)), "adam": ((3e-4, 1e-3, 3e-3), (1.8, 1.6, 1.65))}
    ax = plotting.plot_rate_sweep(sweeps, "rules")
    lines = [line for line in ax.lines if line.get_label() in sweeps]
    assert [line.get_label() for line in lines] == ["sgd", "adam"] and ax.get_xscale() == "log"
    rings = [line for line in ax.lines if line.get_markerfacecolor() == "none"]
    assert [(line.get_xdata()[0], line.get_ydata()[0]) for line in rings] == [(0.1, 1.7), (1e-3, 1.6)]
    crosses = [line for line in ax.lines if line.get_marker() == "x" and len(line.get_xdata())]
    assert [line.get_xdata()[0] for line in crosses] == [0.3] and crosses[0].get_ydata()[0] > 1.9
    assert "diverged" in ax.get_xlabel() and ax.get_title() == "rules"
