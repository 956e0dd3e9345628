//! Property-style checks of `json::read` against serde_json on generated documents: the same
//! documents are accepted and rejected, and what is read is the same.

use lambda_microvms_codec::buf::Writer;
use lambda_microvms_codec::json::read::{Error, Kind, Reader};
use serde_json::Value;

/// The depth used for agreement checks: above anything generated or mutated here and below
/// serde_json's own recursion limit (128), so both sides judge the same grammar.
const DEPTH: u8 = 100;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.below(items.len())]
    }
}

fn ws(rng: &mut Rng, out: &mut Vec<u8>) {
    for _ in 0..rng.below(3).saturating_sub(1) {
        out.push(*rng.pick(b" \t\n\r"));
    }
}

fn random_char(rng: &mut Rng) -> char {
    loop {
        let cp = match rng.below(4) {
            0 => rng.below(0x80),
            1 => 0x80 + rng.below(0x780),
            2 => 0x800 + rng.below(0xF800),
            _ => 0x10000 + rng.below(0x100000),
        } as u32;
        if let Some(c) = char::from_u32(cp) {
            return c;
        }
    }
}

fn gen_string(rng: &mut Rng, out: &mut Vec<u8>) {
    out.push(b'"');
    for _ in 0..rng.below(12) {
        match rng.below(7) {
            0 | 1 => out.push(*rng.pick(b"abcXYZ019 _-.:/")),
            2 => out.extend_from_slice(rng.pick::<&[u8]>(&[
                &br#"\""#[..],
                br"\\",
                br"\/",
                br"\b",
                br"\f",
                br"\n",
                br"\r",
                br"\t",
            ])),
            3 => {
                // \uXXXX for any code point; astral ones as a surrogate pair, random hex case.
                let c = random_char(rng);
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    let hex = if rng.below(2) == 0 {
                        format!("\\u{:04x}", u)
                    } else {
                        format!("\\u{:04X}", u)
                    };
                    out.extend_from_slice(hex.as_bytes());
                }
            }
            _ => {
                let c = random_char(rng);
                if c == '"' || c == '\\' || (c as u32) < 0x20 {
                    out.push(b'x');
                } else {
                    let mut b = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
                }
            }
        }
    }
    out.push(b'"');
}

fn gen_number(rng: &mut Rng, out: &mut Vec<u8>) {
    if rng.below(2) == 0 {
        out.push(b'-');
    }
    if rng.below(4) == 0 {
        out.push(b'0');
    } else {
        out.push(b'1' + rng.below(9) as u8);
        for _ in 0..rng.below(19) {
            out.push(b'0' + rng.below(10) as u8);
        }
    }
    if rng.below(3) == 0 {
        out.push(b'.');
        for _ in 0..1 + rng.below(12) {
            out.push(b'0' + rng.below(10) as u8);
        }
    }
    if rng.below(4) == 0 {
        out.push(*rng.pick(b"eE"));
        match rng.below(3) {
            0 => out.push(b'-'),
            1 => out.push(b'+'),
            _ => {}
        }
        for _ in 0..1 + rng.below(2) {
            out.push(b'0' + rng.below(10) as u8);
        }
    }
}

fn gen_value(rng: &mut Rng, depth: usize, out: &mut Vec<u8>) {
    let kind = if depth == 0 {
        2 + rng.below(4)
    } else {
        rng.below(6)
    };
    match kind {
        0 => {
            out.push(b'{');
            ws(rng, out);
            for i in 0..rng.below(5) {
                if i > 0 {
                    out.push(b',');
                    ws(rng, out);
                }
                gen_string(rng, out);
                ws(rng, out);
                out.push(b':');
                ws(rng, out);
                gen_value(rng, depth - 1, out);
                ws(rng, out);
            }
            out.push(b'}');
        }
        1 => {
            out.push(b'[');
            ws(rng, out);
            for i in 0..rng.below(5) {
                if i > 0 {
                    out.push(b',');
                    ws(rng, out);
                }
                gen_value(rng, depth - 1, out);
                ws(rng, out);
            }
            out.push(b']');
        }
        2 => gen_string(rng, out),
        3 => gen_number(rng, out),
        4 => out.extend_from_slice(rng.pick::<&[u8]>(&[&b"true"[..], b"false"])),
        _ => out.extend_from_slice(b"null"),
    }
}

fn gen_doc(rng: &mut Rng) -> Vec<u8> {
    let mut out = Vec::new();
    ws(rng, &mut out);
    let depth = rng.below(6);
    gen_value(rng, depth, &mut out);
    ws(rng, &mut out);
    out
}

fn ours(doc: &[u8]) -> Result<(), Error> {
    let mut r = Reader::with_max_depth(doc, DEPTH);
    r.skip()?;
    r.finish()
}

