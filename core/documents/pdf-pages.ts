// Counts a PDF's pages as it streams past, from what the file itself says: the /Count of the page
// tree root that the catalog named by the last trailer (or cross-reference stream) points to.
// Incremental updates are followed because a later definition of an object replaces an earlier
// one; object streams (PDF 1.5) are inflated, each up to a bound. Stream contents are skipped by
// their /Length, so page content never reaches the scanner. Anything it cannot follow gives null,
// never a guess. Memory is bounded: a window of unscanned bytes and one object stream at a time.
import { inflateSync } from "node:zlib";
import type { PageCounter } from "./page-counter.js";
import { nextPdfToken, type PdfToken } from "./pdf-tokens.js";

/** The most bytes an object's dictionary (or a trailer) may take before its stream or endobj. */
const DICTIONARY_WINDOW = 64 * 1024;
/** Object streams larger than this are skipped (their objects stay unknown). */
const MAX_OBJECT_STREAM_BYTES = 8 * 1024 * 1024;
const MAX_INFLATED_BYTES = 32 * 1024 * 1024;
/** Page tree nodes and catalogs remembered; a file with more is not counted. */
const MAX_NODES = 200_000;
/** Longest partial token kept when a chunk ends: "2147483647 65535 obj" or "trailer". */
const TOKEN_TAIL = 32;

type TreeNode = { kind: "pages"; count: number | null } | { kind: "catalog"; pages: number | null };

interface ObjectStream {
  objects: number;
  first: number;
  chunks: Buffer[];
  bytes: number;
}

const OBJECT_END = />>\s*stream(\r\n|\n|\r)|\bendobj\b/g;

function reference(body: string, key: string): number | null {
  const found = new RegExp(`/${key}\\s+(\\d+)\\s+\\d+\\s+R\\b`).exec(body);
  return found ? Number(found[1]) : null;
}

/** A direct integer value (not the object number of an indirect reference). */
function directInteger(body: string, key: string): number | null {
  const found = new RegExp(`/${key}\\s+(\\d{1,10})\\b(?!\\s+\\d+\\s+R\\b)`).exec(body);
  return found ? Number(found[1]) : null;
}

function hasType(body: string, type: string): boolean {
  return new RegExp(`/Type\\s*/${type}(?![A-Za-z0-9#_.-])`).test(body);
}

/** An octet an object header's number, generation and the spaces between them may be made of. */
function isHeaderOctet(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x09 && code <= 0x0d) || code === 0x20 || code === 0xa0;
}

export class PdfPageCounter implements PageCounter {
  #pending: Buffer = Buffer.alloc(0);
  /** Stream bytes still to pass over (known /Length). */
  #skip = 0;
  /** Passing over a stream whose /Length is indirect: until "endstream". */
  #seekEndstream = false;
  #objectStream: ObjectStream | null = null;
  readonly #nodes = new Map<number, TreeNode>();
  #root: number | null = null;
  #lastCatalog: number | null = null;
  #overflow = false;

