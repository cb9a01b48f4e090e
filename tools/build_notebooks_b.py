"""Write the stage notebooks 05-09 from the cell texts below (unexecuted).

Usage (from the repository root)::

    .venv/bin/python tools/build_notebooks_b.py [05 07 ...]   # default: all five
    .venv/bin/python tools/run_notebooks.py 05 06 07 08 09    # then execute and store them

Each notebook is a list of cells: ``md(...)`` for prose, ``code(...)`` for code.
Notebooks narrate and call; every number they show is computed by mlpviz.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def md(text: str, needs: str | None = None) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(text.strip("\n"))
    if needs:
        cell.metadata["_needs"] = needs
    return cell


def code(text: str, tags: list[str] | None = None, needs: str | None = None) -> nbformat.NotebookNode:
    """A code cell; ``needs`` names what it calls that may not exist yet (see :func:`available`)."""
    cell = nbformat.v4.new_code_cell(text.strip("\n"))
    if tags:
        cell.metadata["tags"] = tags
    if needs:
        cell.metadata["_needs"] = needs
    return cell


def available(name: str) -> bool:
    """True if the dotted name imports (a module) or resolves to an attribute of one."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attr in parts[cut:]:
                obj = getattr(obj, attr)
        except AttributeError:
            return False
        return True
    return False


SETUP = code("""
import numpy as np
import matplotlib.pyplot as plt
import mlpviz as mv
from mlpviz import plots
%matplotlib inline
mv.lessons.setup()  # display only: numpy shows 4 decimals, figures are stored as pictures
""")

# ============================================================================ 05
NB05 = [
    md(r"""
# 05 · Gradient descent: rolling downhill on $x^2 + y^2$

Training a network means finding weights that make the loss small. Before we do that with
thirteen weights, we practise on a function of just two numbers, where every step can be drawn.

## What you will be able to do

- state the gradient-descent rule $\theta_\text{new} = \theta - \eta\,\nabla f(\theta)$ and say why it has a minus sign;
- derive the gradient of $f(x, y) = x^2 + y^2$ with sympy and take one step by hand;
- reproduce the cheat sheet's table of steps from $(3, 4)$ with $\eta = 0.1$ — and spot where its numbers slip;
- predict what a tiny, a good, a too-large and a far-too-large learning rate will do.
"""),
    SETUP,
    md(r"""
## The rule

The **gradient** $\nabla f$ is the vector of partial derivatives. It points in the direction in which
$f$ climbs fastest, so a small step *against* it goes downhill:

$$
\theta_\text{new} = \theta - \eta\,\nabla f(\theta)
$$

$\theta$ stands for whatever we are adjusting (here the point $(x, y)$; later every weight and bias)
and $\eta$, the **learning rate**, sets how far each step goes.

## The bowl and its gradient

$f(x, y) = x^2 + y^2$ is a round bowl with its lowest point at the origin. We let sympy take the partial
derivatives, so no derivative here is typed by hand:
"""),
    code("""
from mlpviz import symbolic

symbolic.gradient_2d("x^2 + y^2")
""", needs="mlpviz.symbolic"),
    md(r"""
Put $\partial f/\partial x = 2x$ into the rule and the $x$ update collapses to one multiplication,
$x_\text{new} = x - \eta\,2x = x\,(1 - 2\eta)$, and the same for $y$. With $\eta = 0.1$ every step
multiplies the point by $1 - 2\eta$:
"""),
    code("""
start, lr = mv.examples.SEED_DESCENT_START, mv.examples.SEED_DESCENT_LR
bowl_fn = mv.descent.get_function("bowl")
print("start (x, y) =", start, "   learning rate η =", lr)
print("factor 1 − 2η per step:", bowl_fn.step_factors(lr))
"""),
    md(r"""
## The table of steps

Ten steps from $(3, 4)$. Each row holds the point before the step, the gradient there, the point after
the step and the height $f$ before the step:
"""),
    code("""
path = mv.descent.gradient_descent("bowl", start=start, lr=lr, steps=10)
print(path.format_table(digits=4))
"""),
    md(r"""
Every $x$ and $y$ is $1 - 2\eta$ times the one above it, so every height $f$ is $(1 - 2\eta)^2$ times
the one above it: the point slides straight towards $(0, 0)$ and the height shrinks geometrically.

### Where the cheat sheet's table slips

Two things to know when you compare with the cheat sheet. Its last column is $f$ at the *new* point,
so its heights sit one row higher than ours. And while most of its numbers agree with ours, some were
computed from the already-rounded numbers of the row above (off in the last digit), and its last three
heights are simply wrong — squaring and adding its own $x_\text{new}$ and $y_\text{new}$ shows it:
""", needs="mlpviz.errata"),
    code("""
mv.lessons.errata_notes("descent")
""", needs="mlpviz.errata"),
    md(r"""
## The path on the map and on the bowl

On the left, the contour lines of $f$ (like a hiking map) with the path; on the right the same path on
the bowl itself. The steps get shorter because the slope flattens near the bottom, not because $\eta$
changes.
"""),
    code("""
with plots.plot_style():
    fig = plt.figure(figsize=(11, 5), layout="constrained")
plots.plot_descent(path, fig=fig)
plt.show()
"""),
    md(r"""
## What the learning rate does

For this bowl each step multiplies the point by $1 - 2\eta$, which tells the whole story:

| $\eta$ | factor $1 - 2\eta$ | what happens |
| --- | --- | --- |
| tiny | just below 1 | crawls: many steps to get anywhere |
| good | between 0 and 1 | slides straight in |
| 1.0 | exactly −1 | bounces between $(3, 4)$ and $(-3, -4)$ forever |
| above 1 | below −1 | every step lands further out: **diverges** |

Here are four runs of ten steps; `message` explains each one in words:
"""),
    code("""
rates = {0.01: "tiny", 0.1: "good", 1.0: "oscillates", 1.1: "diverges"}
runs = [mv.descent.gradient_descent("bowl", start=start, lr=eta, steps=10) for eta in rates]
for eta in rates:
    print(mv.descent.Descent("bowl", start=start, lr=eta).message)
"""),
    md(r"""
Mind the axes of the last picture: the path left the map of the other three, so it is drawn
zoomed out.
"""),
    code("""
with plots.plot_style():
    fig, axes = plt.subplots(2, 2, figsize=(10, 9.6), layout="constrained")
for run, ax, (eta, what) in zip(runs, axes.flat, rates.items()):
    plots.plot_descent_contour(run, ax=ax, arrows=False, title=f"η = {eta:g}: {what}")
plt.show()
"""),
    md(r"""
A neural network's loss is not a perfect bowl, so there is no formula for the best $\eta$; but the
same four behaviours show up when training, and you will meet them again in notebook 08.

## Explore

Drag the learning rate and the start point; press **Step** to take one step at a time. (The sliders
need a live kernel: run the notebook to use them.)
""", needs="mlpviz.widgets.DescentExplorer"),
    code("""
from mlpviz.widgets import DescentExplorer

DescentExplorer()
""", needs="mlpviz.widgets.DescentExplorer"),
    md(r"""
## Recap

- Gradient descent repeats $\theta \leftarrow \theta - \eta\,\nabla f(\theta)$: a step against the slope.
- For $x^2 + y^2$ the gradient is $(2x, 2y)$, so each step multiplies the point by $1 - 2\eta$.
- Small $\eta$: slow; moderate: steady progress; $\eta = 1$: endless bouncing; $\eta > 1$: divergence.
- The cheat sheet's table has the right points but a few wrong heights; recomputing catches them.

## Try it

1. Run `mv.descent.gradient_descent("bowl", start=start, lr=0.5, steps=3)` — why does it stop moving
   after one step?
2. Try the stretched bowl `"stretched"` ($x^2 + 10y^2$) with $\eta = 0.1$: which direction zig-zags, and why?
"""),
]

