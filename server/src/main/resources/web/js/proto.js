// The protobuf wire format, by hand, driven by the generated schema (schema.js): no build step,
// no eval. Messages are plain objects keyed by proto field names in snake_case.
//
// Decoding fills proto3 defaults (0, '', false, [], {} for maps, the enum's zero name) so screens
// never test for undefined scalars; an absent sub-message stays undefined. A oneof is reported
// twice: the set field under its own name, and the oneof's name holding that field's name
// (env.body === 'login_ok', env.login_ok = {...}). 64-bit integers decode to numbers when they
// are safe (< 2^53), else to decimal strings; encoding takes numbers, strings or BigInts. Enums
// decode to their names and encode from names or numbers. Unknown fields are skipped.
import schema from './schema.js';

const WIRE_VARINT = 0;
const WIRE_64 = 1;
const WIRE_LEN = 2;
const WIRE_32 = 5;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: false });

const SIXTY_FOUR = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const PACKABLE = new Set(['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'bool', 'enum',
  'fixed32', 'sfixed32', 'float', 'fixed64', 'sfixed64', 'double']);

/** Field tables per message, built once: by name for encoding, by number for decoding. */
const tables = new Map();

function table(type) {
  let t = tables.get(type);
  if (t) return t;
  const fields = schema.messages[type];
  if (!fields) throw new Error('unknown message type ' + type);
  t = { byName: new Map(), byNumber: new Map(), oneofs: new Set() };
  for (const [name, no, kind, flags, ref, oneof] of fields) {
    const f = { name, no, kind, ref, oneof, repeated: flags.includes('r'), packed: flags.includes('p'),
      map: flags.includes('m') };
    t.byName.set(name, f);
    t.byNumber.set(no, f);
    if (oneof) t.oneofs.add(oneof);
  }
  tables.set(type, t);
  return t;
}

function wireTypeOf(kind) {
  switch (kind) {
    case 'double': case 'fixed64': case 'sfixed64': return WIRE_64;
    case 'float': case 'fixed32': case 'sfixed32': return WIRE_32;
    case 'string': case 'bytes': case 'message': return WIRE_LEN;
    default: return WIRE_VARINT;
  }
}

// ------------------------------------------------------------------------------------ writing

class Writer {
  constructor() {
    this.buf = new Uint8Array(256);
    this.pos = 0;
  }