/// Checks that both parsers agree on validity; returns whether the document is valid.
fn agree(doc: &[u8]) -> bool {
    let a = ours(doc);
    let b = serde_json::from_slice::<Value>(doc);
    if let Err(e) = a {
        assert!(e.offset() <= doc.len(), "offset past end: {e:?}");
    }
    match (&a, &b) {
        (Ok(()), Ok(_)) => true,
        (Err(_), Err(_)) => false,
        // Known difference: serde_json (without arbitrary_precision) rejects numbers whose f64
        // value overflows, like 1e999; they are valid JSON, which is what `skip` checks.
        (Ok(()), Err(e)) if e.to_string().starts_with("number out of range") => true,
        _ => panic!(
            "disagreement on {:?}: ours {a:?}, serde_json {b:?}",
            String::from_utf8_lossy(doc)
        ),
    }
}

/// Reads a value with the typed API into a serde_json::Value (test-only recursion).
fn read_value(r: &mut Reader<'_>) -> Value {
    match r.peek().unwrap() {
        Kind::Object => {
            r.begin_object().unwrap();
            let mut map = serde_json::Map::new();
            while let Some(k) = r.next_key().unwrap() {
                let mut buf = [0u8; 512];
                let mut w = Writer::new(&mut buf);
                let len = k.unescape_to(&mut w);
                assert_eq!(w.finish(), Ok(len));
                let key = std::str::from_utf8(&buf[..len]).unwrap().to_owned();
                assert!(k.eq_str(&key));
                let mut longer = key.clone();
                longer.push('x');
                assert!(!k.eq_str(&longer));
                let v = read_value(r);
                map.insert(key, v);
            }
            Value::Object(map)
        }
        Kind::Array => {
            r.begin_array().unwrap();
            let mut items = Vec::new();
            while r.next_element().unwrap() {
                items.push(read_value(r));
            }
            Value::Array(items)
        }
        Kind::String => {
            let mut counting = r.clone();
            let mut counter = lambda_microvms_codec::buf::Counter::default();
            let len = counting.string_to(&mut counter).unwrap();
            let mut s: heapless::String<512> = heapless::String::new();
            r.string_into(&mut s).unwrap();
            assert_eq!(s.len(), len);
            Value::String(s.as_str().to_owned())
        }
        Kind::Number => {
            let int = r.clone().i64();
            let ts = r.clone().timestamp();
            r.skip().unwrap();
            match int {
                Ok(i) => Value::from(i),
                // Non-integers and integers beyond i64 are compared through the timestamp
                // parser, tagged so that `same` knows to compare approximately.
                Err(Error::NumberRange { .. }) => match ts {
                    Ok(t) => Value::String(format!("#ts {} {}", t.seconds, t.nanos)),
                    Err(Error::NumberRange { .. }) => Value::String("#big".into()),
                    Err(e) => panic!("timestamp: {e:?}"),
                },
                Err(e) => panic!("i64: {e:?}"),
            }
        }
        Kind::Bool => Value::Bool(r.bool().unwrap()),
        Kind::Null => {
            assert!(r.null().unwrap());
            Value::Null
        }
    }
}

fn same(ours: &Value, theirs: &Value) -> bool {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(v, w)| same(v, w))
        }
        (Value::Number(a), Value::Number(b)) => match (a.as_i64(), b.as_i64()) {
            (Some(x), Some(y)) => x == y,
            // serde_json reads `-0` as the float -0.0.
            (Some(x), None) => b.as_f64() == Some(x as f64),
            _ => false,
        },
        (Value::String(a), Value::Number(b)) if a.starts_with("#ts ") => {
            let mut parts = a[4..].split(' ');
            let secs: i64 = parts.next().unwrap().parse().unwrap();
            let nanos: u32 = parts.next().unwrap().parse().unwrap();
            let exact = secs as f64 + f64::from(nanos) / 1e9;
            let f = b.as_f64().unwrap();
            // Ours is exact then floored to 1 ns; theirs is rounded to 53 bits.
            (exact - f).abs() <= 1e-9 + f.abs() * 1e-15
        }
        (Value::String(a), Value::Number(b)) if a == "#big" => b.as_f64().unwrap().abs() >= 9.2e18,
        _ => ours == theirs,
    }
}

#[test]
fn generated_documents_are_read_exactly_like_serde_json() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..3000 {
        let doc = gen_doc(&mut rng);
        assert!(
            agree(&doc),
            "generated document rejected: {:?}",
            String::from_utf8_lossy(&doc)
        );
        let theirs: Value = serde_json::from_slice(&doc).unwrap();
        let mut r = Reader::with_max_depth(&doc, DEPTH);
        let ours = read_value(&mut r);
        r.finish().unwrap();
        assert!(
            same(&ours, &theirs),
            "{:?}\nours   {ours}\ntheirs {theirs}",
            String::from_utf8_lossy(&doc)
        );
    }
}

#[test]
fn every_prefix_agrees_with_serde_json() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut docs: Vec<Vec<u8>> = vec![
        br#"{"a":[1,-2.5e+3,true,false,null,"x\u00e9\ud83d\ude00\n"],"b":{}}"#.to_vec(),
        "[\"é€😀\", 0, -0.0, 1E-2, {\"k\" : [ [ ] ] }]"
            .as_bytes()
            .to_vec(),
    ];
    for _ in 0..40 {
        docs.push(gen_doc(&mut rng));
    }
    for doc in &docs {
        for end in 0..=doc.len() {
            agree(&doc[..end]);
        }
    }
}