# ============================================================================ 06
NB06 = [
    md(r"""
# 06 · Backpropagation: the chain rule, one factor at a time

Gradient descent needs $\partial L / \partial \theta$ for every weight and bias. On the bowl of
notebook 05 the gradient was one line. In a network the loss depends on a weight through a chain of
functions, and the chain rule takes that chain apart, link by link.

## What you will be able to do

- write the loss of the 2-3-1 network as a chain: weight → weighted sum → activation → loss;
- derive the output error signal $\delta_o$ and the hidden error signals $\delta_h$ with sympy, factor by factor;
- evaluate every factor at the cheat sheet's numbers: input $(0.5, 0.5)$, target $0.91$;
- check the engine's `net.backward` against sympy and against finite differences.
"""),
    SETUP,
    md(r"""
## The example

The cheat sheet's 2-3-1 network with its configuration-file weights, the single normalised row
$x = (0.5, 0.5)$ and the target $z = 0.91$. First the forward pass of notebook 03:
"""),
    code("""
net = mv.examples.seed_network("sigmoid")
x, z = mv.examples.SEED_X_001, mv.examples.SEED_TARGET
trace = net.forward(x)
print("hidden sums    s_h =", trace.s[0])
print("hidden outputs a_h =", trace.a[1])
print("output sum     s_o =", trace.s[1])
print("output         y   =", trace.output)
print(f"loss ½(y − z)²     = {net.loss(x, z):.6f}")
"""),
    md(r"""
## The network as formulas

sympy can write the whole network as formulas: every weighted sum, every activation and the loss.
Read from the top, this is the forward pass; read from the bottom up, it is the chain that connects
the loss to each weight.
"""),
    code("""
from mlpviz import symbolic

model = symbolic.SymbolicMLP.from_network(net)
model
""", needs="mlpviz.symbolic"),
    md(r"""
sympy's names carry one more index than the cheat sheet's, the layer: $wh[0][j][i]$ is the weight
from input $i$ into node $j$ of hidden layer 0 (the cheat sheet's $w_{h[j][i]}$), and $wo[0][j]$ the
weight from hidden node $j$ into output node 0 (the cheat sheet's $w_{o[j]}$).

## The output layer: a chain of three links

An output weight reaches the loss through three functions, one inside the other:
$s_o = \sum_j a_{h[j]}\,w_{o[j]} + b_o$, then $y = f_o(s_o)$, then $L = \tfrac12 (y - z)^2$. The chain
rule multiplies the derivatives of the links:

$$
\frac{\partial L}{\partial w_{o[j]}} =
\frac{\partial L}{\partial y}\cdot\frac{\partial y}{\partial s_o}\cdot\frac{\partial s_o}{\partial w_{o[j]}} .
$$

sympy derives each factor on its own. For the sigmoid it first gets $\sigma'(s) = e^{-s}/(1+e^{-s})^2$,
which is the same as $y\,(1 - y)$, the form the cheat sheet uses:
"""),
    code("""
output_rule = model.derive("wo_0_0")
output_rule
""", needs="mlpviz.symbolic"),
    md(r"""
Now the cheat sheet's numbers, put into each factor by sympy. The last line is a check: sympy also
differentiates the whole loss formula with respect to $w_{o[0]}$ in one go, with no chain rule at all.
"""),
    code("""
mv.lessons.chain_rule_numbers(output_rule, net, x, z)
""", needs="mlpviz.symbolic"),
    md(r"""
The first two factors do not depend on which output weight we picked. Their product is the **output
error signal**

$$
\delta_o = \frac{\partial L}{\partial s_o} = (y - z)\, f_o'(s_o),
$$

and every output gradient is $\delta_o$ times what flows in along that weight:
$\partial L/\partial w_{o[j]} = \delta_o\, a_{h[j]}$, and $\partial L/\partial b_o = \delta_o$ because
$\partial s_o/\partial b_o = 1$. This is how the engine computes it (`net.backward`), written out the
way the cheat sheet writes it:
"""),
    code("""
from mlpviz import explain

grads = net.backward(trace, z)
explain.output_delta_latex(net, trace, z)
"""),
    md(r"""
$y$ is below the target, so $y - z < 0$ and $\delta_o$ is negative: gradient descent will *raise* the
output.

## The hidden layer: one link further back

A hidden weight $w_{h[j][i]}$ is one link further away. It changes $s_{h[j]}$, which changes
$a_{h[j]}$, which changes $s_o$ through the output weight $w_{o[j]}$; from there on the chain is the
one we already have:

$$
\frac{\partial L}{\partial w_{h[j][i]}} =
\underbrace{\frac{\partial L}{\partial a_{h[j]}}}_{w_{o[j]}\,\delta_o}\cdot
\frac{\partial a_{h[j]}}{\partial s_{h[j]}}\cdot
\frac{\partial s_{h[j]}}{\partial w_{h[j][i]}} .
$$

Here it is for $w_{h[1][0]}$, derived by sympy and then evaluated:
"""),
    code("""
hidden_rule = model.derive("wh_0_1_0")
hidden_rule
""", needs="mlpviz.symbolic"),
    code("""
mv.lessons.chain_rule_numbers(hidden_rule, net, x, z)
""", needs="mlpviz.symbolic"),
    md(r"""
The factors in front of $x_i$ make the **hidden error signal** of node $j$:

$$
\delta_{h[j]} = \frac{\partial L}{\partial s_{h[j]}} = f_h'(s_{h[j]})\; w_{o[j]}\; \delta_o ,
\qquad
\frac{\partial L}{\partial w_{h[j][i]}} = \delta_{h[j]}\, x_i ,
\qquad
\frac{\partial L}{\partial b_{h[j]}} = \delta_{h[j]} .
$$

This is the "back" in backpropagation: the output's error signal is sent backwards along the same weight
that carried the signal forwards, and scaled by how sensitive the hidden node is. All three, as the
engine computes them:
"""),
    code("""
explain.hidden_delta_latex(net, trace, grads)
"""),
    md(r"""
And the error signals of both layers once more, sympy's next to the engine's:
"""),
    code("""
print("δh  sympy:", model.deltas(net, x, z)[0], "  backward:", grads.delta[0])
print("δo  sympy:", model.deltas(net, x, z)[1], "  backward:", grads.delta[1])
""", needs="mlpviz.symbolic"),
    md(r"""
Hidden node 2 gets $\delta_{h[2]} = 0$: its output weight $w_{o[2]}$ is $0$, so for now it has no
influence on the output, and nothing to correct.

## Three ways to the same gradients

The engine's `net.backward` uses the error-signal recursion above. Two independent checks:

- **sympy** differentiates the whole formula for $L$ with respect to each parameter directly, with no
  error signals;
- **finite differences** use no calculus at all: nudge one parameter by $\pm h$ and see how the loss
  changes, $\;\partial L/\partial \theta \approx \big(L(\theta + h) - L(\theta - h)\big) / 2h$.
"""),
    code("""
mv.lessons.gradient_table(net, x, z, {
    "sympy": symbolic.gradients(net, x, z),
    "finite differences": mv.gradcheck.finite_difference_gradients(net, x, z),
})
""", needs="mlpviz.symbolic"),
    md(r"""
All thirteen agree. Finite differences are simple but need two forward passes *per parameter*;
backpropagation gets every gradient from one forward and one backward pass, which is why networks
with millions of weights can be trained at all.

## The same with tanh

Only the derivative of the activation changes: $\tanh'(s) = 1 - \tanh^2(s)$, so
$\delta_o = (1 - y^2)(y - z)$ and $\delta_{h[j]} = (1 - a_{h[j]}^2)\, w_{o[j]}\, \delta_o$:
"""),
    code("""
net_tanh = mv.examples.seed_network("tanh")
trace_tanh = net_tanh.forward(x)
explain.output_delta_latex(net_tanh, trace_tanh, z)
"""),
    code("""
mv.lessons.gradient_table(net_tanh, x, z, {
    "sympy": symbolic.gradients(net_tanh, x, z),
    "finite differences": mv.gradcheck.finite_difference_gradients(net_tanh, x, z),
})
""", needs="mlpviz.symbolic"),
    md(r"""
The tanh network starts much further from the target (its output is even negative), so its error
signals, and with them all its gradients, are many times larger than the sigmoid network's.

## Checking the cheat sheet

The cheat sheet's error signals are right, but its $\delta_{h[1]}$ line shows $\delta_o$ with a wrong
digit — a typo, since the result of that line uses the right value — and one result is cut off
instead of rounded:
"""),
    code("""
mv.lessons.errata_notes("error signal")
""", needs="mlpviz.errata"),
    md(r"""
## Recap

- The loss reaches a weight through a chain: weighted sum → activation → (next layer) → loss. The chain
  rule multiplies the derivatives of the links.
- $\delta_o = (y - z)\,f_o'(s_o)$ and $\delta_{h[j]} = f_h'(s_{h[j]})\,w_{o[j]}\,\delta_o$.
- Every gradient is an error signal times what flows into the weight: $\delta_o\, a_{h[j]}$ and
  $\delta_{h[j]}\, x_i$; for a bias it is the error signal itself.
- Backprop, sympy and finite differences agree.

## Try it

1. Set `z = np.array([0.3])` (a target *below* $y$) and run the notebook again from the top: which signs flip?
2. Show `mv.lessons.chain_rule_numbers(model.derive("wh_0_2_0"), net, x, z)`: which factor makes the
   gradient zero?
"""),
]

