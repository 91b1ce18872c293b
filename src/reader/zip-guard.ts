/**
 * The zip side of the reader, with the zip-bomb guard.
 *
 * 1. `listZip` reads the zip's central directory — the authority on what an archive holds — and
 *    refuses archives past the declared limits of READER_LIMITS (entry count, part size, total size,
 *    ratio) before anything is inflated. It reads zip64 sizes and offsets from an entry's zip64 extra
 *    field whenever a 32-bit field says 0xFFFFFFFF (fflate's own directory reader only does so when the
 *    archive also has a zip64 end record, and took a correct zip64 entry for a 4 GB part).
 * 2. `ZipArchive.pass` inflates only the parts asked for, each from its own offset, with Node's
 *    native zlib (`inflateRawSync`, several times faster than inflating in JavaScript) told never to
 *    produce more than the size the central directory declares. Sizes come from the central
 *    directory, never from the local header, so entries written with a data descriptor (with or
 *    without its signature) read like any other. A part that inflates past its declared size is
 *    corrupt: zlib stops there and the file is refused — the declared sizes are themselves capped
 *    (maxPartBytes, maxTotalBytes), so a part's inflated bytes, held once, are bounded too. They are
 *    decoded 64 KB at a time and the text goes to a sink (a SAX parser) as it comes.
 *    `ZipArchive.scan` looks at a part's beginning with fflate's streaming `Inflate` (1 KB of
 *    compressed data at a time), inflating no more than it needs.
 *
 * Part names are matched case-insensitively with `\` read as `/` and a leading `/` dropped (some
 * writers store `xl\worksheets\sheet1.xml` or `/xl/workbook.xml`); `path` is that canonical form.
 */
import { Inflate } from 'fflate';
import { TextDecoder } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import { MESSAGES, ReaderFailure } from './failure.js';
import type { ReaderLimits } from './limits.js';

export interface ZipEntry {
  /** The name as stored in the archive. */
  name: string;
  /** The canonical part name: `/` separators, no leading `/`, case kept ("xl/worksheets/sheet1.xml"). */
  path: string;
  /** Compressed size declared in the central directory. */
  size: number;
  /** Unpacked size declared in the central directory. */
  originalSize: number;
  compression: number;
  /** Offset of the entry's local header. */
  offset: number;
}

/** Receives a part's text as it is inflated and decoded. */
export interface PartSink {
  write(text: string): void;
  /** Called once after the last chunk. */
  end(): void;
}

/** The canonical part name: `\` as `/`, no leading `/` (case kept). */
export function canonicalPartName(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '');
}

/** Part names compare case-insensitively, with `\` as `/` and no leading `/` (some writers differ). */
export function normalizePartName(name: string): string {
  return canonicalPartName(name).toLowerCase();
}

const megabytes = (n: number): string => `${Math.round(n / 1024 / 1024)} MB`;

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_END64_LOCATOR = 0x07064b50;
const MAX32 = 0xffffffff;

const corrupt = (): ReaderFailure => new ReaderFailure('file-unreadable', MESSAGES.corrupt);

