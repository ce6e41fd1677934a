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
    off_units: {layer index: 0-based unit indices} drawn grey, with grey dotted outgoing edges
    (e.g. the hidden units whose ReLU output is 0 for one sample); off_label explains them.
    Returns the Axes.
    """
    if ax is None:
        ax = plt.figure(figsize=(11, 7.5)).add_subplot()
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
                ax.plot([x0, x1], [y0, y1], color="0.88" if off else "0.7", lw=0.7,
                        ls=":" if off else "-", zorder=1)
    bias_y = -(tallest + 1) / 2
    if bias_names is not None:
        for col, name in enumerate(bias_names):
            x0 = col * GAP
            for x1, y1 in columns[col + 1]:
                ax.plot([x0, x1], [bias_y, y1], color="C1", lw=0.8, ls="--", alpha=0.7, zorder=1)
            ax.add_patch(plt.Circle((x0, bias_y), 0.4, facecolor="#fff3c4", edgecolor="C1", lw=1.5, zorder=2))
            ax.text(x0, bias_y, "+1", ha="center", va="center", fontsize=12, zorder=3)
            ax.text(x0 + 0.55, bias_y - 0.15, name, ha="left", va="top", fontsize=12, color="C1")
    for col, (units, name) in enumerate(zip(columns, layer_names)):
        for unit, (x, y) in enumerate(units):
            off = unit in off_units.get(col, ())
            ax.add_patch(plt.Circle((x, y), 0.4, facecolor="0.82" if off else f"C{col}",
                                    edgecolor="0.6" if off else "k", zorder=2))
            ax.text(x, y, str(unit + 1), ha="center", va="center", color="0.45" if off else "w",
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


def show_image_grid(images, labels, class_names, per_class=8, title="Sample images", seed=0):
    """One row per class with ``per_class`` random examples of it, the class name at the left
    of each row in CAPTION_PT type. images: (N, 32, 32, 3) values in 0..255; labels: (N,) ints.
    Returns the Figure."""
    rng = np.random.default_rng(seed)
    k = len(class_names)
    fig, axes = plt.subplots(k, per_class, figsize=(1.6 + 0.8 * per_class, 0.8 * k + 0.6),
                             squeeze=False, dpi=DPI)
    for row, name in enumerate(class_names):
        picks = rng.choice(np.flatnonzero(labels == row), per_class, replace=False)
        for ax, i in zip(axes[row], picks):
            ax.imshow(np.clip(images[i], 0, 255).astype(np.uint8), interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
        axes[row, 0].set_ylabel(name, rotation=0, ha="right", va="center", fontsize=CAPTION_PT)
    fig.suptitle(title, fontsize=TITLE_PT)
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


def plot_history(history, title):
    """Loss per step and train/validation accuracy per epoch, both against the epoch, from a
    Solver after training or the dict TwoLayerNet.train returns. Accuracies are checked after the
    first step, after each full epoch and after the last step (epoch_history), so the first point
    sits at epoch 1 / (steps per epoch) and the last at the end of training. Returns the Figure."""
    get = history.get if isinstance(history, dict) else lambda key: getattr(history, key)
    epochs, losses = np.asarray(get("epoch_history"), dtype=float), get("loss_history")
    steps_per_epoch = len(losses) / epochs[-1]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), dpi=DPI)
    left.plot(np.arange(1, len(losses) + 1) / steps_per_epoch, losses, lw=0.6)
    left.set_title("Training loss (every step)", fontsize=LABEL_PT)
    left.set_xlabel("epoch", fontsize=LABEL_PT)
    left.set_ylabel("loss", fontsize=LABEL_PT)
    right.plot(epochs, get("train_acc_history"), "o-", label="train")
    right.plot(epochs, get("val_acc_history"), "s-", label="validation")
    right.set_title("Accuracy after each epoch", fontsize=LABEL_PT)
    right.set_xlabel("epoch", fontsize=LABEL_PT)
    right.set_ylabel("accuracy", fontsize=LABEL_PT)
    right.legend(fontsize=LABEL_PT)
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


def plot_confusion_matrix(y_true, y_pred, class_names, title):
    """Counts of (true class, predicted class) as a heat map. Returns the Axes."""
    counts = confusion_counts(y_true, y_pred, len(class_names))
    k = len(class_names)
    ax = plt.figure(figsize=(9, 7.5), dpi=DPI).add_subplot()
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
    """A computational graph that is a chain of values joined by operations.

    nodes: [(name, forward text, gradient text)] for the values along the chain;
    ops: one label per operation between consecutive nodes;
    params: {op index: (name, forward text, gradient text)} for parameters fed into an operation;
    penalties: {op index: (forward text, gradient text)}: an extra edge from that operation's
    parameter box straight to the last node (an L2 penalty on the parameter feeds the loss directly),
    labelled with its forward term and the gradient it sends back.
    Forward values are written in black, gradients in red. Returns the Axes.
    """
    penalties = penalties or {}
    step = 3.4
    if ax is None:
        ax = plt.figure(figsize=(3.0 * len(nodes), 7.0)).add_subplot()
    box = dict(boxstyle="round,pad=0.4", facecolor="white", edgecolor="k")
    for i, (name, forward, gradient) in enumerate(nodes):
        ax.text(i * step, 0, name, ha="center", va="center", fontsize=17, bbox=box)
        ax.text(i * step, -0.6, forward, ha="center", va="top", fontsize=13)
        ax.text(i * step, -1.75, gradient, ha="center", va="top", fontsize=13, color="C3")
    for i, label in enumerate(ops):
        left, right = i * step + 0.6, (i + 1) * step - 0.6
        ax.annotate("", (right, 0.12), (left, 0.12), arrowprops=dict(arrowstyle="->", lw=1.5))
        ax.annotate("", (left, -0.12), (right, -0.12), arrowprops=dict(arrowstyle="->", color="C3", lw=1.5))
        ax.text((i + 0.5) * step, 0.3, label, ha="center", va="bottom", fontsize=13)
    for i, (name, forward, gradient) in params.items():
        x = (i + 0.5) * step
        ax.text(x, 2.3, name, ha="center", va="center", fontsize=16, bbox=box)
        ax.text(x - 0.75, 2.3, forward, ha="right", va="center", fontsize=13)
        ax.annotate("", (x - 0.1, 0.85), (x - 0.1, 1.95), arrowprops=dict(arrowstyle="->", lw=1.5))
        ax.annotate("", (x + 0.1, 1.95), (x + 0.1, 0.85), arrowprops=dict(arrowstyle="->", color="C3", lw=1.5))
        ax.text(x + 0.25, 1.4, gradient, ha="left", va="center", fontsize=13, color="C3")
    end = (len(nodes) - 1) * step
    for lane, (i, (forward, gradient)) in enumerate(sorted(penalties.items(), key=lambda item: -item[0])):
        x = (i + 0.5) * step
        top = 3.4 + 1.3 * lane                      # one horizontal lane per penalty, nearest first
        ax.plot([x - 0.1, x - 0.1, end - 0.1], [2.7, top + 0.1, top + 0.1], color="k", lw=1.5)
        ax.annotate("", (end - 0.1, 0.45), (end - 0.1, top + 0.1), arrowprops=dict(arrowstyle="->", lw=1.5))
        ax.plot([end + 0.1, end + 0.1, x + 0.1], [0.45, top - 0.1, top - 0.1], color="C3", lw=1.5)
        ax.annotate("", (x + 0.1, 2.7), (x + 0.1, top - 0.1), arrowprops=dict(arrowstyle="->", color="C3", lw=1.5))
        middle = (x + end) / 2
        ax.text(middle, top + 0.2, forward, ha="center", va="bottom", fontsize=13)
        ax.text(middle, top - 0.2, gradient, ha="center", va="top", fontsize=13, color="C3")
    ax.set_xlim(-1.6, end + 1.6)
    ax.set_ylim(-3.3, 3.9 + 1.3 * len(penalties))
    ax.axis("off")
    ax.set_title(title + "\n(black: forward values; red: gradients flowing back)", fontsize=15)
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
        ax = plt.figure(figsize=(9, 5.5)).add_subplot()
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
    titles: one per panel. Returns the Figure."""
    points, extent = plane_grid(X, steps)
    num_classes = int(y.max()) + 1
    ncols = ncols or len(predicts)
    nrows = -(-len(predicts) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, (size + 0.2) * nrows), squeeze=False)
    for ax in axes.flat[len(predicts):]:
        ax.axis("off")
    for ax, predict, title in zip(axes.flat, predicts, titles):
        _draw_plane(ax, predict(points).reshape(steps, steps), extent, X, y, num_classes, title)
    if suptitle:
        fig.suptitle(suptitle, fontsize=15)
    fig.tight_layout()
    return fig