# ============================================================================ 07
NB07 = [
    md(r"""
# 07 · The update: one step downhill for every weight

Notebook 06 found the gradient of the loss for each of the thirteen weights and biases. Now we spend
it: one step of gradient descent, exactly as on the bowl in notebook 05, only in thirteen dimensions.

## What you will be able to do

- apply $\theta_\text{new} = \theta - \eta\,\partial L/\partial\theta$ to every weight and bias of the 2-3-1 network;
- read an old-versus-new table and explain the sign and size of every change;
- see on the network diagram what moved, and check that the loss went down;
- recognise the slips in the cheat sheet's new output weights.
"""),
    SETUP,
    md(r"""
## Where we start

The cheat sheet's network, its input $(0.5, 0.5)$, target $0.91$ and learning rate $\eta = 0.1$;
forward and backward pass as in notebooks 03 and 06:
"""),
    code("""
net = mv.examples.seed_network("sigmoid")
x, z, lr = mv.examples.SEED_X_001, mv.examples.SEED_TARGET, mv.examples.SEED_LR
trace = net.forward(x)
grads = net.backward(trace, z)
print("η  =", lr)
print("δo =", grads.delta[-1])
print("δh =", grads.delta[0])
"""),
    md(r"""
## The rule, for every parameter

$$
\begin{aligned}
w_{o[i]} &\leftarrow w_{o[i]} - \eta\,\delta_o\,a_{h[i]}, & b_o &\leftarrow b_o - \eta\,\delta_o,\\
w_{h[j][i]} &\leftarrow w_{h[j][i]} - \eta\,\delta_{h[j]}\,x_i, & b_{h[j]} &\leftarrow b_{h[j]} - \eta\,\delta_{h[j]}.
\end{aligned}
$$

For the output layer, with the numbers in (four decimals, as the cheat sheet prints them):
"""),
    code("""
from mlpviz import explain

explain.update_latex(net, grads, lr, trace=trace, layer=1)
"""),
    md(r"""
`net.update(grads, lr)` applies the rule to all thirteen parameters at once. We keep a copy of the
network first, so that old and new can sit side by side:
"""),
    code("""
before = net.copy()
net.update(grads, lr)
mv.lessons.update_table(before, net, grads, lr)
"""),
    md(r"""
## Reading the table

- **Sign.** Each change is $-\eta$ times the gradient. $\delta_o$ is negative (the output is below
  the target), so the output bias and the output weights grow, and the output will go up.
- **Size.** The output weights move more than the hidden ones: their gradients carry $\delta_o$ directly,
  while the hidden ones carry $\delta_o$ times $w_{o[j]}$ (at most 1 in size here) times
  $f'(s_{h[j]}) \le 0.25$ times the input $x_i$.
- **Pairs.** $w_{h[j][0]}$ and $w_{h[j][1]}$ move by the same amount because both inputs are $0.5$.
- **Node 2.** $w_{h[2][\cdot]}$ and $b_{h[2]}$ do not move ($\delta_{h[2]} = 0$ because $w_{o[2]} = 0$),
  but $w_{o[2]}$ itself does: after this step node 2 has a say in the output, and from the next step on
  its own weights will learn too.

## Did the step help?
"""),
    code("""
print(f"output y : {before.predict(x)[0]:.6f} → {net.predict(x)[0]:.6f}   (target {z[0]})")
print(f"loss     : {before.loss(x, z):.6f} → {net.loss(x, z):.6f}")
"""),
    md(r"""
The output moved towards the target and the loss went down — a small step, because $\eta$ is small.

## On the diagram

The old network above, the new one below, with four decimals. Compare any label with the table: the
numbers moved in the third or fourth decimal, but the picture hardly changed, because one step changes each
weight by less than a hundredth.
"""),
    code("""
plots.draw_network_diff(before, net)
plt.show()
"""),
    md(r"""
To see what moved, draw the *change* $\theta_\text{new} - \theta$ instead of the new values (lower
panel): a thicker line is a bigger change, blue an increase, vermillion a decrease. The output weights
and bias moved most; the lines into $h_2$ did not move at all.
"""),
    code("""
plots.draw_network_diff(before, net, delta=True)
plt.show()
"""),
    md(r"""
## Checking the cheat sheet

Two of the cheat sheet's new output weights do not follow from its own formula: redoing
$w - \eta\,\delta_o\,a_h$ with its numbers gives different values.
""", needs="mlpviz.errata"),
    code("""
mv.lessons.errata_notes("after one update")
""", needs="mlpviz.errata"),
    md(r"""
## The same step with tanh

With tanh the error signals are many times larger (notebook 06), so the same $\eta$ moves the
weights much further, and the loss drops much more in one step:
"""),
    code("""
net_tanh = mv.examples.seed_network("tanh")
before_tanh = net_tanh.copy()
grads_tanh = net_tanh.step(x, z, lr)
print(f"loss: {before_tanh.loss(x, z):.6f} → {net_tanh.loss(x, z):.6f}")
mv.lessons.update_table(before_tanh, net_tanh, grads_tanh, lr)
"""),
    md(r"""
## Recap

- One update: every parameter moves by $-\eta$ times its gradient; `net.update(grads, lr)` does all of them.
- The sign of the error signal decides the direction, its size and the incoming activation decide how far.
- A parameter whose gradient is zero stays put; a node whose output weight is zero does not learn yet.
- One small step lowers the loss a little; training repeats it (notebook 08).

## Try it

1. Re-run the update with `lr = 1.0` instead of `mv.examples.SEED_LR`: how much does the loss drop now?
   And with `lr = 50`?
2. Call `net.step(x, z, lr)` a few times in a new cell and print `net.weights[1]`: how fast does
   $w_{o[2]}$ grow, and when do $w_{h[2][\cdot]}$ start to move?
"""),
]

