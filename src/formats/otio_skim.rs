//! Finding where JSON values end without parsing them.
//!
//! The OTIO reader parses only the track it reads; the other tracks, often
//! as large, are stepped over with these functions, which look at the
//! structure alone: strings (with their escapes) and brackets. They do not
//! check numbers, literals, commas or colons; what they step over is not
//! validated.
//!
//! Brackets are counted 64 bytes at a time, as simdjson's first stage
//! does: bitmasks of the quotes, backslashes and brackets of a block
//! (SSE2 on x86_64, a portable loop elsewhere, tested to agree), quotes
//! preceded by an odd run of backslashes dropped, the inside of strings
//! found by a prefix XOR of the quote bits, carried from block to block,
//! and the depth followed over the brackets outside strings.

/// Bitmasks of one 64-byte block: bit `k` is byte `k`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Masks {
    quote: u64,
    backslash: u64,
    open: u64,
    close: u64,
}

#[cfg_attr(all(target_arch = "x86_64", not(test)), allow(dead_code))]
fn masks_scalar(block: &[u8; 64]) -> Masks {
    let mut m = Masks {
        quote: 0,
        backslash: 0,
        open: 0,
        close: 0,
    };
    for (k, &b) in block.iter().enumerate() {
        let bit = 1u64 << k;
        match b {
            b'"' => m.quote |= bit,
            b'\\' => m.backslash |= bit,
            b'{' | b'[' => m.open |= bit,
            b'}' | b']' => m.close |= bit,
            _ => {}
        }
    }
    m
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn masks_sse2(block: &[u8; 64]) -> Masks {
    use std::arch::x86_64::*;
    let mut m = Masks {
        quote: 0,
        backslash: 0,
        open: 0,
        close: 0,
    };
    let (q, bs, lower) = (
        _mm_set1_epi8(b'"' as i8),
        _mm_set1_epi8(b'\\' as i8),
        _mm_set1_epi8(0x20),
    );
    // `[` and `{`, `]` and `}` differ only in the 0x20 bit, and no other
    // byte becomes `{` or `}` when that bit is set.
    let (open, close) = (_mm_set1_epi8(b'{' as i8), _mm_set1_epi8(b'}' as i8));
    for k in 0..4 {
        // SAFETY: the block has 64 bytes; 16 are read from offset 16 k.
        let v = unsafe { _mm_loadu_si128(block.as_ptr().add(16 * k) as *const __m128i) };
        let folded = _mm_or_si128(v, lower);
        let bits = |x: __m128i| (_mm_movemask_epi8(x) as u32 as u64) << (16 * k);
        m.quote |= bits(_mm_cmpeq_epi8(v, q));
        m.backslash |= bits(_mm_cmpeq_epi8(v, bs));
        m.open |= bits(_mm_cmpeq_epi8(folded, open));
        m.close |= bits(_mm_cmpeq_epi8(folded, close));
    }
    m
}

fn masks(block: &[u8; 64]) -> Masks {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: SSE2 is part of every x86_64 processor.
        unsafe { masks_sse2(block) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        masks_scalar(block)
    }
}

/// Bit `k` set when an odd number of bits at or below `k` are set: the
/// inside of strings from their quote bits.
fn prefix_xor(mut x: u64) -> u64 {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    x
}

/// The bytes of a block escaped by a backslash, given the backslash bits
/// and whether the block's first byte is escaped; and whether the next
/// block's first byte is.
fn escaped(backslash: u64, first_escaped: bool) -> (u64, bool) {
    let mut escaped = first_escaped as u64;
    let mut next = false;
    let mut m = backslash;
    // In order: an escaped backslash escapes nothing.
    while m != 0 {
        let k = m.trailing_zeros();
        m &= m - 1;
        if escaped & (1 << k) == 0 {
            if k == 63 {
                next = true;
            } else {
                escaped |= 1 << (k + 1);
            }
        }
    }
    (escaped, next)
}

/// How far ahead of the bytes being read the next ones are asked for.
/// The processor's own prefetching proved weak on the machine measured:
/// asking for the line 1 KB ahead made the block loop three times faster
/// on a 97 MB text (1.7 to 5.3 GB/s).
pub const AHEAD: usize = 1024;

/// Asks the processor for the cache line of `s` at `at`, if there is one;
/// it is not waited for.
#[inline]
pub fn prefetch(s: &[u8], at: usize) {
    #[cfg(target_arch = "x86_64")]
    if at < s.len() {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: the address is inside `s`, and a prefetch reads nothing.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(s.as_ptr().add(at) as *const i8) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (s, at);
}

/// From `at`, outside any string and `depth` (≥ 1) brackets deep, the
/// position just after the bracket that closes the outermost of them, or
/// `None` when the text ends first.
pub fn container_end(s: &[u8], at: usize, depth: usize) -> Option<usize> {
    container_end_with(s, at, depth, masks)
}

fn container_end_with(s: &[u8], mut at: usize, mut depth: usize, masks: fn(&[u8; 64]) -> Masks) -> Option<usize> {
    if depth == 0 {
        return Some(at);
    }
    let mut in_string = 0u64; // all ones when the previous block ended inside a string
    let mut first_escaped = false;
    let mut padded = [b' '; 64];
    while at < s.len() {
        let block: &[u8; 64] = match s.get(at..at + 64) {
            Some(b) => b.try_into().ok()?,
            None => {
                padded[..s.len() - at].copy_from_slice(&s[at..]);
                &padded
            }
        };
        prefetch(s, at + AHEAD);
        let m = masks(block);
        let mut quote = m.quote;
        if m.backslash != 0 || first_escaped {
            let (e, next) = escaped(m.backslash, first_escaped);
            quote &= !e;
            first_escaped = next;
        }
        let inside = prefix_xor(quote) ^ in_string;
        in_string = ((inside as i64) >> 63) as u64;
        let (open, close) = (m.open & !inside, m.close & !inside);
        let closes = close.count_ones() as usize;
        if closes < depth {
            depth = depth + open.count_ones() as usize - closes;
        } else {
            let mut both = open | close;
            while both != 0 {
                let k = both.trailing_zeros();
                both &= both - 1;
                if open & (1 << k) != 0 {
                    depth += 1;
                } else {
                    depth -= 1;
                    if depth == 0 {
                        return Some(at + k as usize + 1);
                    }
                }
            }
        }
        at += 64;
    }
    None
}

/// The same, a byte at a time: what the block version is tested against.
#[cfg(test)]
fn container_end_bytewise(s: &[u8], at: usize, mut depth: usize) -> Option<usize> {
    if depth == 0 {
        return Some(at);
    }
    let (mut in_string, mut escape) = (false, false);
    for (i, &b) in s.iter().enumerate().skip(at) {
        if in_string {
            if escape {
                escape = false;
            } else if b == b'\\' {
                escape = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The first position at or after `at` that is not JSON whitespace.
pub fn ws(s: &[u8], mut at: usize) -> usize {
    while let Some(b' ' | b'\n' | b'\r' | b'\t') = s.get(at) {
        at += 1;
    }
    at
}

/// The end of the string whose opening quote is at `at`, and whether it
/// holds escapes.
pub fn string_end(s: &[u8], at: usize) -> Option<(usize, bool)> {
    if s.get(at) != Some(&b'"') {
        return None;
    }
    let mut i = at + 1;
    let mut escapes = false;
    loop {
        match s.get(i)? {
            b'"' => return Some((i + 1, escapes)),
            b'\\' => {
                escapes = true;
                i += 2;
            }
            _ => i += 1,
        }
    }
}

/// The end of the value that starts at `at` (no whitespace before it).
/// Numbers and literals end at the next delimiter; they are not checked.
pub fn value_end(s: &[u8], at: usize) -> Option<usize> {
    match s.get(at)? {
        b'{' | b'[' => container_end(s, at + 1, 1),
        b'"' => string_end(s, at).map(|(end, _)| end),
        b'}' | b']' | b',' | b':' => None,
        _ => {
            let mut i = at + 1;
            while let Some(&b) = s.get(i) {
                if matches!(b, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') {
                    break;
                }
                i += 1;
            }
            Some(i)
        }
    }
}

/// Calls `f` with each key (its raw text, `None` if it has escapes) and
/// the start of its value, of the object whose `{` is at `at`; `f` returns
/// the end of the value, or `Ok(None)` to stop looking: the rest of the
/// object is then stepped over. The end of the object.
pub fn walk_object(
    s: &[u8],
    at: usize,
    mut f: impl FnMut(Option<&[u8]>, usize) -> Option<Option<usize>>,
) -> Option<usize> {
    if s.get(at) != Some(&b'{') {
        return None;
    }
    let mut i = ws(s, at + 1);
    if s.get(i) == Some(&b'}') {
        return Some(i + 1);
    }
    loop {
        let (key_end, escapes) = string_end(s, i)?;
        let key = (!escapes).then(|| &s[i + 1..key_end - 1]);
        i = ws(s, key_end);
        if s.get(i) != Some(&b':') {
            return None;
        }
        i = ws(s, i + 1);
        match f(key, i)? {
            Some(end) => i = ws(s, end),
            None => return container_end(s, i, 1),
        }
        match s.get(i)? {
            b',' => i = ws(s, i + 1),
            b'}' => return Some(i + 1),
            _ => return None,
        }
    }
}

/// Calls `f` with the start of each element of the array whose `[` is at
/// `at`; `f` returns the element's end. The end of the array.
pub fn walk_array(s: &[u8], at: usize, mut f: impl FnMut(usize) -> Option<usize>) -> Option<usize> {
    if s.get(at) != Some(&b'[') {
        return None;
    }
    let mut i = ws(s, at + 1);
    if s.get(i) == Some(&b']') {
        return Some(i + 1);
    }
    loop {
        i = ws(s, f(i)?);
        match s.get(i)? {
            b',' => i = ws(s, i + 1),
            b']' => return Some(i + 1),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn strings_escapes_and_brackets_in_strings() {
        let cases: &[(&str, Option<usize>)] = &[
            (r#"{}"#, Some(2)),
            (r#"{"a": "}"}"#, Some(10)),
            (r#"{"a": "\"}"}"#, Some(12)),
            (r#"{"a": "\\"}x"#, Some(11)),
            (r#"{"a": "\\\"}"}"#, Some(14)),
            (r#"[1, [2, {"]": "["}], 3]"#, Some(23)),
            (r#"{"a": "#, None),
            (r#"{"a": "}"#, None),
        ];
        for &(text, end) in cases {
            assert_eq!(container_end(text.as_bytes(), 1, 1), end, "{text}");
            assert_eq!(container_end_bytewise(text.as_bytes(), 1, 1), end, "{text}");
            assert_eq!(container_end_with(text.as_bytes(), 1, 1, masks_scalar), end, "{text}");
        }
    }

    #[test]
    fn escapes_and_strings_across_block_boundaries() {
        // Every offset of a backslash run, a quote and a bracket around the
        // 64-byte boundaries.
        for pad in 0..130 {
            for run in 0..4 {
                let mut s = String::from("[\"");
                s.push_str(&"x".repeat(pad));
                s.push_str(&"\\".repeat(run));
                s.push_str("\"]\"]");
                let b = s.as_bytes();
                let want = container_end_bytewise(b, 1, 1);
                assert_eq!(container_end(b, 1, 1), want, "{s}");
                assert_eq!(container_end_with(b, 1, 1, masks_scalar), want, "{s}");
            }
        }
    }

    #[test]
    fn sse2_masks_agree_with_the_scalar_ones() {
        let mut block = [0u8; 64];
        for b in 0..=255u8 {
            for (k, x) in block.iter_mut().enumerate() {
                *x = b.wrapping_add((k as u8).wrapping_mul(37));
            }
            assert_eq!(masks(&block), masks_scalar(&block));
        }
    }

    #[test]
    fn walking_objects_and_arrays() {
        let s = br#"{"a": 1, "b\"": [1, {"x": "]"}], "c": {"d": null}}"#;
        let mut seen = Vec::new();
        let end = walk_object(s, 0, |k, at| {
            seen.push((k.map(|k| String::from_utf8_lossy(k).to_string()), at));
            Some(value_end(s, at))
        });
        assert_eq!(end, Some(s.len()));
        assert_eq!(
            seen.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(),
            [Some("a".to_string()), None, Some("c".to_string())]
        );
        // Stopping early steps over the rest.
        assert_eq!(walk_object(s, 0, |_, _| Some(None)), Some(s.len()));
        let a = b"[ 1 , \"x\" , [ ] , { } ]";
        let mut n = 0;
        assert_eq!(
            walk_array(a, 0, |at| {
                n += 1;
                value_end(a, at)
            }),
            Some(a.len())
        );
        assert_eq!(n, 4);
        assert_eq!(walk_array(b"[]", 0, |_| None), Some(2));
        assert_eq!(walk_array(b"[1 2]", 0, |at| value_end(b"[1 2]", at)), None);
    }

    /// JSON values of any shape, strings full of quotes, backslashes and
    /// brackets, pretty or compact.
    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i32>().prop_map(Value::from),
            "[\"\\\\\\[\\]{}a ]{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(5, 64, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::vec(("[\"\\\\{}a]{0,4}", inner), 0..6)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

        /// The end of every array, where serde_json reads it, at any
        /// offset in the first block.
        #[test]
        fn ends_agree_with_serde_json(v in json_value(), pretty in any::<bool>(), lead in 0usize..70) {
            let body = if pretty { serde_json::to_string_pretty(&v) } else { serde_json::to_string(&v) }.unwrap();
            let text = format!("{}[{body}, 1] trailing \"]", " ".repeat(lead));
            let s = text.as_bytes();
            let end = lead + 1 + body.len() + 4;
            let mut de = serde_json::Deserializer::from_str(&text[lead..end]);
            let _: serde::de::IgnoredAny = serde::Deserialize::deserialize(&mut de).unwrap();
            de.end().unwrap();
            prop_assert_eq!(container_end(s, lead + 1, 1), Some(end));
            prop_assert_eq!(container_end_with(s, lead + 1, 1, masks_scalar), Some(end));
            prop_assert_eq!(container_end_bytewise(s, lead + 1, 1), Some(end));
            prop_assert_eq!(value_end(s, lead), Some(end));
            // Cut anywhere inside, it has no end.
            let cut = lead + 1 + (body.len() / 2);
            prop_assert_eq!(container_end(&s[..cut], lead + 1, 1), None);
        }
    }
}
