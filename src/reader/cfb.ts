/**
 * Just enough of the OLE/CFB container format ([MS-CFB]) to tell what an OLE file holds: the names
 * in its directory, and the first bytes of one stream (to find a BIFF FILEPASS record). Every read is
 * bounds-checked and every chain walk is bounded, so a damaged container gives `undefined`, never a
 * throw or a hang. No dependency offers this; exceljs does not read OLE at all.
 */

export const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export interface CfbEntry {
  name: string;
  /** 1 storage, 2 stream, 5 root. */
  type: number;
  start: number;
  size: number;
}

const FREESECT = 0xffffffff;
const ENDOFCHAIN = 0xfffffffe;
const MAX_CHAIN = 1 << 20;

export class CfbFile {
  readonly entries: CfbEntry[] = [];
  private readonly sectorSize: number;
  private readonly miniSectorSize: number;
  private readonly miniCutoff: number;
  private readonly fat: number[] = [];
  private miniFat: number[] = [];

  private constructor(private readonly bytes: Uint8Array) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const shift = view.getUint16(0x1e, true);
    const miniShift = view.getUint16(0x20, true);
    if (shift !== 9 && shift !== 12) throw new Error('bad sector size');
    this.sectorSize = 1 << shift;
    this.miniSectorSize = miniShift > 0 && miniShift < 16 ? 1 << miniShift : 64;
    this.miniCutoff = view.getUint32(0x38, true) || 4096;
    const fatSectors = view.getUint32(0x2c, true);
    const firstDir = view.getUint32(0x30, true);
    const firstMiniFat = view.getUint32(0x3c, true);
    let difatSector = view.getUint32(0x44, true);

    // The FAT sectors: 109 in the header, the rest in the DIFAT chain.
    const fatSectorIds: number[] = [];
    for (let i = 0; i < 109 && fatSectorIds.length < fatSectors; i++) {
      const id = view.getUint32(0x4c + i * 4, true);
      if (id !== FREESECT) fatSectorIds.push(id);
    }
    const perSector = this.sectorSize / 4;
    for (let guard = 0; difatSector < ENDOFCHAIN - 5 && guard < MAX_CHAIN && fatSectorIds.length < fatSectors; guard++) {
      const at = this.sectorOffset(difatSector);
      if (at + this.sectorSize > bytes.length) break;
      for (let i = 0; i < perSector - 1 && fatSectorIds.length < fatSectors; i++) {
        const id = view.getUint32(at + i * 4, true);
        if (id !== FREESECT) fatSectorIds.push(id);
      }
      difatSector = view.getUint32(at + (perSector - 1) * 4, true);
    }
    for (const id of fatSectorIds) {
      const at = this.sectorOffset(id);
      if (at + this.sectorSize > bytes.length) continue;
      for (let i = 0; i < perSector; i++) this.fat.push(view.getUint32(at + i * 4, true));
    }

    // The directory: 128-byte entries in the chain starting at firstDir.
    const dir = this.readChain(firstDir, Number.MAX_SAFE_INTEGER);
    const dirView = new DataView(dir.buffer, dir.byteOffset, dir.byteLength);
    for (let at = 0; at + 128 <= dir.length; at += 128) {
      const nameBytes = dirView.getUint16(at + 64, true);
      const type = dir[at + 66] ?? 0;
      if (type === 0 || nameBytes < 2 || nameBytes > 64) continue;
      let name = '';
      for (let i = 0; i < nameBytes - 2; i += 2) name += String.fromCharCode(dirView.getUint16(at + i, true));
      const start = dirView.getUint32(at + 116, true);
      const size = dirView.getUint32(at + 120, true); // the high 32 bits are ignored: streams we read are small
      this.entries.push({ name, type, start, size });
    }
    const root = this.entries.find((e) => e.type === 5);
    if (root && firstMiniFat < ENDOFCHAIN - 5) {
      const miniFatBytes = this.readChain(firstMiniFat, Number.MAX_SAFE_INTEGER);
      const mv = new DataView(miniFatBytes.buffer, miniFatBytes.byteOffset, miniFatBytes.byteLength);
      for (let i = 0; i + 4 <= miniFatBytes.length; i += 4) this.miniFat.push(mv.getUint32(i, true));
    }
  }

  /** Parses the container; undefined when it is not a readable CFB. */
  static open(bytes: Uint8Array): CfbFile | undefined {
    if (bytes.length < 512 || !CFB_MAGIC.every((b, i) => bytes[i] === b)) return undefined;
    try {
      return new CfbFile(bytes);
    } catch {
      return undefined;
    }
  }

  /** A directory entry by name (CFB names compare case-insensitively). */
  find(name: string): CfbEntry | undefined {
    const wanted = name.toLowerCase();
    return this.entries.find((e) => e.name.toLowerCase() === wanted);
  }

  /** Up to `max` first bytes of a stream, or undefined when its chain cannot be followed. */
  readStreamStart(entry: CfbEntry, max: number): Uint8Array | undefined {
    try {
      const want = Math.min(entry.size, max);
      if (entry.size < this.miniCutoff) {
        const root = this.entries.find((e) => e.type === 5);
        if (!root) return undefined;
        const ministream = this.readChain(root.start, root.size);
        const out = new Uint8Array(want);
        let sector = entry.start;
        for (let done = 0, guard = 0; done < want && guard < MAX_CHAIN; guard++) {
          const at = sector * this.miniSectorSize;
          if (at >= ministream.length) return undefined;
          const piece = ministream.subarray(at, Math.min(at + this.miniSectorSize, at + want - done));
          out.set(piece, done);
          done += piece.length;
          sector = this.miniFat[sector] ?? ENDOFCHAIN;
          if (sector >= ENDOFCHAIN - 5 && done < want) return undefined;
        }
        return out;
      }
      return this.readChain(entry.start, want).subarray(0, want);
    } catch {
      return undefined;
    }
  }

  private sectorOffset(id: number): number {
    return (id + 1) * this.sectorSize;
  }

  /** Follows a FAT chain, collecting at most `max` bytes. */
  private readChain(start: number, max: number): Uint8Array {
    const pieces: Uint8Array[] = [];
    let total = 0;
    const seen = new Set<number>();
    for (let sector = start; sector < ENDOFCHAIN - 5 && total < max && !seen.has(sector); sector = this.fat[sector] ?? ENDOFCHAIN) {
      seen.add(sector);
      if (seen.size > MAX_CHAIN) break;
      const at = this.sectorOffset(sector);
      if (at + this.sectorSize > this.bytes.length) {
        if (at < this.bytes.length) pieces.push(this.bytes.subarray(at));
        break;
      }
      pieces.push(this.bytes.subarray(at, at + this.sectorSize));
      total += this.sectorSize;
    }
    const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of pieces) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}