def plot_accuracy_vs_hidden(sizes, train_acc, val_acc, reference=None, title="Accuracy against hidden size"):
    """Training and validation accuracy (one each per hidden size in ``sizes``) on a log axis, with an
    optional horizontal line at ``reference`` (e.g. the linear classifier's accuracy). Returns the Axes."""
    ax = plt.figure(figsize=(8, 4.8)).add_subplot()
    ax.plot(sizes, train_acc, "o-", label="training")
    ax.plot(sizes, val_acc, "s--", label="validation")
    if reference is not None:
        ax.axhline(reference, color="0.4", ls=":", label=f"linear softmax ({reference:.0%})")
    ax.set_xscale("log")
    ax.set_xticks(sizes, [str(h) for h in sizes])
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("hidden units H", fontsize=13)
    ax.set_ylabel("accuracy", fontsize=13)
    ax.set_title(title, fontsize=14)
    ax.tick_params(labelsize=12)
    ax.legend(fontsize=12, loc="lower right")
    return ax


#: Text for the buttons of matplotlib's HTML animations, whose icons come from a font on a CDN.
ANIMATION_BUTTONS = {"fa-minus": "slower", "fa-fast-backward": "first", "fa-step-backward": "back",
                     "fa-play fa-flip-horizontal": "◀ play", "fa-pause": "pause", "fa-play": "play ▶",
                     "fa-step-forward": "next", "fa-fast-forward": "last", "fa-plus": "faster"}


