//! The numpy objects a pickle may build: what each allowed global constructs when called by
//! `REDUCE`, and what `BUILD` does to dtypes and arrays.

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use super::value::{ByteOrder, Dtype, Global, NdArray, Value};

/// `_reconstruct(numpy.ndarray, (0,), b'b')`: an array whose state `BUILD` will set.
pub fn reconstruct<'a>(args: &[Value<'a>]) -> Result<Value<'a>, String> {
    match args.first() {
        Some(Value::Global(Global::Ndarray)) => Ok(Value::Array(Rc::new(RefCell::new(None)))),
        other => Err(format!(
            "_reconstruct expects numpy.ndarray as its first argument, found {}",
            other.map_or("nothing".into(), Value::describe)
        )),
    }
}

/// `numpy.dtype(code, align, copy)`.
pub fn make_dtype<'a>(args: &[Value<'a>]) -> Result<Value<'a>, String> {
    let code = args
        .first()
        .and_then(as_text)
        .ok_or("numpy.dtype expects a type code such as 'f4' as its first argument")?;
    Ok(Value::Dtype(Rc::new(RefCell::new(Dtype::from_code(code)?))))
}

/// `_codecs.encode(text, 'latin1')`: each character below 256 becomes one byte.
pub fn encode_latin1<'a>(args: &[Value<'a>]) -> Result<Value<'a>, String> {
    let [Value::Text(text), Value::Text(encoding)] = args else {
        return Err("_codecs.encode expects (str, encoding)".into());
    };
    if !matches!(&***encoding, "latin1" | "latin-1") {
        return Err(format!(
            "_codecs.encode with encoding {encoding:?}; expected 'latin1'"
        ));
    }
    let bytes = text
        .chars()
        .map(u8::try_from)
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| "_codecs.encode: a character above U+00FF is not latin-1")?;
    Ok(Value::Bytes(Rc::new(Cow::Owned(bytes))))
}

/// `_frombuffer(buffer, dtype, shape, order)` (protocol 5).
pub fn from_buffer<'a>(args: &[Value<'a>]) -> Result<Value<'a>, String> {
    let [Value::Bytes(data), Value::Dtype(dtype), shape, order] = args else {
        return Err("_frombuffer expects (bytes, dtype, shape, order)".into());
    };
    let fortran = match as_text(order) {
        Some("C") => false,
        Some("F") => true,
        _ => {
            return Err(format!(
                "_frombuffer order must be 'C' or 'F', found {}",
                order.describe()
            ));
        }
    };
    let array = NdArray::new(dtype.clone(), shape_of(shape)?, fortran, data.clone())?;
    Ok(Value::Array(Rc::new(RefCell::new(Some(array)))))
}

/// numpy's dtype state `(version, byte_order, subarray, names, fields, elsize, alignment, flags)`.
pub fn set_dtype_state(dtype: &RefCell<Dtype>, state: &[Value]) -> Result<(), String> {
    let [_version, order, subarray, names, fields, ..] = state else {
        return Err(format!(
            "a dtype state has at least 5 items, found {}",
            state.len()
        ));
    };
    if ![subarray, names, fields]
        .iter()
        .all(|v| matches!(v, Value::None))
    {
        return Err("structured or sub-array dtypes are not supported".into());
    }
    let mut dtype = dtype.try_borrow_mut().map_err(|_| "dtype is in use")?;
    dtype.order = Some(match as_text(order) {
        Some("<") => ByteOrder::Little,
        Some(">") => ByteOrder::Big,
        Some("|") if dtype.size == 1 => ByteOrder::NotApplicable,
        _ => {
            return Err(format!(
                "dtype byte order must be '<' or '>' ('|' for one-byte types), found {}",
                order.describe()
            ));
        }
    });
    Ok(())
}

/// numpy's array state `([version,] shape, dtype, is_fortran, raw_bytes)`.
pub fn array_from_state<'a>(state: &[Value<'a>]) -> Result<NdArray<'a>, String> {
    let fields = match state {
        [_version, rest @ ..] if state.len() == 5 => rest,
        _ if state.len() == 4 => state,
        _ => {
            return Err(format!(
                "an array state is (version, shape, dtype, is_fortran, data), found {} items",
                state.len()
            ));
        }
    };
    let [shape, Value::Dtype(dtype), fortran, data] = fields else {
        return Err("an array state needs a numpy dtype as its dtype item".into());
    };
    let fortran = match fortran {
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        other => {
            return Err(format!(
                "is_fortran must be a bool, found {}",
                other.describe()
            ));
        }
    };
    let Value::Bytes(data) = data else {
        return Err(format!(
            "array data must be bytes (object arrays are not supported), found {}",
            data.describe()
        ));
    };
    NdArray::new(dtype.clone(), shape_of(shape)?, fortran, data.clone())
}

impl<'a> NdArray<'a> {
    /// An array whose byte count matches `shape` and the dtype's element size.
    fn new(
        dtype: Rc<RefCell<Dtype>>,
        shape: Vec<usize>,
        fortran: bool,
        data: Rc<Cow<'a, [u8]>>,
    ) -> Result<Self, String> {
        let size = dtype.try_borrow().map_err(|_| "dtype is in use")?.size;
        // bytes = size * product(shape)
        let expected = shape
            .iter()
            .try_fold(size, |acc, &d| acc.checked_mul(d))
            .ok_or_else(|| format!("array shape {shape:?} is too large"))?;
        if expected != data.len() {
            return Err(format!(
                "array of shape {shape:?} with {size}-byte elements needs {expected} bytes, found {}",
                data.len()
            ));
        }
        Ok(NdArray {
            dtype,
            shape,
            fortran,
            data,
        })
    }
}

/// A shape tuple of non-negative ints.
fn shape_of(value: &Value) -> Result<Vec<usize>, String> {
    let bad = || {
        format!(
            "expected a shape tuple of non-negative ints, found {}",
            value.describe()
        )
    };
    let Value::Tuple(t) = value else {
        return Err(bad());
    };
    t.items
        .iter()
        .map(|v| match v {
            Value::Int(i) => usize::try_from(*i).map_err(|_| bad()),
            _ => Err(bad()),
        })
        .collect()
}

/// A Python 3 `str`, or an ASCII Python 2 `str` (which pickles as bytes).
fn as_text<'v>(value: &'v Value) -> Option<&'v str> {
    match value {
        Value::Text(t) => Some(&***t),
        Value::Bytes(b) => std::str::from_utf8(b).ok(),
        _ => None,
    }
}
