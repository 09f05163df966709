/** Hostile inputs shared by the parser tests and the fuzz suite. */

/** Nine levels of nine aliases each: 9^9 (387 million) strings once expanded. */
export function billionLaughs(indent: string): string {
  const lines = [`${indent}a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) {
    const prev = `*${names[i - 1]}`;
    lines.push(`${indent}${names[i]}: &${names[i]} [${Array(9).fill(prev).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}