def animation_html(animation, **options):
    """The animation as one self-contained HTML block (matplotlib's ``to_jshtml(**options)``) that
    works offline: the icon font it would load from a CDN is left out and its buttons say in words
    what they do."""
    page = re.sub(r'<link rel="stylesheet"\s+href="https://[^"]*font-awesome[^"]*">', "", animation.to_jshtml(**options))
    for icon, label in ANIMATION_BUTTONS.items():
        page = page.replace(f'<i class="fa {icon}"></i>', label)
    return page


def animate_decision_boundary(predicts, titles, X, y, steps=100, dpi=50, interval=500):
    """An animation with one frame per classifier in ``predicts`` (functions (M, 2) -> (M,) labels,
    e.g. the predict of copies of a net saved during training), titled by ``titles``, over the
    points X (N, 2) coloured by y (N,). Every frame's regions are computed first. Returns the
    FuncAnimation (show it with IPython.display.HTML(animation_html(animation)); no ffmpeg needed);
    its figure is closed, so it is not also drawn as a still image."""
    points, extent = plane_grid(X, steps)
    regions = [predict(points).reshape(steps, steps) for predict in predicts]
    fig, ax = plt.subplots(figsize=(4.8, 4.8), dpi=dpi)
    image = _draw_plane(ax, regions[0], extent, X, y, int(y.max()) + 1, titles[0])
    fig.tight_layout()

    def show(frame):
        image.set_data(regions[frame])
        ax.set_title(titles[frame], fontsize=14)
        return (image,)
    animation = FuncAnimation(fig, show, frames=len(regions), interval=interval, blit=False)
    plt.close(fig)
    return animation


