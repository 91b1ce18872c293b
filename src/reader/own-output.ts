/**
 * Telling xmb's own outputs (汇总表, 批注副本, 模板) from district submissions, by what xmb writes
 * into every workbook it saves (src/writers/save.ts): the custom document property
 * XMB_OUTPUT_PROPERTY, whose value is the workbook's modification time, and 上次修改者 "xmb".
 *
 * A workbook is xmb's own output while both still hold: the property is there, 上次修改者 is xmb and
 * the modification time is the one xmb wrote. Excel, WPS and LibreOffice rewrite 上次修改者 and the
 * modification time on every save, so a template a district filled in, or an annotated copy it
 * corrected and sent back, counts as a submission again (custom properties survive a save, which is
 * why the property alone is not enough). A file named …_批注.xlsx whose 上次修改者 is xmb is an
 * annotated copy written before the property existed.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { unzipSync } from 'fflate';
import { parseXml } from './xml.js';

/** The custom document property xmb writes into every workbook it saves. */
export const XMB_OUTPUT_PROPERTY = 'xmb-output';
/** 上次修改者 (cp:lastModifiedBy) of every workbook xmb saves. */
export const XMB_AUTHOR = 'xmb';

/** Parts larger than this are not read for the check (document property parts are a few KB). */
const MAX_PART_BYTES = 1 << 20;
/** xmb writes nothing near this size; larger files are not opened for the check. */
const MAX_FILE_BYTES = 64 << 20;

interface Properties {
  lastModifiedBy: string | null;
  modified: string | null;
  marker: string | null;
}

function properties(bytes: Uint8Array): Properties | null {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return null;
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes, {
      filter: (file) => (file.name === 'docProps/core.xml' || file.name === 'docProps/custom.xml') && file.originalSize <= MAX_PART_BYTES,
    });
  } catch {
    return null;
  }
  const out: Properties = { lastModifiedBy: null, modified: null, marker: null };
  const decoder = new TextDecoder('utf-8');
  try {
    const core = parts['docProps/core.xml'];
    if (core) {
      let field: 'lastModifiedBy' | 'modified' | null = null;
      parseXml(decoder.decode(core), {
        open(local) {
          field = local === 'lastModifiedBy' ? 'lastModifiedBy' : local === 'modified' ? 'modified' : null;
        },
        close() {
          field = null;
        },
        text(text) {
          if (field) out[field] = (out[field] ?? '') + text;
        },
      });
    }
    const custom = parts['docProps/custom.xml'];
    if (custom) {
      let inMarker = false;
      parseXml(decoder.decode(custom), {
        open(local, attributes) {
          if (local === 'property') inMarker = attributes.name === XMB_OUTPUT_PROPERTY;
        },
        close(local) {
          if (local === 'property') inMarker = false;
        },
        text(text) {
          if (inMarker) out.marker = (out.marker ?? '') + text;
        },
      });
    }
  } catch {
    return null;
  }
  return out;
}

/**
 * Whether the workbook `bytes` (named `name`) is one of xmb's own outputs, unchanged since xmb
 * wrote it. Never throws; anything unreadable is not an output.
 */
export function isXmbOutputBytes(bytes: Uint8Array, name: string): boolean {
  const p = properties(bytes);
  if (!p || p.lastModifiedBy?.trim() !== XMB_AUTHOR) return false;
  if (p.marker !== null) {
    // to the second: that is all dcterms:modified holds
    const written = Math.floor(Date.parse(p.marker.trim()) / 1000);
    const modified = Math.floor(Date.parse((p.modified ?? '').trim()) / 1000);
    return !Number.isNaN(written) && written === modified;
  }
  return basename(name, extname(name)).endsWith('_批注');
}

/** isXmbOutputBytes for a file; false when it cannot be read. */
export function isXmbOutput(path: string): boolean {
  let bytes: Uint8Array;
  try {
    if (statSync(path).size > MAX_FILE_BYTES) return false;
    bytes = readFileSync(path);
  } catch {
    return false;
  }
  return isXmbOutputBytes(bytes, path);
}