function decodeName(bytes: Uint8Array, utf8Flag: boolean): string {
  if (!utf8Flag) {
    // Without the UTF-8 flag the name is in the writer's code page; part names are ASCII, and a
    // name that is valid UTF-8 is read as such (many writers omit the flag).
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return new TextDecoder('latin1').decode(bytes);
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/** Reads the central directory without inflating anything and applies the declared limits. */
export function listZip(bytes: Uint8Array, limits: ReaderLimits): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number): number => view.getUint16(at, true);
  const u32 = (at: number): number => view.getUint32(at, true);
  const u64 = (at: number): number => u32(at) + u32(at + 4) * 0x100000000;
  const inside = (at: number, length: number): boolean => at >= 0 && length >= 0 && at + length <= bytes.length;

  // End of central directory record: the last one within the 64 KB comment window.
  let end = -1;
  for (let at = bytes.length - 22; at >= 0 && at >= bytes.length - 22 - 0xffff; at--) {
    if (u32(at) === SIG_END) {
      end = at;
      break;
    }
  }
  if (end < 0) throw corrupt();
  let count = u16(end + 10);
  let cdSize = u32(end + 12);
  let cdOffset = u32(end + 16);
  if (end >= 20 && u32(end - 20) === SIG_END64_LOCATOR) {
    const end64 = u64(end - 12);
    if (inside(end64, 56) && u32(end64) === SIG_END64) {
      count = u64(end64 + 32);
      cdSize = u64(end64 + 40);
      cdOffset = u64(end64 + 48);
    }
  }
  if (count > limits.maxZipEntries)
    throw new ReaderFailure('file-too-large', MESSAGES.tooLarge(`压缩包内文件数超过 ${limits.maxZipEntries} 个`));
  // Data prepended to the archive (a self-extractor stub) shifts every offset by the same amount.
  let shift = 0;
  if (!inside(cdOffset, 4) || u32(cdOffset) !== SIG_CENTRAL) {
    const guess = end - cdSize;
    if (count > 0 && (!inside(guess, 4) || u32(guess) !== SIG_CENTRAL)) throw corrupt();
    shift = guess - cdOffset;
    cdOffset = guess;
  }

  const entries: ZipEntry[] = [];
  let total = 0;
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (!inside(at, 46) || u32(at) !== SIG_CENTRAL) throw corrupt();
    const flags = u16(at + 8);
    const compression = u16(at + 10);
    let size = u32(at + 20);
    let originalSize = u32(at + 24);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    let offset = u32(at + 42);
    if (!inside(at + 46, nameLength + extraLength + commentLength)) throw corrupt();
    const name = decodeName(bytes.subarray(at + 46, at + 46 + nameLength), (flags & 0x800) !== 0);
    // zip64: the extra field holds, in this order, each of the three that says 0xFFFFFFFF.
    if (size === MAX32 || originalSize === MAX32 || offset === MAX32) {
      let extra = at + 46 + nameLength;
      const extraEnd = extra + extraLength;
      let found = false;
      while (extra + 4 <= extraEnd) {
        const id = u16(extra);
        const length = u16(extra + 2);
        if (id === 0x0001) {
          let field = extra + 4;
          const fieldEnd = field + length;
          const next = (): number => {
            if (field + 8 > fieldEnd || field + 8 > extraEnd) throw corrupt();
            const value = u64(field);
            field += 8;
            return value;
          };
          if (originalSize === MAX32) originalSize = next();
          if (size === MAX32) size = next();
          if (offset === MAX32) offset = next();
          found = true;
          break;
        }
        extra += 4 + length;
      }
      if (!found) throw corrupt();
    }
    offset += shift;
    entries.push({ name, path: canonicalPartName(name), size, originalSize, compression, offset });
    if (originalSize > limits.maxPartBytes)
      throw new ReaderFailure(
        'file-too-large',
        MESSAGES.tooLarge(`其中一部分解压后有 ${megabytes(originalSize)}，超过 ${megabytes(limits.maxPartBytes)} 的上限`),
      );
    total += originalSize;
    if (total > limits.maxTotalBytes) throw new ReaderFailure('file-too-large', MESSAGES.tooLarge(`解压后总共超过 ${megabytes(limits.maxTotalBytes)}`));
    if (originalSize >= limits.ratioMinBytes && originalSize > limits.maxRatio * Math.max(size, 1))
      throw new ReaderFailure('file-too-large', MESSAGES.tooLarge(`压缩比异常（约 ${Math.round(originalSize / Math.max(size, 1))} 倍），疑似“压缩炸弹”`));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Size of the compressed slices pushed to the inflater: bounds what one push can inflate (deflate peaks near 1 MB per KB, so ≈4 MB). */
const PUSH_CHUNK = 4 * 1024;
/** Inflated bytes decoded and handed to a sink at a time. */
const DECODE_CHUNK = 64 * 1024;
/** Compressed bytes pushed at a time by `scan` by default: a sheet's first chunk holds its <dimension>. */
const SCAN_CHUNK = 1024;
/**
 * A part declared this small is inflated whole (native zlib) even by a `head` scan, and its bytes
 * kept for the pass that follows: a district's sheet is a few KB, and one native inflate costs less
 * than a streaming one plus a second. At most KEPT_BYTES are kept at a time.
 */
const SMALL_PART = 256 * 1024;
const KEPT_BYTES = 4 * 1024 * 1024;

/** U+FFFD in decoded text: a UTF-8 decoder's mark for bytes that were not valid UTF-8 (or the character itself, written as such). */
function countReplacements(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) count++;
  return count;
}

/** U+FFFD written as such in UTF-8 bytes (EF BF BD). */
function countWrittenReplacements(data: Uint8Array): number {
  let count = 0;
  for (let i = data.indexOf(0xef); i !== -1 && i + 2 < data.length; i = data.indexOf(0xef, i + 1))
    if (data[i + 1] === 0xbf && data[i + 2] === 0xbd) count++;
  return count;
}

export class ZipArchive {
  private readonly byName = new Map<string, ZipEntry>();
  private inflated = 0;
  /** Small parts a scan inflated whole, by normalised name, until the pass that reads them (SMALL_PART). */
  private readonly kept = new Map<string, Uint8Array>();
  private keptBytes = 0;
  /** Normalised names of the parts read so far whose bytes were not valid UTF-8. */
  readonly invalidUtf8 = new Set<string>();

  constructor(
    private readonly bytes: Uint8Array,
    readonly entries: ZipEntry[],
    private readonly limits: ReaderLimits,
  ) {
    for (const entry of entries) {
      const key = normalizePartName(entry.name);
      if (!this.byName.has(key)) this.byName.set(key, entry);
    }
  }

