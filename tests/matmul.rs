//! Stages 1–3: every matmul variant agrees, shape errors name both shapes, einsum follows its
//! three rules (checked against hand-computed results), and broadcasting follows numpy's rules.

use foundations::broadcast::{
    broadcast_shape, expand_as, explain_broadcast, matmul_broadcast, shares_memory, strides_of,
};
use foundations::einsum::{einsum, einsum_general, parse_spec};
use foundations::matmul_loops::{matmul_dot, matmul_loops, matmul_rowcol};
use foundations::tensor::test_close;
use foundations::{Error, Result};
use ndarray::{Array, Array2, ArrayD, Dimension, IxDyn, ShapeBuilder, array};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rand_distr::StandardNormal;

/// A seeded standard-normal array of the given shape.
fn randn<Sh: ShapeBuilder>(shape: Sh, seed: u64) -> Array<f32, Sh::Dim> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    Array::from_shape_simple_fn(shape, || rng.sample(StandardNormal))
}

/// Every matmul variant of stages 1–3, under one signature.
type Matmul = fn(&Array2<f32>, &Array2<f32>) -> Result<Array2<f32>>;

/// `ik,kj->ij` through einsum, as a 2-d result.
fn matmul_einsum(a: &Array2<f32>, b: &Array2<f32>) -> Result<Array2<f32>> {
    let c = einsum("ik,kj->ij", &[a.view().into_dyn(), b.view().into_dyn()])?;
    c.into_dimensionality()
        .map_err(|e| Error::Invalid(e.to_string()))
}

const VARIANTS: [(&str, Matmul); 5] = [
    ("loops", matmul_loops),
    ("rowcol", matmul_rowcol),
    ("broadcast", matmul_broadcast),
    ("einsum", matmul_einsum),
    ("dot", matmul_dot),
];

#[test]
fn every_matmul_variant_agrees_with_ndarray_dot() {
    let shapes = [(5, 784, 10), (7, 13, 3), (1, 1, 1), (4, 4, 4), (3, 0, 2)];
    for (seed, (m, k, n)) in shapes.into_iter().enumerate() {
        let a = randn((m, k), 2 * seed as u64);
        let b = randn((k, n), 2 * seed as u64 + 1);
        let expected = a.dot(&b);
        for (name, matmul) in VARIANTS {
            let c = matmul(&a, &b).unwrap_or_else(|e| panic!("{name} on {m}x{k}@{k}x{n}: {e}"));
            test_close(&c, &expected, 1e-3)
                .unwrap_or_else(|e| panic!("{name} on {m}x{k}@{k}x{n}: {e}"));
        }
    }
}

#[test]
fn variants_accept_transposed_and_strided_views() {
    let a = randn((9, 6), 40);
    let b = randn((9, 7), 41);
    let (a_t, b_odd_cols) = (a.t(), b.slice(ndarray::s![.., ..;2]));
    let expected = a_t.dot(&b_odd_cols);
    let results = [
        matmul_loops(&a_t, &b_odd_cols),
        matmul_rowcol(&a_t, &b_odd_cols),
        matmul_broadcast(&a_t, &b_odd_cols),
        matmul_dot(&a_t, &b_odd_cols),
    ];
    for result in results {
        test_close(&result.unwrap(), &expected, 1e-3).unwrap();
    }
    let views = [a_t.into_dyn(), b_odd_cols.into_dyn()];
    test_close(
        &einsum("ik,kj->ij", &views).unwrap(),
        &expected.into_dyn(),
        1e-3,
    )
    .unwrap();
}

#[test]
fn mismatched_shapes_name_both_shapes_in_every_variant() {
    let a = randn((5, 784), 1);
    let b = randn((10, 784), 2);
    for (name, matmul) in VARIANTS {
        let msg = matmul(&a, &b).unwrap_err().to_string();
        assert!(
            msg.contains("[5, 784]") && msg.contains("[10, 784]"),
            "{name}: {msg}"
        );
    }
    let msg = matmul_loops(&a, &b).unwrap_err().to_string();
    assert!(
        msg.ends_with("expected a.ncols() == b.nrows() (784 != 10)"),
        "{msg}"
    );
    let msg = matmul_einsum(&a, &b).unwrap_err().to_string();
    assert!(msg.contains("letter k is 784 in operand 0"), "{msg}");
    assert!(msg.contains("but 10 in operand 1"), "{msg}");
}

