// The reader: list, search and article pages over the public API, routed by the address bar so deep links,
// back and forward work. API text goes into the page as text nodes only; the one exception is a search
// highlight, whose <mark> elements are rebuilt here (never assigned as HTML).
import { ApiError, getArticle, listArticles, listBacklinks, suggest } from './api.js';

/** @typedef {import('./api.js').ArticleSummary} ArticleSummary */
/** @typedef {import('./api.js').Article} Article */
/** @typedef {import('./api.js').RelatedLink} RelatedLink */
/** @typedef {import('./api.js').Highlight} Highlight */
/** @typedef {import('./api.js').Teaser} Teaser */

const BASE = '/read/';
const PAGE_SIZE = 10;
const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const searchBox = /** @type {HTMLInputElement} */ (document.getElementById('q'));
const suggestions = /** @type {HTMLDataListElement} */ (document.getElementById('suggestions'));

/**
 * A small element builder: children that are strings become text nodes, never markup.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string>} [attributes]
 * @param {...(Node | string | null | undefined | false)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** @param {string} slug */
const articleHref = (slug) => BASE + encodeURIComponent(slug);

/** @param {string | null | undefined} iso */
function formatDate(iso) {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? null
    : h('time', { datetime: iso }, date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }));
}

/**
 * Published date and byline, each only when the API knows it.
 * @param {{ byline?: string | null, publishedAt?: string | null, dateline?: string | null }} article
 */
function meta(article) {
  const parts = [];
  if (article.byline) parts.push(h('span', { class: 'byline' }, article.byline));
  const date = formatDate(article.publishedAt);
  if (date) parts.push(date);
  if (article.dateline) parts.push(h('span', {}, article.dateline));
  if (parts.length === 0) return null;
  const line = h('p', { class: 'meta' });
  parts.forEach((part, i) => line.append(...(i > 0 ? [' · ', part] : [part])));
  return line;
}

/**
 * A highlight is escaped text whose only tags are <mark>: parse it inertly and keep only text and <mark>.
 * @param {string} escaped
 * @returns {DocumentFragment}
 */
function highlighted(escaped) {
  const parsed = new DOMParser().parseFromString(`<body>${escaped}</body>`, 'text/html').body;
  const fragment = document.createDocumentFragment();
  for (const node of Array.from(parsed.childNodes)) {
    if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === 'MARK') fragment.append(h('mark', {}, node.textContent ?? ''));
    else fragment.append(node.textContent ?? '');
  }
  return fragment;
}

/** @param {string} title */
function setTitle(title) {
  document.title = `${title} · NewsApi reader`;
}

/**
 * Moves focus to the new page's heading after a navigation, so keyboard and screen-reader users start there.
 * @param {number} mine the navigation this content is for
 * @param {boolean} focus
 * @param {...Node} content
 */
function show(mine, focus, ...content) {
  if (mine !== generation) return;
  main.replaceChildren(...content);
  if (focus) (main.querySelector('h1') ?? main).focus({ preventScroll: false });
}

/** @param {ArticleSummary} item */
function listItem(item) {
  const title = item.highlights?.find((x) => x.field === 'title');
  const snippets = (item.highlights ?? []).filter((x) => x.field !== 'title');
  const lead = item.leadImage;
  return h('li', {},
    h('article', {},
      h('h2', {}, h('a', { href: articleHref(item.slug) }, title ? highlighted(title.text) : item.title)),
      meta(item),
      snippets.length > 0
        ? snippets.map((s) => h('p', { class: `snippet snippet-${s.field}` }, highlighted(s.text))).reduce((f, p) => (f.append(p), f), document.createDocumentFragment())
        : h('p', { class: 'summary' }, item.summary),
      lead && h('p', { class: 'lead-image' }, 'Picture: ', lead.caption, lead.credit ? h('span', { class: 'credit' }, ` (${lead.credit})`) : null)));
}

/**
 * The list, or search results when q is set; "More" follows the page's cursor.
 * @param {string} q
 * @param {boolean} focus
 * @param {number} mine
 */
async function renderList(q, focus, mine) {
  /** @type {import('./api.js').ListQuery} */
  const query = { pageSize: PAGE_SIZE, q: q || undefined };
  const page = await listArticles(query);
  const heading = q ? `Search: ${q}` : 'Latest articles';
  setTitle(heading);
  const list = h('ol', { class: 'items' });
  page.items.forEach((item) => list.append(listItem(item)));
  const count = h('p', { class: 'quiet' }, q
    ? `${page.totalItems} ${page.totalItems === 1 ? 'article matches' : 'articles match'}.`
    : `${page.totalItems} ${page.totalItems === 1 ? 'article' : 'articles'}.`);
  const more = h('button', { type: 'button', class: 'more' }, 'More articles');
  let cursor = page.nextCursor;
  more.hidden = !cursor;
  more.addEventListener('click', async () => {
    if (!cursor) return;
    more.disabled = true;
    const next = await listArticles({ ...query, after: cursor });
    const added = next.items.map(listItem);
    list.append(...added);
    cursor = next.nextCursor;
    more.hidden = !cursor;
    more.disabled = false;
    // Keyboard users continue from the first new headline rather than from a vanished button.
    added[0]?.querySelector('a')?.focus();
  });
  show(mine, focus, h('h1', { tabindex: '-1' }, heading), count, list, more);
}

/**
 * One teaser card, from the link's `target` card the API embeds (no extra request): it links to the resolved
 * article's page with that article's summary, or is plain text when the teaser names an article the store does
 * not have (`target: null`).
 * @param {RelatedLink} link
 */