  /** The entry of a part name (case-insensitive, `\` or `/`), if the archive holds it. */
  find(name: string): ZipEntry | undefined {
    return this.byName.get(normalizePartName(name));
  }

  /** Total bytes inflated so far (for tests and the bench). */
  get inflatedBytes(): number {
    return this.inflated;
  }

  /** Inflates the named parts into buffered strings (for small parts: rels, workbook, styles). Keys are normalised names. */
  readTexts(names: string[]): Map<string, string> {
    const texts = new Map<string, string>();
    const sinks = new Map<string, PartSink>();
    for (const name of names) {
      const key = normalizePartName(name);
      if (!this.byName.has(key) || sinks.has(key)) continue;
      const pieces: string[] = [];
      sinks.set(key, {
        write: (text) => pieces.push(text),
        end: () => texts.set(key, pieces.join('')),
      });
    }
    this.pass(sinks);
    return texts;
  }

  /**
   * Inflates one part and hands its raw bytes, chunk by chunk, to `onBytes` until that returns false
   * or the part ends: for quick looks (a sheet's <dimension>, a count of its rows) before the real
   * pass. Not counted in `inflatedBytes` (the real pass counts the part); held to the part's declared
   * size all the same. `head`: inflates a little at a time, so stopping early costs only what was
   * read (a part under SMALL_PART is inflated whole all the same, and kept for the pass); `whole`:
   * inflates the part at once (native zlib) and walks it. Returns false when the part is missing.
   */
  scan(name: string, onBytes: (data: Uint8Array) => boolean, how: 'head' | 'whole' = 'head'): boolean {
    const key = normalizePartName(name);
    const entry = this.byName.get(key);
    if (!entry) return false;
    const bytes = this.bytes;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (entry.offset + 30 > bytes.length || view.getUint32(entry.offset, true) !== SIG_LOCAL) throw corrupt();
    const start = entry.offset + 30 + view.getUint16(entry.offset + 26, true) + view.getUint16(entry.offset + 28, true);
    const stop = start + entry.size;
    if (stop > bytes.length || (entry.compression !== 0 && entry.compression !== 8)) throw corrupt();
    let count = 0;
    let more = true;
    const onData = (data: Uint8Array): void => {
      if (!more || data.length === 0) return;
      count += data.length;
      if (count > entry.originalSize) throw new ReaderFailure('file-unreadable', MESSAGES.corruptPart(entry.path));
      more = onBytes(data);
    };
    try {
      if (entry.compression === 0) {
        for (let offset = start; offset < stop && more; offset += SCAN_CHUNK) onData(bytes.subarray(offset, Math.min(offset + SCAN_CHUNK, stop)));
      } else if (how === 'whole' || entry.originalSize <= SMALL_PART) {
        const data = this.kept.get(key) ?? inflateWhole(bytes.subarray(start, stop), entry);
        if (!this.kept.has(key) && entry.originalSize <= SMALL_PART && this.keptBytes + data.length <= KEPT_BYTES) {
          this.kept.set(key, data);
          this.keptBytes += data.length;
        }
        for (let offset = 0; offset < data.length && more; offset += DECODE_CHUNK) onData(data.subarray(offset, offset + DECODE_CHUNK));
      } else {
        // Streaming, a little compressed input at a time: only the part's beginning is inflated.
        const inflater = new Inflate(onData);
        if (start === stop) inflater.push(new Uint8Array(0), true);
        for (let offset = start; offset < stop && more; offset += SCAN_CHUNK) {
          const end = Math.min(offset + SCAN_CHUNK, stop);
          inflater.push(bytes.subarray(offset, end), end === stop);
        }
      }
    } catch (thrown) {
      throw thrown instanceof ReaderFailure ? thrown : corrupt();
    }
    return true;
  }

  /**
   * Inflates every part named in `sinks` (normalised names), in archive order, counting, decoding and
   * writing its text to its sink. A sink that throws a ReaderFailure ends the read; any other error
   * a sink throws is passed to `onSinkError` (when given) and that part alone is abandoned. Throws
   * ReaderFailure past a limit, for a part that inflates past its declared size, or on a damaged archive.
   */
  pass(sinks: Map<string, PartSink>, onSinkError?: (key: string, error: unknown) => void): void {
    const wanted = [...sinks.keys()]
      .map((key) => this.byName.get(key))
      .filter((entry): entry is ZipEntry => entry !== undefined)
      .sort((a, b) => a.offset - b.offset);
    for (const entry of wanted) {
      const key = normalizePartName(entry.name);
      this.inflate(entry, key, sinks.get(key)!, onSinkError);
    }
  }

