import { maskText } from './mask'

/** Structured progress events: what long operations report, whatever the renderer. */
export interface OperationEvent {
  event: string
  name?: string
  durationMs?: number
  [key: string]: unknown
}

export interface OutputOptions {
  json: boolean
  verbose: boolean
  stdout?: NodeJS.WriteStream
  stderr?: NodeJS.WriteStream
  env?: NodeJS.ProcessEnv
}

type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan'
const ANSI: Record<Style, [number, number]> = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] }

/**
 * Where a command's words go. Results on stdout (human text, or one JSON document with --json);
 * progress and logs on stderr, only when stderr is a terminal; colour only on a terminal without NO_COLOR.
 */
export class Output {
  readonly json: boolean
  readonly verbose: boolean
  /** stderr is a terminal: progress bars and logs may be drawn */
  readonly interactive: boolean
  private readonly stdout: NodeJS.WriteStream
  private readonly stderr: NodeJS.WriteStream
  private readonly colorOut: boolean
  private readonly colorErr: boolean

  constructor(options: OutputOptions) {
    const env = options.env ?? process.env
    this.json = options.json
    this.verbose = options.verbose
    this.stdout = options.stdout ?? process.stdout
    this.stderr = options.stderr ?? process.stderr
    this.interactive = Boolean(this.stderr.isTTY)
    const colorAllowed = env.NO_COLOR === undefined || env.NO_COLOR === ''
    this.colorOut = colorAllowed && Boolean(this.stdout.isTTY) && !this.json
    this.colorErr = colorAllowed && this.interactive
  }

  /** A line of the human-readable result (nothing with --json). */
  line(text = ''): void {
    if (!this.json) this.stdout.write(`${maskText(text)}\n`)
  }

  /** A log line on stderr: shown on a terminal, or always with --verbose. */
  log(text: string): void {
    if (this.interactive || this.verbose) this.stderr.write(`${maskText(text)}\n`)
  }

  /** A warning: always on stderr (it must not be missed), never on stdout. */
  warn(text: string): void {
    this.stderr.write(`${this.styleErr('yellow', 'Warning:')} ${maskText(text)}\n`)
  }

  /** Structured event; rendered as a log line with --verbose. */
  event(event: OperationEvent): void {
    if (this.verbose) this.stderr.write(`${maskText(JSON.stringify(event))}\n`)
  }

  /** The single JSON document of --json. */
  document(value: unknown): void {
    this.stdout.write(`${maskText(JSON.stringify(value, null, 2))}\n`)
  }

  /** Raw error text on stderr. */
  error(text: string): void {
    this.stderr.write(`${maskText(text)}\n`)
  }

  style(style: Style, text: string): string {
    return this.colorOut ? paint(style, text) : text
  }

  styleErr(style: Style, text: string): string {
    return this.colorErr ? paint(style, text) : text
  }

  /** A progress bar on stderr when it is a terminal; otherwise a no-op. */
  progress(label: string, total?: number): Progress {
    return this.interactive && !this.verbose ? new TerminalProgress(this.stderr, label, total) : new SilentProgress()
  }
}

function paint(style: Style, text: string): string {
  const [open, close] = ANSI[style]
  return `\u001B[${open}m${text}\u001B[${close}m`
}

export interface Progress {
  /** count `n` more items done, with an optional detail (the current item's name) */
  tick(n?: number, detail?: string): void
  setTotal(total: number): void
  /** erase the bar */
  stop(): void
}

class SilentProgress implements Progress {
  tick(): void {}
  setTotal(): void {}
  stop(): void {}
}

class TerminalProgress implements Progress {
  private done = 0
  private detail = ''
  private lastDraw = 0
  private readonly started = Date.now()

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly label: string,
    private total?: number,
  ) {
    this.draw(true)
  }

  tick(n = 1, detail?: string): void {
    this.done += n
    if (detail !== undefined) this.detail = detail
    this.draw(false)
  }

  setTotal(total: number): void {
    this.total = total
    this.draw(true)
  }

  stop(): void {
    this.stream.write('\r\u001B[2K')
  }

  private draw(force: boolean): void {
    const now = Date.now()
    if (!force && now - this.lastDraw < 100) return
    this.lastDraw = now
    const seconds = Math.max((now - this.started) / 1000, 0.001)
    const perSecond = this.done / seconds
    const rate = `${Math.round(perSecond)}/s`
    const eta = this.total && this.total > this.done && this.done > 0 ? ` ETA ${formatEta((this.total - this.done) / perSecond)}` : ''
    const width = 24
    const bar =
      this.total && this.total > 0
        ? `[${'#'.repeat(Math.round((Math.min(this.done, this.total) / this.total) * width)).padEnd(width, '-')}] ${this.done}/${this.total}`
        : `${this.done}`
    const columns = this.stream.columns ?? 80
    const line = `${this.label} ${bar} ${rate}${eta} ${this.detail}`.slice(0, columns - 1)
    this.stream.write(`\r\u001B[2K${line}`)
  }
}

/** Remaining time as a progress bar shows it: 42s, 3m05s, 1h02m. */
export function formatEta(seconds: number): string {
  const total = Math.max(0, Math.ceil(seconds))
  if (total < 60) return `${total}s`
  const minutes = Math.floor(total / 60)
  if (minutes < 60) return `${minutes}m${String(total % 60).padStart(2, '0')}s`
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`
}
