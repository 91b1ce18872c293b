/**
 * Safety limits of the reader, in one place so the README can state them. A file past any of them is
 * refused with `file-too-large` (or, for the per-sheet row/column caps, read up to the cap and flagged
 * `truncated`), never read into memory without bound.
 */
export const READER_LIMITS = {
  /** Largest input file read at all (bytes on disk). District tables are a few hundred KB. */
  maxFileBytes: 50 * 1024 * 1024,
  /** Most entries a zip's central directory may list. An Excel workbook has a few dozen. */
  maxZipEntries: 2_000,
  /** Largest unpacked size of one part (declared in the zip directory, and counted while inflating). */
  maxPartBytes: 50 * 1024 * 1024,
  /** Largest unpacked size of all parts together (declared, and counted over every part we inflate). */
  maxTotalBytes: 100 * 1024 * 1024,
  /**
   * Largest declared compression ratio of one part (unpacked / packed). Real sheet XML compresses
   * 10–30×; only a crafted zip goes past a few hundred. Checked for parts of 1 MiB or more unpacked.
   */
  maxRatio: 200,
  /** Parts smaller than this unpacked are not held to `maxRatio` (tiny parts can compress very well). */
  ratioMinBytes: 1024 * 1024,
  /**
   * Longest run of XML text without a '<' (a text node, or a tag with its attributes). Excel caps a
   * cell at 32,767 characters; a longer run is padding meant to exhaust memory.
   */
  maxXmlRunChars: 4 * 1024 * 1024,
  /**
   * Rows holding data in one sheet: a district's weekly sheet has a few hundred rows, a province-level
   * merge a few thousand. Past it the file is refused (`file-too-large`) before any cell is read — the
   * sheet's <dimension> says it is within (the common case, costing one small inflate), or else a
   * count of the rows that hold a value decides — and, should a <dimension> understate, while reading.
   * At this size (11 columns, 附件2) validate stays under 250 MB (`npm run bench`).
   */
  maxDataRows: 25_000,
  /** Row numbers read per sheet; cells below are skipped and the sheet is flagged `truncated`. */
  maxRows: 100_000,
  /** Columns read per sheet; cells to the right are skipped and the sheet is flagged `truncated`. */
  maxColumns: 200,
  /**
   * Non-empty cells kept in memory for the whole workbook; past this the file is `file-too-large`.
   * 300,000 cells (27,000 rows of an 11-column table, more than maxDataRows allows) stay under 250 MB; real ones have < 1,000.
   */
  maxCells: 300_000,
  /**
   * Merged cells kept for the whole workbook, counted over merges clamped to the rows and columns
   * that hold data; past this, further merges are overlapping junk and are not kept.
   */
  maxMergedCells: 300_000,
  /** Hyperlinks kept for the whole workbook (a link is never data: past this, further ones are ignored). */
  maxHyperlinks: 10_000,
  /** Sheets in one workbook. */
  maxSheets: 1_000,
  /** Seconds LibreOffice may take to convert one file. */
  convertTimeoutSeconds: 120,
} as const;

export type ReaderLimits = { -readonly [K in keyof typeof READER_LIMITS]: number };