# --- notebook 4: CIFAR-10 ---
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


def plot_search(log_lr, log_reg, accuracy, rounds, title):
    """Validation accuracy of a random search as a scatter over (log10 learning rate, log10 reg).

    log_lr, log_reg, accuracy: one value per trial; rounds: one label per trial (e.g. "coarse",
    "fine"), drawn with different markers. The best trial is ringed. Returns the Axes."""
    log_lr, log_reg, accuracy = (np.asarray(a, dtype=float) for a in (log_lr, log_reg, accuracy))
    rounds = np.asarray(rounds)
    ax = plt.figure(figsize=(9, 6), dpi=DPI).add_subplot()
    low, high = np.nanmin(accuracy), np.nanmax(accuracy)
    for name, marker in zip(dict.fromkeys(rounds), "o^sDv"):
        mine = rounds == name
        points = ax.scatter(log_lr[mine], log_reg[mine], c=accuracy[mine], cmap="viridis", vmin=low,
                            vmax=high, marker=marker, s=110, edgecolors="k", label=f"{name} round")
    best = np.nanargmax(accuracy)
    ax.scatter(log_lr[best], log_reg[best], s=500, facecolors="none", edgecolors="C3", linewidths=2.5,
               label=f"best: {accuracy[best]:.3f}")
    bar = plt.colorbar(points, ax=ax)
    bar.set_label("validation accuracy", fontsize=LABEL_PT)
    bar.ax.tick_params(labelsize=LABEL_PT)
    ax.set_xlabel("log10 learning rate", fontsize=LABEL_PT)
    ax.set_ylabel("log10 regularisation strength", fontsize=LABEL_PT)
    ax.tick_params(labelsize=LABEL_PT)
    ax.set_title(title, fontsize=TITLE_PT)
    ax.legend(fontsize=LABEL_PT, loc="best")
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


def read_results_table(path):
    """A results file written by `make bench-ablation` (results/ablation.csv): the comment lines at
    its top (which run produced it) and its rows as dicts."""
    import csv
    with open(path, newline="") as f:
        lines = f.read().splitlines()
    notes = [line.lstrip("# ") for line in lines if line.startswith("#")]
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    return notes, rows


def plot_ablation(rows, title):
    """Horizontal bars of the test accuracy of each row of an ablation table (each row adds one change
    to the row above), labelled with the accuracy and its change; the first row grey, a change that
    gains blue, one that loses red. Returns the Axes."""
    labels = [re.split(r": |, | \(", row["change"])[0].strip() for row in rows]   # up to the first comment
    accuracy = [float(row["test_acc"]) for row in rows]
    colors = ["0.6"] + ["C3" if float(row["delta"]) < 0 else "C0" for row in rows[1:]]
    fig, ax = plt.subplots(figsize=(10, 0.45 * len(rows) + 1.4))
    ax.barh(range(len(rows)), accuracy, color=colors)
    for i, row in enumerate(rows):
        delta = f" ({row['delta']})" if row["delta"] else ""
        ax.text(accuracy[i] + 0.005, i, f"{accuracy[i]:.3f}{delta}", va="center", fontsize=LABEL_PT - 1)
    ax.set_yticks(range(len(rows)), labels, fontsize=LABEL_PT - 1)
    ax.invert_yaxis()
    ax.set_xlim(0, max(accuracy) + 0.15)
    ax.set_xlabel("test accuracy (10,000 images)", fontsize=LABEL_PT)
    ax.set_title(title, fontsize=TITLE_PT)
    return ax