  push(chunk: Buffer): void {
    if (this.#pending.length > 0 && this.#tailIsIdle(chunk)) this.#pending = Buffer.alloc(0);
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    this.#scan(false);
  }

  /**
   * Whether the few octets kept from the last chunk (a possible cut token) can be dropped instead of
   * joined to this one: joining copied every chunk of a document with no token in it, such as page
   * content behind an indirect /Length (issue 13). They can when the seam (the kept octets and the
   * start of this chunk) holds no "obj" or "trailer" to complete, and no object header can reach
   * back across the start of this chunk: its first octets include one that is neither digit nor
   * space, where the backward run over a header's number stops. The chunk must be long enough that
   * what is kept after it lies in it alone, as it would have been kept from the joined buffer.
   */
  #tailIsIdle(chunk: Buffer): boolean {
    if (this.#skip > 0 || this.#seekEndstream || this.#pending.length > TOKEN_TAIL || chunk.length < 2 * TOKEN_TAIL) return false;
    const seam = Buffer.concat([this.#pending, chunk.subarray(0, 2 * TOKEN_TAIL)]);
    if (seam.includes("obj", 0, "latin1") || seam.includes("trailer", 0, "latin1")) return false;
    for (let at = 0; at < 2 * TOKEN_TAIL; at += 1) {
      const code = chunk[at]!;
      if (!isHeaderOctet(code)) return true;
    }
    return false;
  }

  finish(): number | null {
    this.#scan(true);
    if (this.#overflow) return null;
    const catalogNumber = this.#root ?? this.#lastCatalog;
    const catalog = catalogNumber === null ? undefined : this.#nodes.get(catalogNumber);
    if (catalog?.kind !== "catalog" || catalog.pages === null) return null;
    const tree = this.#nodes.get(catalog.pages);
    return tree?.kind === "pages" && tree.count !== null && tree.count > 0 ? tree.count : null;
  }

  #scan(final: boolean): void {
    const buffer = this.#pending;
    // Decoded only once a token is found: page content is mostly skipped by its /Length, and a
    // chunk with no token at all (binary data) then makes no string as large as itself to collect.
    let decoded: string | undefined;
    const text = () => (decoded ??= buffer.toString("latin1"));
    let at = 0;
    while (at < buffer.length) {
      if (this.#skip > 0) {
        const end = Math.min(buffer.length, at + this.#skip);
        this.#collect(buffer.subarray(at, end));
        this.#skip -= end - at;
        at = end;
        if (this.#skip === 0) this.#endObjectStream();
        continue;
      }
      if (this.#seekEndstream) {
        // latin1: one octet per character, so positions in the bytes are positions in the text.
        const found = buffer.indexOf("endstream", at, "latin1");
        if (found < 0) {
          // Keep what could be the start of a cut "endstream".
          const keep = Math.max(at, buffer.length - "endstream".length);
          this.#collect(buffer.subarray(at, keep));
          at = keep;
          break;
        }
        this.#collect(buffer.subarray(at, found));
        this.#seekEndstream = false;
        this.#endObjectStream();
        at = found + "endstream".length;
        continue;
      }
      const token = nextPdfToken(buffer, at);
      if (!token) {
        at = Math.max(at, buffer.length - TOKEN_TAIL);
        break;
      }
      const next = token.objectNumber === undefined ? this.#trailer(text(), token.index, final) : this.#object(text(), token, final);
      if (next === null) {
        at = token.index;
        break;
      }
      at = next;
    }
    this.#pending = final ? Buffer.alloc(0) : Buffer.from(buffer.subarray(at));
  }

  /** An object header at `token`: reads its dictionary; returns the position after it, or null to wait. */
  #object(text: string, token: PdfToken, final: boolean): number | null {
    const bodyStart = token.index + token.length;
    OBJECT_END.lastIndex = bodyStart;
    const end = OBJECT_END.exec(text);
    const tooFar = end === null ? text.length - bodyStart > DICTIONARY_WINDOW : end.index - bodyStart > DICTIONARY_WINDOW;
    if (tooFar) return bodyStart;
    // A lone CR after "stream" may be the first half of CR LF still on its way.
    if (end === null || (end[1] === "\r" && end.index + end[0].length === text.length)) return final ? text.length : null;
    const body = text.slice(bodyStart, end.index + (end[1] === undefined ? 0 : 2));
    this.#record(Number(token.objectNumber), body);
    if (end[1] === undefined) return end.index + end[0].length;
    const length = directInteger(body, "Length");
    if (length === null) this.#seekEndstream = true;
    else this.#skip = length;
    this.#startObjectStream(body);
    const dataStart = end.index + end[0].length;
    if (length === 0) this.#endObjectStream();
    return dataStart;
  }

  #trailer(text: string, index: number, final: boolean): number | null {
    const end = text.indexOf("startxref", index);
    if (end < 0 && text.length - index <= DICTIONARY_WINDOW && !final) return null;
    const body = text.slice(index, end < 0 ? Math.min(text.length, index + DICTIONARY_WINDOW) : end);
    this.#root = reference(body, "Root") ?? this.#root;
    return index + "trailer".length;
  }

  #record(objectNumber: number, body: string): void {
    if (hasType(body, "XRef")) this.#root = reference(body, "Root") ?? this.#root;
    let node: TreeNode | null = null;
    if (hasType(body, "Pages")) node = { kind: "pages", count: directInteger(body, "Count") };
    else if (hasType(body, "Catalog")) node = { kind: "catalog", pages: reference(body, "Pages") };
    if (node === null) {
      // A later revision may have turned the object into something else.
      this.#nodes.delete(objectNumber);
      return;
    }
    if (node.kind === "catalog") this.#lastCatalog = objectNumber;
    this.#nodes.set(objectNumber, node);
    if (this.#nodes.size > MAX_NODES) this.#overflow = true;
  }

  #startObjectStream(body: string): void {
    if (!hasType(body, "ObjStm")) return;
    const filter = /\/Filter\s*\[?\s*\/(\w+)\s*\]?/.exec(body)?.[1];
    const predictor = directInteger(body, "Predictor");
    const objects = directInteger(body, "N");
    const first = directInteger(body, "First");
    if (filter !== "FlateDecode" || (predictor !== null && predictor > 1) || objects === null || first === null) return;
    this.#objectStream = { objects, first, chunks: [], bytes: 0 };
  }

  #collect(data: Buffer): void {
    const stream = this.#objectStream;
    if (stream === null || data.length === 0) return;
    stream.bytes += data.length;
    if (stream.bytes > MAX_OBJECT_STREAM_BYTES) this.#objectStream = null;
    else stream.chunks.push(Buffer.from(data));
  }

  #endObjectStream(): void {
    const stream = this.#objectStream;
    this.#objectStream = null;
    if (stream === null) return;
    let inflated: string;
    try {
      // Data found by "endstream" may carry the EOL before it: inflate stops at its own end.
      inflated = inflateSync(Buffer.concat(stream.chunks), { maxOutputLength: MAX_INFLATED_BYTES, finishFlush: 2 }).toString("latin1");
    } catch {
      return;
    }
    const numbers = inflated.slice(0, stream.first).trim().split(/\s+/).map(Number);
    if (numbers.length < stream.objects * 2 || numbers.some((value) => !Number.isSafeInteger(value))) return;
    for (let index = 0; index < stream.objects; index += 1) {
      const start = stream.first + numbers[index * 2 + 1]!;
      const end = index + 1 < stream.objects ? stream.first + numbers[index * 2 + 3]! : inflated.length;
      this.#record(numbers[index * 2]!, inflated.slice(start, end));
    }
  }
}
