/**
 * The zip side of the reader, with the zip-bomb guard.
 *
 * 1. `listZip` reads the zip's central directory through fflate's `unzipSync` with a `filter` that
 *    records every entry and returns false, so nothing is inflated; it refuses archives past the
 *    declared limits of READER_LIMITS (entry count, part size, total size, ratio).
 * 2. `ZipArchive.pass` inflates only the parts asked for, with fflate's streaming `Unzip` fed in small
 *    chunks, and counts the bytes each part really yields (declared sizes can lie): past the per-part
 *    or total limit it stops at once. Decoded text goes to a sink (a SAX parser) as it comes, so a
 *    part is never held whole in memory unless the sink keeps it.
 */
import { Unzip, UnzipInflate, unzipSync, type UnzipFile } from 'fflate';
import { MESSAGES, ReaderFailure } from './failure.js';
import { TextDecoder } from 'node:util';
import type { ReaderLimits } from './limits.js';

export interface ZipEntry {
  /** The name as stored in the archive. */
  name: string;
  /** Compressed size declared in the central directory. */
  size: number;
  /** Unpacked size declared in the central directory. */
  originalSize: number;
  compression: number;
}

/** Receives a part's text as it is inflated and decoded. */
export interface PartSink {
  write(text: string): void;
  /** Called once after the last chunk. */
  end(): void;
}

/** Part names compare case-insensitively, with `\` as `/` and no leading `/` (some writers differ). */
export function normalizePartName(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
}

const megabytes = (n: number): string => `${Math.round(n / 1024 / 1024)} MB`;

/** Reads the central directory without inflating anything and applies the declared limits. */
export function listZip(bytes: Uint8Array, limits: ReaderLimits): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let total = 0;
  try {
    unzipSync(bytes, {
      filter(info) {
        if (entries.length >= limits.maxZipEntries)
          throw new ReaderFailure('file-too-large', MESSAGES.tooLarge(`压缩包内文件数超过 ${limits.maxZipEntries} 个`));
        const size = Number.isFinite(info.size) ? info.size : 0;
        const originalSize = Number.isFinite(info.originalSize) ? info.originalSize : 0;
        entries.push({ name: info.name, size, originalSize, compression: info.compression });
        if (originalSize > limits.maxPartBytes)
          throw new ReaderFailure(
            'file-too-large',
            MESSAGES.tooLarge(`其中一部分解压后有 ${megabytes(originalSize)}，超过 ${megabytes(limits.maxPartBytes)} 的上限`),
          );
        total += originalSize;
        if (total > limits.maxTotalBytes)
          throw new ReaderFailure('file-too-large', MESSAGES.tooLarge(`解压后总共超过 ${megabytes(limits.maxTotalBytes)}`));
        if (originalSize >= limits.ratioMinBytes && originalSize > limits.maxRatio * Math.max(size, 1))
          throw new ReaderFailure('file-too-large', MESSAGES.tooLarge(`压缩比异常（约 ${Math.round(originalSize / Math.max(size, 1))} 倍），疑似“压缩炸弹”`));
        return false;
      },
    });
  } catch (error) {
    if (error instanceof ReaderFailure) throw error;
    throw new ReaderFailure('file-unreadable', MESSAGES.corrupt);
  }
  return entries;
}

/** Shared count of bytes inflated over every pass on one archive. */
interface Budget {
  inflated: number;
}

/** Size of the compressed slices pushed to the streaming unzip: bounds what one push can inflate (deflate peaks near 1 MB per KB, so ≈4 MB). */
const PUSH_CHUNK = 4 * 1024;

export class ZipArchive {
  private readonly byName = new Map<string, ZipEntry>();
  private readonly budget: Budget = { inflated: 0 };

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

  /** The entry of a part name (case-insensitive), if the archive holds it. */
  find(name: string): ZipEntry | undefined {
    return this.byName.get(normalizePartName(name));
  }

  /** Total bytes inflated so far (for tests and the bench). */
  get inflatedBytes(): number {
    return this.budget.inflated;
  }

  /** Inflates the named parts into buffered strings (for small parts: rels, workbook, styles). */
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
   * One pass over the archive: every part named in `sinks` (normalised names) is inflated, counted,
   * decoded and written to its sink. Throws ReaderFailure past a limit or on a corrupt archive.
   */
  pass(sinks: Map<string, PartSink>): void {
    const pending = new Set<string>();
    for (const key of sinks.keys()) if (this.byName.has(key)) pending.add(key);
    if (pending.size === 0) return;

    let failure: ReaderFailure | undefined;
    const limits = this.limits;
    const budget = this.budget;

    const unzip = new Unzip((file: UnzipFile) => {
      const key = normalizePartName(file.name);
      const sink = sinks.get(key);
      if (!sink || !pending.has(key) || failure) return;
      let count = 0;
      let decoder: TextDecoder | undefined;
      let run = 0;
      let done = false;
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
      file.ondata = (error, data, final) => {
        if (done || failure) return;
        try {
          if (error) throw new ReaderFailure('file-unreadable', MESSAGES.corrupt);
          if (data && data.length > 0) {
            count += data.length;
            budget.inflated += data.length;
            if (count > limits.maxPartBytes)
              throw new ReaderFailure('file-too-large', MESSAGES.tooLarge(`其中一部分解压后超过 ${megabytes(limits.maxPartBytes)} 的上限`));
            if (budget.inflated > limits.maxTotalBytes)
              throw new ReaderFailure('file-too-large', MESSAGES.tooLarge(`解压后总共超过 ${megabytes(limits.maxTotalBytes)}`));
            if (!decoder) decoder = new TextDecoder(sniffEncoding(data));
            const text = decoder.decode(data, { stream: true });
            if (text.length > 0) {
              guardRuns(text);
              sink.write(text);
            }
          }
          if (final) {
            done = true;
            const rest = decoder ? decoder.decode() : '';
            if (rest.length > 0) {
              guardRuns(rest);
              sink.write(rest);
            }
            sink.end();
            pending.delete(key);
          }
        } catch (thrown) {
          done = true;
          failure = thrown instanceof ReaderFailure ? thrown : new ReaderFailure('file-unreadable', MESSAGES.corrupt);
          try {
            file.terminate();
          } catch {
            // nothing to stop
          }
        }
      };
      try {
        file.start();
      } catch {
        failure = new ReaderFailure('file-unreadable', MESSAGES.corrupt);
      }
    });
    unzip.register(UnzipInflate);

    const bytes = this.bytes;
    try {
      for (let offset = 0; offset < bytes.length && pending.size > 0 && !failure; offset += PUSH_CHUNK) {
        const end = Math.min(offset + PUSH_CHUNK, bytes.length);
        unzip.push(bytes.subarray(offset, end), end === bytes.length);
      }
    } catch (thrown) {
      if (!failure) failure = thrown instanceof ReaderFailure ? thrown : new ReaderFailure('file-unreadable', MESSAGES.corrupt);
    }
    if (failure) throw failure;
    // A part listed in the directory but never found whole in the archive: truncated or damaged.
    if (pending.size > 0) throw new ReaderFailure('file-unreadable', MESSAGES.corrupt);
  }
}

/** XML parts are UTF-8 unless they start with a UTF-16 byte-order mark. */
function sniffEncoding(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xfe) return 'utf-16le';
  if (data[0] === 0xfe && data[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}