# ============================================================================ 08
NB08 = [
    md(r"""
# 08 · The training loop: iterations, epochs and the loss curve

One update lowered the loss a little (notebook 07). Training is that update repeated — many times,
over every row of the dataset.

## What you will be able to do

- tell an **iteration** (one update) from an **epoch** (one pass over the whole dataset);
- reproduce the cheat sheet's loss table for its single training row;
- train the 2-3-1 network on the whole normalised dataset and read its loss curve;
- turn the trained network's outputs back into the dataset's units.
"""),
    SETUP,
    md(r"""
## Two loops, one inside the other

```
for epoch in 1 … E:                 # an epoch: one pass over the dataset
    for each row (x, z):            # an iteration: one update
        forward:  y = net(x)
        loss:     L = ½ (y − z)²
        backward: δ, ∂L/∂θ
        update:   θ ← θ − η ∂L/∂θ
```

Updating after every single row is **stochastic gradient descent** (SGD) with a batch size of 1 — what
the cheat sheet does. `net.fit(X, Z, epochs, lr)` runs exactly these loops and returns a `History`:
`step_loss` has the loss of every iteration (measured just before its update), `epoch_loss` the mean
of each epoch.

## The cheat sheet's run: one row, many iterations

The cheat sheet trains on its single normalised row $(0.5, 0.5) \to 0.91$. A dataset of one row makes
every epoch a single iteration. We train long enough to reach its last listed iteration:
"""),
    code("""
x, z, lr = mv.examples.SEED_X_001, mv.examples.SEED_TARGET, mv.examples.SEED_LR
iterations = mv.examples.SEED_LOSS_ITERATIONS
net = mv.examples.seed_network("sigmoid")
history = net.fit([x], [z], epochs=max(iterations) + 1, lr=lr)
mv.lessons.step_loss_table(history.step_loss, iterations)
"""),
    md(r"""
Iteration 0 is the untrained network, the loss of notebook 04. These values agree with the cheat
sheet's table to every digit it prints.
"""),
    md(r"""
## The loss curve

The same run as a picture. On the left the plain loss; on the right a logarithmic axis, where a steady
slope means the loss shrinks by the same *factor* every so many iterations. (The plots call an
iteration a *step*.)
"""),
    code("""
with plots.plot_style():
    fig, (left, right) = plt.subplots(1, 2, figsize=(15, 5))
plots.plot_loss(history, ax=left, per="step", title="loss")
plots.plot_loss(history, ax=right, per="step", log=True, title="loss, logarithmic axis")
plt.show()
"""),
    md(r"""
## The whole dataset

A network that only ever sees one row learns to output $0.91$ and nothing else. The real task is the
four rows of the dataset, normalised to $[0, 1]$ column by column (notebook 02):
"""),
    code("""
X, Z = mv.examples.seed_dataset()
x_scaler, z_scaler = mv.MinMaxScaler().fit(X), mv.MinMaxScaler().fit(Z)
Xs, Zs = x_scaler.transform(X), z_scaler.transform(Z)
mv.lessons.Table.from_columns({"i0": X[:, 0], "i1": X[:, 1], "z0": Z[:, 0],
                               "i0 scaled": Xs[:, 0], "i1 scaled": Xs[:, 1], "z0 scaled": Zs[:, 0]},
                              digits=[0, 0, 0, 4, 4, 4])
"""),
    md(r"""
Four rows and a batch size of 1 make four iterations per epoch. We train for 1000 epochs from the
cheat sheet's initial weights:
"""),
    code("""
net = mv.examples.seed_network("sigmoid")
history = net.fit(Xs, Zs, epochs=1000, lr=lr)
print("epochs:", len(history.epoch_loss), "  iterations:", len(history.step_loss))
"""),
    md(r"""
## What one epoch means

The first two epochs, iteration by iteration. Each row of the data gets its own update, so the loss
jumps around within an epoch: a step that helps one row can hurt another. The **epoch loss** is the
mean over the epoch's iterations, which is why we usually plot that:
"""),
    code("""
mv.lessons.epoch_table(history, n_samples=len(X), epochs=2)
"""),
    code("""
plots.plot_loss(history, per="epoch", title="epoch loss, 1000 epochs of the whole dataset")
plt.show()
"""),
    md(r"""
## Predictions in the original units

The network speaks in scaled units; `z_scaler.inverse_transform` turns its outputs back into the
dataset's units (notebook 02):
"""),
    code("""
y = z_scaler.inverse_transform(net.predict(Xs))
mv.lessons.Table.from_columns({"i0": X[:, 0], "i1": X[:, 1], "target z0": Z[:, 0], "prediction": y[:, 0],
                               "error": y[:, 0] - Z[:, 0]}, digits=[0, 0, 0, 2, 2])
"""),
    md(r"""
After 1000 epochs the curve is still falling, so training is not finished. `fit` continues from the
current weights, so we can simply call it again:
"""),
    code("""
more = net.fit(Xs, Zs, epochs=4000, lr=lr)
print(f"epoch loss after 1000 epochs: {history.epoch_loss[-1]:.5f}")
print(f"epoch loss after 5000 epochs: {more.epoch_loss[-1]:.5f}")
y = z_scaler.inverse_transform(net.predict(Xs))
mv.lessons.Table.from_columns({"target z0": Z[:, 0], "prediction": y[:, 0], "error": y[:, 0] - Z[:, 0]},
                              digits=[0, 2, 2])
"""),
    md(r"""
## Train it yourself

Step one sample, one epoch or many at a time and watch the loss curve grow. (The buttons need a live
kernel: run the notebook to use them.)
""", needs="mlpviz.widgets.TrainerWidget"),
    code("""
from mlpviz.widgets import TrainerWidget

TrainerWidget()
""", needs="mlpviz.widgets.TrainerWidget"),
    md(r"""
## Recap

- An **iteration** is one forward–backward–update; an **epoch** is one pass over every row; with
  batch size 1 an epoch of $n$ rows is $n$ iterations.
- The cheat sheet's loss table for one row is reproduced exactly by `net.fit(...).step_loss`.
- Within an epoch per-row losses jump around; the epoch mean falls smoothly.
- Training on scaled data, then `inverse_transform`, gives predictions in the dataset's units.

## Try it

1. Train with `shuffle=True, seed=0` in `net.fit`: does the epoch loss after 1000 epochs change?
2. Train with `batch_size=4` (one update per epoch, on the mean gradient of all four rows): how many
   epochs does it need to reach the loss SGD reached after 1000?
"""),
]

