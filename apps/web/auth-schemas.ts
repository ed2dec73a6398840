import { z } from 'zod';
import { organizationRoles } from '../../core/auth/principal.js';

// Request schemas of sign-in, users, invites and memberships (/api/v1). Named exports, strict bodies, like
// management-schemas.ts. Messages never echo the value, so a mistyped password is not repeated.

const emailSchema = z.email('must be an email address').max(320);
const nameSchema = z.string().trim().min(1, 'must not be empty').max(200);
const idSchema = z.guid('must be an id (a UUID) as returned when it was created');
/** A new password: 12 to 200 characters (long passphrases welcome; scrypt bounds the work anyway). */
const newPasswordSchema = z.string().min(12, 'must be at least 12 characters').max(200);
const roleSchema = z.enum(organizationRoles as [string, ...string[]]);

/** `POST /api/v1/auth/login` */
export const loginBodySchema = z.strictObject({ email: emailSchema, password: z.string().min(1).max(200) });

/** `POST /api/v1/auth/accept-invite` */
export const acceptInviteBodySchema = z.strictObject({
  token: z.string().min(20).max(100).describe('The token of the invite link, after #token='),
  name: nameSchema.describe("The new account's name (still required, unused, when the email has an account)"),
  password: newPasswordSchema.describe(
    "The new account's password, or the current one when the email has an account already",
  ),
});

/** `POST /api/v1/users`: a user with a first membership. */
export const createUserBodySchema = z.strictObject({
  email: emailSchema,
  name: nameSchema,
  password: newPasswordSchema,
  organizationId: idSchema.describe('The organization of the first membership'),
  role: roleSchema,
});

/** `POST /api/v1/orgs/:orgId/invites` */
export const createInviteBodySchema = z.strictObject({
  email: emailSchema,
  role: roleSchema,
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24 * 7)
    .describe('How long the link works: 1 hour to 30 days, one week by default'),
});

/** `PUT /api/v1/orgs/:orgId/members/:userId` */
export const updateMembershipBodySchema = z.strictObject({ role: roleSchema });

/** A hash route of the settings page, such as `#/orgs/<id>/jobs`: never another origin or path. */
const returnToSchema = z
  .string()
  .max(500)
  .regex(
    /^#\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/,
    'must be a hash route of the settings page, such as #/orgs',
  );

/** `GET /api/v1/auth/oidc/start` query. A `returnTo` that is not a hash route is ignored. */
export const oidcStartQuerySchema = z.object({
  returnTo: returnToSchema
    .optional()
    .describe('The page route to land on after signing in (default #/); anything but a #/ route is ignored'),
});

const callbackParameter = z.string().max(4096).optional();

/**
 * `GET /api/v1/auth/oidc/callback` query, as the identity provider sends it (RFC 6749 section 4.1.2;
 * RFC 9207 `iss`). Not strict: providers add their own parameters (session_state, scope, hd, …).
 */
export const oidcCallbackQuerySchema = z.object({
  code: callbackParameter.describe('The authorization code'),
  state: callbackParameter.describe('The state the sign-in started with'),
  iss: callbackParameter.describe('The issuer, when the identity provider names it (RFC 9207)'),
  error: callbackParameter.describe(
    'Why the identity provider did not sign the person in, e.g. access_denied',
  ),
  error_description: callbackParameter.describe("The identity provider's explanation (logged, never shown)"),
});
