import ts from 'typescript'
import type { Plugin } from 'vite'

/**
 * Whether evaluating `node` at load time calls something: a call or `new` anywhere in it, not
 * counting function bodies (they run later, if at all). An object of schemas (`const fields =
 * { name: z.string(), … }`) or `Object.keys(Schema.shape) as Key[]` counts as much as a call.
 */
function runsCode(node: ts.Node): boolean {
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isClassExpression(node)) return false
  if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node)) return true
  return ts.forEachChild(node, (child) => (runsCode(child) ? true : undefined)) ?? false
}

/**
 * The browser imports constants from shared/ (categories, the transition table…), and those
 * modules also build zod schemas at the top level. A bundler must assume a call may have side
 * effects, so every schema, and zod with them (~25 kB gzipped), would land on a citizen's
 * phone although the browser never validates with them. shared/ is pure by convention
 * (STYLE.md §3), so this marks each top-level `const X = …` there whose value is computed by a
 * call (runsCode) as a pure expression;
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
          if (d.initializer && runsCode(d.initializer)) spans.push({ start: d.initializer.getStart(file), end: d.initializer.getEnd() })
        }
      }
      if (spans.length === 0) return null
      let out = code
      for (const { start, end } of spans.reverse()) {
        out = `${out.slice(0, start)}/* @__PURE__ */ (() => (${out.slice(start, end)}))()${out.slice(end)}`
      }
      return { code: out, map: null }
    },
  }
}
