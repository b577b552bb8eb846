/** The demo passwords a server printed at start (`username → password`), from its banner. */
export function demoPasswordsIn(output: string): Record<string, string> {
  const found: Record<string, string> = {}
  for (const m of output.matchAll(/^ {4}(\S+) +(?:\S+|team \S+) +([0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4})$/gm)) found[m[1]!] = m[2]!
  return found
}
