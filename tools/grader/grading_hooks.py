"""nbgrader's execution step as this course grades it (the course's nbgrader_config.py selects it).

``GradingExecute`` is nbgrader's ``Execute`` with two changes:

- a time limit per notebook (``notebook_timeout``) besides nbgrader's limit per cell (``timeout``): once a
  notebook has used its time, its remaining cells are not run and each gets an error output saying so, so its
  remaining graded cells score 0 and the other notebooks are graded as usual;
- notebooks named in ``not_run`` are not executed at all: they hold no autograded cell (only inline questions,
  graded by hand on what the student wrote), and they train on CIFAR-10 for minutes.

The kernels it starts import ``grading_guard`` (beside this file) first, which refuses network access, starting
programs and writing outside the submission's folder.
"""
import math
import time

import nbformat
from nbgrader.preprocessors import Execute
from traitlets import Integer, List, Unicode


class GradingExecute(Execute):
    notebook_timeout = Integer(300, help="Seconds a notebook may run in all; later cells are not run.").tag(config=True)
    not_run = List(Unicode(), help="Notebooks (names without .ipynb) that are not executed.").tag(config=True)

    deadline = 0.0

    def preprocess(self, nb, resources, km=None):
        if resources["nbgrader"]["notebook"] in self.not_run:
            return nb, resources
        self.deadline = time.monotonic() + self.notebook_timeout
        self.timeout_func = lambda cell: max(1, math.ceil(min(self.timeout, self.deadline - time.monotonic())))
        return super().preprocess(nb, resources, km)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and time.monotonic() > self.deadline:
            message = f"the notebook's time limit ({self.notebook_timeout} s) ran out before this cell"
            cell.outputs = [nbformat.v4.new_output("error", ename="NotebookTimeout", evalue=message,
                                                   traceback=[f"NotebookTimeout: {message}"])]
            return cell, resources
        return super().preprocess_cell(cell, resources, index)
