import {
  bodyObject,
  type GitHubAnswer,
  type GitHubExchange,
  type GitHubRouteHandler,
  json,
  notFound,
  paginate,
  unprocessable,
  withPull,
  withRepository,
} from './github-exchange.js';
import {
  errorBody,
  isReactionContent,
  issueCommentJson,
  reactionJson,
  reviewCommentJson,
  reviewJson,
} from './github-json.js';
import type { FakeIssueComment, FakeReaction, RepositoryState } from './github-repository.js';
import { timestamp } from './github-repository.js';
import { resolveReviewComments } from './github-review-comments.js';

const commentsDocumentation = 'https://docs.github.com/rest/issues/comments#create-an-issue-comment';
const reactionsDocumentation =
  'https://docs.github.com/rest/reactions/reactions#create-reaction-for-an-issue-comment';
const reviewsDocumentation = 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request';
// GitHub refuses comment bodies over 65,536 characters.
const maximumBody = 65_536;

const reviewStates = {
  APPROVE: 'APPROVED',
  REQUEST_CHANGES: 'CHANGES_REQUESTED',
  COMMENT: 'COMMENTED',
} as const;

/** Routes that write: issue comments, reactions, reviews (and the lists that read them back). */
export const writeRoutes = {
  'GET /repos/:owner/:repo/issues/:number/comments': (exchange) =>
    withIssue(exchange, (repository, number) =>
      paginate(
        exchange,
        [...repository.issueComments.values()].filter((comment) => comment.issueNumber === number),
        (comment) => issueCommentJson(repository, comment, exchange.api),
      ),
    ),

  'POST /repos/:owner/:repo/issues/:number/comments': (exchange) =>
    withIssue(exchange, (repository, number) => {
      const invalid = invalidBody(exchange);
      if (invalid) return invalid;
      const now = timestamp();
      const comment: FakeIssueComment = {
        id: exchange.state.nextId(),
        issueNumber: number,
        body: String(bodyObject(exchange).body),
        user: exchange.state.bot,
        createdAt: now,
        updatedAt: now,
        reactions: [],
      };
      repository.issueComments.set(comment.id, comment);
      const answer = issueCommentJson(repository, comment, exchange.api);
      return json(201, answer, { location: answer.url });
    }),

  'GET /repos/:owner/:repo/issues/comments/:comment_id': (exchange) =>
    withComment(exchange, (repository, comment) =>
      json(200, issueCommentJson(repository, comment, exchange.api)),
    ),

  'PATCH /repos/:owner/:repo/issues/comments/:comment_id': (exchange) =>
    withComment(exchange, (repository, comment) => {
      const invalid = invalidBody(exchange);
      if (invalid) return invalid;
      comment.body = String(bodyObject(exchange).body);
      comment.updatedAt = timestamp();
      return json(200, issueCommentJson(repository, comment, exchange.api));
    }),

  'DELETE /repos/:owner/:repo/issues/comments/:comment_id': (exchange) =>
    withComment(exchange, (repository, comment) => {
      repository.issueComments.delete(comment.id);
      return { status: 204 };
    }),

  'GET /repos/:owner/:repo/issues/comments/:comment_id/reactions': (exchange) =>
    withComment(exchange, (_repository, comment) =>
      paginate(exchange, comment.reactions, (reaction) => reactionJson(reaction, exchange.api)),
    ),

  'POST /repos/:owner/:repo/issues/comments/:comment_id/reactions': (exchange) =>
    withComment(exchange, (_repository, comment) => addReaction(exchange, comment.reactions)),

  'DELETE /repos/:owner/:repo/issues/comments/:comment_id/reactions/:reaction_id': (exchange) =>
    withComment(exchange, (_repository, comment) => removeReaction(exchange, comment.reactions)),

  'POST /repos/:owner/:repo/issues/:number/reactions': (exchange) =>
    withIssue(exchange, (repository, number) =>
      addReaction(exchange, repository.issues.get(number)!.reactions),
    ),

  'DELETE /repos/:owner/:repo/issues/:number/reactions/:reaction_id': (exchange) =>
    withIssue(exchange, (repository, number) =>
      removeReaction(exchange, repository.issues.get(number)!.reactions),
    ),

  'POST /repos/:owner/:repo/pulls/:number/reviews': (exchange) =>
    withPull(exchange, (repository, issue) => {
      const body = bodyObject(exchange);
      const event = body.event;
      if (event !== undefined && !(typeof event === 'string' && event in reviewStates)) {
        return unprocessable(reviewsDocumentation, [`Invalid event: ${String(event)}`]);
      }
      const commitId = typeof body.commit_id === 'string' ? body.commit_id : issue.pull!.headSha;
      const resolved = resolveReviewComments(repository, issue, commitId, body.comments);
      if (!resolved.success) return unprocessable(reviewsDocumentation, resolved.error);
      const review = {
        id: exchange.state.nextId(),
        pullNumber: issue.number,
        body: typeof body.body === 'string' ? body.body : '',
        state: event === undefined ? ('PENDING' as const) : reviewStates[event as keyof typeof reviewStates],
        commitId: resolved.value.commitId,
        user: exchange.state.bot,
        submittedAt: timestamp(),
      };
      repository.reviews.push(review);
      for (const comment of resolved.value.comments) {
        repository.reviewComments.push({
          ...comment,
          id: exchange.state.nextId(),
          reviewId: review.id,
          pullNumber: issue.number,
          commitId: review.commitId,
          user: exchange.state.bot,
          createdAt: review.submittedAt,
        });
      }
      return json(200, reviewJson(repository, review, exchange.api));
    }),

  'GET /repos/:owner/:repo/pulls/:number/reviews': (exchange) =>
    withPull(exchange, (repository, issue) =>
      paginate(
        exchange,
        repository.reviews.filter((review) => review.pullNumber === issue.number),
        (review) => reviewJson(repository, review, exchange.api),
      ),
    ),

  'GET /repos/:owner/:repo/pulls/:number/comments': (exchange) =>
    withPull(exchange, (repository, issue) =>
      paginate(
        exchange,
        repository.reviewComments.filter((comment) => comment.pullNumber === issue.number),
        (comment) => reviewCommentJson(repository, comment, exchange.api),
      ),
    ),
} satisfies Record<string, GitHubRouteHandler>;

