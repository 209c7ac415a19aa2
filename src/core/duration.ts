import { InvalidInputError } from './errors'

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }

/** "90s", "5m", "1h30m", "250ms", "7d" in milliseconds; a bare number is seconds; undefined when `text` is no duration. */
export function durationMsOf(text: string): number | undefined {
  const trimmed = text.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)]
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) return undefined
  return Math.round(parts.reduce((total, [, value, unit]) => total + Number(value) * UNIT_MS[unit!]!, 0))
}

/** A flag's duration (see durationMsOf); invalid text is invalid input naming `what`. */
export function parseDuration(text: string, what = 'duration'): number {
  const ms = durationMsOf(text)
  if (ms === undefined) {
    throw new InvalidInputError({
      code: 'DURATION_INVALID',
      message: `${what}: "${text}" is not a duration`,
      hint: 'Use a number with a unit, e.g. 500ms, 90s, 5m, 1h30m, 7d (a bare number is seconds).',
    })
  }
  return ms
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`
  const minutes = Math.floor(ms / 60_000)
  return `${minutes}m${Math.round((ms % 60_000) / 1000)}s`
}
