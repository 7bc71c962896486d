//! The table of exercises: every exercise in course order, with its stage and its hint.

use super::catalog::{Exercise, Stage};

const MATMUL: Stage = Stage {
    dir: "stage1_matmul",
    title: "stage 1: matrix multiplication",
};
const BROADCAST: Stage = Stage {
    dir: "stage2_broadcast",
    title: "stage 2: broadcasting",
};
const EINSUM: Stage = Stage {
    dir: "stage3_einsum",
    title: "stage 3: einsum",
};
const INIT: Stage = Stage {
    dir: "stage4_init",
    title: "stage 4: initialisation",
};
const BACKPROP: Stage = Stage {
    dir: "stage5_backprop",
    title: "stage 5: forward and backward passes",
};
const CROSS_ENTROPY: Stage = Stage {
    dir: "stage6_cross_entropy",
    title: "stage 6: cross-entropy",
};
const TRAINING: Stage = Stage {
    dir: "stage7_training",
    title: "stage 7: the training loop",
};
const RESEARCH: Stage = Stage {
    dir: "research",
    title: "further research",
};

/// Shorthand for one row of [`EXERCISES`].
const fn ex(number: u32, name: &'static str, stage: Stage, hint: &'static str) -> Exercise {
    Exercise {
        number,
        name,
        stage,
        hint,
    }
}

