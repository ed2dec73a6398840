import { type GitHubExchange, type GitHubRouteHandler, json, paginate } from './github-exchange.js';
import { errorBody, userJson } from './github-json.js';
import type { FakeAccount } from './github-state.js';

const searchDocumentation = 'https://docs.github.com/rest/search/search#search-users';
type SearchField = 'login' | 'name' | 'email';

/** A parsed `q`: its words, the fields they are looked for in (`in:`), and the account type (`type:`). */
interface UserQuery {
  text: string;
  fields: SearchField[];
  type?: string;
}

/**
 * `q` as GitHub reads it: `key:value` qualifiers and words. Without `in:`, GitHub looks in the login and the
 * email only; `in:` takes `login`, `name`, `email`, comma-separated or repeated. Other qualifiers are ignored.
 */
function parseUserQuery(q: string): UserQuery {
  const words: string[] = [];
  const fields = new Set<SearchField>();
  let type: string | undefined;
  for (const token of q.trim().split(/\s+/)) {
    const qualifier = /^([a-z]+):(.+)$/i.exec(token);
    if (!qualifier) words.push(token);
    else if (qualifier[1]!.toLowerCase() === 'in') {
      for (const field of qualifier[2]!.toLowerCase().split(',')) {
        if (field === 'login' || field === 'name' || field === 'email') fields.add(field);
      }
    } else if (qualifier[1]!.toLowerCase() === 'type') type = qualifier[2]!.toLowerCase();
  }
  return {
    text: words.join(' ').toLowerCase(),
    fields: fields.size > 0 ? [...fields] : ['login', 'email'],
    type,
  };
}

/**
 * Whether the search finds `account`: a login or name containing the words, or a public email equal to them
 * (GitHub does not search email fragments), case-insensitively. Private emails are never searched.
 */
function matchesUserQuery(account: FakeAccount, query: UserQuery): boolean {
  if (query.type !== undefined && query.type !== 'user') return false;
  if (query.text === '') return true;
  return query.fields.some((field) => {
    if (field === 'email') return account.email?.toLowerCase() === query.text;
    return (account[field] ?? '').toLowerCase().includes(query.text);
  });
}

/** Search answers count against the search rate limit (30 a minute for an installation), not the core one. */
const searchRateLimitHeaders = {
  'x-ratelimit-limit': '30',
  'x-ratelimit-remaining': '29',
  'x-ratelimit-used': '1',
  'x-ratelimit-resource': 'search',
};

/** The search API's user search, over the accounts seeded with `user()`. */
export const searchRoutes = {
  'GET /search/users': (exchange: GitHubExchange) => {
    const q = exchange.query.get('q');
    if (!q?.trim()) {
      return json(
        422,
        errorBody(422, 'Validation Failed', searchDocumentation, [
          { resource: 'Search', field: 'q', code: 'missing' },
        ]),
      );
    }
    const query = parseUserQuery(q);
    const found = [...exchange.state.accounts.values()].filter((account) => matchesUserQuery(account, query));
    const page = paginate(exchange, found, (account) => ({
      ...userJson({ login: account.login, type: 'User' }, exchange.api),
      gravatar_id: '',
      user_view_type: 'public',
      score: 1,
    }));
    return {
      ...page,
      json: { total_count: found.length, incomplete_results: false, items: page.json },
      headers: { ...page.headers, ...searchRateLimitHeaders },
    };
  },
} satisfies Record<string, GitHubRouteHandler>;
