import { describe, expect, it } from '@jest/globals';
import { renderAskReply } from '../../../../core/agents/format/render-ask-reply.js';

describe('renderAskReply', () => {
  it('posts the neutralized answer, the footer and the marker', () => {
    const body = renderAskReply({
      answer: 'It retries. Ask @lead.\n',
      footer: { calls: [] },
      marker: '<!-- switchyard:reply:1 -->',
    });
    expect(body).toBe(
      'It retries. Ask @\u200blead.\n\n---\n<sub>Switchyard · no model calls</sub>\n<!-- switchyard:reply:1 -->',
    );
  });

  it('says when the model gave no answer', () => {
    expect(renderAskReply({ answer: '  ', footer: { calls: [] } })).toContain('_The model gave no answer._');
  });
});
