//! A restricted pickle reader: just enough of Python's pickle machine to rebuild numpy arrays,
//! and nothing that can run code.
//!
//! A pickle is a small program for a stack machine. Python's own unpickler will call any
//! function the program names (`os.system` included), which is why loading a pickle from the
//! internet is normally unsafe. The `serde-pickle` crate avoids calling functions, but it either
//! refuses numpy's globals outright or flattens numpy's `dtype` objects so that the type code
//! (`f4` versus `i4`) is lost, and it lets unknown globals such as `os.system` through as plain
//! data. So this module runs its own machine with two allow-lists: a fixed set of opcodes (the
//! ones numpy array pickles use under protocols 0 to 5) and a fixed set of globals (numpy's array
//! and dtype constructors and `_codecs.encode`). Every other opcode or global stops the load with
//! an error that names it. Nothing is ever executed: an allowed global only selects which of a
//! few hand-written Rust constructors builds the value.
//!
//! Lengths written in the input are checked against the bytes that are really there before
//! anything is sliced, so a corrupt length cannot make the reader allocate or read past the end,
//! and large byte strings are borrowed from the input rather than copied. Protocols 0 and 1
//! write some arguments as text lines (numbers, quoted or escaped strings, memo indices); those
//! are parsed strictly by the `text` module.

mod numpy;
pub(in crate::data) mod opcode;
mod read;
mod text;
mod value;

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

pub use value::{ByteOrder, Dtype, Kind, NdArray, Value};
use value::{Global, Tuple};

use opcode::*;

/// Runs the pickle program in `input` and returns the value it leaves, or a reason it was refused.
pub fn unpickle(input: &[u8]) -> Result<Value<'_>, String> {
    Machine {
        input,
        pos: 0,
        stack: Vec::new(),
        marks: Vec::new(),
        memo: HashMap::new(),
    }
    .run()
}

/// The state of the pickle stack machine.
struct Machine<'a> {
    input: &'a [u8],
    pos: usize,
    stack: Vec<Value<'a>>,
    /// Stack heights saved by `MARK`.
    marks: Vec<usize>,
    memo: HashMap<u32, Value<'a>>,
}

