import { describe, expect, it } from '@jest/globals';
import { repositoryUrl } from '../../../core/projects/repository-url.js';

const environment = { GHE_HOST: undefined, GHE_PROTOCOL: 'https', GITLAB_URL: 'https://gitlab.com' } as const;

describe('the link to a project repository', () => {
  it('points at github.com, or at GHE_HOST when one is set', () => {
    expect(repositoryUrl(environment, { platform: 'github', name: 'acme/api' })).toBe(
      'https://github.com/acme/api',
    );
    expect(
      repositoryUrl(
        { ...environment, GHE_HOST: 'git.acme.test:8443' },
        { platform: 'github', name: 'acme/api' },
      ),
    ).toBe('https://git.acme.test:8443/acme/api');
  });

  it('points under GITLAB_URL, path prefix included, for nested GitLab groups', () => {
    expect(
      repositoryUrl(
        { ...environment, GITLAB_URL: 'https://code.acme.test/gitlab/' },
        { platform: 'gitlab', name: 'platform/team/api' },
      ),
    ).toBe('https://code.acme.test/gitlab/platform/team/api');
  });

  it('has none for a project made by hand, or a stale name moved aside after a rename', () => {
    expect(repositoryUrl(environment, { platform: 'manual', name: 'acme/api' })).toBeUndefined();
    expect(repositoryUrl(environment, { platform: 'github', name: 'acme/api~github-42' })).toBeUndefined();
  });
});