#[test]
fn random_mutations_agree_with_serde_json_and_never_panic() {
    const INTERESTING: &[u8] =
        b"{}[]\",:\\/0123456789-+.eEtrufalsnu \t\n\r\x00\x1f\x7f\x80\xbf\xc3\xed\xf0\xf4\xff";
    let mut rng = Rng(0xDEAD_BEEF_CAFE_F00D);
    let mut invalid = 0;
    for _ in 0..20_000 {
        let mut doc = gen_doc(&mut rng);
        // Mostly single mutations, so the rest of the document stays valid and the mutation is
        // what is judged.
        for _ in 0..1 + rng.below(3) / 2 {
            let at = rng.below(doc.len() + 1);
            match rng.below(6) {
                // Aim at structure: a separator or bracket next to a structural byte.
                5 => {
                    let structural: Vec<usize> = (0..doc.len())
                        .filter(|&i| b"{}[],:".contains(&doc[i]))
                        .collect();
                    if !structural.is_empty() {
                        let at = *rng.pick(&structural);
                        doc.insert(at + rng.below(2), *rng.pick(b"{}[],:\"\"0"));
                    }
                }
                0 if at < doc.len() => {
                    doc.remove(at);
                }
                1 => doc.insert(at, *rng.pick(INTERESTING)),
                2 if at < doc.len() => doc[at] = rng.below(256) as u8,
                3 if at < doc.len() => {
                    // Duplicate a slice: repeats brackets, escapes, separators.
                    let end = (at + 1 + rng.below(8)).min(doc.len());
                    let piece = doc[at..end].to_vec();
                    doc.splice(at..at, piece);
                }
                _ if at < doc.len() => doc[at] = *rng.pick(INTERESTING),
                _ => doc.push(*rng.pick(INTERESTING)),
            }
        }
        if !agree(&doc) {
            invalid += 1;
        }
    }
    // The mutations must actually exercise the error paths.
    assert!(invalid > 5000, "only {invalid} invalid documents");
}

#[test]
fn escapes_and_surrogates_match_serde_json() {
    let cases: &[&[u8]] = &[
        br#""\ud800""#,
        br#""\udbff""#,
        br#""\udc00""#,
        br#""\udfff""#,
        br#""\ud800\u0041""#,
        br#""\ud800\ud800""#,
        br#""\ud800\udc00""#,
        br#""\udbff\udfff""#,
        br#""\ud83d\ude00x""#,
        br#""\ud800x""#,
        br#""\ud800\n""#,
        br#""\udc00\ud800""#,
        br#""\u0000\u001f\u007f""#,
        br#""\uD834\uDD1E""#,
        br#""\x""#,
        br#""\'""#,
        br#""\u00G0""#,
        br#""\u00""#,
        b"\"\xed\xa0\x80\"",
        b"\"\xc0\xaf\"",
        b"\"\xf4\x8f\xbf\xbf\"",
        b"\"\xf4\x90\x80\x80\"",
        b"\"\t\"",
        b"\"\x7f\"",
    ];
    for doc in cases {
        let theirs = serde_json::from_slice::<String>(doc);
        let mut s: heapless::String<64> = heapless::String::new();
        let mut r = Reader::new(doc);
        let ours = r.string_into(&mut s).and_then(|()| r.finish());
        match (&ours, &theirs) {
            (Ok(()), Ok(t)) => assert_eq!(s.as_str(), t, "{doc:?}"),
            (Err(_), Err(_)) => {}
            _ => panic!(
                "{:?}: ours {ours:?}, serde_json {theirs:?}",
                String::from_utf8_lossy(doc)
            ),
        }
    }
}

#[test]
fn hostile_nesting_is_an_error_not_a_stack_overflow() {
    for open in [b'[', b'{'] {
        let mut doc = vec![open; 1_000_000];
        if open == b'{' {
            // {"":{"":{"": ...
            doc = br#"{"":"#.repeat(250_000);
        }
        assert!(matches!(Reader::new(&doc).skip(), Err(Error::Depth { .. })));
        assert!(matches!(
            Reader::with_max_depth(&doc, 255).skip(),
            Err(Error::Depth { .. })
        ));
        assert!(serde_json::from_slice::<Value>(&doc).is_err());
    }
    // serde_json's recursion limit of 128 admits 127 nested levels; with that limit our boundary
    // is in the same place.
    for levels in 120..=136 {
        let doc = [vec![b'['; levels], vec![b']'; levels]].concat();
        let mut r = Reader::with_max_depth(&doc, 127);
        let ours = r.skip().and_then(|()| r.finish());
        let theirs = serde_json::from_slice::<Value>(&doc);
        assert_eq!(
            ours.is_ok(),
            theirs.is_ok(),
            "{levels} levels: {ours:?} {theirs:?}"
        );
        assert_eq!(ours.is_ok(), levels <= 127);
    }
}
