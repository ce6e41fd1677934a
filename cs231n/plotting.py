"""Figures used by the notebooks: the network diagram, image grids, training curves."""
import re

import matplotlib.pyplot as plt
import numpy as np

GAP = 6.0  # horizontal distance between layers in draw_network


def draw_network(layer_sizes=(4, 10, 3), layer_names=("input x", "hidden h (ReLU)", "output o (softmax)"),
                 weight_names=("W1", "W2"), ax=None, bias_names=("b1", "b2"), off_units=None,
                 off_label="grey: ReLU output is 0", title=None):
    """Draw a fully-connected network, one column of circles per layer.

    layer_sizes: units per layer; layer_names: a title per column;
    weight_names: a label per gap between columns.
    bias_names: one per gap; each draws a "+1" node under the layer on the gap's left whose
    dashed edges feed every unit of the next layer (their weights are that bias). None: no bias nodes.
    off_units: {layer index: 0-based unit indices} drawn grey, with darker grey dotted outgoing edges
    that stay visible on a projector (e.g. the hidden units whose ReLU output is 0 for one sample);
    off_label explains them. Units are numbered from 0, as numpy indexes them.
    Returns the Axes.
    """
    if ax is None:
        ax = plt.figure(figsize=(9, 6)).add_subplot()       # about 520 px tall: fits a 1280x720 slide
    off_units = {layer: set(int(u) for u in units) for layer, units in (off_units or {}).items()}
    tallest = max(layer_sizes)
    columns = []
    for col, size in enumerate(layer_sizes):
        ys = (size - 1) / 2 - np.arange(size)   # centred on y = 0
        columns.append([(col * GAP, y) for y in ys])
    for col, (left, right) in enumerate(zip(columns, columns[1:])):
        for unit, (x0, y0) in enumerate(left):
            off = unit in off_units.get(col, ())
            for x1, y1 in right:
                ax.plot([x0, x1], [y0, y1], color="0.5" if off else "0.7", lw=1.2 if off else 0.7,
                        ls=":" if off else "-", zorder=1)
    bias_y = -(tallest + 1) / 2
    if bias_names is not None:
        for col, name in enumerate(bias_names):
            x0 = col * GAP
            for x1, y1 in columns[col + 1]:
                ax.plot([x0, x1], [bias_y, y1], color="C1", lw=0.8, ls="--", alpha=0.7, zorder=1)
            ax.add_patch(plt.Circle((x0, bias_y), 0.46, facecolor="#fff3c4", edgecolor="C1", lw=1.5, zorder=2))
            ax.text(x0, bias_y, "+1", ha="center", va="center", fontsize=12, zorder=3)
            ax.text(x0 + 0.55, bias_y - 0.15, name, ha="left", va="top", fontsize=12, color="C1")
    for col, (units, name) in enumerate(zip(columns, layer_names)):
        for unit, (x, y) in enumerate(units):
            off = unit in off_units.get(col, ())
            ax.add_patch(plt.Circle((x, y), 0.43, facecolor="0.82" if off else f"C{col}",
                                    edgecolor="0.6" if off else "k", zorder=2))
            ax.text(x, y, str(unit), ha="center", va="center", color="0.45" if off else "w",
                    fontsize=12, zorder=3)
        ax.text(col * GAP, (tallest + 1) / 2, f"{name}\n[1×{len(units)}]", ha="center", va="bottom", fontsize=13)
    low = bias_y - 1.0 if bias_names is not None else -(tallest + 1) / 2
    for gap, name in enumerate(weight_names):
        ax.text((gap + 0.5) * GAP, low, f"{name} [{layer_sizes[gap]}×{layer_sizes[gap + 1]}]",
                ha="center", va="top", fontsize=13)
    if any(off_units.values()):
        ax.text((len(layer_sizes) - 1) * GAP / 2, low - 1.2, off_label, ha="center", va="top",
                fontsize=12, color="0.35")
    ax.set_xlim(-1.5, (len(layer_sizes) - 1) * GAP + 1.5)
    ax.set_ylim(low - (2.4 if any(off_units.values()) else 1.2), (tallest + 5) / 2)
    ax.set_aspect("equal")
    ax.axis("off")
    if title is None:
        title = "A " + "-".join(map(str, layer_sizes)) + " fully-connected network"
    ax.set_title(title, pad=14, fontsize=15)
    return ax


