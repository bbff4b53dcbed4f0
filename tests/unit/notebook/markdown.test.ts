// @vitest-environment jsdom
// Hostile notes: whatever Markdown (with raw HTML) a notebook file carries, the HTML that reaches the page
// has no script, no event handler, no javascript:/data: link, and loads nothing from elsewhere.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../src/ui/notebook/markdown.ts';


function parse(markdown: string): Document {
  const html = renderMarkdown(markdown, window);
  return new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
}

function attributes(doc: Document): string[] {
  return [...doc.body.querySelectorAll('*')].flatMap((element) => [...element.attributes].map((attribute) => `${attribute.name}=${attribute.value}`));
}

describe('note cells', () => {
  it('renders headings, emphasis, lists, tables and code', () => {
    const doc = parse('# Revenue\n\nBy **month**, _net_.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n`sum(amount)`');
    expect(doc.querySelector('h1')?.textContent).toBe('Revenue');
    expect(doc.querySelector('strong')?.textContent).toBe('month');
    expect(doc.querySelectorAll('li')).toHaveLength(2);
    expect(doc.querySelector('td')?.textContent).toBe('1');
    expect(doc.querySelector('code')?.textContent).toBe('sum(amount)');
  });

  it.each([
    ['a script tag', '<script>window.hacked = 1</script>hello'],
    ['an inline handler', '<img src=x onerror="window.hacked=1">'],
    ['a handler on a div', '<div onclick="alert(1)" onmouseover="alert(2)">hover</div>'],
    ['an svg with onload', '<svg onload="alert(1)"><circle r="4"/></svg>'],
    ['an iframe', '<iframe src="https://example.com"></iframe>'],
    ['a form', '<form action="https://example.com"><input name="q"><button>go</button></form>'],
    ['a style tag', '<style>body { display: none }</style>text'],
    ['a style attribute', '<p style="position:fixed;inset:0">cover</p>'],
  ])('removes %s', (_what, markdown) => {
    const doc = parse(markdown);
    expect(doc.querySelector('script, iframe, form, input, button, style, svg, object, embed')).toBeNull();
    expect(attributes(doc).filter((text) => /^on|^style=/.test(text))).toEqual([]);
  });

  it.each([
    ['[click](javascript:alert(1))'],
    ['[click](JaVaScRiPt:alert(1))'],
    ['[click](  javascript:alert(1))'],
    ['<a href="javascript:alert(1)">click</a>'],
    ['<a href="data:text/html,<script>alert(1)</script>">click</a>'],
    ['[click](vbscript:msgbox)'],
  ])('drops the dangerous link in %s', (markdown) => {
    const doc = parse(markdown);
    for (const link of doc.querySelectorAll('a')) expect(link.getAttribute('href') ?? '').toBe('');
    expect(doc.body.textContent).toContain('click');
  });

  it('keeps web links, opening them in a new tab without access to Ciclo', () => {
    const link = parse('[docs](https://duckdb.org/docs/)').querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://duckdb.org/docs/');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('loads no image from elsewhere but keeps its alternative text', () => {
    const image = parse('![logo](https://tracker.example/pixel.png)').querySelector('img');
    expect(image?.getAttribute('src')).toBeNull();
    expect(image?.getAttribute('alt')).toBe('logo');
  });
});
