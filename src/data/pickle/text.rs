//! The arguments of the text opcodes that protocols 0 and 1 write: decimal integers and memo
//! indices, Python 2 `str` literals (`STRING`) and `raw-unicode-escape` text (`UNICODE`).
//!
//! Each argument is one line of the input without its newline. Python's own unpickler hands
//! most of them to `int()` or a codec and accepts whatever those accept; here only the forms
//! Python's pickler writes are read, and anything else is an error that shows the text.

use std::borrow::Cow;

use super::value::Value;

/// The argument of `INT`: `00` and `01` are how protocols 0 and 1 write `False` and `True`,
/// anything else a decimal integer.
pub fn int<'a>(line: &[u8]) -> Result<Value<'a>, String> {
    match line {
        b"00" => Ok(Value::Bool(false)),
        b"01" => Ok(Value::Bool(true)),
        _ => decimal(line).map(Value::Int),
    }
}

/// The argument of `LONG`: a decimal integer with Python 2's `L` suffix (Python 3 writes it too).
pub fn long<'a>(line: &[u8]) -> Result<Value<'a>, String> {
    let digits = line.strip_suffix(b"L").unwrap_or(line);
    decimal(digits).map(Value::Int)
}

/// The argument of `PUT` and `GET`: a non-negative decimal memo index.
pub fn memo_index(line: &[u8]) -> Result<u32, String> {
    let value = decimal(line)?;
    u32::try_from(value).map_err(|_| format!("memo index {value} is not in 0..=4294967295"))
}

/// An optional `-` or `+` then ASCII digits, as Python's `repr` of an int writes them.
fn decimal(line: &[u8]) -> Result<i64, String> {
    let shown = show(line);
    let digits = line
        .strip_prefix(b"-")
        .or(line.strip_prefix(b"+"))
        .unwrap_or(line);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(format!(
            "expected a decimal integer such as 784 or -1, found {shown}"
        ));
    }
    // The bytes are ASCII digits and a sign, so they are UTF-8.
    let text = std::str::from_utf8(line).map_err(|_| shown.clone())?;
    text.parse::<i64>()
        .map_err(|_| format!("integer {shown} does not fit in 64 bits"))
}

/// The argument of `STRING`: a Python 2 `str` written by `repr`, in single or double quotes,
/// with the escapes `repr` uses (`\\ \' \" \n \r \t \xhh`) and the other C escapes Python's
/// reader also takes (`\a \b \f \v`, octal `\ooo`).
pub fn string_literal(line: &[u8]) -> Result<Cow<'_, [u8]>, String> {
    let body = match line {
        [q @ (b'\'' | b'"'), body @ .., last] if last == q => body,
        _ => {
            return Err(format!(
                "expected a quoted string such as 'f4', found {}",
                show(line)
            ));
        }
    };
    if !body.contains(&b'\\') {
        return Ok(Cow::Borrowed(body));
    }
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    while let Some((&byte, tail)) = rest.split_first() {
        rest = tail;
        if byte != b'\\' {
            out.push(byte);
            continue;
        }
        let (&kind, tail) = rest
            .split_first()
            .ok_or("the string ends with a lone backslash")?;
        rest = tail;
        let simple = match kind {
            b'\\' | b'\'' | b'"' => Some(kind),
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'a' => Some(0x07),
            b'b' => Some(0x08),
            b'f' => Some(0x0c),
            b'v' => Some(0x0b),
            _ => None,
        };
        let decoded = match (simple, kind) {
            (Some(byte), _) => byte,
            (None, b'x') => {
                let hex = rest.get(..2).ok_or("a \\x escape needs two hex digits")?;
                rest = &rest[2..];
                u8::try_from(hex_value(hex).ok_or_else(|| bad_escape("\\x", hex))?)
                    .expect("two hex digits fit in a byte")
            }
            (None, b'0'..=b'7') => {
                // Up to three octal digits, the first already read: \ooo, at most \377.
                let more = rest.iter().take(2).take_while(|b| matches!(b, b'0'..=b'7'));
                let mut value = u32::from(kind - b'0');
                let mut used = 0;
                for &digit in more {
                    value = value * 8 + u32::from(digit - b'0');
                    used += 1;
                }
                rest = &rest[used..];
                u8::try_from(value)
                    .map_err(|_| format!("octal escape \\{value:o} is larger than \\377"))?
            }
            (None, _) => {
                return Err(format!(
                    "unknown escape {} in a STRING argument",
                    show(&[b'\\', kind])
                ));
            }
        };
        out.push(decoded);
    }
    Ok(Cow::Owned(out))
}