function withIssue(
  exchange: GitHubExchange,
  answer: (repository: RepositoryState, number: number) => GitHubAnswer,
): GitHubAnswer {
  return withRepository(exchange, (repository) => {
    const number = Number(exchange.params.number);
    return repository.issues.has(number) ? answer(repository, number) : notFound(commentsDocumentation);
  });
}

function withComment(
  exchange: GitHubExchange,
  answer: (repository: RepositoryState, comment: FakeIssueComment) => GitHubAnswer,
): GitHubAnswer {
  return withRepository(exchange, (repository) => {
    const comment = repository.issueComments.get(Number(exchange.params.comment_id));
    return comment ? answer(repository, comment) : notFound(commentsDocumentation);
  });
}

/** GitHub's answers for a missing or oversized comment body. */
function invalidBody(exchange: GitHubExchange): GitHubAnswer | undefined {
  const body = bodyObject(exchange).body;
  if (typeof body !== 'string') {
    return json(422, errorBody(422, 'Invalid request.\n\n"body" wasn\'t supplied.', commentsDocumentation));
  }
  if (body.length > maximumBody) {
    return json(
      422,
      errorBody(422, 'Validation Failed', commentsDocumentation, [
        {
          resource: 'IssueComment',
          code: 'custom',
          field: 'body',
          message: `body is too long (maximum is ${maximumBody} characters)`,
        },
      ]),
    );
  }
  return undefined;
}

/** 201 for a new reaction; 200 with the existing one when the same user already reacted with the same content. */
function addReaction(exchange: GitHubExchange, reactions: FakeReaction[]): GitHubAnswer {
  const content = bodyObject(exchange).content;
  if (!isReactionContent(content)) {
    return json(
      422,
      errorBody(
        422,
        `Invalid request.\n\n${JSON.stringify(content)} is not a member of enum.`,
        reactionsDocumentation,
      ),
    );
  }
  const user = exchange.state.bot;
  const existing = reactions.find(
    (reaction) => reaction.content === content && reaction.user.login === user.login,
  );
  if (existing) return json(200, reactionJson(existing, exchange.api));
  const reaction = { id: exchange.state.nextId(), content: String(content), user, createdAt: timestamp() };
  reactions.push(reaction);
  return json(201, reactionJson(reaction, exchange.api));
}

function removeReaction(exchange: GitHubExchange, reactions: FakeReaction[]): GitHubAnswer {
  const index = reactions.findIndex((reaction) => reaction.id === Number(exchange.params.reaction_id));
  if (index === -1) return notFound(reactionsDocumentation);
  reactions.splice(index, 1);
  return { status: 204 };
}
