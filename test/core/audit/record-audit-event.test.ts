import { afterAll, describe, expect, it } from '@jest/globals';
import {
  describeAuditActor,
  recordAuditEvent,
  removeSecrets,
} from '../../../core/audit/record-audit-event.js';
import { createTestPrisma } from '../../support/test-resources.js';

const prisma = createTestPrisma();
afterAll(() => prisma.$disconnect());

describe('recordAuditEvent', () => {
  it('writes who did what to which target, from where, without secrets', async () => {
    const organization = await prisma.organization.create({ data: { name: 'audited' } });
    await recordAuditEvent(prisma, {
      actor: { type: 'admin-token' },
      action: 'provider-credential.update',
      target: { type: 'organization-provider', id: organization.id },
      organizationId: organization.id,
      details: {
        name: 'openai',
        apiKey: 'sk-should-not-be-kept',
        nested: { clientSecret: 'x' },
        apiKeyId: 'k1',
      },
      ipAddress: '10.0.0.7',
      requestId: 'request-1234',
    });
    const row = await prisma.auditEvent.findFirstOrThrow({ where: { organizationId: organization.id } });
    expect(row).toMatchObject({
      actor: 'admin-token',
      action: 'provider-credential.update',
      targetType: 'organization-provider',
      targetId: organization.id,
      projectId: null,
      ipAddress: '10.0.0.7',
      requestId: 'request-1234',
      details: {
        name: 'openai',
        apiKey: '[redacted]',
        nested: { clientSecret: '[redacted]' },
        apiKeyId: 'k1',
      },
    });
    expect(JSON.stringify(row)).not.toContain('sk-should-not-be-kept');
  });

  it('names users and system components so later actors fit the same column', () => {
    expect(describeAuditActor({ type: 'user', userId: 'u-1' })).toBe('user:u-1');
    expect(describeAuditActor({ type: 'system', component: 'rotation' })).toBe('system:rotation');
  });

  it('keeps ids, hints, counts and flags whose names only resemble secrets', () => {
    expect(
      removeSecrets({
        apiKeyId: 'a',
        keyHint: 'sk-…wxyz',
        inputTokens: 5,
        apiKeyChange: 'set',
        token: null,
        list: [{ password: 'p' }],
      }),
    ).toEqual({
      apiKeyId: 'a',
      keyHint: 'sk-…wxyz',
      inputTokens: 5,
      apiKeyChange: 'set',
      token: null,
      list: [{ password: '[redacted]' }],
    });
  });
});
