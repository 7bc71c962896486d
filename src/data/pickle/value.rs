//! The values the restricted pickle machine can hold: numbers, strings, bytes, tuples, and the
//! handful of numpy objects an array pickle builds.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

/// Deepest tuple nesting accepted; an MNIST pickle needs 2 (splits inside the top-level tuple)
/// plus 2 more inside an array's state. Bounding it keeps dropping a hostile value from
/// recursing deep enough to overflow the stack.
pub const MAX_TUPLE_DEPTH: u32 = 32;

/// One value on the pickle machine's stack or in its memo.
///
/// Cloning is cheap (reference counts), so `BINGET` can hand out the same object twice, and
/// `BUILD` on a shared numpy object is seen through every reference, as in Python.
#[derive(Clone, Debug)]
pub enum Value<'a> {
    /// Python `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An integer: 32 bits from the binary opcodes, up to 64 from the text ones (`INT`, `LONG`).
    Int(i64),
    /// Raw bytes: Python 2 `str`, Python 3 `bytes` or `bytearray`, borrowed from the input
    /// when possible.
    Bytes(Rc<Cow<'a, [u8]>>),
    /// Python 3 `str`: borrowed from the input, or decoded from a protocol 0 `UNICODE` line.
    Text(Rc<Cow<'a, str>>),
    /// A tuple.
    Tuple(Rc<Tuple<'a>>),
    /// One of the allowed global callables.
    Global(Global),
    /// A `numpy.dtype` object; `BUILD` sets its byte order.
    Dtype(Rc<RefCell<Dtype>>),
    /// A numpy array; empty until `BUILD` gives it a state (or complete from `_frombuffer`).
    Array(Rc<RefCell<Option<NdArray<'a>>>>),
}

/// A tuple and how deeply tuples nest inside it (1 for a tuple of scalars).
#[derive(Debug)]
pub struct Tuple<'a> {
    pub items: Vec<Value<'a>>,
    pub depth: u32,
}

impl<'a> Tuple<'a> {
    /// Wraps `items` as a tuple value, refusing nesting deeper than [`MAX_TUPLE_DEPTH`].
    pub fn value(items: Vec<Value<'a>>) -> Result<Value<'a>, String> {
        // depth = 1 + the deepest child tuple
        let depth = 1 + items
            .iter()
            .map(|v| match v {
                Value::Tuple(t) => t.depth,
                _ => 0,
            })
            .max()
            .unwrap_or(0);
        if depth > MAX_TUPLE_DEPTH {
            return Err(format!(
                "tuples nest {depth} deep; expected at most {MAX_TUPLE_DEPTH}"
            ));
        }
        Ok(Value::Tuple(Rc::new(Tuple { items, depth })))
    }
}

/// The globals a pickle may name. Anything else is refused before it is ever looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Global {
    /// `numpy.core.multiarray._reconstruct` (numpy 1) or `numpy._core.multiarray._reconstruct`
    /// (numpy 2): makes an empty array that `BUILD` fills.
    Reconstruct,
    /// `numpy.ndarray`, only as the first argument of `_reconstruct`.
    Ndarray,
    /// `numpy.dtype`: makes a dtype from a type code such as `f4`.
    Dtype,
    /// `_codecs.encode`: how Python 3 writes `bytes` in protocol 2 (`encode(str, 'latin1')`).
    Encode,
    /// `numpy.core.numeric._frombuffer` / `numpy._core.numeric._frombuffer`: protocol 5's
    /// `(buffer, dtype, shape, order)` array.
    FromBuffer,
}

/// The `module.name` pairs the loader accepts, for error messages.
pub const ALLOWED_GLOBALS: &str = "numpy.core.multiarray._reconstruct, \
numpy._core.multiarray._reconstruct, numpy.ndarray, numpy.dtype, _codecs.encode, \
numpy.core.numeric._frombuffer, numpy._core.numeric._frombuffer";

impl Global {
    /// Looks up `module.name` in the allow-list; an error names the refused global.
    pub fn resolve(module: &str, name: &str) -> Result<Global, String> {
        match (module, name) {
            ("numpy.core.multiarray" | "numpy._core.multiarray", "_reconstruct") => {
                Ok(Global::Reconstruct)
            }
            ("numpy", "ndarray") => Ok(Global::Ndarray),
            ("numpy", "dtype") => Ok(Global::Dtype),
            ("_codecs", "encode") => Ok(Global::Encode),
            ("numpy.core.numeric" | "numpy._core.numeric", "_frombuffer") => Ok(Global::FromBuffer),
            _ => Err(format!(
                "pickle global `{module}.{name}` is not allowed (the loader only accepts numpy \
                 array globals: {ALLOWED_GLOBALS})"
            )),
        }
    }
}

/// What kind of number a dtype holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// IEEE float (`f`).
    Float,
    /// Signed integer (`i`).
    Int,
    /// Unsigned integer (`u`).
    Uint,
}

/// Byte order of a dtype's elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ByteOrder {
    /// `<`
    Little,
    /// `>`
    Big,
    /// `|`: single bytes, order does not apply.
    NotApplicable,
}

