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


def show_image_grid(images, labels, class_names, per_class=6, title="Sample images", seed=0):
    """A grid with one row per class and ``per_class`` random examples of it.

    images: (N, 32, 32, 3) values in 0..255; labels: (N,) ints. Returns the Figure.
    """
    rng = np.random.default_rng(seed)
    fig, axes = plt.subplots(len(class_names), per_class, figsize=(per_class * 0.9, len(class_names) * 0.9))
    for k, row in enumerate(axes):
        picks = rng.choice(np.flatnonzero(labels == k), per_class, replace=False)
        for ax, i in zip(row, picks):
            ax.imshow(np.clip(images[i], 0, 255).astype(np.uint8))
            ax.set_xticks([])
            ax.set_yticks([])
        row[0].set_ylabel(class_names[k], rotation=0, ha="right", va="center")
    fig.suptitle(title)
    return fig