/// Runs `spec` through both einsum paths and checks each against `expected`.
fn check_spec<D: Dimension>(spec: &str, operands: &[&ArrayD<f32>], expected: Array<f32, D>) {
    let views: Vec<_> = operands.iter().map(|op| op.view()).collect();
    let expected = expected.into_dyn();
    for (path, result) in [
        ("einsum", einsum(spec, &views)),
        ("einsum_general", einsum_general(spec, &views)),
    ] {
        let got = result.unwrap_or_else(|e| panic!("{path} {spec}: {e}"));
        assert_eq!(got, expected, "{path} {spec}");
    }
}

#[test]
fn einsum_specs_match_hand_computed_results() {
    let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]].into_dyn();
    let b = array![[1.0, 0.0], [2.0, 1.0], [0.0, 3.0]].into_dyn();
    let product = array![[5.0, 11.0], [14.0, 23.0]];
    check_spec("ik,kj->ij", &[&a, &b], product.clone());
    check_spec("ik,kj", &[&a, &b], product.clone());
    check_spec("ik, kj -> ji", &[&a, &b], product.t().to_owned());
    // Σ_b x[b,i]·g[b,j] with x = a (b=2, i=3) and g = [[1, 2], [3, 4]] (b=2, j=2).
    let g = array![[1.0, 2.0], [3.0, 4.0]].into_dyn();
    check_spec(
        "bi,bj->ij",
        &[&a, &g],
        array![[13.0, 18.0], [17.0, 24.0], [21.0, 30.0]],
    );
    check_spec("ij->ji", &[&a], array![[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]);
    check_spec("ij->i", &[&a], array![6.0, 15.0]);
    check_spec("ij->", &[&a], ndarray::arr0(21.0));
    let square = array![[1.0, 2.0], [3.0, 4.0]].into_dyn();
    check_spec("ii->i", &[&square], array![1.0, 4.0]);
    check_spec("ii", &[&square], ndarray::arr0(5.0));
    let (u, v) = (
        array![1.0, 2.0].into_dyn(),
        array![3.0, 4.0, 5.0].into_dyn(),
    );
    check_spec(
        "i,j->ij",
        &[&u, &v],
        array![[3.0, 4.0, 5.0], [6.0, 8.0, 10.0]],
    );
    check_spec("i,i->", &[&u, &u], ndarray::arr0(5.0));
}

#[test]
fn einsum_batched_matmul_matches_hand_computed_result() {
    let left = array![[[1.0, 2.0], [3.0, 4.0]], [[1.0, 0.0], [0.0, 2.0]]].into_dyn();
    let right = array![[[1.0, 1.0], [0.0, 1.0]], [[5.0, 6.0], [7.0, 8.0]]].into_dyn();
    let expected = array![[[1.0, 3.0], [3.0, 7.0]], [[5.0, 6.0], [14.0, 16.0]]];
    check_spec("bik,bkj->bij", &[&left, &right], expected);
}

#[test]
fn einsum_fast_path_gives_the_general_paths_numbers() {
    let cases: [(&str, &[&[usize]]); 7] = [
        ("ik,kj->ij", &[&[5, 784], &[784, 10]]),
        ("bi,bj->ij", &[&[32, 20], &[32, 7]]),
        ("bik,bkj->bij", &[&[3, 4, 5], &[3, 5, 6]]),
        ("ik,kj->ji", &[&[6, 5], &[5, 4]]),
        ("ij,ij->i", &[&[4, 9], &[4, 9]]),
        ("abc,cad->dbc", &[&[2, 3, 4], &[4, 2, 5]]),
        ("i,j->ij", &[&[3], &[4]]),
    ];
    for (seed, (spec, shapes)) in cases.into_iter().enumerate() {
        let operands: Vec<ArrayD<f32>> = shapes
            .iter()
            .enumerate()
            .map(|(i, shape)| randn(IxDyn(shape), 100 * seed as u64 + i as u64))
            .collect();
        let views: Vec<_> = operands.iter().map(|op| op.view()).collect();
        let fast = einsum(spec, &views).unwrap();
        let general = einsum_general(spec, &views).unwrap();
        test_close(&fast, &general, 1e-4).unwrap_or_else(|e| panic!("{spec}: {e}"));
    }
}

