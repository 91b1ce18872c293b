/**
 * What xmb prints, made readable on the console it runs in.
 *
 * Linux (统信UOS, 麒麟) and macOS terminals are UTF-8: nothing changes there.
 *
 * Windows: when output goes to the console window itself, Node writes UTF-16 (WriteConsoleW), so the
 * code page does not garble anything; but a console on code page 936 draws with 新宋体, which lacks
 * ✓ ✗, and gives every double-byte GBK character — box drawing included — two columns, which
 * breaks the tables cli-table3 lays out for one. When output is piped or redirected (`xmb status >
 * 报送.txt`, PowerShell 5.1's `| Out-File`, a Python script reading it), the reader decodes it in
 * the console's code page, GBK on a Chinese Windows. So on Windows, unless the console is UTF-8:
 *   - ✓ ✔ → √ and ✗ ✘ → × (both in GBK); box drawing → ASCII (- | + =);
 *   - piped or redirected output is encoded in the console's code page (936 → GBK; characters
 *     GBK lacks become ?).
 * The code page comes from XMB_CODEPAGE (the xmb.cmd launcher sets it from `chcp`), else from the
 * Windows display language (zh-CN → 936). A UTF-8 console (code page 65001: Windows Terminal set to
 * UTF-8, or after `chcp 65001`) gets UTF-8 and every symbol unchanged.
 * XMB_ENCODING=utf8 or XMB_ENCODING=gbk overrides all of this on any platform.
 */

/** How text is turned into what the console receives. */
export interface ConsolePlan {
  /** ✓ ✗ → √ ×. */
  gbkSymbols: boolean;
  /** Box drawing → ASCII, for consoles that draw it two columns wide. */
  asciiBoxes: boolean;
  /** 'utf8' (strings as Node writes them) or an iconv-lite encoding name for the bytes. */
  encoding: string;
}

const IDENTITY: ConsolePlan = { gbkSymbols: false, asciiBoxes: false, encoding: 'utf8' };

/** Code pages whose consoles give double-byte characters two columns. */
const DOUBLE_BYTE = new Set([932, 936, 949, 950]);

/** The Windows ANSI/OEM code page a display language implies (zh-CN → 936), or undefined. */
export function codePageOfLocale(locale: string): number | undefined {
  const l = locale.toLowerCase();
  if (/^zh-(cn|sg|hans)/.test(l) || l === 'zh') return 936;
  if (/^zh-(tw|hk|mo|hant)/.test(l)) return 950;
  if (l.startsWith('ja')) return 932;
  if (l.startsWith('ko')) return 949;
  return undefined;
}

/**
 * The plan for one output stream. `env` supplies XMB_ENCODING and XMB_CODEPAGE; `locale` gives the
 * process's (Intl) locale, asked only on Windows (starting ICU costs tens of milliseconds);
 * `isTTY` tells whether the stream is the console window itself.
 */
export function consolePlan(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, isTTY: boolean, locale: () => string): ConsolePlan {
  const forced = env.XMB_ENCODING?.trim().toLowerCase().replace(/[-_]/g, '');
  if (forced === 'utf8') return IDENTITY;
  if (forced === 'gbk' || forced === 'cp936' || forced === 'gb2312' || forced === 'gb18030')
    return { gbkSymbols: true, asciiBoxes: true, encoding: isTTY ? 'utf8' : 'gbk' };
  if (platform !== 'win32') return IDENTITY;
  const fromEnv = Number(/\d+/.exec(env.XMB_CODEPAGE ?? '')?.[0]);
  const codePage = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : codePageOfLocale(locale());
  if (codePage === 65001) return IDENTITY;
  return {
    gbkSymbols: true,
    asciiBoxes: codePage === undefined || DOUBLE_BYTE.has(codePage),
    encoding: isTTY || codePage === undefined ? 'utf8' : `cp${codePage}`,
  };
}

const SYMBOLS: Record<string, string> = { '✓': '√', '✔': '√', '✗': '×', '✘': '×' };
const HORIZONTAL = new Set('─━┄┅┈┉╌╍╴╶╸╺╼╾');
const DOUBLE_HORIZONTAL = new Set('═');
const VERTICAL = new Set('│┃┆┇┊┋╎╏║╵╷╹╻╽╿');

/** One box-drawing character (U+2500–U+257F) as ASCII. */
function asciiBox(ch: string): string {
  if (HORIZONTAL.has(ch)) return '-';
  if (DOUBLE_HORIZONTAL.has(ch)) return '=';
  if (VERTICAL.has(ch)) return '|';
  return '+';
}

/** `text` with the substitutions of `plan` (no change to its encoding). */
export function consoleText(text: string, plan: ConsolePlan): string {
  if (!plan.gbkSymbols && !plan.asciiBoxes) return text;
  return text.replace(/[✓✔✗✘\u2500-\u257F]/g, (ch) => {
    if (ch in SYMBOLS) return plan.gbkSymbols ? SYMBOLS[ch]! : ch;
    return plan.asciiBoxes ? asciiBox(ch) : ch;
  });
}

type Write = NodeJS.WriteStream['write'];

/**
 * Applies the plan of each of stdout and stderr to everything written to it from now on
 * (console.log, commander's help, process.stdout.write). Called once, by `run` in src/cli.ts.
 */
export async function setupConsole(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  streams: NodeJS.WriteStream[] = [process.stdout, process.stderr],
): Promise<void> {
  let cached: string | undefined;
  const locale = () => (cached ??= Intl.DateTimeFormat().resolvedOptions().locale);
  for (const stream of streams) {
    const plan = consolePlan(env, platform, Boolean(stream.isTTY), locale);
    if (plan === IDENTITY) continue;
    let encode: ((text: string) => Uint8Array) | undefined;
    if (plan.encoding !== 'utf8') {
      const iconv = (await import('iconv-lite')).default;
      if (iconv.encodingExists(plan.encoding)) encode = (text) => iconv.encode(text, plan.encoding);
    }
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'string') return write(chunk, ...rest);
      const text = consoleText(chunk, plan);
      if (!encode) return write(text, ...rest);
      // The encoding argument, if any, described the string; the bytes need none.
      return write(encode(text), ...rest.filter((r) => typeof r === 'function'));
    }) as Write;
  }
}