/// A numeric numpy dtype: kind, element size in bytes and byte order (unknown until `BUILD`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dtype {
    /// Float, signed or unsigned integer.
    pub kind: Kind,
    /// Bytes per element.
    pub size: usize,
    /// Byte order, `None` until the pickle's `BUILD` sets it.
    pub order: Option<ByteOrder>,
}

impl Dtype {
    /// Parses numpy's type code (`f4`, `i8`, `u1`, ...); only numeric codes are accepted.
    pub fn from_code(code: &str) -> Result<Dtype, String> {
        let kind = match code.as_bytes().first() {
            Some(b'f') => Kind::Float,
            Some(b'i') => Kind::Int,
            Some(b'u') => Kind::Uint,
            _ => return Err(unsupported_code(code)),
        };
        let size = match (kind, &code[1..]) {
            (Kind::Float, "4") => 4,
            (Kind::Float, "8") => 8,
            (Kind::Int | Kind::Uint, "1") => 1,
            (Kind::Int | Kind::Uint, "2") => 2,
            (Kind::Int | Kind::Uint, "4") => 4,
            (Kind::Int | Kind::Uint, "8") => 8,
            _ => return Err(unsupported_code(code)),
        };
        Ok(Dtype {
            kind,
            size,
            order: None,
        })
    }

    /// numpy's name for the type: `float32`, `int64`, ...
    pub fn name(&self) -> String {
        let base = match self.kind {
            Kind::Float => "float",
            Kind::Int => "int",
            Kind::Uint => "uint",
        };
        format!("{base}{}", self.size * 8)
    }
}

fn unsupported_code(code: &str) -> String {
    format!(
        "numpy dtype `{code}` is not supported: expected a numeric type code \
         (f4, f8, i1, i2, i4, i8, u1, u2, u4, u8)"
    )
}

/// numpy's `dtype.str`: byte order then type code, e.g. `<f4`, `>i8`, `|u1` (`?` for an order
/// never set).
impl fmt::Display for Dtype {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let order = match self.order {
            Some(ByteOrder::Little) => '<',
            Some(ByteOrder::Big) => '>',
            Some(ByteOrder::NotApplicable) => '|',
            None => '?',
        };
        let letter = match self.kind {
            Kind::Float => 'f',
            Kind::Int => 'i',
            Kind::Uint => 'u',
        };
        write!(f, "{order}{letter}{}", self.size)
    }
}

/// A numpy array as the pickle describes it: raw bytes plus how to read them.
#[derive(Clone, Debug)]
pub struct NdArray<'a> {
    pub dtype: Rc<RefCell<Dtype>>,
    pub shape: Vec<usize>,
    /// Column-major (Fortran) element order instead of row-major (C).
    pub fortran: bool,
    pub data: Rc<Cow<'a, [u8]>>,
}

impl Value<'_> {
    /// A short description for error messages: `a 2-tuple`, `None`, `bytes (10 bytes)`, ...
    pub fn describe(&self) -> String {
        match self {
            Value::None => "None".into(),
            Value::Bool(b) => format!("the bool {b}"),
            Value::Int(i) => format!("the int {i}"),
            Value::Bytes(b) => format!("bytes ({} bytes)", b.len()),
            Value::Text(t) if t.len() <= 40 => format!("the str {:?}", &***t),
            Value::Text(t) => format!("a str of {} bytes", t.len()),
            Value::Tuple(t) => format!("a {}-tuple", t.items.len()),
            Value::Global(g) => format!("the global {g:?}"),
            Value::Dtype(_) => "a numpy dtype".into(),
            Value::Array(a) => match a.try_borrow().as_deref() {
                Ok(Some(arr)) => format!("a numpy array of shape {:?}", arr.shape),
                _ => "a numpy array without state".into(),
            },
        }
    }
}
