/**
 * The README and docs/ stay one connected, working set of pages: every relative link reaches a file
 * of the repository and every `#anchor` a heading of the page it names (as GitHub makes anchors);
 * every page of docs/ is one link from the README; the README stays a front page (at most 350 lines).
 * Their TypeScript blocks are compiled by test/types.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const DOCS = path.join(ROOT, 'docs');
export const PAGES = ['README.md', ...fs.readdirSync(DOCS).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

/** The text outside ``` fences and `code` spans (links there are examples, not links). */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as "-", repeats numbered. */
export function anchorsOf(markdown: string): string[] {
  const seen = new Map<string, number>();
  return [...markdown.replace(/^```[\s\S]*?^```$/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*$/gm)].map((m) => {
    const slug = m[1].toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, '').replace(/ /g, '-');
    const count = seen.get(slug);
    seen.set(slug, (count ?? -1) + 1);
    return count === undefined ? slug : `${slug}-${count + 1}`;
  });
}

/** Broken links of one page: `page: [label](target) why`. */
export function brokenLinks(page: string, markdown: string): string[] {
  const broken: string[] = [];
  for (const [, label, target] of prose(markdown).matchAll(/\[([^\]]*)\]\(([^)\s]+)\)/g)) {
    if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // https:, mailto:
    const [file, anchor] = target.split('#');
    const resolved = file === '' ? path.join(ROOT, page) : path.resolve(path.dirname(path.join(ROOT, page)), file);
    if (!fs.existsSync(resolved)) broken.push(`${page}: [${label}](${target}) names no file`);
    else if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(fs.readFileSync(resolved, 'utf8')).includes(anchor)) {
      broken.push(`${page}: [${label}](${target}) names no heading of ${path.relative(ROOT, resolved)}`);
    }
  }
  return broken;
}

describe('README.md and docs/', () => {
  test('every relative link reaches a file, and every #anchor a heading of it', () => {
    expect(PAGES.flatMap((page) => brokenLinks(page, fs.readFileSync(path.join(ROOT, page), 'utf8')))).toEqual([]);
  });

  test('the checker finds a missing file, a missing heading, and knows GitHub\'s anchors', () => {
    expect(anchorsOf('# A `b`: c?\n## Does it? `up --wait`\n```\n# not a heading\n```\n## A b c\n')).toEqual(['a-b-c', 'does-it-up---wait', 'a-b-c-1']);
    expect(brokenLinks('docs/x.md', '[a](../README.md#no-such-heading) [b](nowhere.md) `[c](nowhere.md)` [d](https://example.com) [e](../README.md#the-model-list)')).toEqual([
      'docs/x.md: [a](../README.md#no-such-heading) names no heading of README.md',
      'docs/x.md: [b](nowhere.md) names no file',
    ]);
  });

  test('every page of docs/ is one link from the README', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const linked = new Set([...prose(readme).matchAll(/\]\((docs\/[^)#\s]+)/g)].map((m) => m[1]));
    expect(PAGES.filter((page) => page !== 'README.md' && !linked.has(page))).toEqual([]);
  });

  test('the README is a front page: at most 350 lines', () => {
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(350);
  });
});
