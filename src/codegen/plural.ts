/** The one pluraliser (English rules good enough for table names and method names). */

/** `order_line` -> `order_lines`, `category` -> `categories`, `address` -> `addresses` */
export function pluralOf(word: string): string {
  if (/[^aeiouAEIOU]y$/.test(word)) return `${word.slice(0, -1)}ies`
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`
  return `${word}s`
}

/** What a possibly plural word may be the plural of, the word itself first: `Categories` -> Categories, Category, ... */
export function singularCandidates(word: string): string[] {
  return [word, word.replace(/ies$/, 'y'), word.replace(/(s|x|z|ch|sh)es$/, '$1'), word.replace(/s$/, '')]
}