/// The argument of `UNICODE`: text in Python's `raw-unicode-escape` codec. Each byte is the
/// character of that code point (latin-1), except `\uXXXX` and `\UXXXXXXXX` (exactly 4 or 8 hex
/// digits), which is how Python's pickler writes backslashes, newlines and characters above
/// U+00FF. Any other backslash is refused, since the pickler never writes a bare one.
pub fn raw_unicode_escape(line: &[u8]) -> Result<Cow<'_, str>, String> {
    if line.is_ascii() && !line.contains(&b'\\') {
        return Ok(Cow::Borrowed(
            std::str::from_utf8(line).expect("ASCII is UTF-8"),
        ));
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some((&byte, tail)) = rest.split_first() {
        rest = tail;
        if byte != b'\\' {
            out.push(char::from(byte));
            continue;
        }
        let digits = match rest.first() {
            Some(b'u') => 4,
            Some(b'U') => 8,
            _ => {
                let at = line.len() - rest.len() - 1;
                return Err(format!(
                    "a backslash in a UNICODE argument must start \\uXXXX or \\UXXXXXXXX, \
                     found {}",
                    show(&line[at..line.len().min(at + 10)])
                ));
            }
        };
        let hex = rest.get(1..1 + digits).ok_or_else(|| {
            format!(
                "a \\{} escape needs {digits} hex digits",
                char::from(rest[0])
            )
        })?;
        let code =
            hex_value(hex).ok_or_else(|| bad_escape(&format!("\\{}", char::from(rest[0])), hex))?;
        out.push(
            char::from_u32(code)
                .ok_or_else(|| format!("escape \\U{code:08x} is not a Unicode scalar value"))?,
        );
        rest = &rest[1 + digits..];
    }
    Ok(Cow::Owned(out))
}

/// The value of 1 to 8 ASCII hex digits, or `None` if any is not one.
fn hex_value(hex: &[u8]) -> Option<u32> {
    hex.iter().try_fold(0u32, |acc, &b| {
        let digit = char::from(b).to_digit(16)?;
        Some(acc * 16 + digit)
    })
}

fn bad_escape(escape: &str, hex: &[u8]) -> String {
    format!("the {escape} escape needs hex digits, found {}", show(hex))
}

/// Bytes for an error message: printable ASCII as is, others as `\xhh`, at most 40 of them.
fn show(bytes: &[u8]) -> String {
    const SHOWN: usize = 40;
    let text: String = bytes
        .iter()
        .take(SHOWN)
        .flat_map(|&b| std::ascii::escape_default(b))
        .map(char::from)
        .collect();
    let more = if bytes.len() > SHOWN { "..." } else { "" };
    format!("\"{text}{more}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int_of(line: &[u8]) -> Option<i64> {
        match int(line) {
            Ok(Value::Int(i)) => Some(i),
            _ => None,
        }
    }

    #[test]
    fn ints_bools_and_longs_read_as_python_writes_them() {
        assert_eq!(int_of(b"784"), Some(784));
        assert_eq!(int_of(b"-1"), Some(-1));
        assert_eq!(int_of(b"0"), Some(0));
        assert!(matches!(int(b"00"), Ok(Value::Bool(false))));
        assert!(matches!(int(b"01"), Ok(Value::Bool(true))));
        assert!(matches!(
            long(b"9223372036854775807L"),
            Ok(Value::Int(i64::MAX))
        ));
        assert!(matches!(long(b"-5"), Ok(Value::Int(-5))));
        assert_eq!(memo_index(b"17"), Ok(17));
    }

    #[test]
    fn malformed_numbers_are_refused_with_the_text_shown() {
        for bad in [
            &b""[..],
            b"-",
            b"1.5",
            b" 7",
            b"7 ",
            b"0x10",
            b"1_000",
            b"\xff",
        ] {
            let error = int(bad).unwrap_err();
            assert!(error.contains("expected a decimal integer"), "{error}");
        }
        let error = long(b"99999999999999999999L").unwrap_err();
        assert!(error.contains("does not fit in 64 bits"), "{error}");
        let error = memo_index(b"-3").unwrap_err();
        assert!(error.contains("memo index -3"), "{error}");
    }

    #[test]
    fn string_literals_decode_every_escape_python_reads() {
        let decoded = string_literal(br"'a\\b\'c\x41\n\r\t\0\101\377\a\b\f\v'").unwrap();
        assert_eq!(
            &decoded[..],
            b"a\\b'cA\n\r\t\0A\xff\x07\x08\x0c\x0b".as_slice()
        );
        assert_eq!(&string_literal(b"\"f4\"").unwrap()[..], b"f4");
        assert!(matches!(string_literal(b"'<'"), Ok(Cow::Borrowed(b"<"))));
        for (bad, why) in [
            (&b"f4"[..], "expected a quoted string"),
            (b"'f4\"", "expected a quoted string"),
            (b"'", "expected a quoted string"),
            (b"'a\\'", "lone backslash"),
            (b"'\\x4'", "two hex digits"),
            (b"'\\xzz'", "needs hex digits"),
            (b"'\\q'", "unknown escape"),
            (b"'\\400'", "larger than \\377"),
        ] {
            let error = string_literal(bad).unwrap_err();
            assert!(error.contains(why), "{bad:?}: {error}");
        }
    }

    #[test]
    fn raw_unicode_escape_reads_latin1_bytes_and_u_escapes() {
        assert!(matches!(
            raw_unicode_escape(b"latin1"),
            Ok(Cow::Borrowed("latin1"))
        ));
        let decoded = raw_unicode_escape(b"\x00\xb7m\\u005c\\u000a\\u20ac\\U0001f600").unwrap();
        assert_eq!(decoded, "\u{0}\u{b7}m\\\n\u{20ac}\u{1f600}");
        for (bad, why) in [
            (&b"a\\b"[..], "must start \\uXXXX"),
            (b"\\", "must start \\uXXXX"),
            (b"\\u12", "needs 4 hex digits"),
            (b"\\u12g4", "needs hex digits"),
            (b"\\Ud800d800", "not a Unicode scalar value"),
            (b"\\U00110000", "not a Unicode scalar value"),
        ] {
            let error = raw_unicode_escape(bad).unwrap_err();
            assert!(error.contains(why), "{bad:?}: {error}");
        }
    }
}