  ensure(n) {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.buf.subarray(0, this.pos));
    this.buf = bigger;
  }

  byte(b) {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  /** An unsigned varint from a BigInt in [0, 2^64). */
  varintBig(v) {
    v = BigInt.asUintN(64, v);
    while (v > 0x7fn) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }

  /** An unsigned varint from a non-negative safe number (tags, lengths, uint32). */
  varint(n) {
    if (n > 0xffffffff || n < 0) {
      this.varintBig(BigInt(n));
      return;
    }
    while (n > 0x7f) {
      this.byte((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    this.byte(n);
  }

  tag(no, wire) {
    this.varint(no * 8 + wire);
  }

  bytes(b) {
    this.varint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  fixed(size, fill) {
    this.ensure(size);
    const view = new DataView(this.buf.buffer, this.pos, size);
    fill(view);
    this.pos += size;
  }

  result() {
    return this.buf.slice(0, this.pos);
  }
}

function toBigInt(v) {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error('not an integer: ' + v);
    return BigInt(v);
  }
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  throw new Error('not an integer: ' + v);
}

function enumNumber(ref, v) {
  if (typeof v === 'number') return v;
  const values = schema.enums[ref];
  if (!values || !(v in values)) throw new Error('unknown ' + ref + ' value ' + v);
  return values[v];
}

function isDefault(f, v) {
  if (v === undefined || v === null) return true;
  switch (f.kind) {
    case 'message': return false;
    case 'string': return v === '';
    case 'bytes': return v.length === 0;
    case 'bool': return v === false;
    case 'enum': return enumNumber(f.ref, v) === 0;
    default: return SIXTY_FOUR.has(f.kind) ? toBigInt(v) === 0n : v === 0;
  }
}

/** Writes one value without its tag (the caller wrote it, or this is a packed element). */
function writeValue(w, f, v, ref) {
  switch (f.kind) {
    case 'string': w.bytes(utf8Encoder.encode(String(v))); return;
    case 'bytes': w.bytes(v instanceof Uint8Array ? v : new Uint8Array(v)); return;
    case 'message': w.bytes(encode(ref, v)); return;
    case 'bool': w.varint(v ? 1 : 0); return;
    case 'enum': w.varintBig(BigInt(enumNumber(f.ref, v))); return;
    case 'uint32': w.varint(Number(v) >>> 0); return;
    case 'int32': w.varintBig(BigInt(Number(v) | 0)); return; // negatives take ten bytes, as in proto
    case 'sint32': { const n = Number(v) | 0; w.varint(((n << 1) ^ (n >> 31)) >>> 0); return; }
    case 'uint64': case 'int64': w.varintBig(toBigInt(v)); return;
    case 'sint64': { const n = BigInt.asIntN(64, toBigInt(v)); w.varintBig((n << 1n) ^ (n >> 63n)); return; }
    case 'double': w.fixed(8, (d) => d.setFloat64(0, Number(v), true)); return;
    case 'float': w.fixed(4, (d) => d.setFloat32(0, Number(v), true)); return;
    case 'fixed32': w.fixed(4, (d) => d.setUint32(0, Number(v) >>> 0, true)); return;
    case 'sfixed32': w.fixed(4, (d) => d.setInt32(0, Number(v) | 0, true)); return;
    case 'fixed64': w.fixed(8, (d) => d.setBigUint64(0, BigInt.asUintN(64, toBigInt(v)), true)); return;
    case 'sfixed64': w.fixed(8, (d) => d.setBigInt64(0, BigInt.asIntN(64, toBigInt(v)), true)); return;
    default: throw new Error('unsupported field type ' + f.kind);
  }
}

/** Encodes a message object of the named type to bytes. */
export function encode(type, obj) {
  const t = table(type);
  const w = new Writer();
  for (const [name, v] of Object.entries(obj || {})) {
    const f = t.byName.get(name);
    if (!f) {
      if (t.oneofs.has(name)) continue; // the oneof's case name, informational
      throw new Error(type + ' has no field ' + name);
    }
    if (f.map) {
      const entry = table(f.ref);
      const keyField = entry.byNumber.get(1);
      const valueField = entry.byNumber.get(2);
      for (const [k, val] of Object.entries(v || {})) {
        const e = new Writer();
        e.tag(1, wireTypeOf(keyField.kind));
        writeValue(e, keyField, k, keyField.ref);
        e.tag(2, wireTypeOf(valueField.kind));
        writeValue(e, valueField, val, valueField.ref);
        w.tag(f.no, WIRE_LEN);
        w.bytes(e.result());
      }
    } else if (f.repeated) {
      if (!v || v.length === 0) continue;
      if (f.packed) {
        const p = new Writer();
        for (const item of v) writeValue(p, f, item, f.ref);
        w.tag(f.no, WIRE_LEN);
        w.bytes(p.result());
      } else {
        for (const item of v) {
          w.tag(f.no, wireTypeOf(f.kind));
          writeValue(w, f, item, f.ref);
        }
      }
    } else {
      // A oneof member is written even when it holds its default: being set is the information.
      if (!f.oneof && isDefault(f, v)) continue;
      if (v === undefined || v === null) continue;
      w.tag(f.no, wireTypeOf(f.kind));
      writeValue(w, f, v, f.ref);
    }
  }
  return w.result();
}

// ------------------------------------------------------------------------------------ reading

class Reader {
  constructor(bytes) {
    this.buf = bytes;
    this.pos = 0;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  done() {
    return this.pos >= this.buf.length;
  }

  /** A varint as a BigInt in [0, 2^64). */
  varintBig() {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
      shift += 7n;
    }
    throw new Error('varint longer than 10 bytes');
  }

  /** A varint known to be small (tags, lengths): plain numbers, faster. */
  varint() {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return result;
      mul *= 128;
    }
    throw new Error('varint longer than 10 bytes');
  }

  take(n) {
    if (n < 0 || this.pos + n > this.buf.length) throw new Error('truncated field');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  skip(wire) {
    switch (wire) {
      case WIRE_VARINT: this.varintBig(); return;
      case WIRE_64: this.take(8); return;
      case WIRE_LEN: this.take(this.varint()); return;
      case WIRE_32: this.take(4); return;
      default: throw new Error('unsupported wire type ' + wire);
    }
  }
}

/** A 64-bit value as the app sees it: a number when exact, else a decimal string. */
function sixtyFour(big) {
  return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= -BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(big) : big.toString();
}

function enumName(ref, n) {
  const values = schema.enums[ref];
  for (const [name, no] of Object.entries(values)) {
    if (no === n) return name;
  }
  return n; // a value newer than this schema: keep the number
}

function readValue(r, f) {
  switch (f.kind) {
    case 'string': return utf8Decoder.decode(r.take(r.varint()));
    case 'bytes': return r.take(r.varint()).slice();
    case 'message': return decode(f.ref, r.take(r.varint()));
    case 'bool': return r.varintBig() !== 0n;
    case 'enum': return enumName(f.ref, Number(BigInt.asIntN(32, r.varintBig())));
    case 'uint32': return Number(BigInt.asUintN(32, r.varintBig()));
    case 'int32': return Number(BigInt.asIntN(32, r.varintBig()));
    case 'sint32': { const n = Number(BigInt.asUintN(32, r.varintBig())); return (n >>> 1) ^ -(n & 1); }
    case 'uint64': return sixtyFour(r.varintBig());
    case 'int64': return sixtyFour(BigInt.asIntN(64, r.varintBig()));
    case 'sint64': { const n = r.varintBig(); return sixtyFour((n >> 1n) ^ -(n & 1n)); }
    case 'double': { const v = r.view.getFloat64(r.pos, true); r.take(8); return v; }
    case 'float': { const v = r.view.getFloat32(r.pos, true); r.take(4); return v; }
    case 'fixed32': { const v = r.view.getUint32(r.pos, true); r.take(4); return v; }
    case 'sfixed32': { const v = r.view.getInt32(r.pos, true); r.take(4); return v; }
    case 'fixed64': { const v = r.view.getBigUint64(r.pos, true); r.take(8); return sixtyFour(v); }
    case 'sfixed64': { const v = r.view.getBigInt64(r.pos, true); r.take(8); return sixtyFour(v); }
    default: throw new Error('unsupported field type ' + f.kind);
  }
}

function defaultOf(f) {
  if (f.map) return {};
  if (f.repeated) return [];
  switch (f.kind) {
    case 'message': return undefined;
    case 'string': return '';
    case 'bytes': return new Uint8Array(0);
    case 'bool': return false;
    case 'enum': return enumName(f.ref, 0);
    default: return 0;
  }
}

/** Decodes bytes (Uint8Array or ArrayBuffer) as a message of the named type. */
export function decode(type, bytes) {
  if (bytes instanceof ArrayBuffer) bytes = new Uint8Array(bytes);
  const t = table(type);
  const obj = {};
  for (const f of t.byName.values()) {
    if (!f.oneof) {
      const d = defaultOf(f);
      if (d !== undefined) obj[f.name] = d;
    }
  }
  const r = new Reader(bytes);
  while (!r.done()) {
    const key = r.varint();
    const no = Math.floor(key / 8);
    const wire = key % 8;
    const f = t.byNumber.get(no);
    if (!f) {
      r.skip(wire);
      continue;
    }
    if (f.map) {
      const entry = table(f.ref);
      const e = decode(f.ref, r.take(r.varint()));
      const keyName = entry.byNumber.get(1).name;
      const valueName = entry.byNumber.get(2).name;
      obj[f.name][e[keyName]] = e[valueName];
    } else if (f.repeated) {
      if (wire === WIRE_LEN && PACKABLE.has(f.kind)) {
        // packed: accepted whatever the schema says, as protobuf parsers must
        const inner = new Reader(r.take(r.varint()));
        while (!inner.done()) obj[f.name].push(readValue(inner, f));
      } else {
        obj[f.name].push(readValue(r, f));
      }
    } else {
      if (wire !== wireTypeOf(f.kind)) throw new Error(type + '.' + f.name + ': wire type ' + wire);
      obj[f.name] = readValue(r, f);
      if (f.oneof) {
        const previous = obj[f.oneof];
        if (previous && previous !== f.name) delete obj[previous];
        obj[f.oneof] = f.name;
      }
    }
  }
  return obj;
}
