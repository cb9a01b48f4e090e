"""Write notebooks 00-04 (unexecuted) from the cell texts below.

Usage, from the repository root::

    .venv/bin/python tools/build_notebooks_a.py            # all five
    .venv/bin/python tools/build_notebooks_a.py 02 03      # some
    .venv/bin/python tools/run_notebooks.py 00 01 02 03 04 # then execute and store them

Each notebook is a list of ``md(...)`` and ``code(...)`` cells. Cell ids are
derived from the notebook name and position, so rebuilding an unchanged
notebook gives an identical file.
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def md(text: str) -> tuple[str, str]:
    return ("markdown", text.strip("\n"))


def code(text: str, tags: tuple[str, ...] = ()) -> tuple[str, str, tuple[str, ...]]:
    return ("code", text.strip("\n"), tags)


SETUP = code("""
import numpy as np
import matplotlib.pyplot as plt
import mlpviz as mv
from mlpviz import plots, explain
%matplotlib inline
mv.lessons.setup()  # display only: numpy shows 4 decimals, figures are stored as pictures
""")

# ============================================================================ 00
NB00 = [
    md("""
# 00 · Start here

Welcome! These notebooks follow one small neural network through every step of its training, and
work out every number in front of you. The network has two inputs, three hidden neurons and one
output; the numbers it learns from are a table of four rows. Each notebook is one stage of the
training; this first one shows you how to use the notebooks and introduces the network and its data.

## What you will be able to do

- run a notebook cell by cell, or all at once from a clean start;
- name the parts of an artificial neuron — inputs, weights, weighted sum, bias, activation, output —
  and say what each one does;
- read the diagram of the 2-3-1 network and find any of its 13 weights and biases;
- describe the dataset the network learns from.
"""),
    md("""
## How to use these notebooks

A notebook is a column of cells. Text cells, like this one, explain. Code cells ask the small Python
package `mlpviz` to compute something, and show the answer right below the cell.

- **Shift-Enter** runs the selected cell and moves to the next one. Work down the notebook this way.
- **Kernel → Restart Kernel and Run All Cells…** forgets everything and runs the notebook from top to
  bottom. Do this whenever something looks odd: afterwards what you see matches the text again.
- **Every notebook stands alone.** Open them in any order; each one rebuilds what it needs.
- **Pictures** appear below the cell that draws them. So do **interactive controls** such as sliders
  and buttons. If a cell shows a line of text like `StageStepper(...)` where you expected buttons, the
  widget extension is not running: start the suite with `make lab`.
- **Every number comes from `mlpviz`.** The text never asks you to trust a number typed by hand: change
  an input, re-run, and every value downstream follows.

The first code cell of every notebook is the same: it loads numpy, matplotlib and `mlpviz`
(as `mv`, with its `plots` and `explain` modules) and sets how results are displayed — for example,
numbers with four decimals.
"""),
    SETUP,
    md("""
## The neuron model

An artificial neuron turns a few numbers into one number, in two steps.

1. **Inputs** $x_0, x_1, \\dots$ arrive, each along a connection with its own **weight** $w_i$.
   The **weighted sum** multiplies every input by its weight, adds them up, and adds one more
   number, the **bias** $b$:
   $$s = w_0 x_0 + w_1 x_1 + \\dots + b = \\sum_i w_i x_i + b$$
2. The **activation function** $f$ turns the sum into the neuron's **output**, also called its
   activation:
   $$a = f(s)$$

A weight says how much an input matters, and in which direction: a negative weight pushes the sum
down when the input grows. The bias shifts the sum, so it sets how easily the neuron switches on.
The activation in the first notebooks is the **sigmoid** $\\sigma(s) = \\frac{1}{1 + e^{-s}}$, which
squashes any sum into a number between 0 and 1.

*Training* a network means finding good values for all of its weights and biases — nothing more.

Here is one neuron taken out of our network: the first hidden neuron, with its two weights (on the
lines) and its bias (under the node).
"""),
    code("""
net = mv.examples.seed_network()          # the 2-3-1 network of the cheat sheets
neuron = mv.MLP.from_weights([net.weights[0][:1]], [net.biases[0][:1]])   # its first hidden neuron
plots.draw_network(neuron, title="one neuron: two weights and a bias")
plt.show()
"""),
    md("""
Give it the inputs $x_0 = 1$ and $x_1 = 1$ (the first worked example of the cheat sheets) and let
`mlpviz` work out the two steps. `forward` runs them; `explain.forward_latex` writes them out with the
numbers in place. (Taken out on its own, this neuron is the output of its little network, so the
formula calls its sum $s_o$ and its output $y_o$.)
"""),
    code("""
x = mv.examples.SEED_X_000
trace = neuron.forward(x)
explain.forward_latex(neuron, trace)
"""),
    md("""
The weighted sum is negative, so the sigmoid gives an output below one half: this neuron is mostly
"off" for these inputs.
"""),
    md("""
