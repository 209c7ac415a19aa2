/**
 * Secrets never reach the terminal: every URL is shown as scheme://user:***@host:port/path,
 * including URLs and passwords that appear inside driver error messages.
 */
const CREDENTIALS_IN_URL = /([a-z][a-z0-9+.-]*:\/\/)([^:@/\s'"]*):([^@/\s'"]+)@/gi

export function maskUrl(url: string): string {
  return url.replace(CREDENTIALS_IN_URL, '$1$2:***@')
}

/** Masks credentials of any URL in free text, and every known secret verbatim (user names in URLs stay readable). */
export function maskText(text: string, secrets: readonly string[] = registeredSecrets): string {
  const maskedUrls: string[] = []
  let masked = text.replace(CREDENTIALS_IN_URL, (_match, scheme: string, user: string) => {
    maskedUrls.push(`${scheme}${user}:***@`)
    return `\u0000${maskedUrls.length - 1}\u0000`
  })
  for (const secret of secrets) {
    if (secret.length >= 3) masked = masked.split(secret).join('***')
  }
  // eslint-disable-next-line no-control-regex -- NUL-delimited placeholders cannot collide with real text
  return masked.replace(/\u0000(\d+)\u0000/g, (_match, index: string) => maskedUrls[Number(index)]!)
}

const registeredSecrets: string[] = []

/** Remembers the passwords of configured URLs so they are masked wherever they turn up. */
export function registerSecretsOf(url: string | undefined): void {
  if (!url) return
  try {
    const password = decodeURIComponent(new URL(url).password)
    if (password && !registeredSecrets.includes(password)) registeredSecrets.push(password)
  } catch {
    // not a URL: nothing to remember
  }
}