  private inflate(entry: ZipEntry, key: string, sink: PartSink, onSinkError?: (key: string, error: unknown) => void): void {
    const bytes = this.bytes;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (entry.offset + 30 > bytes.length || view.getUint32(entry.offset, true) !== SIG_LOCAL) throw corrupt();
    const start = entry.offset + 30 + view.getUint16(entry.offset + 26, true) + view.getUint16(entry.offset + 28, true);
    const stop = start + entry.size;
    if (stop > bytes.length) throw corrupt();
    if (entry.compression !== 0 && entry.compression !== 8) throw corrupt();
    const limits = this.limits;

    let count = 0;
    let decoder: TextDecoder | undefined;
    /** U+FFFD the UTF-8 decoder produced; undefined for a UTF-16 part. */
    let replacements: number | undefined;
    let run = 0;
    let sinkFailed = false;
    const toSink = (text: string): void => {
      if (sinkFailed || text.length === 0) return;
      guardRuns(text);
      try {
        sink.write(text);
      } catch (error) {
        sinkError(error);
      }
    };
    const sinkError = (error: unknown): void => {
      if (error instanceof ReaderFailure || !onSinkError) throw error instanceof ReaderFailure ? error : corrupt();
      sinkFailed = true;
      onSinkError(key, error);
    };
    const guardRuns = (text: string): void => {
      const first = text.indexOf('<');
      if (first === -1) run += text.length;
      else {
        if (run + first > limits.maxXmlRunChars) run += first;
        else run = text.length - text.lastIndexOf('<') - 1;
      }
      if (run > limits.maxXmlRunChars)
        throw new ReaderFailure('file-too-large', MESSAGES.tooLarge('表格内容中有一段异常巨大的文字或空白，疑似“压缩炸弹”'));
    };
    const onData = (data: Uint8Array): void => {
      if (data.length === 0) return;
      count += data.length;
      this.inflated += data.length;
      // The directory declared the size: more is a corrupt or crafted part, whatever the limits allow.
      if (count > entry.originalSize)
        throw new ReaderFailure('file-unreadable', MESSAGES.corruptPart(entry.path));
      if (this.inflated > limits.maxTotalBytes)
        throw new ReaderFailure('file-too-large', MESSAGES.tooLarge(`解压后总共超过 ${megabytes(limits.maxTotalBytes)}`));
      if (!decoder) {
        const encoding = sniffEncoding(data);
        decoder = new TextDecoder(encoding);
        if (encoding === 'utf-8') replacements = 0;
      }
      const text = decoder.decode(data, { stream: true });
      if (replacements !== undefined) replacements += countReplacements(text);
      toSink(text);
    };

    /** The part's bytes (stored, or inflated whole) and how many of them were decoded. */
    let part = bytes.subarray(start, stop);
    let fed = 0;
    try {
      let step = PUSH_CHUNK;
      if (entry.compression !== 0) {
        part = this.kept.get(key) ?? inflateWhole(part, entry);
        if (this.kept.delete(key)) this.keptBytes -= part.length;
        step = DECODE_CHUNK;
      }
      for (let offset = 0; offset < part.length && !sinkFailed; offset += step) {
        fed = Math.min(offset + step, part.length);
        onData(part.subarray(offset, fed));
      }
      if (decoder) {
        const rest = decoder.decode();
        if (replacements !== undefined) replacements += countReplacements(rest);
        toSink(rest);
      }
    } catch (thrown) {
      throw thrown instanceof ReaderFailure ? thrown : corrupt();
    }
    // The decoder marked bytes that were not UTF-8 with U+FFFD: more of them than the bytes wrote as such.
    if (replacements !== undefined && replacements > 0 && replacements > countWrittenReplacements(part.subarray(0, fed))) this.invalidUtf8.add(key);
    if (sinkFailed) return;
    try {
      sink.end();
    } catch (error) {
      sinkError(error);
    }
  }
}

/**
 * Inflates a deflated part at once with Node's zlib (native: several times faster than inflating in
 * JavaScript), never past the size the zip directory declared for it (itself held to maxPartBytes):
 * more is a corrupt or crafted part.
 */
function inflateWhole(compressed: Uint8Array, entry: ZipEntry): Uint8Array {
  try {
    // Output in chunks of up to 1 MB (zlib's default 16 KB makes Node gather and copy hundreds of buffers).
    const chunkSize = Math.min(Math.max(entry.originalSize, 1024), 1024 * 1024);
    return inflateRawSync(compressed, { maxOutputLength: Math.max(1, entry.originalSize), chunkSize });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new ReaderFailure('file-unreadable', MESSAGES.corruptPart(entry.path));
    throw corrupt();
  }
}

/** XML parts are UTF-8 unless they start with a UTF-16 byte-order mark. */
function sniffEncoding(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xfe) return 'utf-16le';
  if (data[0] === 0xfe && data[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}
