import { SwitchyardError } from '../../core/errors/switchyard-error.js';
import { providerNameSchema } from '../../core/projects/settings-schemas.js';

/** The `:name` of a provider route, checked as provider names are (a 400 naming what is wrong). */
export function parseProviderName(name: string): string {
  const parsed = providerNameSchema.safeParse(name);
  if (parsed.success) return parsed.data;
  throw new SwitchyardError({
    code: 'request.invalid',
    message: `The provider name in the URL ${parsed.error.issues[0]?.message ?? 'is invalid'}`,
    status: 400,
  });
}