## The 2-3-1 network

Put neurons side by side and you have a **layer**; feed one layer's outputs into the next layer and you
have a **multi-layer perceptron** (MLP). Ours is called 2-3-1 after its layer sizes:

- an **input layer** of 2 values, $x_0$ and $x_1$ — they only hand their numbers on and compute nothing;
- a **hidden layer** of 3 neurons $h_0, h_1, h_2$, each with 2 weights (one per input) and a bias;
- an **output layer** of 1 neuron $y$, with 3 weights (one per hidden neuron) and a bias.

"Hidden" only means that we never see these neurons' values in the data: the dataset has inputs and
targets, nothing in between.

The diagram shows the weights and biases the cheat sheets start from (notebook 01 shows where they
come from). Blue lines are positive weights, vermillion lines negative ones, and a thicker line is a
larger weight; grey means zero.
"""),
    code("""
plots.draw_network(net)
plt.show()
"""),
    md("""
### Naming the weights

The cheat sheets name a hidden weight `wh[node][input]`, a hidden bias `bh[node]`, an output weight
`wo[hidden node]` and the output bias `bo`. `mlpviz` keeps one weight matrix per layer instead:
`W[0]` holds the weights into the hidden layer, one row per hidden neuron and one column per input, so
`W[0][j, i]` is the cheat sheets' `wh[j][i]`; `W[1][0, i]` is `wo[i]`. The biases are the vectors
`b[0]` and `b[1]`. The table lists all of them.
"""),
    code("""
mv.lessons.parameter_table(net)
"""),
    code("""
print("weights and biases to learn:", len(mv.lessons.parameter_names(net.layer_sizes)))
"""),
    md("""
With the matrices, a whole layer is one line of algebra: the weighted sums of all hidden neurons are
$s = W a + b$, and their outputs $f(s)$, applied to each entry. Notebook 03 walks through it number
by number.
"""),
    md("""
## The dataset

The network learns from four rows. Each row has two inputs, `i0` and `i1`, and a target `z0`, the value
we would like the network to output for those inputs.
"""),
    code("""
X, Z = mv.examples.seed_dataset()
mv.lessons.Table.from_columns({"i0": X[:, 0], "i1": X[:, 1], "z0": Z[:, 0]}, digits=0,
                              title="the training dataset")
"""),
    code("""
print("inputs X:", X.shape, "  targets Z:", Z.shape)
"""),
    md("""
Two things to notice before we start.

- The numbers are between 25 and 98, while the sigmoid's output lies between 0 and 1. The network
  could never output 91. Notebook 02 rescales every column into a small range first, and shows how to
  turn the network's answers back into these units.
- Four rows are very little data. That is the point: with so few numbers, every step of the training
  fits on the screen.

If you are reading along in the earliest cheat sheet: it first prints a slightly different table (an
early draft) and speaks of two output values. The table above is the one both cheat sheets actually
compute with, and the network has a single output.
"""),
    code("""
mv.lessons.errata_notes("training dataset", "output values", seed="000")
"""),
    md("""
## The road ahead

One step of training has five stages, and the notebooks take them one at a time:

| notebook | stage |
| --- | --- |
| 01 initialization | give every weight and bias a starting value |
| 02 normalization | rescale the data into [0, 1] or [−1, 1] |
| 03 forward pass | compute every neuron's weighted sum and activation, layer by layer |
| 04 loss | measure how far the output is from the target with ½(y − z)² |
| 05 gradient descent | the idea of walking downhill, on the bowl x² + y² |
| 06 backpropagation | find how the loss changes with every weight, by the chain rule |
| 07 update | move every weight and bias a small step downhill |
| 08 training loop | repeat, row after row, epoch after epoch, and watch the loss fall |
| 09 save and predict | store what was learned, reload it, and predict new rows |

