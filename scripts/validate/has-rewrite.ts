/**
 * CEL's `has(e.f)` macro accepts any expression `e` (cel-spec, "Macros"); @marcbachmann/cel-js 8.0.0
 * accepts only a chain of field selections on a variable and fails `has(self.matches[0].path)` — a
 * form the Gateway API's HTTPRoute rules use — with "has() invalid argument", even in an untaken branch.
 * This rewrites exactly that form to `hasField(e, 'f')`, a function cel.ts registers with the
 * macro's meaning (is field/key `f` set on `e`), and leaves every other expression untouched.
 */

/** Index of the `)` closing the `(` at `open`, skipping quoted strings; -1 if unbalanced. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const quote = c;
      for (i++; i < text.length && text[i] !== quote; i++) if (text[i] === '\\') i++;
    } else if (c === '(' || c === '[') {
      depth++;
    } else if (c === ')' || c === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

export function rewriteHas(expression: string): string {
  let out = '';
  let rest = expression;
  for (;;) {
    const match = /(^|[^\w.])has\(/.exec(rest);
    if (!match) return out + rest;
    const open = match.index + match[0].length - 1;
    const close = closing(rest, open);
    if (close < 0) return out + rest;
    const inner = rest.slice(open + 1, close).trim();
    const selected = /^([\s\S]*)\.([A-Za-z_]\w*)$/.exec(inner);
    out += rest.slice(0, open - 3);
    if (selected && /[[(]/.test(selected[1])) {
      out += `hasField(${rewriteHas(selected[1])}, '${selected[2]}')`;
    } else {
      out += `has(${rewriteHas(inner)})`;
    }
    rest = rest.slice(close + 1);
  }
}
