import { InvalidInputError } from '../core/errors'

/** A parsed `.sql` migration: the statements of each section; `down` is null when the file has no down section. */
export interface SqlMigration {
  up: SqlStatement[]
  down: SqlStatement[] | null
}

export interface SqlStatement {
  sql: string
  /** 1-based line where the statement starts, for messages */
  line: number
}

const MARKER = /^\s*--\s*\+infra\s+(\S+)\s*$/i

/**
 * Parses a `.sql` migration: `-- +infra up` and `-- +infra down` sections, statements ended by `;` at the end of a line
 * (so a `;` inside a string or a one-line body never splits a statement).
 */
export function parseSqlMigration(content: string, file: string): SqlMigration {
  const sections: { up?: SqlStatement[]; down?: SqlStatement[] } = {}
  let current: SqlStatement[] | undefined
  let buffer: string[] = []
  let start = 0
  const lines = content.replace(/\r\n?/g, '\n').split('\n')

  const flush = (): void => {
    const sql = buffer.join('\n').trim()
    buffer = []
    if (!hasCode(sql)) return
    if (!current) throw invalid(file, `line ${start}: SQL before the first "-- +infra up" marker`)
    current.push({ sql: sql.replace(/;\s*$/, ''), line: start })
  }

  lines.forEach((text, index) => {
    const lineNumber = index + 1
    const marker = MARKER.exec(text)
    if (marker) {
      if (hasCode(buffer.join('\n'))) throw invalid(file, `line ${start}: statement not ended with ";" before "${text.trim()}"`)
      buffer = []
      const section = marker[1]!.toLowerCase()
      if (section !== 'up' && section !== 'down')
        throw invalid(file, `line ${lineNumber}: unknown marker "${text.trim()}" (expected -- +infra up or -- +infra down)`)
      if (sections[section]) throw invalid(file, `line ${lineNumber}: a second "-- +infra ${section}" section`)
      current = sections[section] = []
      return
    }
    if (buffer.length === 0 || !hasCode(buffer.join('\n'))) start = lineNumber
    buffer.push(text)
    if (/;\s*$/.test(text) && !isComment(text)) flush()
  })
  if (hasCode(buffer.join('\n'))) {
    if (!current) throw invalid(file, `line ${start}: SQL before the first "-- +infra up" marker`)
    // the last statement of a file may omit its ";"
    current.push({ sql: buffer.join('\n').trim(), line: start })
  }
  if (!sections.up) throw invalid(file, 'no "-- +infra up" section')
  if (sections.up.length === 0) throw invalid(file, 'the "-- +infra up" section has no statement')
  return { up: sections.up, down: sections.down ?? null }
}

function isComment(line: string): boolean {
  return /^\s*(--|#)/.test(line)
}

/** True when the text holds more than blank lines and line comments. */
function hasCode(text: string): boolean {
  return text.split('\n').some((line) => line.trim() !== '' && !isComment(line))
}

function invalid(file: string, reason: string): InvalidInputError {
  return new InvalidInputError({
    code: 'MIGRATION_INVALID',
    message: `${file}: ${reason}`,
    hint: 'A .sql migration has a "-- +infra up" section and optionally a "-- +infra down" section; each statement ends with ";" at the end of a line.',
    details: { file, reason },
  })
}