#[test]
fn einsum_errors_say_what_is_wrong() {
    let m = randn(IxDyn(&[2, 3]), 7);
    let square = randn(IxDyn(&[3, 3]), 8);
    let cube = randn(IxDyn(&[3, 3, 3]), 9);
    let cases: [(&str, Vec<&ArrayD<f32>>, &str); 10] = [
        ("ik,kj->ij", vec![&m], "2 input term(s) but 1 operand(s)"),
        ("ij->ij", vec![&m, &m], "1 input term(s) but 2 operand(s)"),
        ("i1,1j->ij", vec![&m, &m], "'1' is not an axis letter"),
        ("i...->i", vec![&m], "ellipsis"),
        ("ij->j->i", vec![&m], "`->` may appear only once"),
        (
            "ij->k",
            vec![&m],
            "output letter k does not appear in any input",
        ),
        ("ij->ii", vec![&m], "output letter i is repeated"),
        (
            "ik,kj->ij",
            vec![&m, &m],
            "letter k is 3 in operand 0 (axis 1 of shape [2, 3]) but 2 in operand 1 (axis 0 of shape [2, 3])",
        ),
        (
            "ik,kj->ij",
            vec![&square, &cube],
            "operand 1 has rank 3 (shape [3, 3, 3]) but its term 'kj' names 2 axes",
        ),
        (
            "ii->i",
            vec![&m],
            "letter i is 2 in operand 0 (axis 0 of shape [2, 3]) but 3 in operand 0 (axis 1",
        ),
    ];
    for (spec, operands, expected) in cases {
        let views: Vec<_> = operands.iter().map(|op| op.view()).collect();
        for result in [einsum(spec, &views), einsum_general(spec, &views)] {
            let err = result.unwrap_err();
            assert!(matches!(err, Error::Einsum(_)), "{spec}: {err:?}");
            assert!(err.to_string().contains(expected), "{spec}: {err}");
        }
    }
}

#[test]
fn implicit_output_is_alphabetical_letters_used_once() {
    assert_eq!(parse_spec("kj,ik", 2).unwrap().to_string(), "kj,ik->ij");
    assert_eq!(parse_spec("ii", 1).unwrap().to_string(), "ii->");
    assert_eq!(parse_spec("bik,bkj", 2).unwrap().to_string(), "bik,bkj->ij");
}

#[test]
fn broadcast_shape_follows_numpy_rules() {
    let compatible: [(&[usize], &[usize], &[usize]); 9] = [
        (&[3], &[3], &[3]),
        (&[2, 3], &[3], &[2, 3]),
        (&[3, 1], &[4], &[3, 4]),
        (&[1, 4], &[3, 1], &[3, 4]),
        (&[8, 1, 6, 1], &[7, 1, 5], &[8, 7, 6, 5]),
        (&[], &[2, 2], &[2, 2]),
        (&[5, 0], &[1], &[5, 0]),
        (&[1], &[0], &[0]),
        (&[256, 256, 3], &[3], &[256, 256, 3]),
    ];
    for (a, b, expected) in compatible {
        assert_eq!(broadcast_shape(a, b).unwrap(), expected, "{a:?} with {b:?}");
        assert_eq!(broadcast_shape(b, a).unwrap(), expected, "{b:?} with {a:?}");
    }
    let incompatible: [(&[usize], &[usize]); 5] = [
        (&[2], &[3]),
        (&[2, 3], &[2]),
        (&[4, 3], &[4, 1, 2]),
        (&[2, 1], &[8, 4, 3]),
        (&[0], &[2]),
    ];
    for (a, b) in incompatible {
        let msg = broadcast_shape(a, b).unwrap_err().to_string();
        assert!(msg.contains(&format!("got {a:?} and {b:?}")), "{msg}");
        assert!(broadcast_shape(b, a).is_err(), "{b:?} with {a:?}");
    }
}

#[test]
fn explain_broadcast_states_the_rules_and_walks_each_dimension() {
    let text = explain_broadcast(&[2], &[3]);
    assert!(
        text.contains("align the two shapes at their last dimension"),
        "{text}"
    );
    assert!(
        text.contains("dim -1: 2 vs 3 — neither is 1 and they differ: not broadcastable"),
        "{text}"
    );
    let text = explain_broadcast(&[3, 1], &[4]);
    assert!(
        text.contains("dim -1: 1 vs 4 — one is 1: stretched to 4"),
        "{text}"
    );
    assert!(
        text.contains("dim -2: 3 vs missing — one is missing, counts as 1: stretched to 3"),
        "{text}"
    );
    assert!(text.ends_with("result: [3, 4]"), "{text}");
}

#[test]
fn expand_as_is_a_stride_zero_view_of_the_same_memory() {
    let c = array![10.0f32, 20.0, 30.0];
    let t = expand_as(&c, (3, 3)).unwrap();
    assert_eq!(
        t,
        array![[10.0, 20.0, 30.0], [10.0, 20.0, 30.0], [10.0, 20.0, 30.0]]
    );
    assert_eq!(strides_of(&t), vec![0, 1]);
    assert_eq!(t.as_ptr(), c.as_ptr());
    assert!(shares_memory(&t, &c));
    assert!(!shares_memory(&t.to_owned(), &c));
    let msg = expand_as(&c, (3, 4)).unwrap_err().to_string();
    assert!(msg.contains("expand_as: got [3] and [3, 4]"), "{msg}");
}
