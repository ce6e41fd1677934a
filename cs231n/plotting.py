"""Figures used by the notebooks: the network diagram, image grids, training curves."""
import matplotlib.pyplot as plt
import numpy as np

GAP = 6.0  # horizontal distance between layers in draw_network


def draw_network(layer_sizes=(4, 10, 3), layer_names=("input x", "hidden h (ReLU)", "output o (softmax)"),
                 weight_names=("W1", "W2"), ax=None):
    """Draw a fully-connected network, one column of circles per layer.

    layer_sizes: units per layer; layer_names: a title per column;
    weight_names: a label per gap between columns. Returns the Axes.
    """
    if ax is None:
        ax = plt.figure(figsize=(8, 5)).add_subplot()
    tallest = max(layer_sizes)
    columns = []
    for col, size in enumerate(layer_sizes):
        ys = (size - 1) / 2 - np.arange(size)   # centred on y = 0
        columns.append([(col * GAP, y) for y in ys])
    for left, right in zip(columns, columns[1:]):
        for x0, y0 in left:
            for x1, y1 in right:
                ax.plot([x0, x1], [y0, y1], color="0.8", lw=0.6, zorder=1)
    for col, (units, name) in enumerate(zip(columns, layer_names)):
        for unit, (x, y) in enumerate(units, start=1):
            ax.add_patch(plt.Circle((x, y), 0.32, facecolor=f"C{col}", edgecolor="k", zorder=2))
            ax.text(x, y, str(unit), ha="center", va="center", color="w", fontsize=8, zorder=3)
        ax.text(col * GAP, (tallest + 1) / 2, f"{name}\n[1×{len(units)}]", ha="center", va="bottom")
    for gap, name in enumerate(weight_names):
        ax.text((gap + 0.5) * GAP, -(tallest + 1) / 2, f"{name} [{layer_sizes[gap]}×{layer_sizes[gap + 1]}]",
                ha="center", va="top")
    ax.set_xlim(-1, (len(layer_sizes) - 1) * GAP + 1)
    ax.set_ylim(-(tallest + 3) / 2, (tallest + 3) / 2)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("A " + "-".join(map(str, layer_sizes)) + " fully-connected network", pad=14)
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
    Solver after training or the dict TwoLayerNet.train returns. Accuracies are recorded after
    each full epoch and at the end (epoch_history), so the first point sits at epoch 1 (or at the
    end of a shorter run) and the last at the end of training. Returns the Figure."""
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


def draw_chain_graph(nodes, ops, params, title, ax=None):
    """A computational graph that is a chain of values joined by operations.

    nodes: [(name, forward text, gradient text)] for the values along the chain;
    ops: one label per operation between consecutive nodes;
    params: {op index: (name, forward text, gradient text)} for parameters fed into an operation.
    Forward values are written in black above, gradients in red below. Returns the Axes.
    """
    if ax is None:
        ax = plt.figure(figsize=(3.2 * len(nodes), 4.2)).add_subplot()
    box = dict(boxstyle="round,pad=0.4", facecolor="white", edgecolor="k")
    step = 3.2
    for i, (name, forward, gradient) in enumerate(nodes):
        ax.text(i * step, 0, name, ha="center", va="center", fontsize=13, bbox=box)
        ax.text(i * step, -0.55, forward, ha="center", va="top", fontsize=8.5)
        ax.text(i * step, -1.35, gradient, ha="center", va="top", fontsize=8.5, color="C3")
    for i, label in enumerate(ops):
        left, right = i * step + 0.55, (i + 1) * step - 0.55
        ax.annotate("", (right, 0.12), (left, 0.12), arrowprops=dict(arrowstyle="->"))
        ax.annotate("", (left, -0.12), (right, -0.12), arrowprops=dict(arrowstyle="->", color="C3"))
        ax.text((i + 0.5) * step, 0.25, label, ha="center", va="bottom", fontsize=9)
    for i, (name, forward, gradient) in params.items():
        x = (i + 0.5) * step
        ax.text(x, 1.9, name, ha="center", va="center", fontsize=12, bbox=box)
        ax.text(x, 2.35, forward, ha="center", va="bottom", fontsize=8.5)
        ax.annotate("", (x - 0.1, 0.7), (x - 0.1, 1.6), arrowprops=dict(arrowstyle="->"))
        ax.annotate("", (x + 0.1, 1.6), (x + 0.1, 0.7), arrowprops=dict(arrowstyle="->", color="C3"))
        ax.text(x + 0.2, 1.15, gradient, ha="left", va="center", fontsize=8.5, color="C3")
    ax.set_xlim(-1.4, (len(nodes) - 1) * step + 1.4)
    ax.set_ylim(-2.6, 3.0)
    ax.axis("off")
    ax.set_title(title + "\n(black: forward values; red: gradients flowing back)")
    return ax


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