# ============================================================================ 09
NB09 = [
    md(r"""
# 09 · Save and predict: keeping what training learned

Training is the expensive part; using the network afterwards is cheap. To use it later, in another
program or on another machine, we keep two things on disk: the **weights and biases**, and the
**min and max of every column**, without which new data cannot be scaled the way the network expects.

## What you will be able to do

- save a trained network and its min-max values in mlpviz's JSON format and in the Go `mlp` package's format;
- load them into a fresh network and check nothing was lost;
- test the reloaded network and predict new rows in the original units;
- say what the Go files do *not* record, and why that matters when loading them.
"""),
    SETUP,
    md(r"""
## A trained network

The same training as in notebook 08: the cheat sheet's dataset scaled to $[0, 1]$, its initial weights,
per-sample SGD with $\eta = 0.1$ for 1000 epochs.
"""),
    code("""
X, Z = mv.examples.seed_dataset()
x_scaler, z_scaler = mv.MinMaxScaler().fit(X), mv.MinMaxScaler().fit(Z)
net = mv.examples.seed_network("sigmoid")
history = net.fit(x_scaler.transform(X), z_scaler.transform(Z), epochs=1000, lr=mv.examples.SEED_LR)
print(f"final epoch loss: {history.epoch_loss[-1]:.5f}")
"""),
    md(r"""
## Saving: four files

mlpviz's own format records everything needed to rebuild the network — layer sizes, activations,
weights — and says what kind of file it is. The Go `mlp` package (the one the cheat sheet was tested
with) uses two files with fixed key names. We write both kinds into a temporary folder that is deleted
at the end of the notebook.

A trained network is useless without the min-max values it was trained with, so `save_model` writes
the pair together: both files go to temporary files first and are renamed into place only when both
are complete. If anything fails (a full disk, a missing folder), neither old file is replaced, so new
weights never end up beside old min-max values. (`save_network`, `save_scaler`, `save_go_weights` and
`save_go_minmax` write one file each.)
"""),
    code("""
import tempfile
from pathlib import Path
from mlpviz import io

folder = tempfile.TemporaryDirectory()
out = Path(folder.name)
io.save_model(net, x_scaler, z_scaler, out / "network.json", out / "minmax.json")
io.save_model(net, x_scaler, z_scaler, out / "go-weights-biases.json", out / "go-minmax.json", format="go")
sorted(p.name for p in out.iterdir())
"""),
    md(r"""
The min-max files are short enough to read. mlpviz's records the range the data was scaled to; the Go
one has only the numbers:
"""),
    code("""
print((out / "minmax.json").read_text())
print((out / "go-minmax.json").read_text())
"""),
    md(r"""
## Loading into a fresh network

A new Python session would start here: nothing but the files. `load_network` rebuilds the network,
`load_scaler` the two scalers:
"""),
    code("""
loaded = io.load_network(out / "network.json")
x_loaded, z_loaded = io.load_scaler(out / "minmax.json")
print(loaded, loaded.activation_names)
mv.lessons.parameter_table({"trained": net, "loaded": loaded}, digits=6)
"""),
    code("""
print("same weights and biases:", mv.lessons.same_parameters(net, loaded))
print("same scaling:", np.array_equal(x_loaded.data_min_, x_scaler.data_min_)
      and np.array_equal(z_loaded.data_max_, z_scaler.data_max_))
"""),
    md(r"""
mlpviz writes every number with all the digits a float has, so the round trip is exact, not just close.

## Testing: the loss on the dataset

Testing means running the forward pass on rows whose targets we know and measuring the loss — no
updates. On the training rows:
"""),
    code("""
Xs, Zs = x_loaded.transform(X), z_loaded.transform(Z)
print(f"loss of the loaded network:  {loaded.loss(Xs, Zs):.5f}")
print(f"last epoch loss of training: {history.epoch_loss[-1]:.5f}")
"""),
    md(r"""
The two numbers differ slightly, and that is no mistake: the epoch loss is the mean of four losses
measured *during* the last epoch, each just before its own update, while the weights were still
changing. The test loss measures all four rows with the final weights.
"""),
    md(r"""
## Predicting new rows in the original units

Prediction is a three-stage pipe: scale the inputs with the *saved* min and max, run the network, and
un-scale the output:

$$
x \xrightarrow{\text{min-max}} x_\text{scaled} \xrightarrow{\text{network}} y_\text{scaled}
\xrightarrow{\text{inverse min-max}} y .
$$
"""),
    code("""
new_rows = np.array([[60.0, 90.0], [40.0, 80.0], [70.0, 70.0]])
y = z_loaded.inverse_transform(loaded.predict(x_loaded.transform(new_rows)))
mv.lessons.Table.from_columns({"i0": new_rows[:, 0], "i1": new_rows[:, 1], "predicted z0": y[:, 0]},
                              digits=[0, 0, 2])
"""),
    md(r"""
Each prediction stays inside the range of targets the network was trained on: the output is a sigmoid,
between 0 and 1 in scaled units, i.e. between the smallest and the largest $z_0$ of the dataset.

## The Go format: what it leaves out

The Go files hold numbers only. Two facts live outside them: the **activation** and the **scaling
range**. Read them back with the wrong ones and you get a working network that predicts nonsense:
"""),
    code("""
go_sigmoid = io.load_go_weights(out / "go-weights-biases.json", activation="sigmoid")
go_tanh = io.load_go_weights(out / "go-weights-biases.json", activation="tanh")
x_go, z_go = io.load_go_minmax(out / "go-minmax.json", feature_range=(0, 1))
xs_go = x_go.transform(new_rows)
mv.lessons.Table.from_columns({
    "i0": new_rows[:, 0], "i1": new_rows[:, 1],
    "sigmoid (right)": z_go.inverse_transform(go_sigmoid.predict(xs_go))[:, 0],
    "tanh (wrong)": z_go.inverse_transform(go_tanh.predict(xs_go))[:, 0],
}, digits=[0, 0, 2, 2])
"""),
    md(r"""
## Files from the Go package itself

The cheat sheet's numbers were checked with the Go `mlp` package. mlpviz ships three files that
package really wrote for its classification example: the trained weights, the min-max values and the
training data. Loading them is the same two calls; the network they describe is bigger than ours:
""", needs="mlpviz.examples.go_classification_files"),
    code("""
go = mv.examples.go_classification_files()
go_net = io.load_go_weights(go["weights"], activation="sigmoid")
go_x, go_z = io.load_go_minmax(go["minmax"], feature_range=(0, 1))
go_data = mv.load_csv(go["dataset"])
print(go_net, "  inputs scaled with min", go_x.data_min_, "and max", go_x.data_max_)
print(f"loss on its own training rows: {go_net.loss(go_x.transform(go_data.X), go_z.transform(go_data.Z)):.5f}")
""", needs="mlpviz.examples.go_classification_files"),
    md(r"""
Its predictions, in the original units, next to the targets it was trained on:
""", needs="mlpviz.examples.go_classification_files"),
    code("""
go_y = go_z.inverse_transform(go_net.predict(go_x.transform(go_data.X)))
mv.lessons.Table.from_columns({"i0": go_data.X[:, 0], "i1": go_data.X[:, 1], "target z0": go_data.Z[:, 0],
                               "predicted z0": go_y[:, 0]}, digits=[0, 0, 0, 2])
""", needs="mlpviz.examples.go_classification_files"),
    md(r"""
## Tidying up

The temporary folder and its files disappear:
"""),
    code("""
folder.cleanup()
print("folder still there:", out.exists())
"""),
    md(r"""
## Recap

- After training, save the **weights and biases** and the **min and max** of every column.
- mlpviz's format records layer sizes and activations and round-trips exactly; the Go format records
  only the numbers, so you must know the activation and the scaling range when you load it.
- Testing runs forward passes on known rows and measures the loss; predicting scales new inputs with the
  saved min-max, runs the network and un-scales the output.

## Try it

1. Predict a row outside the training range, such as `[[100.0, 50.0]]`. What does min-max scaling turn
   it into, and can the prediction leave the range of the targets?
2. Save the network with `io.save_network`, then load it with `io.load_network(..., activation="tanh")`.
   What does mlpviz tell you, and why is that better than the Go format's silence?
"""),
]

