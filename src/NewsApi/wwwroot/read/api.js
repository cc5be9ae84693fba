// The reader's only way to the server: the public JSON API, as any other client would use it.
// The types come from docs/openapi.json (tests/reader/typecheck.sh generates them and runs tsc --checkJs over
// this folder), so a contract change that breaks the reader fails CI.

/** @typedef {import('newsapi-contract').components['schemas']} Schemas */
/** @typedef {import('newsapi-contract').operations} Operations */
/** @typedef {Schemas['ArticleSummaryResponse']} ArticleSummary */
/** @typedef {Schemas['ArticleSummaryResponsePagedResponse']} ArticlePage */
/** @typedef {Schemas['ArticleResponse']} Article */
/** @typedef {Schemas['BodyBlockResponse']} BodyBlock */
/** @typedef {Schemas['ImageResponse']} Image */
/** @typedef {Schemas['RelatedLinkResponse']} RelatedLink */
/** @typedef {Schemas['ArticleTeaserResponse']} Teaser */
/** @typedef {Schemas['SuggestionResponse']} Suggestion */
/** @typedef {Schemas['HighlightResponse']} Highlight */
/** @typedef {NonNullable<Operations['listArticles']['parameters']['query']>} ListQuery */
/** @typedef {Operations['suggestHeadlines']['parameters']['query']} SuggestQuery */

/** An answer the reader shows as a page of its own (404, 410), not as a broken one. */
export class ApiError extends Error {
  /** @param {number} status @param {string} title */
  constructor(status, title) {
    super(`${status} ${title}`);
    this.status = status;
    this.title = title;
  }
}

/**
 * @param {string} path
 * @param {Record<string, string | number | boolean | undefined>} [query]
 * @param {AbortSignal} [signal]
 * @returns {Promise<unknown>}
 */
async function getJson(path, query, signal) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
  }
  const response = await fetch(url, { headers: { Accept: 'application/json' }, signal });
  if (!response.ok) {
    let title = response.statusText;
    try {
      const problem = /** @type {{ title?: string }} */ (await response.json());
      if (problem.title) title = problem.title;
    } catch {
      // Not a problem document: the status line says enough.
    }
    throw new ApiError(response.status, title);
  }
  return response.json();
}

/** @param {ListQuery} query @returns {Promise<ArticlePage>} */
export function listArticles(query) {
  return /** @type {Promise<ArticlePage>} */ (getJson('/api/v1/articles', query));
}

/** @param {string} slug @returns {Promise<Article>} */
export function getArticle(slug) {
  return /** @type {Promise<Article>} */ (getJson(`/api/v1/articles/${encodeURIComponent(slug)}`));
}

/** @param {string} slug @returns {Promise<Teaser[]>} */
export function listBacklinks(slug) {
  return /** @type {Promise<Teaser[]>} */ (getJson(`/api/v1/articles/${encodeURIComponent(slug)}/backlinks`));
}

/** @param {SuggestQuery} query @param {AbortSignal} signal @returns {Promise<Suggestion[]>} */
export function suggest(query, signal) {
  return /** @type {Promise<Suggestion[]>} */ (getJson('/api/v1/search/suggest', query, signal));
}
