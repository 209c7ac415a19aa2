import { createHash } from 'node:crypto'

/** SHA-256 (hex) of a migration's content with CRLF/CR line endings normalised to LF, so a checkout on Windows matches. */
export function migrationChecksum(content: string): string {
  return createHash('sha256').update(content.replace(/\r\n?/g, '\n')).digest('hex')
}
