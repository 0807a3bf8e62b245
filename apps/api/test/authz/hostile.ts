import fc from "fast-check";

/** A request body or query the fuzzer sends: JSON (serialized by inject), raw text or raw bytes. */
export type TFuzzCase =
  | { kind: "json"; body: unknown; contentType?: string; label: string }
  | { kind: "raw"; body: string | Buffer; contentType?: string; label: string }
  | { kind: "query"; query: string; label: string };

const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\ufeff\u202e\u200b",
  "' OR 1=1 --",
  "'; DROP TABLE users; --",
  '" OR ""="',
  "1; SELECT pg_sleep(5)",
  "$1",
  "%00%27",
  "../../../../etc/passwd",
  "<script>alert(1)</script>",
  "javascript:alert(1)",
  "{{7*7}}",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally.
  "${7*7}",
  "__proto__",
  "constructor",
  "prototype",
  "NaN",
  "null",
  "undefined",
  "-1",
  "1e309",
  "00000000-0000-0000-0000-000000000000",
  "🦄🏳️‍🌈𝓤ñíçødé",
  "ｆｕｌｌｗｉｄｔｈ",
];

const hugeString = fc.constantFrom(1_000, 70_000, 300_000).map((n) => "x".repeat(n));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  hugeString,
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "", "a.b", "$where", "0"),
  fc.string({ maxLength: 12 }),
);

const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null));

export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileLeaf,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie("value"), { maxKeys: 4 }),
  ),
})).value;

const deepJson = fc
  .tuple(fc.constantFrom(64, 1_000, 20_000), fc.boolean())
  .map(([depth, arrays]) => (arrays ? `${"[".repeat(depth)}${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`));

const BAD_JSON = ["{", "}", "{'a':1}", '{"a":}', "[1,]", "nul", '{"a":1}{"b":2}', '"unterminated', "\u0000", "{\u0000}", "NaN", "Infinity"];

const BAD_CONTENT_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "application/xml",
  "multipart/form-data; boundary=x",
  "application/json; charset=utf-16",
  "application/octet-stream",
  "json",
];

const INVALID_UTF8 = [
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
  Buffer.from([0xc3, 0x28]),
  Buffer.from([0xed, 0xa0, 0x80]),
];

/** Puts `value` at a random top-level key of an object body (or replaces a non-object body). */
function mutate(base: unknown, key: string | undefined, value: unknown): unknown {
  if (base && typeof base === "object" && !Array.isArray(base) && key !== undefined) return { ...base, [key]: value };
  return value;
}

type TPath = (string | number)[];

/** Every path into a JSON value (objects and arrays), so nested fields get hostile values too. */
function pathsOf(value: unknown, prefix: TPath = [], out: TPath[] = []): TPath[] {
  if (prefix.length > 8) return out;
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : value && typeof value === "object"
      ? Object.entries(value)
      : [];
  for (const [k, v] of entries) {
    out.push([...prefix, k]);
    pathsOf(v, [...prefix, k], out);
  }
  return out;
}

function setAt(value: unknown, path: TPath, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...TPath];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head] = setAt(copy[head], rest, replacement);
  return copy;
}

/** Hostile bodies derived from a route's valid body (`base`) and the keys its schema knows. */
export function bodyCases(base: unknown, keys: string[]): fc.Arbitrary<TFuzzCase> {
  const key = keys.length > 0 ? fc.constantFrom(...keys) : fc.constant(undefined);
  const nested = pathsOf(base);
  const deep: fc.Arbitrary<TFuzzCase>[] =
    nested.length > 0
      ? [
          fc
            .tuple(fc.constantFrom(...nested), hostileValue)
            .map(([p, v]): TFuzzCase => ({ kind: "json", body: setAt(base, p, v), label: `nested ${p.join(".")} = hostile value` })),
        ]
      : [];
  return fc.oneof(
    ...deep,
    fc
      .tuple(key, hostileValue)
      .map(([k, v]): TFuzzCase => ({ kind: "json", body: mutate(base, k, v), label: `field ${k ?? "(body)"} = hostile value` })),
    fc
      .tuple(key, fc.constantFrom<unknown>([], [{}], {}, "string", 1, true, null, [[[]]], { $gt: "" }))
      .map(([k, v]): TFuzzCase => ({ kind: "json", body: mutate(base, k, v), label: `field ${k ?? "(body)"} has the wrong type` })),
    fc
      .dictionary(hostileKey, hostileValue, { minKeys: 1, maxKeys: 3 })
      .map((extra): TFuzzCase => ({ kind: "json", body: { ...(base as object), ...extra }, label: "extra keys" })),
    hostileValue.map((v): TFuzzCase => ({ kind: "json", body: v, label: "whole body hostile" })),
    fc
      .constantFrom(...BAD_JSON)
      .map((t): TFuzzCase => ({ kind: "raw", body: t, contentType: "application/json", label: `bad JSON ${JSON.stringify(t)}` })),
    deepJson.map((t): TFuzzCase => ({ kind: "raw", body: t, contentType: "application/json", label: `deep nesting (${t.length} chars)` })),
    fc
      .constantFrom('{"__proto__":{"role":"ADMIN","isAdmin":true}}', '{"constructor":{"prototype":{"role":"ADMIN"}}}')
      .map((t): TFuzzCase => {
        const merged = base && typeof base === "object" ? `${t.slice(0, -1)},${JSON.stringify(base).slice(1)}` : t;
        return { kind: "raw", body: merged.replace(",}", "}"), contentType: "application/json", label: "prototype pollution keys" };
      }),
    fc
      .constantFrom(...BAD_CONTENT_TYPES)
      .map((ct): TFuzzCase => ({ kind: "raw", body: JSON.stringify(base ?? {}), contentType: ct, label: `content-type ${ct}` })),
    fc
      .constantFrom(...INVALID_UTF8)
      .map((b): TFuzzCase => ({ kind: "raw", body: b, contentType: "application/json", label: "invalid UTF-8" })),
    fc.constant<TFuzzCase>({ kind: "raw", body: "", contentType: "application/json", label: "empty body" }),
  );
}

/** Percent-encodes any string; lone surrogates become the invalid UTF-8 sequence %ED%A0%80. */
function encode(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return "%ED%A0%80";
  }
}

/** Hostile query strings over a route's query keys: wrong types, repeats, huge and encoded junk. */
export function queryCases(keys: string[]): fc.Arbitrary<TFuzzCase> {
  const key = fc.oneof(fc.constantFrom(...(keys.length > 0 ? keys : ["q"])), hostileKey);
  const value = fc.oneof(
    hostileString,
    hostileNumber.map(String),
    fc.constantFrom("true", "[]", "{}", "%", "%zz", "%ED%A0%80", "%00", "a&b=c", "1,2,3"),
  );
  return fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 4 }).map((pairs): TFuzzCase => {
    const query = pairs.map(([k, v]) => `${encode(k)}=${v.startsWith("%") ? v : encode(v)}`).join("&");
    return { kind: "query", query, label: `query ${query.slice(0, 80)}` };
  });
}