function teaserCard(link) {
  const content = [h('span', { class: 'teaser-marker' }, link.marker), h('span', { class: 'teaser-title' }, link.title)];
  const target = link.target;
  return target
    ? h('a', { class: 'teaser', href: articleHref(target.slug) }, ...content,
      target.summary ? h('span', { class: 'teaser-summary' }, target.summary) : null)
    : h('p', { class: 'teaser unresolved' }, ...content);
}

/** @param {Article} article */
function bodyBlocks(article) {
  const images = new Map(article.images.map((x) => [x.id, x]));
  const links = new Map(article.relatedLinks.map((x) => [x.id, x]));
  const fragment = document.createDocumentFragment();
  for (const block of article.body) {
    if (block.type === 'paragraph') {
      fragment.append(h('p', {}, block.text));
    } else if (block.type === 'image') {
      const image = images.get(block.imageId);
      // The API describes images (caption, credit) but serves no image files: the figure is its caption.
      if (image) fragment.append(h('figure', {}, h('figcaption', {}, image.caption, image.credit ? h('span', { class: 'credit' }, ` Picture: ${image.credit}`) : null)));
    } else if (block.type === 'relatedLink') {
      const link = links.get(block.relatedLinkId);
      if (link) fragment.append(teaserCard(link));
    }
  }
  return fragment;
}

/** @param {Article} article */
function provenance(article) {
  const source = article.source;
  const rows = /** @type {[string, Node | string][]} */ ([
    ['Source file', source.fileName],
    ['SHA-256', source.sha256],
    ['Encoding', `${source.encoding}, ${source.lineEndings} line endings, ${source.size} bytes`],
    ['Imported', formatDate(source.importedAt) ?? source.importedAt],
  ]);
  if (article.sourceUrl) rows.push(['Original', h('a', { href: article.sourceUrl, rel: 'noreferrer' }, article.sourceUrl)]);
  const list = h('dl');
  for (const [term, value] of rows) list.append(h('dt', {}, term), h('dd', {}, value));
  return h('aside', { class: 'provenance', 'aria-label': 'Provenance' }, h('h2', {}, 'Provenance'), list);
}

/**
 * @param {string} slug
 * @param {boolean} focus
 * @param {number} mine
 */
async function renderArticle(slug, focus, mine) {
  // Backlinks are extra: the article shows even when they fail.
  const [article, backlinks] = await Promise.all([getArticle(slug), listBacklinks(slug).catch(() => /** @type {Teaser[]} */ ([]))]);
  setTitle(article.title);
  const readNext = backlinks.length > 0
    ? h('nav', { class: 'read-next', 'aria-labelledby': 'read-next' }, h('h2', { id: 'read-next' }, 'Read next'),
      h('ul', {}, ...backlinks.map((x) => h('li', {}, h('a', { href: articleHref(x.slug) }, x.title),
        x.summary ? h('span', { class: 'teaser-summary' }, x.summary) : null))))
    : null;
  show(mine, focus, h('article', { class: 'story' },
    h('h1', { tabindex: '-1' }, article.title),
    meta(article),
    h('div', { class: 'body' }, bodyBlocks(article))),
  ...(readNext ? [readNext] : []),
  provenance(article));
}

/** @param {unknown} error @param {number} mine */
function renderError(error, mine) {
  const status = error instanceof ApiError ? error.status : 0;
  const [heading, text] = status === 404
    ? ['Article not found', 'There is no article at this address. It may never have existed, or the link is mistyped.']
    : status === 410
      ? ['Article removed', 'This article was here once and has been removed.']
      : ['Something went wrong', error instanceof Error ? error.message : String(error)];
  setTitle(heading);
  show(mine, true, h('h1', { tabindex: '-1', class: `error error-${status}` }, heading), h('p', {}, text), h('p', {}, h('a', { href: BASE }, 'Back to the latest articles')));
}

// Each navigation's number: an answer that arrives after a later navigation is dropped, never shown.
let generation = 0;

/** Renders whatever the address bar says. @param {boolean} focus */
async function route(focus) {
  const mine = ++generation;
  document.body.dataset.ready = 'false';
  const path = decodeURIComponent(location.pathname.slice(BASE.length));
  const q = new URLSearchParams(location.search).get('q') ?? '';
  searchBox.value = path ? '' : q;
  try {
    if (path) await renderArticle(path, focus, mine);
    else await renderList(q.trim(), focus, mine);
  } catch (error) {
    renderError(error, mine);
  }
  if (mine !== generation) return;
  document.body.dataset.ready = 'true';
  // Time to usable, from navigation start, for the browser tests' measurement (docs/reader.md).
  performance.mark('reader-ready');
}

/** @param {string} href */
function navigate(href) {
  history.pushState(null, '', href);
  void route(true);
  window.scrollTo(0, 0);
}

// Links inside the reader change the page without a reload; anything else (API docs, sources) is a normal link.
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a') : null;
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith(BASE)) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});

/** @type {HTMLFormElement} */ (searchBox.form).addEventListener('submit', (event) => {
  event.preventDefault();
  const q = searchBox.value.trim();
  navigate(q ? `${BASE}?q=${encodeURIComponent(q)}` : BASE);
});

// Suggestions: headline completions into the box's datalist, the latest keystroke winning.
/** @type {AbortController | null} */
let pending = null;
let timer = 0;
searchBox.addEventListener('input', () => {
  clearTimeout(timer);
  const prefix = searchBox.value.trim();
  if (prefix.length < 2) return;
  timer = window.setTimeout(async () => {
    pending?.abort();
    pending = new AbortController();
    try {
      const found = await suggest({ prefix: prefix.slice(0, 100) }, pending.signal);
      suggestions.replaceChildren(...found.map((s) => h('option', { value: s.title })));
    } catch {
      // A lost suggestion is not worth a message: the box still searches.
    }
  }, 150);
});

window.addEventListener('popstate', () => void route(true));
void route(false);
