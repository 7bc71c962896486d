//! Tests for exercise 27. Run them with `cargo run -p exercises -- run call_trait`.

use foundations::backprop::relu;
use ndarray::{Array2, array};

use super::call_trait::{Chain, Layer, Scale};

/// Takes any layer, whatever it is made of.
fn use_layer(layer: &dyn Layer, x: &Array2<f32>) -> Array2<f32> {
    layer.apply(x)
}

#[test]
fn a_struct_is_a_layer() {
    let double = Scale { factor: 2.0 };
    assert_eq!(
        use_layer(&double, &array![[1.0, -2.0]]),
        array![[2.0, -4.0]]
    );
}

#[test]
fn a_closure_is_a_layer() {
    let relu_layer = |x: &Array2<f32>| relu(x);
    assert_eq!(
        use_layer(&relu_layer, &array![[1.0, -2.0]]),
        array![[1.0, 0.0]]
    );
    let plus_one = |x: &Array2<f32>| x + 1.0;
    assert_eq!(plus_one.apply(&array![[0.5]]), array![[1.5]]);
}

#[test]
fn a_chain_applies_its_layers_in_order() {
    let chain = Chain(vec![
        Box::new(|x: &Array2<f32>| x - 1.0),
        Box::new(|x: &Array2<f32>| relu(x)),
        Box::new(Scale { factor: 10.0 }),
    ]);
    // relu(x - 1) · 10; the other order would give a different answer
    assert_eq!(use_layer(&chain, &array![[0.5, 3.0]]), array![[0.0, 20.0]]);
}

#[test]
fn chains_nest_and_an_empty_chain_is_the_identity() {
    let inner = Chain(vec![Box::new(Scale { factor: 3.0 })]);
    let outer = Chain(vec![Box::new(inner), Box::new(Scale { factor: 0.5 })]);
    assert_eq!(outer.apply(&array![[2.0]]), array![[3.0]]);
    assert_eq!(Chain(Vec::new()).apply(&array![[7.0]]), array![[7.0]]);
}
