"""Figures used by the notebooks: the network diagram, image grids, training curves."""
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
    """One row per class with ``per_class`` random examples of it.

    images: (N, 32, 32, 3) values in 0..255; labels: (N,) ints. Returns the Figure.
    """
    rng = np.random.default_rng(seed)
    picks = np.concatenate([rng.choice(np.flatnonzero(labels == k), per_class, replace=False)
                            for k in range(len(class_names))])
    return show_images(images[picks], [class_names[labels[i]] for i in picks], per_class, title)


def show_images(images, captions, ncols=8, title=""):
    """Images (N, 32, 32, 3) in 0..255 with a caption each, ``ncols`` per row. Returns the Figure."""
    nrows = -(-len(images) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(ncols * 1.1, nrows * 1.3), squeeze=False, dpi=72)
    for ax in axes.flat:
        ax.axis("off")
    for ax, image, caption in zip(axes.flat, images, captions):
        ax.imshow(np.clip(image, 0, 255).astype(np.uint8), interpolation="nearest")
        ax.set_title(caption, fontsize=7)
    fig.suptitle(title)
    return fig


def plot_history(history, title):
    """Loss per step and train/validation accuracy per epoch, from a Solver after training or
    the dict TwoLayerNet.train returns. Returns the Figure."""
    get = history.get if isinstance(history, dict) else lambda key: getattr(history, key)
    epochs = get("epoch_history")
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4))
    left.plot(get("loss_history"), lw=0.6)
    left.set(title="Training loss", xlabel="iteration", ylabel="loss")
    right.plot(epochs, get("train_acc_history"), "o-", label="train")
    right.plot(epochs, get("val_acc_history"), "s-", label="validation")
    right.set(title="Accuracy after each epoch", xlabel="epoch", ylabel="accuracy")
    right.legend()
    fig.suptitle(title)
    return fig


def show_weight_images(W1, title, ncols=10, count=50):
    """The first ``count`` columns of W1 (3072, H) as 32x32 colour images, each stretched
    to the full colour range. Returns the Figure."""
    images = W1[:, :count].T.reshape(-1, 32, 32, 3)
    low = images.min(axis=(1, 2, 3), keepdims=True)
    high = images.max(axis=(1, 2, 3), keepdims=True)
    return show_images(255 * (images - low) / (high - low), [""] * len(images), ncols, title)


def plot_confusion_matrix(y_true, y_pred, class_names, title):
    """Counts of (true class, predicted class) as a heat map. Returns the Axes."""
    k = len(class_names)
    counts = np.bincount(y_true * k + y_pred, minlength=k * k).reshape(k, k)
    ax = plt.figure(figsize=(7, 6)).add_subplot()
    image = ax.imshow(counts, cmap="Blues")
    for i in range(k):
        for j in range(k):
            ax.text(j, i, counts[i, j], ha="center", va="center", fontsize=7,
                    color="w" if counts[i, j] > counts.max() / 2 else "k")
    ax.set_xticks(range(k), class_names, rotation=45, ha="right")
    ax.set_yticks(range(k), class_names)
    ax.set(xlabel="predicted class", ylabel="true class", title=title)
    plt.colorbar(image, ax=ax, label="test images")
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
