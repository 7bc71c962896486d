//! From the unpickled value to [`Mnist`]: checks the `((x, y), (x, y), (x, y))` layout, the
//! shapes and dtypes, and decodes the raw bytes into `f32` images and `usize` labels.

use std::cell::Ref;

use ndarray::{Array1, Array2, ShapeBuilder};

use super::pickle::{ByteOrder, Dtype, Kind, NdArray, Value};
use super::{IMAGE_SIZE, Mnist, Split, SplitDtypes};

/// Names of the three splits, in file order.
pub const SPLIT_NAMES: [&str; 3] = ["train", "valid", "test"];

/// Converts the pickle's top-level value into the three splits, keeping the file's dtypes.
pub fn mnist_from_value(value: &Value) -> Result<(Mnist, [SplitDtypes; 3]), String> {
    let [train, valid, test] =
        tuple_items::<3>(value, "the top-level value", "(train, valid, test)")?;
    let (train, train_dtypes) = split_from_value(train, SPLIT_NAMES[0])?;
    let (valid, valid_dtypes) = split_from_value(valid, SPLIT_NAMES[1])?;
    let (test, test_dtypes) = split_from_value(test, SPLIT_NAMES[2])?;
    Ok((
        Mnist { train, valid, test },
        [train_dtypes, valid_dtypes, test_dtypes],
    ))
}

/// One `(images, labels)` pair.
fn split_from_value(value: &Value, name: &str) -> Result<(Split, SplitDtypes), String> {
    let [x, y] = tuple_items::<2>(value, &format!("split {name}"), "(images, labels)")?;
    let (x, y) = (
        array_of(x, &format!("{name} images"))?,
        array_of(y, &format!("{name} labels"))?,
    );
    let dtypes = SplitDtypes {
        images: *x.dtype.try_borrow().map_err(|_| "dtype is in use")?,
        labels: *y.dtype.try_borrow().map_err(|_| "dtype is in use")?,
    };
    let split = Split {
        x: images(&x, dtypes.images, name)?,
        y: labels(&y, dtypes.labels, name)?,
    };
    if split.x.nrows() != split.y.len() {
        return Err(format!(
            "split {name}: expected as many labels as images, found {} images and {} labels",
            split.x.nrows(),
            split.y.len()
        ));
    }
    Ok((split, dtypes))
}

/// The items of an `N`-tuple, or an error saying what was found instead.
fn tuple_items<'v, 'a, const N: usize>(
    value: &'v Value<'a>,
    what: &str,
    expected: &str,
) -> Result<&'v [Value<'a>; N], String> {
    let wrong = || {
        format!(
            "{what}: expected a {N}-tuple {expected}, found {}",
            value.describe()
        )
    };
    match value {
        Value::Tuple(t) => t.items.as_slice().try_into().map_err(|_| wrong()),
        _ => Err(wrong()),
    }
}

/// The numpy array inside `value`.
fn array_of<'v, 'a>(value: &'v Value<'a>, what: &str) -> Result<Ref<'v, NdArray<'a>>, String> {
    let not_array = || format!("{what}: expected a numpy array, found {}", value.describe());
    let Value::Array(cell) = value else {
        return Err(not_array());
    };
    let slot = cell.try_borrow().map_err(|_| not_array())?;
    Ref::filter_map(slot, Option::as_ref).map_err(|_| not_array())
}

/// Images: a 2-D float array with [`IMAGE_SIZE`] columns, converted to `f32` in row-major order.
fn images(array: &NdArray, dtype: Dtype, split: &str) -> Result<Array2<f32>, String> {
    let rows = match array.shape[..] {
        [rows, IMAGE_SIZE] => rows,
        _ => {
            return Err(format!(
                "{split} images: expected shape (n, {IMAGE_SIZE}), found {:?}",
                array.shape
            ));
        }
    };
    let big = big_endian(dtype, split)?;
    let values = match (dtype.kind, dtype.size) {
        (Kind::Float, 4) => decode(&array.data, big, f32::from_le_bytes, f32::from_be_bytes),
        // float64 pixels are narrowed to f32: x as f32
        (Kind::Float, 8) => decode(
            &array.data,
            big,
            |b| f64::from_le_bytes(b) as f32,
            |b| f64::from_be_bytes(b) as f32,
        ),
        _ => {
            return Err(format!(
                "{split} images: expected dtype float32 or float64, found {} ('{dtype}'); \
                 integer pixels are refused because their scale (0..255 or 0..1) is ambiguous",
                dtype.name()
            ));
        }
    };
    let shape = (rows, IMAGE_SIZE);
    let images = if array.fortran {
        Array2::from_shape_vec(shape.f(), values).map(|a| a.as_standard_layout().into_owned())
    } else {
        Array2::from_shape_vec(shape, values)
    };
    images.map_err(|e| format!("{split} images: {e}"))
}

/// Labels: a 1-D integer array of non-negative values.
fn labels(array: &NdArray, dtype: Dtype, split: &str) -> Result<Array1<usize>, String> {
    if array.shape.len() != 1 {
        return Err(format!(
            "{split} labels: expected shape (n,), found {:?}",
            array.shape
        ));
    }
    let big = big_endian(dtype, split)?;
    // Reads one integer type in the file's byte order, widened to i128.
    macro_rules! ints {
        ($t:ty) => {
            decode(
                &array.data,
                big,
                |b| <$t>::from_le_bytes(b).into(),
                |b| <$t>::from_be_bytes(b).into(),
            )
        };
    }
    let values: Vec<i128> = match (dtype.kind, dtype.size) {
        (Kind::Int, 1) => ints!(i8),
        (Kind::Int, 2) => ints!(i16),
        (Kind::Int, 4) => ints!(i32),
        (Kind::Int, 8) => ints!(i64),
        (Kind::Uint, 1) => ints!(u8),
        (Kind::Uint, 2) => ints!(u16),
        (Kind::Uint, 4) => ints!(u32),
        (Kind::Uint, 8) => ints!(u64),
        _ => {
            return Err(format!(
                "{split} labels: expected an integer dtype, found {} ('{dtype}')",
                dtype.name()
            ));
        }
    };
    values
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            usize::try_from(v)
                .map_err(|_| format!("{split} labels: label {v} at index {i} is not a class index"))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Array1::from)
}

/// Whether the elements are stored most-significant byte first.
fn big_endian(dtype: Dtype, split: &str) -> Result<bool, String> {
    match dtype.order {
        Some(ByteOrder::Little | ByteOrder::NotApplicable) => Ok(false),
        Some(ByteOrder::Big) => Ok(true),
        None => Err(format!(
            "{split}: the dtype's byte order was never set (its BUILD is missing)"
        )),
    }
}

/// Reads `N`-byte elements with the decoder for the given byte order.
fn decode<const N: usize, T>(
    bytes: &[u8],
    big_endian: bool,
    little: impl Fn([u8; N]) -> T,
    big: impl Fn([u8; N]) -> T,
) -> Vec<T> {
    let (chunks, _) = bytes.as_chunks::<N>();
    let mut values = Vec::with_capacity(chunks.len());
    super::advise_huge_pages(&mut values);
    if big_endian {
        values.extend(chunks.iter().map(|&c| big(c)));
    } else {
        values.extend(chunks.iter().map(|&c| little(c)));
    }
    values
}
