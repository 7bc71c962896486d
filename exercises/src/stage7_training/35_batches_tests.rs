//! Tests for exercise 35. Run them with `cargo run -p exercises -- run batches`.

use foundations::Error;
use foundations::init::rng;
use foundations::training::{DataLoader, Dataset};
use ndarray::{Array1, Array2};

use super::batches::batch_indices;

#[test]
fn in_order_the_last_batch_is_smaller() {
    assert_eq!(
        batch_indices(10, 4, None).unwrap(),
        vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7], vec![8, 9]]
    );
    assert!(batch_indices(0, 4, None).unwrap().is_empty());
}

#[test]
fn shuffled_batches_still_hold_every_sample_once() {
    let batches = batch_indices(100, 32, Some(&mut rng(46))).unwrap();
    let sizes: Vec<usize> = batches.iter().map(Vec::len).collect();
    assert_eq!(sizes, vec![32, 32, 32, 4]);
    let mut all: Vec<usize> = batches.concat();
    assert_ne!(
        all,
        (0..100).collect::<Vec<_>>(),
        "the order should be shuffled"
    );
    all.sort_unstable();
    assert_eq!(all, (0..100).collect::<Vec<_>>());
}

#[test]
fn the_same_seed_gives_the_same_epochs_and_the_next_epoch_differs() {
    let mut a = rng(47);
    let mut b = rng(47);
    let first = batch_indices(50, 10, Some(&mut a)).unwrap();
    assert_eq!(first, batch_indices(50, 10, Some(&mut b)).unwrap());
    assert_ne!(first, batch_indices(50, 10, Some(&mut a)).unwrap());
}

#[test]
fn matches_the_library_data_loader() {
    let dataset = Dataset::new(Array2::<f32>::zeros((23, 2)), Array1::zeros(23)).unwrap();
    let mut loader = DataLoader::new(dataset, 5, Some(48)).unwrap();
    let mut generator = rng(48);
    for _epoch in 0..3 {
        let order = loader.epoch_order();
        let expected: Vec<Vec<usize>> = order.chunks(5).map(<[usize]>::to_vec).collect();
        assert_eq!(
            batch_indices(23, 5, Some(&mut generator)).unwrap(),
            expected
        );
    }
}

#[test]
fn a_batch_size_of_zero_is_invalid() {
    assert!(matches!(batch_indices(10, 0, None), Err(Error::Invalid(_))));
}