Here is a preview of one whole training step on the first row of the dataset. Press **Next** (or click
a stage's name) to move through the stages: the diagram highlights the part of the network that
stage works on, and the formulas beside it show that stage's numbers. The *sample* menu picks another
row. Nothing here needs to make sense yet — each stage gets its own notebook.
"""),
    code("""
from mlpviz.widgets import StageStepper
StageStepper()
"""),
    md("""
## Recap

- Run cells with Shift-Enter; use *Restart Kernel and Run All Cells* to start clean. Each notebook
  stands alone.
- A neuron computes a weighted sum plus a bias, $s = \\sum_i w_i x_i + b$, then an activation $a = f(s)$.
- Our network is 2-3-1: 2 inputs, 3 hidden neurons, 1 output, with 13 weights and biases.
  `W[0][j, i]` is the cheat sheets' `wh[j][i]`, `W[1][0, i]` is `wo[i]`.
- The dataset has four rows of two inputs and one target, in units far from the sigmoid's 0 to 1.

## Try it

1. In the neuron cell, change `x` to `np.array([0.0, 0.0])` and run it and the next cell again. With both
   inputs zero, what is left of the weighted sum? Check that the output is the sigmoid of the bias.
2. Which hidden neuron ignores the input $x_1$ completely? Find it in the diagram, then confirm with the
   table (look for a zero weight).
"""),
]

# ============================================================================ 01
NB01 = [
    md("""
# 01 · Initialization

Before a network can learn, every weight and bias needs a first value. This notebook shows the two
usual ways: draw them at random (small numbers in [−1, 1]), or read them from a configuration file —
which is what the cheat sheets do, so that everyone gets the same numbers.

## What you will be able to do

- explain why the weights must not all start equal;
- create a randomly initialised network that you, or anyone else, can recreate exactly;
- load the cheat sheets' starting weights from their configuration file;
- compare two initialisations in a table and on the network diagram.
"""),
    SETUP,
    md("""
## Why not start with all weights equal?

Suppose every weight were 0.5 and every bias 0. Each hidden neuron would then compute exactly the same
weighted sum from the same inputs, give the same output, and — as notebook 06 will show — receive
exactly the same correction during training. They would stay identical forever, and three hidden
neurons would be no better than one. Random starting values break this symmetry.

Let's check it with `mlpviz`: build such a network, run one input forward, and take one training step.
"""),
    code("""
equal = mv.MLP.from_weights([np.full((3, 2), 0.5), np.full((1, 3), 0.5)], [np.zeros(3), np.zeros(1)])
x = mv.examples.SEED_X_001
print("hidden outputs:", equal.forward(x).a[1])
equal.step(x, mv.examples.SEED_TARGET, lr=mv.examples.SEED_LR)
print("hidden weights after one training step (one row per neuron):")
print(equal.weights[0])
"""),
    md("""
All three hidden neurons output the same value, and after the step the three rows of weights are still
equal to each other: the neurons moved together. However long we train, they can never become different.
"""),
    md("""
## Random in [−1, 1], with a seed

`mv.MLP(layer_sizes, seed=...)` draws every weight and bias uniformly between −1 and 1. The **seed** is
the starting point of the random number generator: the same seed always gives the same numbers, on any
computer. That makes an experiment repeatable — and lets a notebook show the same numbers every time
you run it.
"""),
    code("""
rand = mv.MLP([2, 3, 1], seed=231)
mv.lessons.parameter_table(rand, title="random initialisation, seed 231")
"""),
    code("""
again = mv.MLP([2, 3, 1], seed=231)
other = mv.MLP([2, 3, 1], seed=232)
print("same seed, same weights:        ", mv.lessons.same_parameters(rand, again))
print("different seed, same weights:   ", mv.lessons.same_parameters(rand, other))
"""),
    md("""
Why between −1 and 1? Small weights keep the weighted sums small, where the sigmoid and tanh are
steep and respond to change (notebook 03 shows their shapes). Many large weights would push sums far
out, where these functions are flat and learning crawls. A wider network draws many more numbers; they
spread evenly over the whole interval:
"""),
    code("""
wide = mv.MLP([100, 100, 1], seed=0)
W = wide.weights[0]
print(f"{W.size} weights: smallest {W.min():.4f}, largest {W.max():.4f}, mean {W.mean():.4f}")
"""),
    md("""
## The configuration file of the cheat sheets

The cheat sheets instead start from fixed values stored in a small JSON file, in the format of the Go
`mlp` package they were tested with. `mlpviz` ships that file. Here it is, as text:
"""),
    code("""
print(mv.examples.seed_weights_path().read_text())
"""),
    md("""
`hiddenWeights` has one list per hidden layer, one row per hidden neuron and one number per input;
`outputWeights` has one row per output neuron and one number per hidden neuron. That is exactly the
layout of `W[0]` and `W[1]`. `mv.examples.seed_network()` reads the file into a network:
"""),
    code("""
net = mv.examples.seed_network()
net
"""),
    code("""
mv.lessons.parameter_table({"configuration file": net, "random, seed 231": rand})
"""),
    md("""
The file's values are round numbers chosen so the arithmetic is easy to follow by hand, with one zero
weight in each layer. Both cheat sheets print one pair of them with a stray full stop; the file, and
every later calculation, uses −0.5 and 0.5:
"""),
    code("""
mv.lessons.errata_notes("initialization")
"""),
    md("""
## Both networks on the diagram

Same shape, different numbers: the colours (sign) and thicknesses (size) of the lines tell the two
apart at a glance.
"""),
    code("""
fig, (top, bottom) = plt.subplots(2, 1, figsize=(9.5, 12.5))
plots.draw_network(net, ax=top, title="from the configuration file")
plots.draw_network(rand, ax=bottom, title="random, seed 231")
plt.show()
"""),
    md("""
## The starting point matters

Give both networks the same input and they answer differently — neither of them has learned anything
yet, so both answers are arbitrary. Training will move each of them towards the targets, along
different paths.
"""),
    code("""
x = mv.examples.SEED_X_001
print("input:", x)
print("configuration file → y =", net.predict(x))
print("random, seed 231   → y =", rand.predict(x))
"""),
    md("""
## Recap

- If all weights start equal, all hidden neurons stay identical forever; random values break the symmetry.
- `mv.MLP([2, 3, 1], seed=s)` draws weights and biases uniformly in [−1, 1]; the same seed gives the
  same network every time.
- The cheat sheets start from a configuration file instead; `mv.examples.seed_network()` loads it.
- `mv.lessons.parameter_table` and `plots.draw_network` show and compare initialisations.

## Try it

1. Change the seed 231 to your favourite number and re-run the notebook. Which weights changed sign?
2. In the symmetry experiment, replace `np.full((3, 2), 0.5)` by `mv.MLP([2, 3, 1], seed=0).weights[0]`
   and run the cell again. Do the hidden neurons still move together?
"""),
]

# ============================================================================ 02
NB02 = [
    md("""
# 02 · Normalization

The dataset's numbers lie between 25 and 98, but a sigmoid neuron outputs values between 0 and 1 and
responds best to small sums. So before training, every column is rescaled into a small fixed range with
**min-max scaling**. This notebook does it for the cheat sheets' dataset and shows how to undo it.

## What you will be able to do

- find the minimum and maximum of every column of a dataset;
- scale values into [0, 1] or into [−1, 1], and explain the formula;
- handle the special case of a column whose minimum equals its maximum;
- turn the network's scaled predictions back into the original units.
"""),
    SETUP,
    md("""
## Why rescale?

Feed the first row of the raw data, $i_0 = 70$ and $i_1 = 98$, into the network and look at the
hidden layer: the weighted sums are large, so the sigmoid outputs are pinned at (almost) 0 or 1 —
and its slope there, which is what learning relies on (notebook 06), is practically zero.
"""),
    code("""
X, Z = mv.examples.seed_dataset()
net = mv.examples.seed_network()
raw = net.forward(X[0])
print("weighted sums s:        ", raw.s[0])
print("outputs sigmoid(s):     ", raw.a[1])
print("slopes sigmoid'(s):     ", net.activations[0].df(raw.s[0]))
"""),
    md("""
A second reason: the columns have different spreads (see the table below). After scaling, every
column covers the same range, and no input dominates just because of its units.
"""),
    md("""
## Step 1: the minimum and maximum of each column

Scaling needs two numbers per column, its smallest and its largest value. `MinMaxScaler.fit` finds
them (the names follow scikit-learn: `data_min_`, `data_max_`). We scale the inputs and the target
each with their own scaler, because the network's output will be compared with the *scaled* target.
"""),
    code("""
x_scaler = mv.MinMaxScaler().fit(X)
z_scaler = mv.MinMaxScaler().fit(Z)
mv.lessons.Table.from_columns({
    "column": ["i0", "i1", "z0"],
    "min": np.concatenate([x_scaler.data_min_, z_scaler.data_min_]),
    "max": np.concatenate([x_scaler.data_max_, z_scaler.data_max_]),
    "spread (max − min)": np.concatenate([x_scaler.data_range_, z_scaler.data_range_]),
}, digits=0)
"""),
    md("""
## Step 2: scaling into [0, 1]

Subtract the column's minimum, then divide by its spread:

$$x' = \\frac{x - \\min}{\\max - \\min}$$

The minimum becomes 0, the maximum becomes 1, and everything in between keeps its place in proportion.
For example, $i_0 = 65$:
"""),
    code("""
mv.lessons.minmax_latex(x_scaler, column=0, value=65, name="i_0")
"""),
    code("""
X01 = x_scaler.transform(X)
Z01 = z_scaler.transform(Z)
mv.lessons.Table.from_columns({
    "i0": X[:, 0], "i0 → [0, 1]": X01[:, 0],
    "i1": X[:, 1], "i1 → [0, 1]": X01[:, 1],
    "z0": Z[:, 0], "z0 → [0, 1]": Z01[:, 0],
}, digits=[0, 4, 0, 4, 0, 4], title="the dataset scaled into [0, 1]")
"""),
    md("""
## Scaling into [−1, 1]

For tanh neurons, whose outputs lie between −1 and 1, the range [−1, 1] is the natural choice. Stretch
the [0, 1] value to twice its length and shift it down by one:

$$x' = \\frac{x - \\min}{\\max - \\min} \\times 2 - 1$$

The minimum becomes −1, the maximum 1, and the middle of the range 0.
"""),
    code("""
x_scaler11 = mv.MinMaxScaler(feature_range=(-1, 1)).fit(X)
z_scaler11 = mv.MinMaxScaler(feature_range=(-1, 1)).fit(Z)
mv.lessons.minmax_latex(x_scaler11, column=0, value=50, name="i_0")
"""),
    code("""
X11 = x_scaler11.transform(X)
Z11 = z_scaler11.transform(Z)
mv.lessons.Table.from_columns({
    "i0": X[:, 0], "i0 → [−1, 1]": X11[:, 0],
    "i1": X[:, 1], "i1 → [−1, 1]": X11[:, 1],
    "z0": Z[:, 0], "z0 → [−1, 1]": Z11[:, 0],
}, digits=[0, 4, 0, 4, 0, 4], title="the dataset scaled into [−1, 1]")
"""),
    md("""
### Where the cheat sheets slip

If you compare with the cheat sheets, a few of their printed values differ in the last digit: they cut
the extra digits off where rounding would round the last one up. One has the wrong sign: 50 lies
*above* the middle of 25…70, so its value in [−1, 1] must be positive. The table lists each slip with
the value `mlpviz` computes:
"""),
    code("""
mv.lessons.errata_notes("normalization")
"""),
    md("""
## Before and after

Each dot is one row of the dataset (the same colour in every panel). The top row shows the original
values, the bottom row the values scaled into [0, 1]: the smallest dot moves to 0, the largest to 1,
and the spacing between the dots keeps its proportions.
"""),
    code("""
plots.plot_scaling(np.hstack([X, Z]), np.hstack([X01, Z01]), names=["i0", "i1", "z0"],
                   feature_range=(0, 1))
plt.show()
"""),
    md("""
Into [−1, 1] the dots land in the same proportions, on a range twice as long and centred on 0:
"""),
    code("""
plots.plot_scaling(np.hstack([X, Z]), np.hstack([X11, Z11]), names=["i0", "i1", "z0"],
                   feature_range=(-1, 1))
plt.show()
"""),
    md("""
## When the minimum equals the maximum

A column with only one value — because the dataset has a single row, or because the column is
constant — has no spread: $\\max - \\min = 0$ and the formula would divide by zero. The rule used by the
cheat sheets, and by `mlpviz`, puts such a value in the middle of the range: 0.5 for [0, 1], and 0 for
[−1, 1].

This is where the cheat sheets' worked example gets its inputs (0.5, 0.5): they train on the first row
alone, and a single row scales to the middle of the range.
"""),
    code("""
one_row = X[:1]
print("one row:                 ", one_row)
print("scaled into [0, 1]:      ", mv.MinMaxScaler().fit_transform(one_row))
print("scaled into [-1, 1]:     ", mv.MinMaxScaler(feature_range=(-1, 1)).fit_transform(one_row))
print("the cheat sheets' input: ", mv.examples.SEED_X_001)
"""),
    code("""
constant = np.array([[70.0, 5.0], [50.0, 5.0], [65.0, 5.0]])   # the second column never changes
mv.MinMaxScaler().fit_transform(constant)
"""),
    code("""
one_row_scaler = mv.MinMaxScaler().fit(one_row)
mv.lessons.minmax_latex(one_row_scaler, column=0, value=70, name="i_0")
"""),
    md("""
## Back to the original units

The network learns and answers in scaled units. `inverse_transform` undoes the scaling with the saved
minimum and maximum:

$$x = \\min + x' \\times (\\max - \\min)$$

First a check that the round trip gives the data back, then a real answer: the untrained network's
outputs for the four scaled rows, read as the target `z0` in its own units.
"""),
    code("""
print("round trip gives X back:", np.allclose(x_scaler.inverse_transform(X01), X))
"""),
    code("""
Y01 = net.predict(X01)                      # outputs in [0, 1]
Y = z_scaler.inverse_transform(Y01)         # the same outputs in the units of z0
mv.lessons.Table.from_columns({"i0": X[:, 0], "i1": X[:, 1], "y (scaled)": Y01[:, 0],
                               "y (units of z0)": Y[:, 0], "target z0": Z[:, 0]},
                              digits=[0, 0, 4, 2, 0], title="the untrained network's answers")
"""),
    md("""
The network has not been trained, so its answers are poor; but they are already in the right units.
Because the sigmoid never leaves (0, 1), a network trained on [0, 1] targets can only predict values
between the smallest and largest target it saw (68 and 91 here).

### New data uses the saved minimum and maximum

A row that arrives after training must be scaled with the **training** minimum and maximum, not its
own — otherwise the same input would mean different things at different times. Values outside the
training range then land outside [0, 1]. That is why notebook 09 saves the minimum and maximum next to
the weights.
"""),
    code("""
new_rows = np.array([[45.0, 80.0], [80.0, 60.0]])
x_scaler.transform(new_rows)
"""),
    md("""
## Recap

- Min-max scaling needs each column's minimum and maximum: `MinMaxScaler().fit(X)`.
- [0, 1]: $x' = \\frac{x - \\min}{\\max - \\min}$; [−1, 1]: the same, times 2, minus 1.
- A column with min = max goes to the middle of the range (0.5 or 0), which is why a single row
  becomes (0.5, 0.5).
- `inverse_transform` turns scaled predictions back into the original units; new data is scaled with the
  training minimum and maximum.

## Try it

1. Add a fifth row `[100, 90, 95]` to the dataset (use `np.vstack`) and scale again. Which scaled values
   of the first four rows change, and why?
2. Scale the constant example into [−1, 1]. What does the constant column become?
"""),
]

# ============================================================================ 03
NB03 = [
    md("""
# 03 · The forward pass

The forward pass carries an input through the network, layer by layer, until an output comes out. Every
neuron does the same two things — a weighted sum, then an activation — so once you have followed one
neuron, you can follow them all. This notebook follows every one of them, with the numbers written in.

## What you will be able to do

- compute the weighted sum and the activation of every node of the 2-3-1 network by hand;
- read the sigmoid and tanh functions, and their derivatives, from their graphs;
- run the forward pass with sigmoid and with tanh neurons and compare the results;
- run a whole batch of rows through the network at once.
"""),
    SETUP,
    md("""
## Two steps at every node

For neuron $j$ of a layer, with the previous layer's values $a_0, a_1, \\dots$ as its inputs:

$$s_j = \\sum_i w_{ji}\\, a_i + b_j \\qquad\\qquad a_j^{\\text{new}} = f(s_j)$$

For a whole layer at once, with the weight matrix $W$ (one row per neuron) and the bias vector $b$:

$$s = W a + b, \\qquad a^{\\text{new}} = f(s)$$

The input layer's values are the inputs themselves; the last layer's value is the output $y$.
In `mlpviz`, `net.forward(x)` returns a *trace*: `trace.s[l]` are the weighted sums of layer `l`,
`trace.a[l]` what flows into it (`trace.a[0]` is the input), and `trace.output` is $y$.
"""),
    md("""
## The activation functions

The two activations of the cheat sheets, and their derivatives (which backpropagation will need):
"""),
    code("""
for name in ["sigmoid", "tanh"]:
    act = mv.ACTIVATIONS[name]
    display(explain.LatexMath(act.latex + r"\\qquad " + act.derivative_latex))
"""),
    code("""
plots.plot_activations(["sigmoid", "tanh"])
plt.show()
"""),
    md("""
Read the graphs like this:

- **sigmoid** squashes any sum into (0, 1). Its slope (dashed) is largest at $s = 0$, and even there it
  is small; it fades towards zero for large $|s|$.
- **tanh** has the same S shape, but runs from −1 to 1 and passes through the origin; at $s = 0$ it is
  four times as steep as the sigmoid.
- Far from 0 both curves are flat: a neuron there barely reacts to its inputs. This is why
  notebook 02 scaled the data, and notebook 01 started with small weights.

The values at $s = 0$, from the same functions the network uses:
"""),
    code("""
s0 = np.array([0.0])
for name in ["sigmoid", "tanh"]:
    act = mv.ACTIVATIONS[name]
    print(f"{name:8}  f(0) = {act.f(s0)[0]:.4f}   f'(0) = {act.df(s0)[0]:.4f}")
"""),
    md("""
## The forward pass with sigmoid, input (0.5, 0.5)

This is the cheat sheets' main example: the network from the configuration file, and the input
(0.5, 0.5), which is what a single row of data becomes after scaling (notebook 02). `mlpviz` computes
the trace, and `explain.forward_latex` writes every line out with the numbers substituted.
"""),
    code("""
net = mv.examples.seed_network("sigmoid")
x = mv.examples.SEED_X_001
trace = net.forward(x)
explain.forward_latex(net, trace)
"""),
    md("""
The diagram shows the same values on the nodes (rounded to two decimals): the inputs on the left, each
hidden neuron's activation in the middle, and the output on the right.
"""),
    code("""
plots.draw_network(net, trace=trace)
plt.show()
"""),
    code("""
print("weighted sums of the hidden layer s[0]:", trace.s[0])
print("hidden activations a[1]:              ", trace.a[1])
print("output y:                             ", trace.output)
"""),
    md("""
## The same network with tanh

Only the activation function changes; the weights, biases and weighted sums of the hidden layer stay
the same. Because tanh goes negative, $a_{h[0]}$ is now negative, and so the output's weighted sum and
the output itself change sign.
"""),
    code("""
net_tanh = mv.examples.seed_network("tanh")
trace_tanh = net_tanh.forward(x)
explain.forward_latex(net_tanh, trace_tanh)
"""),
    code("""
mv.lessons.Table.from_columns({
    "value": ["s_h[0]", "s_h[1]", "s_h[2]", "a_h[0]", "a_h[1]", "a_h[2]", "s_o", "y_o"],
    "sigmoid": np.concatenate([trace.s[0], trace.a[1], trace.s[1], trace.output]),
    "tanh": np.concatenate([trace_tanh.s[0], trace_tanh.a[1], trace_tanh.s[1], trace_tanh.output]),
}, title="the forward pass for x = (0.5, 0.5)")
"""),
    md("""
### Checking against the cheat sheets

The cheat sheets' sigmoid numbers agree with these except in two last digits: one value was cut off
instead of rounded, and one sum was added up from already-rounded numbers. The tanh output is really
different: a slip in adding up $s_o$ carried over into $y_o$. The numbers above are the engine's; the
cheat sheet itself goes on with the right $y_o$ a few lines later.
"""),
    code("""
mv.lessons.errata_notes("summation function", "activation function for the")
"""),
    md("""
## The first example: input (1, 1)

The earliest cheat sheet walks the same network through the input (1, 1). Every line follows the same
pattern:
"""),
    code("""
trace_11 = net.forward(mv.examples.SEED_X_000)
explain.forward_latex(net, trace_11)
"""),
    md("""
## A whole batch at once

`forward` also takes a table of inputs, one row per sample: every row goes through the same
weights at the same time, and each `s` and `a` gets one row per sample. Here are the four rows of the
dataset, scaled into [0, 1]:
"""),
    code("""
X, Z = mv.examples.seed_dataset()
X01 = mv.MinMaxScaler().fit_transform(X)
batch = net.forward(X01)
print("hidden sums s[0] has shape", batch.s[0].shape, "(4 samples × 3 hidden neurons)")
mv.lessons.Table.from_columns({"x0": X01[:, 0], "x1": X01[:, 1],
                               "a_h[0]": batch.a[1][:, 0], "a_h[1]": batch.a[1][:, 1],
                               "a_h[2]": batch.a[1][:, 2], "y": batch.output[:, 0]})
"""),
    md("""
The first row of the dataset is the largest value of both columns, so it scales to (1, 1): the
earliest cheat sheet's input, with the same output as in the section above. Any single row of the
batch is exactly what a forward pass of that row alone gives, and `explain` can write out any of
them — here the output node for the last row:
"""),
    code("""
explain.forward_latex(net, batch, layer=1, sample=3)
"""),
    md("""
## Recap

- Every node computes a weighted sum $s = \\sum_i w_i a_i + b$ and an activation $a = f(s)$; a layer
  does it for all its nodes at once, $s = Wa + b$.
- `net.forward(x)` returns a trace with every `s` and `a`; `explain.forward_latex` writes it out with
  the numbers.
- sigmoid maps into (0, 1), tanh into (−1, 1); both are steepest at 0 and flat far from it.
- With the cheat sheets' network and input (0.5, 0.5), the same weighted sums give a positive output
  with sigmoid and a negative one with tanh.

## Try it

1. Change `x` to `np.array([0.0, 1.0])` in the sigmoid cell and re-run the cells below it. Which hidden
   neuron changes the most, and why (look at its weights)?
2. Build `mv.examples.seed_network("relu")` and run the same input through it. Which hidden neurons
   pass their sum through unchanged?
"""),
]

# ============================================================================ 04
NB04 = [
    md("""
# 04 · The loss

The forward pass gave an output $y$; the dataset says it should have been the target $z$. The **loss**
turns "how wrong" into a single number that training can make smaller. The cheat sheets use half the
squared error, $L = \\frac{1}{2}(y - z)^2$. This notebook computes it and explains both the square and
the half.

## What you will be able to do

- compute the loss of one sample by hand and with `mlpviz`;
- explain why the error is squared, and why it is halved;
- compute the loss of a whole dataset as the mean over its samples;
- see that the loss depends on the weights — which is what training exploits.
"""),
    SETUP,
    md("""
## The loss of one sample

The cheat sheets' example: the configuration-file network, input (0.5, 0.5), and the target
$z = 0.91$ (a scaled target, so it lies inside the sigmoid's range).
"""),
    code("""
net = mv.examples.seed_network("sigmoid")
x, z = mv.examples.SEED_X_001, mv.examples.SEED_TARGET
y = net.predict(x)
explain.loss_latex(y, z)
"""),
    code("""
print("mv.mse_loss(y, z) =", round(mv.mse_loss(y, z), 6))
"""),
    md("""
For the same input the tanh network outputs a negative number, far from 0.91, and its loss is much larger:
"""),
    code("""
net_tanh = mv.examples.seed_network("tanh")
explain.loss_latex(net_tanh.predict(x), z)
"""),
    md("""
## Why square the error?

The error $y - z$ itself is no good as a loss: it is negative when the output is too small, and
minimising it would push $y$ down forever. We need a measure that is zero only at $y = z$ and grows on
both sides. The square does that, and two more things:

- **It punishes big errors more.** Twice the error costs four times the loss; a network trained this way
  cares most about its worst mistakes.
- **It is smooth.** The curve has a slope everywhere, including at the bottom, and the slope tells
  training which way to move (notebook 05). The absolute value $|y - z|$ also measures distance,
  but has a sharp corner at $y = z$ where the slope is undefined.
"""),
    code("""
for error in [0.1, 0.2, 0.4]:
    print(f"error {error}: loss {mv.mse_loss([error], [0.0]):.4f}")
"""),
    md("""
The plot shows $L(y)$ for the target 0.91 (blue), its lowest point at $y = z$ (the star), and the
slope of the curve, $y - z$ (dashed). The green dot is the sigmoid network's output $y$ from above, and
the green line is the tangent there: it slopes downwards, so increasing $y$ lowers the loss. Left of
the star the dashed slope is negative, right of it positive: a step *against* the slope always moves
$y$ towards the target.
"""),
    code("""
plots.plot_half_squared_error(z=float(z[0]), y=float(y[0]))
plt.show()
"""),
    md("""
## Why the ½?

Only for convenience. The derivative of $(y - z)^2$ is $2(y - z)$; the ½ cancels the 2, so the slope
of the loss is simply the error:

$$\\frac{dL}{dy} = \\frac{d}{dy}\\,\\frac{1}{2}(y - z)^2 = y - z$$

Halving the loss does not move its minimum — it only makes every slope half as steep, which the
learning rate can absorb. Let's check the formula against a slope measured numerically, without any
calculus: nudge $y$ a tiny bit both ways and see how much the loss changes.
"""),
    code("""
y0 = float(y[0])
measured = mv.gradcheck.numerical_slope(lambda v: mv.mse_loss([v], z), y0)
formula = mv.loss.mse_loss_gradient(y, z)[0]
print(f"slope measured by nudging y: {measured:.6f}")
print(f"formula y - z:               {formula:.6f}")
"""),
    md("""
## The loss of the whole dataset

For several samples, `mlpviz` averages the per-sample losses — so a batch of one sample gives exactly the
cheat sheets' number, and the loss does not grow just because the dataset does. Here is every row of the
scaled dataset, and the mean:
"""),
    code("""
X, Z = mv.examples.seed_dataset()
X01 = mv.MinMaxScaler().fit_transform(X)
Z01 = mv.MinMaxScaler().fit_transform(Z)
mv.lessons.loss_table(net, X01, Z01, title="the untrained sigmoid network on the scaled dataset")
"""),
    code("""
print("mean loss over the four rows:", round(net.loss(X01, Z01), 6))
"""),
    md("""
$$L_{\\text{dataset}} = \\frac{1}{n} \\sum_{k=1}^{n} \\frac{1}{2}\\left(y^{(k)} - z^{(k)}\\right)^2$$

Which rows contribute most? The ones whose target is far from what the network currently answers.
"""),
    md("""
## The loss depends on the weights

The input and the target are fixed, so the only things that can change the loss are the weights and
biases. Nudge a single weight, the output weight $w_{o[1]}$, from −1.0 up to −0.9, and the loss of the
cheat sheets' sample drops:
"""),
    code("""
nudged = net.copy()
nudged.weights[1][0, 1] = -0.9
print("w_o[1] = -1.0: loss", round(net.loss(x, z), 6))
print("w_o[1] = -0.9: loss", round(nudged.loss(x, z), 6))
"""),
    md("""
Training does this systematically: for every weight and bias it works out which direction lowers the
loss (notebook 06, backpropagation) and takes a small step that way (notebook 07). Notebook 05 shows
the idea on a simple bowl-shaped function first.
"""),
    md("""
## Recap

- The loss of one sample is $L = \\frac{1}{2}(y - z)^2$: zero when the output hits the target, growing on
  both sides.
- Squaring makes the loss positive, smooth, and harsh on big errors; the ½ makes its slope exactly
  $y - z$.
- The loss of a dataset is the mean over its samples: `net.loss(X, Z)`.
- The loss depends on the weights and biases — training lowers it by changing them.

## Try it

1. Change the target `z` to `np.array([0.5])` and re-run the first cells. Why is the loss now so small?
2. In the last code cell, try `-0.5` and `-1.5` for $w_{o[1]}$. Which direction lowers the loss, and
   does it keep falling if you go further?
"""),
]

NOTEBOOK_CELLS = {
    "00_start_here": NB00,
    "01_initialization": NB01,
    "02_normalization": NB02,
    "03_forward_pass": NB03,
    "04_loss": NB04,
}


def build(name: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for k, cell in enumerate(NOTEBOOK_CELLS[name]):
        if cell[0] == "markdown":
            new = nbformat.v4.new_markdown_cell(cell[1])
        else:
            new = nbformat.v4.new_code_cell(cell[1])
            if cell[2]:
                new.metadata["tags"] = list(cell[2])
        new["id"] = f"{name[:2]}-{k:02d}"
        nb.cells.append(new)
    nbformat.validate(nb)
    path = NOTEBOOKS / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def main(argv: list[str]) -> int:
    names = [n for n in NOTEBOOK_CELLS if not argv or any(n.startswith(a) for a in argv)]
    for name in names:
        print("wrote", build(name).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
