import { InvalidInputError } from './errors'

/**
 * The one rule for migration file names, shared by `migrate create`, `generate repository` and `outbox init`:
 * `<YYYYMMDDHHmmss>-<kebab-name>` in UTC, so names sort in creation order.
 */
export function migrationTimestamp(now: Date, offsetSeconds = 0): string {
  return new Date(now.getTime() + offsetSeconds * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14)
}

/** `createUsers`, `create users`, `create_outbox_messages` -> `create-users`, `create-outbox-messages` */
export function migrationSlug(name: string): string {
  const slug = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
  if (!slug) {
    throw new InvalidInputError({
      code: 'MIGRATION_NAME_INVALID',
      message: `"${name}" is not a usable migration name`,
      hint: 'Use letters and digits, e.g. create-users.',
    })
  }
  return slug
}

/** `20261124120000-create-users` */
export function migrationName(name: string, now: Date, offsetSeconds = 0): string {
  return `${migrationTimestamp(now, offsetSeconds)}-${migrationSlug(name)}`
}
