/** A short description of a value for error messages, with its type: `the string '10'`, `10`, `undefined`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string '${value}'`;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return `${String(value)} (${typeof value})`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'function') return 'a function';
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

/** Up to four names quoted for an error message, then how many more: `'a', 'b' and 3 more`. */
export function quoteNames(names: readonly string[]): string {
  const shown = names
    .slice(0, 4)
    .map((n) => `'${n}'`)
    .join(', ');
  return names.length > 4 ? `${shown} and ${names.length - 4} more` : shown;
}