/// All exercises, in the order the course meets them.
pub const EXERCISES: &[Exercise] = &[
    ex(
        1,
        "neuron",
        MATMUL,
        "Check the two lengths first and return early with an error. Then `inputs.iter().zip(weights)` \
         pairs each input with its weight; map each pair to its product and `.sum()` them.",
    ),
    ex(
        2,
        "relu",
        MATMUL,
        "ReLU keeps a positive number and turns everything else into 0: one `if` expression. \
         For the layer, `mapv` applies a function to every element and returns a new array.",
    ),
    ex(
        3,
        "dense_loops",
        MATMUL,
        "Output row n, column j is the dot product of input row n with column j of the weights, plus b[j]. \
         Check every row length before computing anything.",
    ),
    ex(
        4,
        "dense_matmul",
        MATMUL,
        "`x.dot(w)` panics when `x.ncols() != w.nrows()`, so compare the sizes first. \
         Adding the bias is `&product + b`: a 1-d array lines up with the last axis.",
    ),
    ex(
        5,
        "transpose",
        MATMUL,
        "For the copy, make `Array2::zeros((a.ncols(), a.nrows()))` and set `out[[j, i]] = a[[i, j]]`. \
         For the view, ndarray's `.t()` swaps the strides instead of moving any data.",
    ),
    ex(
        6,
        "matmul_loops",
        MATMUL,
        "Loop over i (rows of a), j (columns of b) and k (the shared inner size) and add \
         `a[[i, k]] * b[[k, j]]` into `c[[i, j]]`. For the row-column version, \
         `(&a.row(i) * &b.column(j)).sum()` replaces the k loop.",
    ),
    ex(
        7,
        "timing",
        MATMUL,
        "`std::time::Instant::now()` before and `.elapsed()` after the timed calls; divide the total \
         by the number of runs (`Duration / u32`). Wrap results in `std::hint::black_box` so the \
         compiler cannot skip the work.",
    ),
    ex(
        8,
        "elementwise",
        BROADCAST,
        "Compare shapes with `a.shape() != b.shape()`. `ndarray::Zip::from(a).and(b).all(|x, y| ...)` \
         walks two arrays together; `a.sum()` is a number, `arr0(a.sum())` is a rank-0 array and \
         `into_scalar()` unwraps one.",
    ),
    ex(
        9,
        "broadcast_rules",
        BROADCAST,
        "Walk both shapes from their last entry backwards; a shape that has run out counts as size 1. \
         Each pair must be equal or contain a 1, and the result keeps the larger size. Reverse at the end.",
    ),
    ex(
        10,
        "broadcast_cases",
        BROADCAST,
        "Use your `broadcast_shape` from exercise 09 to find the result shape (or the error), then \
         `a.broadcast(shape)` and `b.broadcast(shape)` give views of that shape you can add safely.",
    ),
    ex(
        11,
        "expand_as",
        BROADCAST,
        "`v.broadcast(m.raw_dim())` stretches a 1-d array over the rows. For columns, a broadcast of \
         a temporary `(n, 1)` view cannot be returned; build the view directly with \
         `ArrayView2::from_shape((rows, cols).strides((1, 0)), slice)` (`use ndarray::ShapeBuilder`).",
    ),
    ex(
        12,
        "new_axes",
        BROADCAST,
        "`v.slice(s![.., NewAxis])` indexes with a new axis, like `v[:, None]`. For `unsqueeze`, \
         `insert_axis(Axis(axis))` works on any rank, but check `axis <= v.ndim()` first.",
    ),
    ex(
        13,
        "memory_view",
        BROADCAST,
        "An element at index (i, j) lives `i * strides[0] + j * strides[1]` elements after the first \
         one. Collect those offsets in row-major order; a `BTreeSet` counts the distinct ones.",
    ),
    ex(
        14,
        "row_vs_column",
        BROADCAST,
        "A row vector is `v.view().insert_axis(Axis(0))` (shape (1, n)), a column vector \
         `insert_axis(Axis(1))` (shape (n, 1)). Check the length against `m.ncols()` or `m.nrows()` \
         before adding, because `+` panics on shapes that do not broadcast.",
    ),
    ex(
        15,
        "matmul_broadcast",
        BROADCAST,
        "Row i of the product is the sum over k of a[i, k] times row k of b. Turn row i of a into a \
         (k, 1) column, multiply by b (broadcasting gives (k, n)), then `sum_axis(Axis(0))`.",
    ),
    ex(
        16,
        "einsum_matmul",
        EINSUM,
        "`einsum` takes dynamic-rank views: `a.view().into_dyn()`. Its result is an `ArrayD`; \
         `into_dimensionality::<Ix2>()` turns it back into an `Array2` (map its error into a \
         `foundations::Error`). A trace is a repeated letter that is also summed: `ii->`.",
    ),
    ex(
        17,
        "einsum_rules",
        EINSUM,
        "Give every distinct letter a size (from the shapes), then loop over every combination of \
         letter values with `ndarray::indices`. At each one, multiply the two picked elements and add \
         the product into the output at the output letters' values.",
    ),
    ex(
        18,
        "normalize",
        INIT,
        "Compute the mean and standard deviation of the training set only (accumulate in f64), then \
         apply `(x - mean) / std` with those same two numbers to both sets.",
    ),
    ex(
        19,
        "activation_drift",
        INIT,
        "Draw `x` first, then one weight matrix per layer, both with `randn` from the same generator, \
         in that order; multiply each weight matrix by `scale` and set `x = x.dot(&w)`. \
         The std is `sqrt(mean((x - mean)²))`.",
    ),
    ex(
        20,
        "init_formulas",
        INIT,
        "A sum of fan_in products of unit-variance numbers has variance fan_in · var(w), so \
         var(w) = 1 / fan_in keeps it at 1. ReLU zeroes half the signal, which halves the second \
         moment: double the variance to compensate.",
    ),
    ex(
        21,
        "squeeze",
        BACKPROP,
        "`a.shape()` lists the sizes; `remove_axis(Axis(k))` drops an axis of length 1. Remove axes \
         from the highest index down so the lower indices stay valid.",
    ),
    ex(
        22,
        "chain_rule",
        BACKPROP,
        "The chain rule: dy/dx = dy/du (evaluated at u = g(x)) times du/dx. A central difference is \
         (f(x + h) - f(x - h)) / (2h).",
    ),
    ex(
        23,
        "mse_grad",
        BACKPROP,
        "mse = (1/n) Σ (p_i - y_i)², so d mse / d p_i = 2 (p_i - y_i) / n. The gradient must have \
         the shape of `pred`, (n, 1): compute it on `pred.column(0)` and add the axis back.",
    ),
    ex(
        24,
        "relu_grad",
        BACKPROP,
        "ReLU's slope is 1 where its input was positive and 0 elsewhere, so the input gradient is \
         the output gradient where inp > 0 and 0 elsewhere. `Zip` or `mapv` on a clone both work.",
    ),
    ex(
        25,
        "lin_grad",
        BACKPROP,
        "out = inp · w + b. The input gradient is out.g · wᵀ, the weight gradient inpᵀ · out.g and the \
         bias gradient the sum of out.g over its rows (`sum_axis(Axis(0))`). Check the shapes first.",
    ),
    ex(
        26,
        "backward_order",
        BACKPROP,
        "Keep every intermediate of the forward pass in `Activations`. The backward pass walks them \
         in reverse: mse_grad first, then the second layer, then ReLU, then the first layer, because \
         each step needs the gradient the previous one produced.",
    ),
    ex(
        27,
        "call_trait",
        BACKPROP,
        "A blanket `impl<F: Fn(&Array2<f32>) -> Array2<f32>> Layer for F` lets any such closure be \
         a layer: its `apply` just calls `self(x)`. `Chain` folds the input through its layers in order.",
    ),
    ex(
        28,
        "custom_op",
        BACKPROP,
        "σ(x) = 1 / (1 + e^(-x)) and σ'(x) = σ(x)(1 - σ(x)): save the output in `forward`, and \
         multiply the incoming gradient by `out * (1 - out)` in `backward`.",
    ),
    ex(
        29,
        "linear_from_scratch",
        BACKPROP,
        "Keep the input in `forward`. In `backward` add inpᵀ·g to the weight gradient, the column \
         sums of g to the bias gradient, and return g·wᵀ. `step` subtracts lr times each gradient.",
    ),
    ex(
        30,
        "log_softmax",
        CROSS_ENTROPY,
        "logsumexp(x) = m + ln Σ exp(x - m) with m the largest element: subtracting m keeps exp \
         from overflowing. Then log_softmax(x) = x - logsumexp(x), row by row.",
    ),
    ex(
        31,
        "nll",
        CROSS_ENTROPY,
        "Pick `log_probs[[i, targets[i]]]` for every row i, average them and negate. Validate first: \
         one target per row and every target below the number of columns.",
    ),
    ex(
        32,
        "ce_grad",
        CROSS_ENTROPY,
        "The gradient of mean cross-entropy with respect to the logits is (softmax(logits) - onehot) / n: \
         start from the softmax, subtract 1 at each row's target, divide everything by n.",
    ),
    ex(
        33,
        "accuracy",
        CROSS_ENTROPY,
        "`argmax` keeps the index of the largest value, taking the first on ties (only replace on a \
         strictly larger value). Accuracy is the number of rows whose argmax equals the target, over n.",
    ),
    ex(
        34,
        "sgd_step",
        TRAINING,
        "`model.parameters()` gives every parameter as a `ParamMut` with `value` and `grad` views. \
         `value.scaled_add(-lr, &grad)` is `value -= lr * grad`; `grad.fill(0.0)` zeroes it.",
    ),
    ex(
        35,
        "batches",
        TRAINING,
        "Start from `(0..n).collect::<Vec<_>>()`, shuffle it with `SliceRandom::shuffle` when a \
         generator is given, then cut it with `chunks(batch_size)`.",
    ),
    ex(
        36,
        "training_loop",
        TRAINING,
        "For each batch: forward, loss and its gradient (`cross_entropy`, `cross_entropy_grad`), \
         `model.backward`, then an SGD step and zero the gradients. Record the last batch's loss \
         and accuracy for each epoch.",
    ),
    ex(
        37,
        "relu_custom_op",
        RESEARCH,
        "`MyRelu` needs the input of `forward` in `backward`, so store it in the struct. To train, \
         build `mlp(&[784, 50, 10], seed)` and replace `model.layers[1]` with `Box::new(MyRelu::new())`.",
    ),
    ex(
        38,
        "linear_grads_maths",
        RESEARCH,
        "out[n, j] = Σ_i x[n, i] w[i, j] + b[j], so ∂out[n, j] / ∂w[i, k] is x[n, i] when j == k and 0 \
         otherwise. The chain rule sums g[n, j] times that over n and j: the einsum `nj,njik->ik`.",
    ),
    ex(
        39,
        "unfold",
        RESEARCH,
        "Output position (oy, ox) reads input rows oy·stride + ky - padding and columns \
         ox·stride + kx - padding; outside the image the value is 0. After `unfold`, a convolution \
         is one matrix product with the weights reshaped to (out_channels, c·k·k), transposed.",
    ),
    ex(
        40,
        "conv_layer",
        RESEARCH,
        "`fold` is `unfold` run backwards: it adds each column entry back into the input position \
         it was read from (overlapping windows add up). Backward: w.g = colsᵀ·g, b.g = Σ g, \
         cols.g = g·w, then fold cols.g into the input gradient.",
    ),
    ex(
        41,
        "cnn_mnist",
        RESEARCH,
        "Two stride-2 convolutions (1→8 channels, 28→14 pixels; 8→16, 14→7) with ReLUs, then a Lin to \
         10 classes, trained with the library's `Learner` at a learning rate around 0.1, \
         reach 0.90 within an epoch or two. Normalise the images with the training mean and std first.",
    ),
];