impl<'a> Machine<'a> {
    fn run(mut self) -> Result<Value<'a>, String> {
        loop {
            let at = self.pos;
            let Some(&op) = self.input.get(at) else {
                return Err(format!(
                    "the pickle ends at byte {at} without a STOP opcode"
                ));
            };
            self.pos += 1;
            if op == STOP {
                return self.finish();
            }
            self.step(op)
                .map_err(|reason| format!("pickle byte {at} (opcode {}): {reason}", show_op(op)))?;
        }
    }

    /// After `STOP`: exactly one value on the stack, no open `MARK`, no bytes left over.
    fn finish(mut self) -> Result<Value<'a>, String> {
        let extra = self.input.len() - self.pos;
        if extra > 0 {
            return Err(format!(
                "{extra} unexpected bytes after the STOP opcode at byte {}",
                self.pos - 1
            ));
        }
        if !self.marks.is_empty() || self.stack.len() != 1 {
            return Err(format!(
                "the pickle stops with {} values on the stack and {} open MARKs; expected exactly \
                 one value",
                self.stack.len(),
                self.marks.len()
            ));
        }
        self.pop()
    }

    /// Executes one opcode (already consumed).
    fn step(&mut self, op: u8) -> Result<(), String> {
        match op {
            PROTO => self.protocol()?,
            FRAME => {
                let len = self.u64()?;
                self.check_remaining(len)?;
            }
            MARK => self.marks.push(self.stack.len()),
            TUPLE => {
                let items = self.pop_to_mark()?;
                self.push_tuple(items)?;
            }
            EMPTY_TUPLE => self.push_tuple(Vec::new())?,
            TUPLE1 => self.tuple_of(1)?,
            TUPLE2 => self.tuple_of(2)?,
            TUPLE3 => self.tuple_of(3)?,
            BINPUT => {
                let index = self.u8()?.into();
                self.memo_put(index)?;
            }
            LONG_BINPUT => {
                let index = self.u32()?;
                self.memo_put(index)?;
            }
            PUT => {
                let index = text::memo_index(self.line(NUMBER_LINE)?)?;
                self.memo_put(index)?;
            }
            MEMOIZE => self.memo_put(self.memo.len() as u32)?,
            BINGET => {
                let index = self.u8()?.into();
                self.memo_get(index)?;
            }
            LONG_BINGET => {
                let index = self.u32()?;
                self.memo_get(index)?;
            }
            GET => {
                let index = text::memo_index(self.line(NUMBER_LINE)?)?;
                self.memo_get(index)?;
            }
            GLOBAL => {
                let module = self.name_line()?;
                let name = self.name_line()?;
                self.stack
                    .push(Value::Global(Global::resolve(module, name)?));
            }
            STACK_GLOBAL => {
                let name = self.pop()?;
                let module = self.pop()?;
                let (Value::Text(module), Value::Text(name)) = (&module, &name) else {
                    return Err(format!(
                        "expected two str values (module, name), found {} and {}",
                        module.describe(),
                        name.describe()
                    ));
                };
                self.stack
                    .push(Value::Global(Global::resolve(module, name)?));
            }
            REDUCE => self.reduce()?,
            BUILD => self.build()?,
            NONE => self.stack.push(Value::None),
            NEWTRUE => self.stack.push(Value::Bool(true)),
            NEWFALSE => self.stack.push(Value::Bool(false)),
            INT => {
                let value = text::int(self.line(NUMBER_LINE)?)?;
                self.stack.push(value);
            }
            LONG => {
                let value = text::long(self.line(NUMBER_LINE)?)?;
                self.stack.push(value);
            }
            BININT => {
                let v = i32::from_le_bytes(self.array()?);
                self.stack.push(Value::Int(v.into()));
            }
            BININT1 => {
                let v = self.u8()?;
                self.stack.push(Value::Int(v.into()));
            }
            BININT2 => {
                let v = u16::from_le_bytes(self.array()?);
                self.stack.push(Value::Int(v.into()));
            }
            STRING => {
                let bytes = text::string_literal(self.line(usize::MAX)?)?;
                self.stack.push(Value::Bytes(Rc::new(bytes)));
            }
            UNICODE => {
                let text = text::raw_unicode_escape(self.line(usize::MAX)?)?;
                self.stack.push(Value::Text(Rc::new(text)));
            }
            SHORT_BINSTRING | SHORT_BINBYTES => {
                let len = self.u8()?.into();
                self.push_bytes(len)?;
            }
            BINSTRING => {
                // Python 2 wrote this length as a signed 32-bit integer.
                let len = i32::from_le_bytes(self.array()?);
                let len = u64::try_from(len).map_err(|_| format!("negative length {len}"))?;
                self.push_bytes(len)?;
            }
            BINBYTES => {
                let len = self.u32()?.into();
                self.push_bytes(len)?;
            }
            BINBYTES8 | BYTEARRAY8 => {
                let len = self.u64()?;
                self.push_bytes(len)?;
            }
            SHORT_BINUNICODE => {
                let len = self.u8()?.into();
                self.push_text(len)?;
            }
            BINUNICODE => {
                let len = self.u32()?.into();
                self.push_text(len)?;
            }
            _ => {
                return Err(if opcode::name(op) == "unknown" {
                    "unknown opcode: this is not a valid pickle".into()
                } else {
                    "this opcode is not allowed: the loader only reads tuples of numpy arrays"
                        .into()
                });
            }
        }
        Ok(())
    }

    fn protocol(&mut self) -> Result<(), String> {
        match self.u8()? {
            0..=5 => Ok(()),
            v => Err(format!("pickle protocol {v}; expected protocol 0 to 5")),
        }
    }

    /// `callable(*args)` for the allowed globals.
    fn reduce(&mut self) -> Result<(), String> {
        let args = self.pop()?;
        let callable = self.pop()?;
        let Value::Tuple(args) = &args else {
            return Err(format!(
                "expected an argument tuple, found {}",
                args.describe()
            ));
        };
        let Value::Global(global) = callable else {
            return Err(format!(
                "expected an allowed global to call, found {}",
                callable.describe()
            ));
        };
        let args = &args.items;
        let result = match global {
            Global::Reconstruct => numpy::reconstruct(args)?,
            Global::Dtype => numpy::make_dtype(args)?,
            Global::Encode => numpy::encode_latin1(args)?,
            Global::FromBuffer => numpy::from_buffer(args)?,
            Global::Ndarray => {
                return Err("numpy.ndarray may only be passed to _reconstruct, not called".into());
            }
        };
        self.stack.push(result);
        Ok(())
    }

    /// `obj.__setstate__(state)` for numpy dtypes and arrays; `obj` stays on the stack.
    fn build(&mut self) -> Result<(), String> {
        let state = self.pop()?;
        let target = self.top()?;
        let Value::Tuple(state) = &state else {
            return Err(format!(
                "expected a state tuple, found {}",
                state.describe()
            ));
        };
        match target {
            Value::Dtype(dtype) => numpy::set_dtype_state(dtype, &state.items),
            Value::Array(array) => {
                let mut slot = array.try_borrow_mut().map_err(|_| "array is in use")?;
                if slot.is_some() {
                    return Err("this numpy array already has its state".into());
                }
                *slot = Some(numpy::array_from_state(&state.items)?);
                Ok(())
            }
            other => Err(format!(
                "BUILD only applies to numpy arrays and dtypes, found {}",
                other.describe()
            )),
        }
    }

    /// The value on top of the stack, which must lie above the last `MARK` (as in Python).
    fn top(&self) -> Result<&Value<'a>, String> {
        let floor = self.marks.last().copied().unwrap_or(0);
        self.stack
            .get(floor..)
            .and_then(<[_]>::last)
            .ok_or_else(|| "stack underflow: an opcode needs a value but the stack is empty".into())
    }

    fn pop(&mut self) -> Result<Value<'a>, String> {
        self.top()?;
        self.stack.pop().ok_or_else(|| "stack underflow".into())
    }

    fn pop_to_mark(&mut self) -> Result<Vec<Value<'a>>, String> {
        let mark = self.marks.pop().ok_or("TUPLE without a MARK before it")?;
        Ok(self.stack.split_off(mark))
    }

    fn tuple_of(&mut self, n: usize) -> Result<(), String> {
        let floor = self.marks.last().copied().unwrap_or(0);
        if self.stack.len() < floor + n {
            return Err(format!(
                "stack underflow: needs {n} values, the stack holds {}",
                self.stack.len() - floor
            ));
        }
        let items = self.stack.split_off(self.stack.len() - n);
        self.push_tuple(items)
    }

    fn push_tuple(&mut self, items: Vec<Value<'a>>) -> Result<(), String> {
        self.stack.push(Tuple::value(items)?);
        Ok(())
    }

    fn memo_put(&mut self, index: u32) -> Result<(), String> {
        let top = self.top()?.clone();
        self.memo.insert(index, top);
        Ok(())
    }

    fn memo_get(&mut self, index: u32) -> Result<(), String> {
        let value = self.memo.get(&index).ok_or_else(|| {
            format!(
                "memo index {index} was never stored (the memo holds {} entries)",
                self.memo.len()
            )
        })?;
        self.stack.push(value.clone());
        Ok(())
    }

    fn push_bytes(&mut self, len: u64) -> Result<(), String> {
        let bytes = self.take(len)?;
        self.stack.push(Value::Bytes(Rc::new(Cow::Borrowed(bytes))));
        Ok(())
    }

    fn push_text(&mut self, len: u64) -> Result<(), String> {
        let bytes = self.take(len)?;
        let text = std::str::from_utf8(bytes).map_err(|e| format!("str is not UTF-8: {e}"))?;
        self.stack.push(Value::Text(Rc::new(Cow::Borrowed(text))));
        Ok(())
    }
}

/// Longest line an `INT`, `LONG`, `PUT` or `GET` argument may take (`-9223372036854775808L` is 21).
const NUMBER_LINE: usize = 32;

/// `0x80 PROTO`-style label for error messages.
fn show_op(op: u8) -> String {
    format!("0x{op:02x} {}", opcode::name(op))
}
