/** Route simulator: the table as aligned text. */
import { WeightedBackend } from './resolve';
import { RouteTable, RouteTableEntry, ruleLabel } from './table';

export function formatBackends(backends: readonly WeightedBackend[]): string {
  if (backends.length === 1 && backends[0].percent > 0) return backends[0].service;
  return backends.map((b) => `${b.service} ${b.percent}%`).join(', ');
}

export function backendColumn(entry: RouteTableEntry): string {
  if (entry.rule === null) return 'no route (404)';
  if (entry.rule.redirect) return `redirect ${entry.rule.redirect.statusCode}${entry.rule.redirect.scheme ? ` to ${entry.rule.redirect.scheme}` : ''}`;
  if (entry.backends.length === 0) return `no backend (500), ${ruleLabel(entry.rule)}`;
  return formatBackends(entry.backends);
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The table as aligned text, one block per Gateway, then `N names, M problems` and the problems. */
export function formatRouteTable(table: RouteTable): string {
  const lines: string[] = [];
  for (const gateway of new Set(table.entries.map((e) => e.gateway))) {
    const rows = table.entries.filter((e) => e.gateway === gateway).map((e) => [
      e.name, e.kind, backendColumn(e), e.rule !== null && e.path !== e.request.path ? e.path : '',
    ]);
    lines.push(gateway === null ? 'No Gateway' : `Gateway ${gateway}`, ...alignColumns([['NAME', 'KIND', 'BACKEND', 'SEEN AS'], ...rows]), '');
  }
  lines.push(`${plural(table.entries.length, 'name')}, ${plural(table.problems.length, 'problem')}`);
  lines.push(...table.problems.map((p) => `  - ${p.message}`));
  return `${lines.join('\n')}\n`;
}

export function alignColumns(rows: readonly string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] + 2)).join('').trimEnd());
}