ALL = {
    "05_gradient_descent": NB05,
    "06_backpropagation": NB06,
    "07_update": NB07,
    "08_training_loop": NB08,
    "09_save_and_predict": NB09,
}


def flatten(items) -> list:
    out = []
    for item in items:
        out.extend(flatten(item) if isinstance(item, list) else [item])
    return out


def build(name: str) -> Path:
    nb = nbformat.v4.new_notebook()
    cells, missing = [], set()
    for cell in flatten(ALL[name]):
        need = cell.metadata.get("_needs")
        if need and not available(need):
            missing.add(need)
            continue
        cell = nbformat.from_dict(dict(cell))
        cell.metadata = {k: v for k, v in cell.metadata.items() if k != "_needs"}
        cells.append(cell)
    for need in sorted(missing):
        print(f"{name}: left out the cells that need {need} (not available yet)")
    nb.cells = cells
    for i, cell in enumerate(nb.cells):  # stable ids: rebuilding changes nothing that did not change
        cell.id = f"{name[:2]}-{i:02d}"
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    path = NOTEBOOKS / f"{name}.ipynb"
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return path


def main(argv: list[str]) -> int:
    if importlib.util.find_spec("mlpviz") is None:  # not installed: use this checkout
        sys.path.insert(0, str(ROOT))
    names = [n for n in ALL if not argv or any(n.startswith(a) for a in argv)]
    for name in names:
        print("wrote", build(name).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