def show_image_grid(images, labels, class_names, per_class=8, title="Sample images", seed=0, by_column=False):
    """One row per class with ``per_class`` random examples of it, the class name at the left
    of each row in CAPTION_PT type. images: (N, 32, 32, 3) values in 0..255; labels: (N,) ints.
    by_column: one column per class instead, its name above it (a wide, low figure for a slide).
    Returns the Figure."""
    rng = np.random.default_rng(seed)
    k = len(class_names)
    if by_column:
        fig, axes = plt.subplots(per_class, k, figsize=(0.85 * k + 0.2, 0.85 * per_class + 0.9),
                                 squeeze=False, dpi=DPI)
        axes = axes.T                                   # axes[class] is that class's column
    else:
        fig, axes = plt.subplots(k, per_class, figsize=(1.6 + 0.8 * per_class, 0.8 * k + 0.6),
                                 squeeze=False, dpi=DPI)
    for row, name in enumerate(class_names):
        picks = rng.choice(np.flatnonzero(labels == row), per_class, replace=False)
        for ax, i in zip(axes[row], picks):
            ax.imshow(np.clip(images[i], 0, 255).astype(np.uint8), interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
        if by_column:
            axes[row, 0].set_title(name, fontsize=CAPTION_PT)
        else:
            axes[row, 0].set_ylabel(name, rotation=0, ha="right", va="center", fontsize=CAPTION_PT)
    fig.suptitle(title, fontsize=TITLE_PT)
    if by_column:
        fig.subplots_adjust(left=0.1 / fig.get_figwidth(), right=1 - 0.1 / fig.get_figwidth(),
                            top=1 - 0.75 / fig.get_figheight(), bottom=0.05 / fig.get_figheight(),
                            wspace=0.08, hspace=0.08)
    else:
        fig.subplots_adjust(left=1.5 / fig.get_figwidth(), right=0.98, wspace=0.05, hspace=0.05)
    return fig


def show_images(images, captions, ncols=6, title="", size=1.5):
    """Images (N, 32, 32, 3) in 0..255 with a caption each (CAPTION_PT type), ``ncols`` per row,
    each ``size`` inches wide. Returns the Figure."""
    nrows = -(-len(images) // ncols)
    lines = max([1] + [c.count("\n") + 1 for c in captions if c])
    caption_height = 0 if not any(captions) else lines * CAPTION_PT * 1.3 / 72
    fig, axes = plt.subplots(nrows, ncols, figsize=(ncols * size, nrows * (size + caption_height) + 0.5),
                             squeeze=False, dpi=DPI)
    for ax in axes.flat:
        ax.axis("off")
    for ax, image, caption in zip(axes.flat, images, captions):
        ax.imshow(np.clip(image, 0, 255).astype(np.uint8), interpolation="nearest")
        ax.set_title(caption, fontsize=CAPTION_PT)
    fig.suptitle(title, fontsize=TITLE_PT)
    return fig


def plot_history(history, title, figsize=(10, 4), legend_loc="best"):
    """Loss per step and train/validation accuracy per epoch, both against the epoch, from a
    Solver after training or the dict TwoLayerNet.train returns. Accuracies are checked after the
    first step, after each full epoch and after the last step (epoch_history), so the first point
    sits at epoch 1 / (steps per epoch) and the last at the end of training. figsize in inches
    (100 dpi); legend_loc: where the accuracy panel's legend goes (matplotlib's loc, e.g.
    "lower right"). Returns the Figure."""
    get = history.get if isinstance(history, dict) else lambda key: getattr(history, key)
    epochs, losses = np.asarray(get("epoch_history"), dtype=float), get("loss_history")
    steps_per_epoch = len(losses) / epochs[-1]
    fig, (left, right) = plt.subplots(1, 2, figsize=figsize, dpi=DPI)
    left.plot(np.arange(1, len(losses) + 1) / steps_per_epoch, losses, lw=0.6)
    left.set_title("Training loss (every step)", fontsize=LABEL_PT)
    left.set_xlabel("epoch", fontsize=LABEL_PT)
    left.set_ylabel("loss", fontsize=LABEL_PT)
    right.plot(epochs, get("train_acc_history"), "o-", label="train")
    right.plot(epochs, get("val_acc_history"), "s-", label="validation")
    right.set_title("Accuracy after each epoch", fontsize=LABEL_PT)
    right.set_xlabel("epoch", fontsize=LABEL_PT)
    right.set_ylabel("accuracy", fontsize=LABEL_PT)
    right.legend(fontsize=LABEL_PT, loc=legend_loc)
    for ax in (left, right):
        ax.set_xlim(0, epochs[-1] * 1.03)
        ax.tick_params(labelsize=LABEL_PT)
    fig.suptitle(title, fontsize=TITLE_PT)
    fig.tight_layout()
    return fig


def show_weight_images(W1, title, ncols=10, count=50):
    """The first ``count`` columns of W1 (3072, H) as 32x32 colour images, each stretched
    to the full colour range. Returns the Figure."""
    images = W1[:, :count].T.reshape(-1, 32, 32, 3)
    low = images.min(axis=(1, 2, 3), keepdims=True)
    high = images.max(axis=(1, 2, 3), keepdims=True)
    return show_images(255 * (images - low) / (high - low), [""] * len(images), ncols, title, size=0.9)


def plot_confusion_matrix(y_true, y_pred, class_names, title, figsize=(9, 7.5)):
    """Counts of (true class, predicted class) as a heat map; figsize in inches (100 dpi).
    Returns the Axes."""
    counts = confusion_counts(y_true, y_pred, len(class_names))
    k = len(class_names)
    ax = plt.figure(figsize=figsize, dpi=DPI).add_subplot()
    image = ax.imshow(counts, cmap="Blues")
    for i in range(k):
        for j in range(k):
            ax.text(j, i, counts[i, j], ha="center", va="center", fontsize=CAPTION_PT,
                    color="w" if counts[i, j] > counts.max() / 2 else "k")
    ax.set_xticks(range(k), class_names, rotation=45, ha="right", fontsize=LABEL_PT)
    ax.set_yticks(range(k), class_names, fontsize=LABEL_PT)
    ax.set_xlabel("predicted class", fontsize=LABEL_PT)
    ax.set_ylabel("true class", fontsize=LABEL_PT)
    ax.set_title(title, fontsize=TITLE_PT)
    bar = plt.colorbar(image, ax=ax)
    bar.set_label("test images", fontsize=LABEL_PT)
    bar.ax.tick_params(labelsize=LABEL_PT)
    return ax


def draw_chain_graph(nodes, ops, params, title, ax=None, penalties=None):
    """A computational graph that is a chain of values joined by operations, sized for one slide.

    nodes: [(name, forward text, gradient text)] for the values along the chain;
    ops: one label per operation between consecutive nodes;
    params: {op index: (name, forward text, edge gradient[, total])} for parameters fed into an
    operation: the edge gradient is written on the edge from the operation to the parameter (what the
    chain sends back), the optional total beside the parameter's box (the sum of everything that
    arrives there);
    penalties: {op index: (forward text, gradient text)}: an extra edge from that operation's
    parameter box straight to the last node (an L2 penalty on the parameter feeds the loss directly),
    labelled with its forward term and the gradient it sends back along that edge alone.
    Forward values are written in black, gradients in red. Returns the Axes.
    """
    penalties = penalties or {}
    step, box_y = 4.4, 2.0
    end = (len(nodes) - 1) * step
    lanes = [3.25 + 0.9 * lane for lane in range(len(penalties))]   # one horizontal lane per penalty
    if ax is None:
        ax = plt.figure(figsize=(13.5, 4.0 + 0.4 * len(penalties))).add_subplot()
    box = dict(boxstyle="round,pad=0.35", facecolor="white", edgecolor="k")
    red = dict(color="C3", fontsize=13)
    for i, (name, forward, gradient) in enumerate(nodes):
        ax.text(i * step, 0, name, ha="center", va="center", fontsize=17, bbox=box)
        ax.text(i * step, -0.5, forward, ha="center", va="top", fontsize=13)
        ax.text(i * step, -1.5, gradient, ha="center", va="top", **red)
    for i, label in enumerate(ops):
        left, right = i * step + 0.6, (i + 1) * step - 0.6
        ax.annotate("", (right, 0.12), (left, 0.12), arrowprops=dict(arrowstyle="->", lw=1.5))
        ax.annotate("", (left, -0.12), (right, -0.12), arrowprops=dict(arrowstyle="->", color="C3", lw=1.5))
        ax.text((i + 0.5) * step, 0.25, label, ha="center", va="bottom", fontsize=13)
    for i, (name, forward, gradient, *total) in params.items():
        x = (i + 0.5) * step
        ax.text(x, box_y, name, ha="center", va="center", fontsize=16, bbox=box)
        ax.text(x - 0.95, box_y, forward, ha="right", va="center", fontsize=13)
        ax.annotate("", (x - 0.1, 0.7), (x - 0.1, box_y - 0.35), arrowprops=dict(arrowstyle="->", lw=1.5))
        ax.annotate("", (x + 0.1, box_y - 0.35), (x + 0.1, 0.7),
                    arrowprops=dict(arrowstyle="->", color="C3", lw=1.5))
        ax.text(x + 0.25, 1.15, gradient, ha="left", va="center", **red)
        if total:
            ax.text(x + 0.95, box_y + 0.1, total[0], ha="left", va="center", **red)
    for top, (i, (forward, gradient)) in zip(lanes, sorted(penalties.items(), key=lambda item: -item[0])):
        x = (i + 0.5) * step
        ax.plot([x - 0.1, x - 0.1, end - 0.1], [box_y + 0.35, top + 0.1, top + 0.1], color="k", lw=1.5)
        ax.annotate("", (end - 0.1, 0.45), (end - 0.1, top + 0.1), arrowprops=dict(arrowstyle="->", lw=1.5))
        ax.plot([end + 0.1, end + 0.1, x + 0.1], [0.45, top - 0.1, top - 0.1], color="C3", lw=1.5)
        ax.annotate("", (x + 0.1, box_y + 0.35), (x + 0.1, top - 0.1),
                    arrowprops=dict(arrowstyle="->", color="C3", lw=1.5))
        middle = (x + end) / 2
        ax.text(middle, top + 0.15, forward, ha="center", va="bottom", fontsize=13)
        ax.text(middle, top - 0.15, gradient, ha="center", va="top", **red)
    ax.text(-1.6, -1.5, "black: forward values", ha="left", va="top", fontsize=13)     # under the first node,
    ax.text(-1.6, -1.95, "red: gradients", ha="left", va="top", **red)                # which has no gradient
    ax.set_xlim(-1.7, end + 1.2)
    ax.set_ylim(-2.5, (lanes[-1] + 0.6) if lanes else 2.6)
    ax.axis("off")
    ax.set_title(title, fontsize=15)
    return ax


# --- notebooks 1 and 2 ---

def plot_tangent(values, losses, w0, loss0, slope, name="w", step=None, ax=None, title=None):
    """The loss against one weight, and its tangent at that weight.

    values, losses: the loss (losses[k]) when the weight is set to values[k], all else fixed;
    w0, loss0: the weight's current value and the loss there; slope: the analytic gradient there.
    step: optional (dw, loss at w0 + dw): marks where the tangent predicts the loss after that
    nudge, where it really is, and the gap between them. Returns the Axes.
    """
    if ax is None:
        ax = plt.figure(figsize=(9, 4.2)).add_subplot()
    values, losses = np.asarray(values), np.asarray(losses)
    ax.plot(values, losses, lw=2.5, color="C0", label=f"loss L as {name} varies")
    ax.plot(values, loss0 + slope * (values - w0), "--", lw=2, color="C1",
            label=f"tangent at {name} = {w0:.3f}, slope = {slope:.3f}")
    ax.plot([w0], [loss0], "o", ms=10, color="k", zorder=3, label="current weight")
    if step is not None:
        dw, actual = step
        predicted = loss0 + slope * dw
        ax.plot([w0 + dw], [predicted], "s", ms=9, color="C1", zorder=3, label="predicted: L + slope·Δw")
        ax.plot([w0 + dw], [actual], "^", ms=10, color="C2", zorder=3, label="actual loss after the nudge")
        ax.plot([w0 + dw, w0 + dw], [predicted, actual], color="C3", lw=2, label="error of the prediction")
    shown = losses if step is None else np.append(losses, [predicted, actual])
    spread = shown.max() - shown.min()
    ax.set_ylim(shown.min() - 0.15 * spread, shown.max() + 0.15 * spread)
    ax.set_xlabel(f"weight {name}", fontsize=13)
    ax.set_ylabel("loss L", fontsize=13)
    ax.tick_params(labelsize=12)
    ax.set_title(title or f"The derivative is the slope of L along {name}", fontsize=14)
    ax.legend(fontsize=12)
    return ax


def plot_tangents(values, losses, slopes, indexes, name="w", title=None):
    """The static version of tangent_slider: one panel per k in ``indexes``, each the loss curve
    (values, losses) with its tangent at values[k] (slope slopes[k], the analytic gradient there),
    side by side on a shared loss axis. Returns the Axes."""
    values, losses, slopes = np.asarray(values), np.asarray(losses), np.asarray(slopes)
    fig, axes = plt.subplots(1, len(indexes), figsize=(3.1 * len(indexes), 3.7), sharey=True)
    for ax, k in zip(np.atleast_1d(axes), indexes):
        plot_tangent(values, losses, values[k], losses[k], slopes[k], name=name, ax=ax,
                     title=f"{name} = {values[k]:.3f}\nslope {slopes[k]:+.2g}")
        ax.get_legend().remove()
        ax.set_ylabel("loss L" if ax is np.atleast_1d(axes)[0] else "")
    if title:
        fig.suptitle(title, fontsize=15)
    fig.tight_layout()
    return axes


#: What a static copy (an HTML page) shows where tangent_slider's slider would be.
STATIC_SLIDER_TEXT = ("[In a running notebook a slider for {name} is here: drag it and the tangent below follows. "
                      "A static copy cannot run it; the figure shows the tangent at the starting value.]")


def tangent_slider(values, losses, slopes, start, name="w"):
    """A slider over ``values`` that redraws plot_tangent at the value it is set to (the nearest value
    on the grid): the live version of plot_tangents. It needs a running kernel with ipywidgets; a static
    copy cannot run it, so its text there is STATIC_SLIDER_TEXT, above the figure at ``start``.
    Returns the slider."""
    import ipywidgets as widgets
    from IPython.display import display

    values, losses, slopes = np.asarray(values), np.asarray(losses), np.asarray(slopes)

    def figure_at(value):
        k = int(np.argmin(np.abs(values - value)))
        fig, ax = plt.subplots(figsize=(9, 4.2))
        plot_tangent(values, losses, values[k], losses[k], slopes[k], name=name, ax=ax)
        plt.close(fig)                    # shown through the display handle below, not twice
        return fig

    slider = widgets.FloatSlider(value=start, min=values[0], max=values[-1], step=values[1] - values[0],
                                 description=name, readout_format=".2f", continuous_update=False)
    bundle = slider._repr_mimebundle_()
    bundle["text/plain"] = STATIC_SLIDER_TEXT.format(name=name)
    display(bundle, raw=True)
    figure = display(figure_at(start), display_id=True)
    slider.observe(lambda change: figure.update(figure_at(change["new"])), names="value")
    return slider


# --- notebook 3: the hidden layer ---
from matplotlib.animation import FuncAnimation           # noqa: E402  (kept with the functions that use it)
from matplotlib.colors import ListedColormap             # noqa: E402

REGION_COLOURS = ("#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5")   # light: the predicted regions
POINT_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd")    # strong: the labelled points


def plane_grid(X, steps=200, margin=0.15):
    """A steps x steps grid of points covering the 2-D data X (N, 2) plus ``margin`` on every side.
    Returns the grid points (steps * steps, 2), row by row from the bottom, and the extent
    (x_min, x_max, y_min, y_max) for imshow."""
    low, high = X.min(axis=0) - margin, X.max(axis=0) + margin
    xs, ys = np.linspace(low[0], high[0], steps), np.linspace(low[1], high[1], steps)
    xx, yy = np.meshgrid(xs, ys)
    return np.column_stack([xx.ravel(), yy.ravel()]), (low[0], high[0], low[1], high[1])


def _draw_plane(ax, regions, extent, X, y, num_classes, title):
    """Predicted classes ``regions`` (steps, steps) as light colours, X (N, 2) on top coloured by y (N,).
    Returns the image, so an animation can replace its data."""
    image = ax.imshow(regions, origin="lower", extent=extent, cmap=ListedColormap(REGION_COLOURS[:num_classes]),
                      vmin=-0.5, vmax=num_classes - 0.5, interpolation="nearest", aspect="equal")
    ax.scatter(X[:, 0], X[:, 1], c=[POINT_COLOURS[k] for k in y], s=18, edgecolors="k", linewidths=0.4)
    ax.set_title(title, fontsize=15)
    ax.set_xlabel("$x_1$", fontsize=14)
    ax.set_ylabel("$x_2$", fontsize=14)
    ax.tick_params(labelsize=12)
    return image


def plot_points(X, y, title, ax=None):
    """The 2-D points X (N, 2) coloured by their labels y (N,), on equal axes. Returns the Axes."""
    if ax is None:
        ax = plt.figure(figsize=(5.2, 5)).add_subplot()
    for k in range(int(y.max()) + 1):
        ax.scatter(*X[y == k].T, color=POINT_COLOURS[k], s=18, edgecolors="k", linewidths=0.4, label=f"class {k}")
    ax.set_aspect("equal")
    ax.set_title(title, fontsize=14)
    ax.set_xlabel("$x_1$", fontsize=13)
    ax.set_ylabel("$x_2$", fontsize=13)
    ax.tick_params(labelsize=12)
    ax.legend(fontsize=12, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def draw_relu_lines(ax, W1, b1):
    """The line where each hidden ReLU unit of a net with 2 inputs switches on, x @ W1[:, k] + b1[k] = 0
    (W1 (2, H), b1 (H,)), dashed on the Axes ax, which keeps its limits."""
    limits = ax.get_xlim(), ax.get_ylim()
    for k in range(W1.shape[1]):
        w, b = W1[:, k], b1[k]
        point = -b * w / np.dot(w, w)                       # the point of the line nearest the origin
        ax.axline(point, point + np.array([-w[1], w[0]]), color="k", ls="--", lw=1.5)
    ax.set_xlim(limits[0])
    ax.set_ylim(limits[1])


def plot_decision_boundaries(predicts, titles, X, y, suptitle="", ncols=None, size=4.4, steps=200):
    """One panel per classifier, ``ncols`` to a row (default: all in one row), each about ``size``
    inches wide: the plane coloured by the class it predicts, and the points of X (N, 2) coloured
    by their labels y (N,). predicts: functions (M, 2) -> (M,) labels (such as a model's predict);
    titles: one per panel. In a grid of several rows the panels share their axes: only the bottom
    panel of each column and the first of each row carry axis labels and tick labels, so the panels
    get the room. Returns the Figure."""
    points, extent = plane_grid(X, steps)
    num_classes = int(y.max()) + 1
    ncols = ncols or len(predicts)
    nrows = -(-len(predicts) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, (size + 0.2) * nrows), squeeze=False)
    for ax in axes.flat[len(predicts):]:
        ax.axis("off")
    for index, (ax, predict, title) in enumerate(zip(axes.flat, predicts, titles)):
        _draw_plane(ax, predict(points).reshape(steps, steps), extent, X, y, num_classes, title)
        if index + ncols < len(predicts):                   # the panel below carries the x axis
            ax.set_xlabel("")
            ax.tick_params(labelbottom=False)
        if nrows > 1 and index % ncols:                     # the first panel of the row carries the y axis
            ax.set_ylabel("")
            ax.tick_params(labelleft=False)
    if suptitle:
        fig.suptitle(suptitle, fontsize=15)
    fig.tight_layout()
    return fig


def plot_accuracy_vs_hidden(sizes, train_acc, val_acc, reference=None, title="Accuracy against hidden size",
                            reference_name="linear softmax"):
    """Training and validation accuracy (one each per hidden size in ``sizes``) against the hidden size
    on a log axis (its label says so), with optional horizontal lines for a reference model (e.g. the
    linear classifier): ``reference`` is its accuracy, one number, or a (training, validation) pair
    drawn as two lines in the styles of the two curves. Returns the Axes."""
    ax = plt.figure(figsize=(8, 4.8)).add_subplot()
    train_line, = ax.plot(sizes, train_acc, "o-", label="training")
    val_line, = ax.plot(sizes, val_acc, "s--", label="validation")
    if reference is not None:
        if np.ndim(reference) == 0:
            ax.axhline(reference, color="0.4", ls=":", label=f"{reference_name} ({reference:.0%})")
        else:
            for value, line, which in zip(reference, (train_line, val_line), ("training", "validation")):
                ax.axhline(value, color=line.get_color(), ls=":", lw=1.5,
                           label=f"{reference_name}, {which} ({value:.0%})")
    ax.set_xscale("log")
    ax.set_xticks(sizes, [str(h) for h in sizes])
    ax.minorticks_off()
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("hidden units H (log scale)", fontsize=13)
    ax.set_ylabel("accuracy", fontsize=13)
    ax.set_title(title, fontsize=14)
    ax.tick_params(labelsize=12)
    ax.legend(fontsize=12, loc="lower right")
    return ax


LOSS_STYLES = (("-", 2.5), ("--", 2.5), ("-", 1.2), ("-.", 2.5))   # thick, dashed, thin, dash-dot


def plot_loss_histories(histories, title, ylim=None, styles=LOSS_STYLES, log=False):
    """The training loss of several runs against the step, one line each, unsmoothed (a zigzag
    from one step to the next stays visible): ``histories`` maps a label to a loss history (one
    value per step); ``styles`` gives each run in turn a (line style, line width): by default
    thick solid, thick dashed, thin solid (readable even when it zigzags at every step),
    dash-dot. With ``log`` the loss axis is logarithmic (its label says so), so that losses far
    apart in size (a spike of 10, a plateau near 0.3) are all readable. The legend sits to the
    right of the Axes, clear of the curves. Returns the Axes."""
    ax = plt.figure(figsize=(11, 4.2)).add_subplot()
    for (label, losses), (style, width) in zip(histories.items(), list(styles) * len(histories)):
        ax.plot(np.arange(1, len(losses) + 1), losses, style, lw=width, label=label)
    if log:
        from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(subs=(1, 2, 5)))       # ticks at 0.1, 0.2, 0.5, 1, 2, 5, ...
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.set_xlabel("step", fontsize=13)
    ax.set_ylabel("training loss (log scale)" if log else "training loss", fontsize=13)
    ax.set_title(title, fontsize=14)
    ax.tick_params(labelsize=12)
    ax.legend(fontsize=12, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.figure.tight_layout()
    return ax


#: Text for the buttons of matplotlib's HTML animations, whose icons come from a font on a CDN.
ANIMATION_BUTTONS = {"fa-minus": "slower", "fa-fast-backward": "first", "fa-step-backward": "back",
                     "fa-play fa-flip-horizontal": "◀ play", "fa-pause": "pause", "fa-play": "play ▶",
                     "fa-step-forward": "next", "fa-fast-forward": "last", "fa-plus": "faster"}


def animation_html(animation, colors=64, **options):
    """The animation as one self-contained HTML block (matplotlib's ``to_jshtml(**options)``) that
    works offline: the icon font it would load from a CDN is left out and its buttons say in words
    what they do. With ``colors`` (an int <= 256; None keeps matplotlib's frames) every frame is
    stored as a PNG of at most that many colours: flat-coloured frames such as decision regions
    look the same and take a fraction of the space."""
    page = re.sub(r'<link rel="stylesheet"\s+href="https://[^"]*font-awesome[^"]*">', "", animation.to_jshtml(**options))
    for icon, label in ANIMATION_BUTTONS.items():
        page = page.replace(f'<i class="fa {icon}"></i>', label)
    if colors is not None:
        page = re.sub(r'"data:image/png;base64,([A-Za-z0-9+/=\\\n]+)"',
                      lambda frame: '"data:image/png;base64,' + _palette_png(frame[1], colors) + '"', page)
    return page


def _palette_png(encoded, colors):
    """The base64 PNG ``encoded`` (matplotlib's, with its backslash-newline line breaks) re-encoded
    with a palette of at most ``colors`` colours; returns base64 text."""
    import base64
    import io

    from PIL import Image
    image = Image.open(io.BytesIO(base64.b64decode(encoded.replace("\\", "").replace("\n", ""))))
    out = io.BytesIO()
    image.convert("RGB").quantize(colors=colors, method=Image.Quantize.MEDIANCUT).save(out, format="PNG", optimize=True)
    return base64.b64encode(out.getvalue()).decode("ascii")


def animate_decision_boundary(predicts, titles, X, y, steps=100, dpi=100, interval=500, figsize=(6.0, 5.2)):
    """An animation with one frame per classifier in ``predicts`` (functions (M, 2) -> (M,) labels,
    e.g. the predict of copies of a net saved during training), titled by ``titles``, over the
    points X (N, 2) coloured by y (N,). Every frame's regions are computed first. A frame is
    ``figsize`` inches at ``dpi`` dots per inch: 600 x 520 pixels by default, shown one pixel per
    screen pixel, so its 12-15 pt type reads at 12.5-15.6 pt and it fits on a 1280 x 720 slide
    with the player's buttons. Returns the FuncAnimation (show it with
    IPython.display.HTML(animation_html(animation)); no ffmpeg needed); its figure is closed, so it
    is not also drawn as a still image."""
    points, extent = plane_grid(X, steps)
    regions = [predict(points).reshape(steps, steps) for predict in predicts]
    fig, ax = plt.subplots(figsize=figsize, dpi=dpi)
    image = _draw_plane(ax, regions[0], extent, X, y, int(y.max()) + 1, titles[0])
    fig.tight_layout()

    def show(frame):
        image.set_data(regions[frame])
        ax.set_title(titles[frame], fontsize=15)
        return (image,)
    animation = FuncAnimation(fig, show, frames=len(regions), interval=interval, blit=False)
    plt.close(fig)
    return animation


# --- notebooks 6 and 7: CIFAR-10 ---
# Figures for a projector. They are drawn at DPI dots per inch and a notebook shows them at that
# size, one dot per CSS pixel (96 per inch), so s points of type read as s * DPI / 96 points: the
# captions of image grids as 11.5 pt, axis labels as 13.5 pt. Keep figures <= 10 inches wide so a
# notebook does not shrink them.
DPI = 100
CAPTION_PT = 11
LABEL_PT = 13
TITLE_PT = 15


def confusion_counts(y_true, y_pred, num_classes):
    """counts (num_classes, num_classes): counts[i, j] is how many samples of true class i
    were predicted as class j."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return np.bincount(y_true * num_classes + y_pred, minlength=num_classes ** 2).reshape(num_classes, num_classes)


def weight_roughness(W1, image_shape=(32, 32, 3)):
    """How noisy each first-layer weight image is: (H,) values, one per column of W1 (D, H).

    For each unit, the mean squared difference between horizontally and vertically neighbouring
    pixels (same colour channel), divided by twice the variance of its weights. Independent noise
    gives 1 (the difference of two independent values has twice their variance); a smooth image,
    whose neighbours are nearly equal, gives a value near 0; a checkerboard gives up to 2.
    """
    images = np.asarray(W1, dtype=float).T.reshape(-1, *image_shape)
    across = np.diff(images, axis=2) ** 2
    down = np.diff(images, axis=1) ** 2
    mean_square_step = (across.mean(axis=(1, 2, 3)) + down.mean(axis=(1, 2, 3))) / 2
    return mean_square_step / (2 * images.var(axis=(1, 2, 3)))


def show_weight_comparison(weights, titles, suptitle, count=25, ncols=5):
    """First-layer weights of several nets side by side: for each W1 (3072, H) in ``weights``,
    its first ``count`` units as images (each stretched to the full colour range) under its
    title. Returns the Figure."""
    nrows = -(-count // ncols)
    size = min(0.9, 9.6 / (len(weights) * ncols + len(weights) - 1))
    fig = plt.figure(figsize=(len(weights) * ncols * size + (len(weights) - 1) * size,
                              nrows * size + 1.3), dpi=DPI)
    panels = fig.subfigures(1, len(weights), wspace=0.05)
    for panel, W1, title in zip(np.atleast_1d(panels), weights, titles):
        images = np.asarray(W1)[:, :count].T.reshape(-1, 32, 32, 3)
        low = images.min(axis=(1, 2, 3), keepdims=True)
        high = images.max(axis=(1, 2, 3), keepdims=True)
        axes = panel.subplots(nrows, ncols, squeeze=False)
        for ax in axes.flat:
            ax.axis("off")
        for ax, image in zip(axes.flat, (255 * (images - low) / (high - low)).astype(np.uint8)):
            ax.imshow(image, interpolation="nearest")
        panel.suptitle(title, fontsize=LABEL_PT)
    fig.suptitle(suptitle, fontsize=TITLE_PT, y=1.04)
    return fig


def plot_search(log_lr, log_reg, accuracy, rounds, title, figsize=(9, 6), mark_diverged=False, marks=None,
                legend_loc="best"):
    """Validation accuracy of a random search as a scatter over (log10 learning rate, log10 reg).

    log_lr, log_reg, accuracy: one value per trial (nan: the run diverged, left out, or drawn as a
    grey x with ``mark_diverged``); rounds: one label per trial (e.g. "coarse", "fine"), drawn with
    different markers. The best trial is ringed. marks: None, or {label: (log10 learning rate,
    log10 reg)} of other settings (e.g. the official run's) to draw as black stars, labelled in the
    legend. legend_loc: matplotlib's loc for the legend, or "below": one row under the plot, clear of
    every point. figsize in inches (100 dpi). Returns the Axes."""
    log_lr, log_reg, accuracy = (np.asarray(a, dtype=float) for a in (log_lr, log_reg, accuracy))
    rounds = np.asarray(rounds)
    ax = plt.figure(figsize=figsize, dpi=DPI).add_subplot()
    low, high = np.nanmin(accuracy), np.nanmax(accuracy)
    for name, marker in zip(dict.fromkeys(rounds), "o^sDv"):
        mine = rounds == name
        points = ax.scatter(log_lr[mine], log_reg[mine], c=accuracy[mine], cmap="viridis", vmin=low,
                            vmax=high, marker=marker, s=110, edgecolors="k", label=f"{name} round")
    diverged = np.isnan(accuracy)
    if mark_diverged and diverged.any():
        ax.scatter(log_lr[diverged], log_reg[diverged], marker="x", s=110, linewidths=2.5, color="0.45",
                   label="diverged")
    best = np.nanargmax(accuracy)
    ax.scatter(log_lr[best], log_reg[best], s=500, facecolors="none", edgecolors="C3", linewidths=2.5,
               label=f"best: {accuracy[best]:.3f}")
    for label, (x, y) in (marks or {}).items():
        ax.scatter([x], [y], marker="*", s=350, color="k", label=label)
    bar = plt.colorbar(points, ax=ax)
    bar.set_label("validation accuracy", fontsize=LABEL_PT)
    bar.ax.tick_params(labelsize=LABEL_PT)
    ax.set_xlabel("log10 learning rate", fontsize=LABEL_PT)
    ax.set_ylabel("log10 regularisation strength", fontsize=LABEL_PT)
    ax.tick_params(labelsize=LABEL_PT)
    ax.set_title(title, fontsize=TITLE_PT)
    if legend_loc == "below":
        ax.legend(fontsize=LABEL_PT - 1, loc="upper center", bbox_to_anchor=(0.6, -0.17),
                  ncol=len(ax.get_legend_handles_labels()[1]), frameon=False, handletextpad=0.2, columnspacing=1)
        ax.figure.tight_layout()
    else:
        ax.legend(fontsize=LABEL_PT, loc=legend_loc)
    return ax


def plot_loss_curves(histories, title, window=20):
    """Training loss of several runs on one Axes: ``histories`` maps a label to a loss history
    (one value per step); each is drawn as its mean over ``window`` consecutive steps. Returns the Axes."""
    ax = plt.figure(figsize=(9, 5), dpi=DPI).add_subplot()
    for label, losses in histories.items():
        losses = np.asarray(losses, dtype=float)
        smooth = np.convolve(losses, np.ones(window) / window, mode="valid")
        ax.plot(np.arange(window, len(losses) + 1), smooth, lw=2, label=label)
    ax.set_xlabel("step", fontsize=LABEL_PT)
    ax.set_ylabel(f"training loss (mean of {window} steps)", fontsize=LABEL_PT)
    ax.tick_params(labelsize=LABEL_PT)
    ax.set_title(title, fontsize=TITLE_PT)
    ax.legend(fontsize=LABEL_PT)
    return ax


def plot_rate_sweep(sweeps, title, ylabel="training loss, mean of the last 20 steps"):
    """One line per update rule: a measure of each short run (``sweeps`` maps a label to
    (learning rates, values), nan for a run that diverged, marked with an x at the top) against
    the learning rate on a log axis; each line's lowest point ringed. Returns the Axes."""
    ax = plt.figure(figsize=(9, 4.4), dpi=DPI).add_subplot()
    finite = [v for _, values in sweeps.values() for v in values if np.isfinite(v)]
    top = max(finite) + 0.05 * (max(finite) - min(finite) + 1e-9)
    for i, (label, (rates, values)) in enumerate(sweeps.items()):
        rates, values = np.asarray(rates, dtype=float), np.asarray(values, dtype=float)
        color = f"C{i}"
        ax.plot(rates, values, "o-", color=color, lw=2, label=label)
        ax.plot(rates[np.isnan(values)], np.full(np.isnan(values).sum(), top), "x", color=color, ms=10, mew=2)
        if np.isfinite(values).any():
            best = np.nanargmin(values)
            ax.plot(rates[best], values[best], "o", ms=16, mfc="none", mec=color, mew=2)
    ax.set_xscale("log")
    ax.set_xlabel("learning rate (log scale; x: diverged)", fontsize=LABEL_PT)
    ax.set_ylabel(ylabel, fontsize=LABEL_PT)
    ax.tick_params(labelsize=LABEL_PT)
    ax.set_title(title, fontsize=TITLE_PT)
    from matplotlib.lines import Line2D
    ring = Line2D([], [], marker="o", ms=12, mfc="none", mec="0.3", mew=2, ls="none", label="each rule's best rate")
    ax.legend(handles=ax.get_legend_handles_labels()[0] + [ring], fontsize=LABEL_PT - 1, loc="upper center",
              bbox_to_anchor=(0.5, -0.2), ncol=len(sweeps) + 1, frameon=False)
    ax.figure.tight_layout()
    return ax


def read_results_table(path):
    """A results file written by `make bench-ablation` (results/ablation.csv): the comment lines at
    its top (which run produced it) and its rows as dicts."""
    import csv
    with open(path, newline="") as f:
        lines = f.read().splitlines()
    notes = [line.lstrip("# ") for line in lines if line.startswith("#")]
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    return notes, rows


def ablation_label(change):
    """The name of a change in an ablation table: its text up to the first " (" (the details)."""
    return change.split(" (")[0].strip()


def plot_ablation(rows, title, noise=None, against="accuracy", start=0.0):
    """One horizontal bar per row of one table of results/ablation.csv, labelled with its change
    (ablation_label). against="accuracy": each bar is the row's validation accuracy, written at its
    end with the row's delta (in points) beside it: for the forward chain, where each row adds one
    change to the row above. against="delta": each bar is the delta itself, in points, from a zero
    line: for the leave-one-out table, BEST minus one change. Rows without a delta are grey, a
    gain blue, a loss red; with ``noise`` (in accuracy, e.g. twice the standard deviation of a
    difference between two seeds) a delta smaller than it is drawn pale, and in "delta" mode the
    band of +-noise is shaded. A diverged run (nan) gets no bar and the word "diverged". ``start``:
    where the accuracy axis begins (against="accuracy"), to tell apart rows that differ by little.
    The legend names only the colours drawn. Returns the Axes."""
    from matplotlib.colors import to_rgba
    from matplotlib.patches import Patch
    if against not in ("accuracy", "delta"):
        raise ValueError(f'against must be "accuracy" or "delta", got {against!r}')
    labels = [ablation_label(row["change"]) for row in rows]
    accuracy = np.array([float(row["val_acc"]) for row in rows])
    delta = np.array([float(row["delta"]) if row["delta"] else np.nan for row in rows]) * 100
    within = np.abs(delta) < (0 if noise is None else noise * 100)
    colors = [(0.6, 0.6, 0.6, 1.0) if np.isnan(d) else
              to_rgba("C0" if d >= 0 else "C3", 0.35 if pale else 1.0)
              for d, pale in zip(delta, within)]
    values = accuracy if against == "accuracy" else np.nan_to_num(delta)
    fig, ax = plt.subplots(figsize=(10, 0.21 * len(rows) + (1.6 if noise else 1.0)), dpi=DPI,
                           layout="constrained")     # makes room for the legend under any number of rows
    ax.barh(range(len(rows)), np.nan_to_num(values), color=colors, height=0.7)
    any_bar = np.isfinite(values).any()
    span = np.nanmax(np.abs(values)) if any_bar else 1.0
    if against == "accuracy" and any_bar:
        span -= start                  # the text's offsets are fractions of the axis drawn
    signed = ["" if np.isnan(d) else "±0.0" if round(d, 1) == 0 else f"{d:+.1f}" for d in delta]
    for i in range(len(rows)):
        if np.isnan(accuracy[i]):
            text, x, align = "diverged", start + 0.01 * span, "left"
        elif against == "accuracy":
            text = f"{accuracy[i]:.3f}" + (f" ({signed[i]})" if signed[i] else "")
            x, align = accuracy[i] + 0.01 * span, "left"
        else:
            text = signed[i] or f"{accuracy[i]:.3f}"
            x, align = (values[i] + 0.02 * span, "left") if values[i] >= 0 else (values[i] - 0.02 * span, "right")
        ax.text(x, i, text, va="center", ha=align, fontsize=LABEL_PT - 1)
    ax.set_yticks(range(len(rows)), labels, fontsize=LABEL_PT - 1)
    ax.invert_yaxis()
    if against == "accuracy":
        ax.set_xlim(start, np.nanmax(accuracy) + 0.3 * span)
        ax.set_xlabel("validation accuracy (its change from the row above, in points)", fontsize=LABEL_PT)
    else:
        ax.axvline(0, color="0.3", lw=1)
        if noise:
            ax.axvspan(-noise * 100, noise * 100, color="0.85", zorder=0)
        low, high = min(np.nanmin(values), 0), max(np.nanmax(values), 0)
        ax.set_xlim(low - 0.25 * span, high + 0.25 * span)
        ax.set_xlabel(f"validation accuracy minus {labels[0]}'s, in points", fontsize=LABEL_PT)
    ax.tick_params(axis="x", labelsize=LABEL_PT - 1)
    if noise:
        up, down = ("gain", "loss") if against == "accuracy" else (f"above {labels[0]}", f"below {labels[0]}")
        kinds = [((delta >= 0) & ~within, "C0", 1, up), ((delta < 0) & ~within, "C3", 1, down),
                 ((delta >= 0) & within, "C0", 0.35, f"gain < noise ({noise * 100:.1f} points)"),
                 ((delta < 0) & within, "C3", 0.35, f"loss < noise ({noise * 100:.1f} points)")]
        handles = [Patch(color=to_rgba(c, a), label=name) for drawn, c, a, name in kinds if drawn.any()]
        if against == "accuracy" and (np.isnan(delta) & np.isfinite(accuracy)).any():
            handles.append(Patch(color=(0.6, 0.6, 0.6, 1.0), label="no change to compare: the first row, "
                                 "or the row after a diverged one"))
        fig.legend(handles=handles, fontsize=LABEL_PT - 2, loc="outside lower center", ncol=3, frameon=False)
    ax.set_title(title, fontsize=TITLE_PT)
    return ax


# --- notebook 4: backpropagation as a rule ---

def _box_edge(center, toward, size):
    """The point where the segment from a box's center toward another point leaves the box."""
    (x, y), (tx, ty), (w, h) = center, toward, size
    dx, dy = tx - x, ty - y
    scale = min(w / 2 / abs(dx) if dx else np.inf, h / 2 / abs(dy) if dy else np.inf)
    return x + dx * scale, y + dy * scale


def draw_graph(nodes, edges, title, ax=None, box=(3.0, 1.45), figsize=(13.5, 6.0)):
    """A computational graph that is not a chain (values that feed several operations), sized for one slide.

    nodes: {key: (x, y, name, forward text, gradient text)}: a box at (x, y) with the name on top, the
    forward value in black under it and the gradient of the loss with respect to that value in red;
    edges: [(from key, to key, gradient text[, via])]: an arrow in the forward direction, from box to box,
    through the optional points ``via`` (to go around other boxes); the gradient text, if any, is written
    in red beside it: what the loss sends back along that edge alone. Where a value feeds several edges,
    the red texts of its edges add up to the red text in its box (the caller's numbers).
    Returns the Axes.
    """
    if ax is None:
        ax = plt.figure(figsize=figsize).add_subplot()
    w, h = box
    for key, (x, y, name, forward, gradient) in nodes.items():
        ax.add_patch(plt.Rectangle((x - w / 2, y - h / 2), w, h, facecolor="white", edgecolor="k", lw=1.5,
                                   zorder=2))
        ax.text(x, y + 0.3 * h, name, ha="center", va="center", fontsize=15, zorder=3)
        ax.text(x, y, forward, ha="center", va="center", fontsize=14, zorder=3)
        ax.text(x, y - 0.3 * h, gradient, ha="center", va="center", fontsize=14, color="C3", zorder=3)
    for source, target, gradient, *via in edges:
        start, end = nodes[source][:2], nodes[target][:2]
        points = [start, *(via[0] if via else []), end]
        points[0] = _box_edge(start, points[1], box)
        points[-1] = _box_edge(end, points[-2], box)
        xs, ys = zip(*points)
        ax.plot(xs[:-1], ys[:-1], color="k", lw=1.5, zorder=1)
        ax.annotate("", points[-1], points[-2], arrowprops=dict(arrowstyle="-|>", lw=1.5, color="k",
                                                                 shrinkA=0, shrinkB=0), zorder=1)
        if gradient:
            # on the longest segment, at its middle, just above a horizontal one
            k = max(range(len(points) - 1), key=lambda i: np.hypot(points[i + 1][0] - points[i][0],
                                                                  points[i + 1][1] - points[i][1]))
            (x0, y0), (x1, y1) = points[k], points[k + 1]
            flat = abs(y1 - y0) < 1e-9          # above a horizontal segment, right of a slanted one
            ax.text((x0 + x1) / 2 + (0 if flat else 0.15), (y0 + y1) / 2 + (0.1 if flat else 0), gradient,
                    ha="center" if flat else "left", va="bottom" if flat else "center", fontsize=13,
                    color="C3", zorder=3, bbox=dict(facecolor="white", edgecolor="none", pad=1))
    xs = [x for x, *_ in nodes.values()]
    ys = [y for _, y, *_ in nodes.values()] + [p[1] for e in edges if len(e) > 3 for p in e[3]]
    ax.text(min(xs) - w / 2, min(ys) - h / 2 - 0.25, "black: forward values", ha="left", va="top", fontsize=13)
    ax.text(min(xs) - w / 2, min(ys) - h / 2 - 0.75, "red: gradients of the loss", ha="left", va="top",
            fontsize=13, color="C3")
    ax.set_xlim(min(xs) - w / 2 - 0.1, max(xs) + w / 2 + 0.1)
    ax.set_ylim(min(ys) - h / 2 - 1.3, max(ys) + h / 2 + 0.3)
    ax.axis("off")
    ax.set_title(title, fontsize=TITLE_PT)
    return ax


TOY_GRAPH = {   # the toy net's loss as a graph: where each value sits, and what it feeds
    "positions": {"X": (0, 0), "W1": (0, 2.4), "b1": (0, -2.4), "h_in": (3.5, 0), "h_out": (7, 0),
                  "W2": (8.75, 2.4), "b2": (8.75, -2.4), "scores": (10.5, 0), "data loss": (14, 0),
                  "penalty": (14, 2.4), "loss": (17.5, 1.2)},
    "edges": [("X", "h_in"), ("W1", "h_in"), ("b1", "h_in"), ("h_in", "h_out"), ("h_out", "scores"),
              ("W2", "scores"), ("b2", "scores"), ("scores", "data loss"), ("W1", "penalty"),
              ("W2", "penalty"), ("data loss", "loss"), ("penalty", "loss")],
    "via": {("W1", "penalty"): [(0, 3.75), (14, 3.75)]},      # around W2, above the other boxes
}


def _number(value, digits):
    """A number for a graph box: an integer as it is, anything else with ``digits`` decimals."""
    value = float(value)
    return f"{value:.0f}" if value == round(value) and abs(value) < 1e6 else f"{value:.{digits}f}"


def draw_toy_graph(values, grads, paths=None, title="", digits=None, ax=None, figsize=(13.5, 5.6)):
    """The toy net's loss as a computational graph (TOY_GRAPH): X, W1, b1, h_in, h_out, W2, b2, scores,
    data loss, penalty and loss, each box with its name and shape, its forward value (black) and its
    gradient (red): the number itself for a scalar, entry [0,0] of a matrix, [0] of a vector. values and
    grads map those names to arrays or numbers; paths {(from, to): gradient} writes on an edge the
    gradient sent back along it alone (the paths from W1 to h_in and to the penalty add up to W1's);
    digits {name: decimals} (4 unless given; an edge uses its source's); figsize in inches, for a new figure.
    Returns the Axes."""
    paths, digits = paths or {}, digits or {}
    nodes = {}
    for key, (x, y) in TOY_GRAPH["positions"].items():
        shape, places = np.shape(values[key]), digits.get(key, 4)
        name = f"{key} [{'×'.join(map(str, shape))}]" if shape else key
        nodes[key] = (x, y, name, _number(np.ravel(values[key])[0], places), _number(np.ravel(grads[key])[0], places))
    edges = []
    for source, target in TOY_GRAPH["edges"]:
        label = paths.get((source, target))
        text = "" if label is None else _number(np.ravel(label)[0], digits.get(source, 4))
        edges.append((source, target, text, TOY_GRAPH["via"].get((source, target), [])))
    ax = draw_graph(nodes, edges, title, ax=ax, figsize=figsize)
    ax.text(ax.get_xlim()[1], ax.get_ylim()[0] + 0.1, "of a matrix: entry [0,0]; of a vector: [0]", ha="right",
            va="bottom", fontsize=13)
    return ax
