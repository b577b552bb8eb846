import ts from 'typescript'
import type { Plugin } from 'vite'

/**
 * The browser imports constants from shared/ (categories, the transition table…), and those
 * modules also build zod schemas at the top level. A bundler must assume a call may have side
 * effects, so every schema, and zod with them (~25 kB gzipped), would land on a citizen's
 * phone although the browser never validates with them. shared/ is pure by convention
 * (STYLE.md §3), so this marks each top-level `const X = <call>` there as a pure expression;
 * the ones the browser does not use are then dropped, and zod with them.
 */
export function pureSharedSchemas(sharedDir: string): Plugin {
  return {
    name: 'trc-pure-shared-schemas',
    enforce: 'pre',
    apply: 'build',
    transform(code, id) {
      if (!id.startsWith(sharedDir) || !id.endsWith('.ts')) return null
      const file = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true)
      const spans: { start: number; end: number }[] = []
      for (const statement of file.statements) {
        if (!ts.isVariableStatement(statement)) continue
        for (const d of statement.declarationList.declarations) {
          if (d.initializer && ts.isCallExpression(d.initializer)) spans.push({ start: d.initializer.getStart(file), end: d.initializer.getEnd() })
        }
      }
      if (spans.length === 0) return null
      let out = code
      for (const { start, end } of spans.reverse()) {
        out = `${out.slice(0, start)}/* @__PURE__ */ (() => ${out.slice(start, end)})()${out.slice(end)}`
      }
      return { code: out, map: null }
    },
  }
}
