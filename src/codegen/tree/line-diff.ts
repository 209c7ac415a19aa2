/** A unified diff of two texts (git style, 3 lines of context), small enough to need no dependency. */
export function unifiedDiff(file: string, before: string | null, after: string | null, context = 3): string {
  const a = splitLines(before)
  const b = splitLines(after)
  const ops = diffLines(a, b)
  const header = [`--- ${before === null ? '/dev/null' : `a/${file}`}`, `+++ ${after === null ? '/dev/null' : `b/${file}`}`]
  const hunks: string[] = []
  let index = 0
  while (index < ops.length) {
    while (index < ops.length && ops[index]!.kind === ' ') index++
    if (index >= ops.length) break
    let start = Math.max(0, index - context)
    let end = index
    // extend the hunk while the next change is within 2*context lines
    while (end < ops.length) {
      if (ops[end]!.kind !== ' ') {
        end++
        continue
      }
      let run = end
      while (run < ops.length && ops[run]!.kind === ' ') run++
      if (run >= ops.length || run - end > 2 * context) break
      end = run
    }
    const stop = Math.min(ops.length, end + context)
    const slice = ops.slice(start, stop)
    const aStart = ops.slice(0, start).filter((o) => o.kind !== '+').length
    const bStart = ops.slice(0, start).filter((o) => o.kind !== '-').length
    const aCount = slice.filter((o) => o.kind !== '+').length
    const bCount = slice.filter((o) => o.kind !== '-').length
    hunks.push(`@@ -${aCount === 0 ? aStart : aStart + 1},${aCount} +${bCount === 0 ? bStart : bStart + 1},${bCount} @@`)
    for (const op of slice) hunks.push(`${op.kind}${op.line}`)
    index = stop
    start = stop
  }
  return hunks.length === 0 ? '' : [...header, ...hunks].join('\n') + '\n'
}

interface DiffOp {
  kind: ' ' | '-' | '+'
  line: string
}

function splitLines(text: string | null): string[] {
  if (text === null || text === '') return []
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

/** Longest-common-subsequence line diff, after trimming the common prefix and suffix. */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  let prefix = 0
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++
  let suffix = 0
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++
  const midA = a.slice(prefix, a.length - suffix)
  const midB = b.slice(prefix, b.length - suffix)
  const ops: DiffOp[] = a.slice(0, prefix).map((line) => ({ kind: ' ', line }))
  if (midA.length * midB.length > 4_000_000) {
    // too large for the quadratic table: show it as a replacement
    ops.push(...midA.map((line): DiffOp => ({ kind: '-', line })), ...midB.map((line): DiffOp => ({ kind: '+', line })))
  } else {
    const n = midA.length
    const m = midB.length
    const table: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1))
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        table[i]![j] = midA[i] === midB[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!)
      }
    }
    let i = 0
    let j = 0
    while (i < n && j < m) {
      if (midA[i] === midB[j]) {
        ops.push({ kind: ' ', line: midA[i]! })
        i++
        j++
      } else if (table[i + 1]![j]! >= table[i]![j + 1]!) ops.push({ kind: '-', line: midA[i++]! })
      else ops.push({ kind: '+', line: midB[j++]! })
    }
    while (i < n) ops.push({ kind: '-', line: midA[i++]! })
    while (j < m) ops.push({ kind: '+', line: midB[j++]! })
  }
  ops.push(...a.slice(a.length - suffix).map((line): DiffOp => ({ kind: ' ', line })))
  return ops
}
