/**
 * Breaks a long generated expression over lines the way a careful person (or Prettier) would: the last bracket group
 * of the line is opened, one element per line with a trailing comma; a group with a single element hugs it.
 * `indent` is the column the text starts at; continuation lines carry absolute indentation.
 */
export function layout(text: string, indent: number, width = 110): string {
  if (indent + text.length <= width) return text
  return breakLast(text, indent, width)
}

function breakLast(text: string, indent: number, width: number): string {
  const group = lastGroup(text)
  if (!group) return text
  const prefix = text.slice(0, group.open + 1)
  const content = text.slice(group.open + 1, group.close)
  const suffix = text.slice(group.close)
  const elements = splitTopLevel(content)
    .map((e) => e.trim())
    .filter((e) => e !== '')
  if (elements.length === 0) return text
  if (elements.length === 1 && text[group.open] === '(') {
    // hug a single argument: `f({` ... `})`
    const inner = breakLast(elements[0]!, indent, width)
    if (inner === elements[0]) return breakAll(prefix, elements, suffix, indent, width)
    return `${prefix}${inner}${suffix}`
  }
  return breakAll(prefix, elements, suffix, indent, width)
}

function breakAll(prefix: string, elements: string[], suffix: string, indent: number, width: number): string {
  const pad = ' '.repeat(indent + 2)
  const lines = elements.map((element) => `${pad}${layout(element, indent + 2, width - 1)},`)
  return `${prefix.trimEnd()}\n${lines.join('\n')}\n${' '.repeat(indent)}${suffix.trimStart()}`
}

/** the last bracket group at depth 0 whose content is not empty */
function lastGroup(text: string): { open: number; close: number } | null {
  let found: { open: number; close: number } | null = null
  const stack: number[] = []
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === "'" || c === '"' || c === '`') {
      i = skipString(text, i)
      continue
    }
    if (c === '(' || c === '{' || c === '[') stack.push(i)
    else if (c === ')' || c === '}' || c === ']') {
      const open = stack.pop()
      if (open !== undefined && stack.length === 0 && i - open > 1) found = { open, close: i }
    }
  }
  return found
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === "'" || c === '"' || c === '`') {
      i = skipString(text, i)
      continue
    }
    if (c === '(' || c === '{' || c === '[') depth++
    else if (c === ')' || c === '}' || c === ']') depth--
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i))
      start = i + 1
    }
  }
  parts.push(text.slice(start))
  return parts
}

function skipString(text: string, start: number): number {
  const quote = text[start]
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++
    else if (text[i] === quote) return i
  }
  return text.length
}

/** A single-quoted string literal (the style of the generated code), escaping what needs it. */
export function stringLiteral(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`
}

/** A string or number literal as TypeScript text (a tag of a discriminated union). */
export function literal(value: string | number): string {
  return typeof value === 'string' ? stringLiteral(value) : String(value)
}
